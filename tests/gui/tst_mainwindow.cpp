// SPDX-License-Identifier: GPL-2.0-or-later
#include "guitestsupport.h"

#include <hvdump/app/gui/models/findingsmodel.h>
#include <hvdump/app/gui/models/modelroles.h>
#include <hvdump/app/gui/models/stackmodel.h>
#include <hvdump/app/gui/models/threadgroupmodel.h>
#include <hvdump/app/gui/widgets/dumppage.h>
#include <hvdump/app/gui/widgets/findingspanel.h>
#include <hvdump/app/gui/widgets/graphnodeitem.h>
#include <hvdump/app/gui/widgets/graphscene.h>
#include <hvdump/app/gui/widgets/graphview.h>
#include <hvdump/app/gui/widgets/mainwindow.h>
#include <hvdump/app/gui/widgets/rawtextview.h>
#include <hvdump/app/gui/widgets/recentfiles.h>
#include <hvdump/app/gui/widgets/threadspanel.h>

#include <QDropEvent>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSvgRenderer>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTreeView>

using namespace hvdump;
using namespace hvdump::gui;
using namespace Qt::StringLiterals;

namespace {

constexpr int analysisTimeoutMs = 20000;

const QString deadlockSample = u"001_cloud_hypervisor_pause_deadlock.txt"_s;

// sends a drag-enter and a drop carrying file URLs, as a file manager does
bool dropUrls(QWidget* target, const QList<QUrl>& urls)
{
    QMimeData mime;
    mime.setUrls(urls);
    const QPoint pos = target->rect().center();
    QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &enter);
    if (!enter.isAccepted())
        return false;
    QDropEvent drop(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &drop);
    return drop.isAccepted();
}

int nodeOfThreadNamed(const DumpPage& page, std::string_view name)
{
    const auto& analysis = *page.analysis();
    const ViewGraph& g = page.graph()->graph;
    for (std::size_t i = 0; i < g.nodes().size(); ++i) {
        const parsers::ThreadId t = g.nodes()[i].thread;
        if (t.valid() && analysis.dump.str(analysis.dump.thread(t).name) == name)
            return static_cast<int>(i);
    }
    return -1;
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void dropOpensDumpAndShowsDeadlock();
    void dropFolderOpensEachDump();
    void openingTwiceReusesTheTab();
    void clickingGraphNodeSelectsThreadAndLines();
    void selectingThreadSelectsNode();
    void groupViewCountsMatchModel();
    void emptyColumnsAreHidden_data();
    void emptyColumnsAreHidden();
    void evidenceLinkHighlightsLines();
    void diagnosticsJumpToLines();
    void scopeToggleRelaysOut();
    void exportWritesValidFiles();
    void recentFilesRemembered();

private:
    DumpPage* openAndWait(const QString& sample);

    QTemporaryDir m_settingsDir;
    std::unique_ptr<MainWindow> m_window;
};

void TestMainWindow::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QCoreApplication::setOrganizationName(u"hvdump-tests"_s);
    QCoreApplication::setApplicationName(u"tst_mainwindow"_s);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
}

void TestMainWindow::init()
{
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1400, 900);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestMainWindow::cleanup()
{
    m_window.reset();
}

DumpPage* TestMainWindow::openAndWait(const QString& sample)
{
    const QList<DumpPage*> pages = m_window->openPaths({ test::samplePath(sample) });
    if (pages.size() != 1)
        return nullptr;
    DumpPage* page = pages.front();
    return QTest::qWaitFor([page]() { return page->graphReady(); }, analysisTimeoutMs) ? page : nullptr;
}

void TestMainWindow::dropOpensDumpAndShowsDeadlock()
{
    QVERIFY(dropUrls(m_window.get(), { QUrl::fromLocalFile(test::samplePath(deadlockSample)) }));
    QCOMPARE(m_window->tabs()->count(), 1);
    DumpPage* page = m_window->currentPage();
    QVERIFY(page);
    QCOMPARE(m_window->tabs()->tabText(0), deadlockSample);
    QTRY_VERIFY_WITH_TIMEOUT(page->graphReady(), analysisTimeoutMs);
    QCOMPARE(page->state(), DumpPage::State::Ready);
    FindingsPanel* findings = page->findingsPanel();
    QCOMPARE(findings->model()->rowCount(), 1);
    QCOMPARE(findings->model()->index(0, FindingsModel::KindColumn).data().toString(), u"Deadlock"_s);
    QCOMPARE(findings->currentFinding(), 0);
    const QString details = findings->details()->toPlainText();
    QVERIFY2(details.contains(u"signal_vcpus"_s), qPrintable(details));
    QVERIFY(details.contains(u"Fix"_s));
    QVERIFY(details.contains(u"vcpu_states"_s));
    // the graph shows the cycle: two contexts, a lock and the acknowledgement
    QCOMPARE(page->graphScene()->nodeCount(), 4);
    QVERIFY(page->graphView()->message().isEmpty());
}

void TestMainWindow::dropFolderOpensEachDump()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    for (const QString& name : { deadlockSample, u"002_vhost_net_livelock.txt"_s })
        QVERIFY(QFile::copy(test::samplePath(name), dir.filePath(name)));
    QVERIFY(QFile::copy(test::samplePath(u"002_vhost_net_livelock.md"_s), dir.filePath(u"notes.md"_s)));
    QVERIFY(dropUrls(m_window.get(), { QUrl::fromLocalFile(dir.path()) }));
    QCOMPARE(m_window->tabs()->count(), 2); // the .md notes are not a dump
    for (DumpPage* page : m_window->pages())
        QTRY_VERIFY_WITH_TIMEOUT(page->graphReady(), analysisTimeoutMs);
    QCOMPARE(
        m_window->pages().at(1)->findingsPanel()->model()->index(0, 0).data().toString(), u"Spin without progress"_s);
}

void TestMainWindow::openingTwiceReusesTheTab()
{
    DumpPage* page = openAndWait(deadlockSample);
    QVERIFY(page);
    QVERIFY(m_window->openPaths({ test::samplePath(deadlockSample) }).isEmpty());
    QCOMPARE(m_window->tabs()->count(), 1);
    QVERIFY(m_window->openPaths({ u"/nonexistent/dump.txt"_s }).isEmpty());
    QCOMPARE(m_window->tabs()->count(), 1);
}

void TestMainWindow::clickingGraphNodeSelectsThreadAndLines()
{
    DumpPage* page = openAndWait(deadlockSample);
    QVERIFY(page);
    const int node = nodeOfThreadNamed(*page, "vcpu0");
    QVERIFY(node >= 0);
    GraphNodeItem* item = page->graphScene()->nodeItem(node);
    GraphView* view = page->graphView();
    const QPoint at = view->mapFromScene(item->scenePos());
    QVERIFY(view->viewport()->rect().contains(at));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at);
    QCOMPARE(page->graphScene()->selectedNode(), node);
    // its thread is selected in the threads view ...
    const parsers::ThreadId thread = page->graph()->graph.nodes()[static_cast<std::size_t>(node)].thread;
    QCOMPARE(page->threadsPanel()->selectedThread(), thread);
    const QModelIndex current = page->threadsPanel()->tree()->currentIndex();
    QCOMPARE(page->threadsPanel()->groupModel()->threadAt(page->threadsPanel()->proxy()->mapToSource(current)), thread);
    QCOMPARE(page->threadsPanel()->stackModel()->rowCount(),
        static_cast<int>(page->analysis()->dump.thread(thread).frames.size()));
    // ... and its lines are highlighted and scrolled into view in the raw text
    const parsers::LineSpan span = page->analysis()->dump.thread(thread).span;
    QVERIFY(span.valid());
    QCOMPARE(page->rawTextView()->contextHighlight(), span);
    const int first = page->rawTextView()->firstVisibleLine();
    QVERIFY(static_cast<int>(span.first) >= first);
    QVERIFY(static_cast<int>(span.first) < first + page->rawTextView()->visibleLineCount());
    QVERIFY(page->rawTextView()->text()->line(static_cast<int>(span.first)).contains(u"vcpu0"_s));
}

void TestMainWindow::selectingThreadSelectsNode()
{
    DumpPage* page = openAndWait(deadlockSample);
    QVERIFY(page);
    const int node = nodeOfThreadNamed(*page, "vmm");
    QVERIFY(node >= 0);
    page->threadsPanel()->selectThread(page->graph()->graph.nodes()[static_cast<std::size_t>(node)].thread);
    QCOMPARE(page->graphScene()->selectedNode(), node);
    // a thread that only what matters does not draw clears the graph's selection
    const parsers::Dump& dump = page->analysis()->dump;
    for (std::uint32_t i = 0; i < dump.threads.size(); ++i) {
        if (dump.str(dump.threads[i].name) == "http-server") {
            page->threadsPanel()->selectThread(parsers::ThreadId { i });
            QCOMPARE(page->graphScene()->selectedNode(), -1);
            QCOMPARE(page->threadsPanel()->selectedThread().value, i);
            return;
        }
    }
    QFAIL("no http-server thread in the sample");
}

void TestMainWindow::groupViewCountsMatchModel()
{
    DumpPage* page = openAndWait(u"healthy_idle_kernel_sysrq_t.txt"_s);
    QVERIFY(page);
    QTreeView* tree = page->threadsPanel()->tree();
    QAbstractItemModel* shown = tree->model();
    ThreadGroupModel* model = page->threadsPanel()->groupModel();
    QCOMPARE(shown->rowCount(), model->groupCount());
    int total = 0;
    for (int row = 0; row < shown->rowCount(); ++row) {
        const QModelIndex group = shown->index(row, 0);
        const int count = shown->index(row, ThreadGroupModel::CountColumn).data().toInt();
        const int source = page->threadsPanel()->proxy()->mapToSource(group).row();
        QCOMPARE(count, model->groupThreadCount(source));
        QCOMPARE(shown->rowCount(group), model->rowCount(model->index(source, 0)));
        total += count;
    }
    QCOMPARE(total, static_cast<int>(page->analysis()->dump.threads.size()));
    // sorted by count, largest group first
    QVERIFY(shown->index(0, ThreadGroupModel::CountColumn).data().toInt()
        >= shown->index(shown->rowCount() - 1, ThreadGroupModel::CountColumn).data().toInt());
    // the filter box narrows the groups
    page->threadsPanel()->filter()->setText(u"khvcd-no-such-thread"_s);
    QCOMPARE(shown->rowCount(), 0);
    page->threadsPanel()->filter()->clear();
    QCOMPARE(shown->rowCount(), model->groupCount());
}

void TestMainWindow::emptyColumnsAreHidden_data()
{
    QTest::addColumn<QString>("sample");
    QTest::addColumn<bool>("stateShown");
    QTest::addColumn<bool>("cpuShown");
    QTest::addColumn<bool>("sourceShown");
    QTest::addRow("gdb: neither state nor CPU") << deadlockSample << false << false << true;
    QTest::addRow("crash: both") << u"000_virtio_console_crash.txt"_s << true << true << false;
    QTest::addRow("mdb: state, no CPU") << u"004_bhyve_vmm_drv_lease.txt"_s << true << false << false;
}

void TestMainWindow::emptyColumnsAreHidden()
{
    QFETCH(QString, sample);
    QFETCH(bool, stateShown);
    QFETCH(bool, cpuShown);
    QFETCH(bool, sourceShown);
    DumpPage* page = openAndWait(sample);
    QVERIFY(page);
    QTreeView* tree = page->threadsPanel()->tree();
    QCOMPARE(!tree->isColumnHidden(ThreadGroupModel::StateColumn), stateShown);
    QCOMPARE(!tree->isColumnHidden(ThreadGroupModel::CpuColumn), cpuShown);
    QVERIFY(!tree->isColumnHidden(ThreadGroupModel::StackColumn));
    QVERIFY(!tree->isColumnHidden(ThreadGroupModel::CountColumn));
    // the stack of the finding's root: file:line stays in sight when the dump has it
    QTableView* stack = page->threadsPanel()->stackView();
    QVERIFY(stack->model()->rowCount() > 0);
    QCOMPARE(stack->isColumnHidden(StackModel::SourceColumn), !sourceShown);
    if (sourceShown)
        QVERIFY(stack->columnViewportPosition(StackModel::SourceColumn) < stack->viewport()->width());
}

void TestMainWindow::evidenceLinkHighlightsLines()
{
    DumpPage* page = openAndWait(deadlockSample);
    QVERIFY(page);
    // selecting the finding highlights every piece of evidence
    const auto& evidence = page->analysis()->findings.front().evidence;
    QVERIFY(!evidence.empty());
    QCOMPARE(page->rawTextView()->strongHighlights().size(), evidence.size());
    // a click on one evidence link highlights just those lines
    Q_EMIT page->findingsPanel()->details()->anchorClicked(QUrl(u"hvdump-lines:49-70"_s));
    QCOMPARE(page->rawTextView()->strongHighlights().size(), std::size_t(1));
    QCOMPARE(page->rawTextView()->strongHighlights().front(), (parsers::LineSpan { 49, 70 }));
    QVERIFY(page->rawTextView()->firstVisibleLine() <= 49);
}

void TestMainWindow::diagnosticsJumpToLines()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"cut.txt"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("Thread 2 (Thread 0x7f00 (LWP 12) \"worker\"):\n"
               "#0  0x00007f00 in __lll_lock_wait (futex=0x55d0) at lowlevellock.c:52\n"
               "#1  0x000055d0 in\n"
               "... OUTPUT CUT ...\n");
    file.close();
    DumpPage* page = m_window->openPaths({ path }).value(0);
    QVERIFY(page);
    QTRY_VERIFY_WITH_TIMEOUT(page->graphReady(), analysisTimeoutMs);
    QTableView* view = m_window->diagnosticsView();
    QVERIFY(view->model());
    QVERIFY(view->model()->rowCount() > 0);
    const QModelIndex first = view->model()->index(0, 0);
    Q_EMIT view->activated(first);
    const auto span = first.data(EvidenceRole).value<parsers::LineSpan>();
    QCOMPARE(page->rawTextView()->strongHighlights().front(), span);
}

void TestMainWindow::scopeToggleRelaysOut()
{
    DumpPage* page = openAndWait(deadlockSample);
    QVERIFY(page);
    QCOMPARE(page->scope(), ViewGraph::Scope::WhatMatters);
    QSignalSpy changed(page, &DumpPage::graphChanged);
    page->setScope(ViewGraph::Scope::Whole);
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, analysisTimeoutMs);
    QCOMPARE(page->graph()->graph.scope(), ViewGraph::Scope::Whole);
    // every vertex is drawn, the two idle vCPUs parked the same way as one node
    QCOMPARE(page->graphScene()->nodeCount(), static_cast<int>(boost::num_vertices(page->analysis()->graph)) - 1);
    page->setScope(ViewGraph::Scope::WhatMatters);
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 2, analysisTimeoutMs);
    QCOMPARE(page->graphScene()->nodeCount(), 4);
}

void TestMainWindow::exportWritesValidFiles()
{
    DumpPage* page = openAndWait(deadlockSample);
    QVERIFY(page);
    QTemporaryDir dir;
    QString error;
    const QString png = dir.filePath(u"graph.png"_s);
    QVERIFY2(m_window->exportGraph(png, error), qPrintable(error));
    QImage image;
    QVERIFY(image.load(png));
    QVERIFY(image.width() > 200 && image.height() > 100);
    QVERIFY(image.pixelColor(0, 0) != image.pixelColor(image.width() / 2, image.height() / 2)
        || image.pixelColor(image.width() / 3, image.height() / 3) != image.pixelColor(0, 0));
    const QString svg = dir.filePath(u"graph.svg"_s);
    QVERIFY2(m_window->exportGraph(svg, error), qPrintable(error));
    QSvgRenderer renderer(svg);
    QVERIFY(renderer.isValid());
    QVERIFY(renderer.defaultSize().width() > 100);
    const QString dot = dir.filePath(u"graph.dot"_s);
    QVERIFY2(m_window->exportGraph(dot, error), qPrintable(error));
    QFile dotFile(dot);
    QVERIFY(dotFile.open(QIODevice::ReadOnly));
    QVERIFY(dotFile.readAll().startsWith("digraph waitfor {"));
    QVERIFY(!m_window->exportGraph(dir.filePath(u"graph.bmp"_s), error));
    QVERIFY(error.contains(u"bmp"_s));

    const QString html = dir.filePath(u"report.html"_s);
    QVERIFY2(m_window->exportReport(html, error), qPrintable(error));
    QFile htmlFile(html);
    QVERIFY(htmlFile.open(QIODevice::ReadOnly));
    const QString htmlText = QString::fromUtf8(htmlFile.readAll());
    QVERIFY(htmlText.contains(u"<svg"_s));
    QVERIFY(htmlText.contains(u"vcpu_states"_s));
    QVERIFY(!htmlText.contains(u"<?xml"_s));
    const QString json = dir.filePath(u"report.json"_s);
    QVERIFY2(m_window->exportReport(json, error), qPrintable(error));
    QFile jsonFile(json);
    QVERIFY(jsonFile.open(QIODevice::ReadOnly));
    const QJsonObject doc = QJsonDocument::fromJson(jsonFile.readAll()).object();
    QCOMPARE(doc.value(u"schema"_s).toString(), u"hvdump.report"_s);
    QCOMPARE(doc.value(u"findings"_s).toArray().size(), 1);
    QCOMPARE(doc.value(u"findings"_s).toArray().at(0).toObject().value(u"kind"_s).toString(), u"deadlock"_s);
}

void TestMainWindow::recentFilesRemembered()
{
    DumpPage* page = openAndWait(deadlockSample);
    QVERIFY(page);
    QCOMPARE(m_window->recentFiles()->files().value(0), QFileInfo(test::samplePath(deadlockSample)).absoluteFilePath());
    // a new window (a new session) sees the same list
    MainWindow other;
    QCOMPARE(other.recentFiles()->files().value(0), QFileInfo(test::samplePath(deadlockSample)).absoluteFilePath());
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
