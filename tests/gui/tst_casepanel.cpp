// SPDX-License-Identifier: GPL-2.0-or-later
// The case database panel of the real main window over a real SQLite file: filing, recognising
// the same hang in another dump, status/fix and notes written through to the file, reopening an
// earlier case from its filed text, rejecting a match, and broken databases explained.
#include "guitestsupport.h"

#include <hvdump/app/casedb/casestore.h>
#include <hvdump/app/gui/widgets/casepanel.h>
#include <hvdump/app/gui/widgets/dumppage.h>
#include <hvdump/app/gui/widgets/mainwindow.h>

#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace hvdump;
using namespace hvdump::gui;
using namespace Qt::StringLiterals;

namespace {

constexpr int timeoutMs = 30000;

QByteArray sampleBytes(const QString& name)
{
    QFile f(test::samplePath(name));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

casedb::CaseId shownCase(const MainWindow& w)
{
    const CaseViewPtr view = w.casePanel()->view();
    return view ? view->detail.summary.id : 0;
}

QStringList similarIds(const CasePanel& panel)
{
    QStringList ids;
    for (int i = 0; i < panel.similarList()->topLevelItemCount(); ++i)
        ids << panel.similarList()->topLevelItem(i)->text(0);
    return ids;
}

} // namespace

class TestCasePanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settings.isValid());
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(u"hvdump-tests"_s);
        QCoreApplication::setApplicationName(u"tst_casepanel"_s);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_window = std::make_unique<MainWindow>();
        m_window->resize(1400, 900);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanup()
    {
        m_window.reset();
        m_dir.reset();
    }

    void recognisesTheSameHangInAnotherDump()
    {
        const QByteArray deadlock = sampleBytes(u"001_cloud_hypervisor_pause_deadlock.txt"_s);
        QVERIFY(!deadlock.isEmpty());
        // the second dump has other bytes (a line of prose added) but the same hang
        QVERIFY(writeFile(path(u"first.txt"_s), deadlock));
        QVERIFY(writeFile(path(u"second.txt"_s), "Seen again on host b17 after a pause:\n" + deadlock));
        m_window->setCaseDatabasePath(path(u"cases.sqlite"_s));

        openAndWaitForCase(u"first.txt"_s);
        m_window->diagnosticsDock()->raise();
        QCOMPARE(shownCase(*m_window), 1);
        QVERIFY(m_window->casePanel()->view()->created);
        QVERIFY(m_window->casePanel()->view()->detail.sameSignature.empty());

        openAndWaitForCase(u"second.txt"_s);
        const CasePanel& panel = *m_window->casePanel();
        QCOMPARE(shownCase(*m_window), 2);
        QCOMPARE(panel.view()->detail.sameSignature.size(), 1u);
        QCOMPARE(panel.view()->detail.sameSignature.front().id, 1);
        QCOMPARE(similarIds(panel), QStringList { u"#1"_s });
        const QString why = panel.similarList()->topLevelItem(0)->text(3);
        QVERIFY2(why.startsWith(u"same hang: deadlock in CpuManager::signal_vcpus"_s), qPrintable(why));
        QVERIFY2(why.contains(u"shared frames"_s), qPrintable(why));
        // the news is on show even when another dock was in front
        QVERIFY(!m_window->caseDock()->visibleRegion().isEmpty());
        QVERIFY(m_window->statusBar()->currentMessage().startsWith(u"Seen before as case #1 (new)"_s));
    }

    void sameBytesAreOneCase()
    {
        const QByteArray bytes = sampleBytes(u"003_qemu_qcow2_close_lost_wakeup.txt"_s);
        QVERIFY(writeFile(path(u"a.txt"_s), bytes));
        QVERIFY(writeFile(path(u"b.txt"_s), bytes));
        m_window->setCaseDatabasePath(path(u"cases.sqlite"_s));
        openAndWaitForCase(u"a.txt"_s);
        openAndWaitForCase(u"b.txt"_s);
        QCOMPARE(shownCase(*m_window), 1);
        QVERIFY(!m_window->casePanel()->view()->created);
        QVERIFY(m_window->casePanel()->headline()->text().contains(u"filed before"_s));
    }

    void statusFixAndNoteReachTheFile()
    {
        QVERIFY(writeFile(path(u"spin.txt"_s), sampleBytes(u"002_vhost_net_livelock.txt"_s)));
        const QString db = path(u"cases.sqlite"_s);
        m_window->setCaseDatabasePath(db);
        openAndWaitForCase(u"spin.txt"_s);
        CasePanel& panel = *m_window->casePanel();

        panel.statusBox()->setCurrentIndex(panel.statusBox()->findText(u"fixed"_s));
        panel.fixEdit()->setText(u"https://lore.kernel.org/kvm/fix"_s);
        QTest::mouseClick(panel.applyButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(
            panel.view() && panel.view()->detail.summary.status == casedb::CaseStatus::Fixed, timeoutMs);
        panel.noteEdit()->setText(u"reproduced with 4 queues"_s);
        QTest::keyClick(panel.noteEdit(), Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(panel.notesList()->count(), 1, timeoutMs);
        QVERIFY(panel.notesList()->item(0)->text().endsWith(u"reproduced with 4 queues"_s));

        // what another analyst reading the file sees
        auto store = casedb::CaseStore::open(db.toStdString(), casedb::CaseStore::OpenMode::ReadOnly);
        QVERIFY(store.ok());
        auto detail = store->show(1);
        QVERIFY(detail.ok());
        QCOMPARE(detail->summary.status, casedb::CaseStatus::Fixed);
        QCOMPARE(detail->summary.fixUrl, std::string("https://lore.kernel.org/kvm/fix"));
        QCOMPARE(detail->notes.size(), 1u);
        QCOMPARE(detail->notes.front().text, std::string("reproduced with 4 queues"));
    }

    void doubleClickReopensAnEarlierCaseFromItsText()
    {
        const QByteArray deadlock = sampleBytes(u"001_cloud_hypervisor_pause_deadlock.txt"_s);
        QVERIFY(writeFile(path(u"old.txt"_s), deadlock));
        QVERIFY(writeFile(path(u"new.txt"_s), deadlock + "\n-- \nsent from the on-call phone\n"));
        m_window->setCaseDatabasePath(path(u"cases.sqlite"_s));
        openAndWaitForCase(u"old.txt"_s);
        // the original file is gone: the case database still has its text
        Q_EMIT m_window->tabs()->tabCloseRequested(0);
        QVERIFY(QFile::remove(path(u"old.txt"_s)));
        openAndWaitForCase(u"new.txt"_s);
        QTreeWidget* similar = m_window->casePanel()->similarList();
        QCOMPARE(similarIds(*m_window->casePanel()), QStringList { u"#1"_s });

        Q_EMIT similar->itemActivated(similar->topLevelItem(0), 0);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->pages().size(), 2, timeoutMs);
        DumpPage* reopened = m_window->currentPage();
        QVERIFY(reopened->path() != path(u"new.txt"_s));
        QCOMPARE(QFileInfo(reopened->path()).fileName(), u"old.txt"_s);
        QFile text(reopened->path());
        QVERIFY(text.open(QIODevice::ReadOnly));
        QCOMPARE(text.readAll(), deadlock);
        // filing it again finds the same case rather than a new one
        QTRY_COMPARE_WITH_TIMEOUT(shownCase(*m_window), 1, timeoutMs);
        QVERIFY(!m_window->casePanel()->view()->created);
    }

    void rejectedMatchIsNotOfferedAgain()
    {
        const QByteArray deadlock = sampleBytes(u"001_cloud_hypervisor_pause_deadlock.txt"_s);
        QVERIFY(writeFile(path(u"x.txt"_s), deadlock));
        QVERIFY(writeFile(path(u"y.txt"_s), "again\n" + deadlock));
        m_window->setCaseDatabasePath(path(u"cases.sqlite"_s));
        openAndWaitForCase(u"x.txt"_s);
        openAndWaitForCase(u"y.txt"_s);
        CasePanel& panel = *m_window->casePanel();
        QCOMPARE(similarIds(panel), QStringList { u"#1"_s });
        QVERIFY(!panel.rejectButton()->isEnabled());
        panel.similarList()->topLevelItem(0)->setSelected(true);
        QVERIFY(panel.rejectButton()->isEnabled());
        QTest::mouseClick(panel.rejectButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!similarIds(panel).contains(u"#1"_s), timeoutMs);
    }

    void brokenDatabaseIsExplained_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        QTest::addRow("not a database") << QByteArray("this is a mail, not SQLite\n").repeated(300)
                                        << u"cannot be used"_s;
        QTest::addRow("a folder") << QByteArray() << u"cannot be used"_s;
    }

    void brokenDatabaseIsExplained()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        const QString db = path(u"cases.sqlite"_s);
        if (content.isEmpty())
            QVERIFY(QDir().mkpath(db));
        else
            QVERIFY(writeFile(db, content));
        m_window->setCaseDatabasePath(db);
        QVERIFY(writeFile(path(u"dump.txt"_s), sampleBytes(u"001_cloud_hypervisor_pause_deadlock.txt"_s)));
        DumpPage* page = m_window->openPaths({ path(u"dump.txt"_s) }).value(0);
        QVERIFY(page);
        QTRY_VERIFY_WITH_TIMEOUT(page->state() == DumpPage::State::Ready, timeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->casePanel()->headline()->text().contains(expected), timeoutMs);
        QVERIFY(m_window->casePanel()->headline()->text().contains(db));
        QVERIFY(!m_window->casePanel()->applyButton()->isEnabled());
        // the dump itself is analysed as ever, and the file is left as it was
        QVERIFY(!page->analysis()->findings.empty());
        if (!content.isEmpty()) {
            QFile f(db);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QCOMPARE(f.readAll(), content);
        }
    }

    void noDatabaseMeansNothingIsFiled()
    {
        QVERIFY(writeFile(path(u"dump.txt"_s), sampleBytes(u"001_cloud_hypervisor_pause_deadlock.txt"_s)));
        DumpPage* page = m_window->openPaths({ path(u"dump.txt"_s) }).value(0);
        QVERIFY(page);
        QTRY_VERIFY_WITH_TIMEOUT(page->state() == DumpPage::State::Ready, timeoutMs);
        QVERIFY(m_window->casePanel()->headline()->text().contains(u"No case database"_s));
        QVERIFY(!m_window->casePanel()->view());
    }

private:
    QString path(const QString& name) const
    {
        return m_dir->filePath(name);
    }

    void openAndWaitForCase(const QString& name)
    {
        const QString file = path(name);
        const QList<DumpPage*> opened = m_window->openPaths({ file });
        QCOMPARE(opened.size(), 1);
        // the panel shows only the current dump's case, so a case on show is this dump's
        QTRY_VERIFY_WITH_TIMEOUT(
            m_window->currentPage() && m_window->currentPage()->path() == file && m_window->casePanel()->view(),
            timeoutMs);
    }

    QTemporaryDir m_settings;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<MainWindow> m_window;
};

QTEST_MAIN(TestCasePanel)
#include "tst_casepanel.moc"
