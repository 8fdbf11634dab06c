// SPDX-License-Identifier: GPL-2.0-or-later
#include "mainwindow.h"

#include "dumppage.h"
#include "graphview.h"
#include "recentfiles.h"
#include "threadspanel.h"

#include <hvdump/app/gui/models/diagnosticsmodel.h>
#include <hvdump/app/gui/models/modelroles.h>

#include <QApplication>
#include <QCloseEvent>
#include <QDirIterator>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>

namespace hvdump::gui {
namespace {

    // files next to dumps that are not dumps (the CLI skips the same ones)
    bool isCompanion(const QFileInfo& file)
    {
        static const QStringList skipped = { QStringLiteral("md"), QStringLiteral("json"), QStringLiteral("expected"),
            QStringLiteral("yaml"), QStringLiteral("yml") };
        return file.fileName().startsWith(QLatin1Char('.')) || skipped.contains(file.suffix(), Qt::CaseInsensitive);
    }

    QStringList localPaths(const QMimeData* mime)
    {
        QStringList paths;
        if (!mime || !mime->hasUrls())
            return paths;
        for (const QUrl& url : mime->urls())
            if (url.isLocalFile())
                paths.append(url.toLocalFile());
        return paths;
    }

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
{
    setWindowTitle(QStringLiteral("hvdump"));
    setAcceptDrops(true);
    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_welcome = new QLabel(QStringLiteral("<h2>Drop hang dumps here</h2><p>Files or whole folders: crash, kernel "
                                          "console, mdb, gdb, eu-stack, /proc stacks, or stacks pasted in a mail."
                                          "</p><p>Or use File \u203a Open (Ctrl+O).</p>"),
        this);
    m_welcome->setAlignment(Qt::AlignCenter);
    m_welcome->setWordWrap(true);
    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_welcome);
    m_stack->addWidget(m_tabs);
    setCentralWidget(m_stack);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &MainWindow::closeTab);
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::onCurrentChanged);
    createDocks();
    createActions();
    statusBar()->showMessage(QStringLiteral("Ready"));
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1600, 1000);
    if (!restoreState(settings.value(QStringLiteral("window/state")).toByteArray()))
        resizeDocks({ m_diagnosticsDock }, { 190 }, Qt::Vertical); // the dump's page gets the height
    updateActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    QMenu* file = menuBar()->addMenu(QStringLiteral("&File"));
    QAction* open = file->addAction(QIcon::fromTheme(QStringLiteral("document-open")), QStringLiteral("&Open\u2026"),
        this, &MainWindow::openDialog);
    open->setShortcut(QKeySequence::Open);
    QAction* openFolder = file->addAction(QIcon::fromTheme(QStringLiteral("folder-open")),
        QStringLiteral("Open &Folder\u2026"), this, &MainWindow::openFolderDialog);
    openFolder->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    QMenu* recent = file->addMenu(QStringLiteral("Open &Recent"));
    m_recent = new RecentFiles(recent, this);
    connect(m_recent, &RecentFiles::fileRequested, this, [this](const QString& path) { openPaths({ path }); });
    m_reload = file->addAction(
        QIcon::fromTheme(QStringLiteral("view-refresh")), QStringLiteral("Re&load"), this, &MainWindow::reloadCurrent);
    m_reload->setShortcut(QKeySequence::Refresh);
    file->addSeparator();
    m_exportGraph = file->addAction(QStringLiteral("Export &Graph\u2026"), this, &MainWindow::exportGraphDialog);
    m_exportGraph->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_exportReport = file->addAction(QStringLiteral("Export Re&port\u2026"), this, &MainWindow::exportReportDialog);
    m_exportReport->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    file->addSeparator();
    m_closeTab = file->addAction(QIcon::fromTheme(QStringLiteral("window-close")), QStringLiteral("&Close Tab"), this,
        [this]() { closeTab(m_tabs->currentIndex()); });
    m_closeTab->setShortcut(QKeySequence::Close);
    QAction* quit = file->addAction(
        QIcon::fromTheme(QStringLiteral("application-exit")), QStringLiteral("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu* edit = menuBar()->addMenu(QStringLiteral("&Edit"));
    QAction* find = edit->addAction(
        QIcon::fromTheme(QStringLiteral("edit-find")), QStringLiteral("&Find Thread\u2026"), this, [this]() {
            if (DumpPage* page = currentPage())
                page->threadsPanel()->focusFilter();
        });
    find->setShortcut(QKeySequence::Find);
    m_cancel = edit->addAction(
        QIcon::fromTheme(QStringLiteral("process-stop")), QStringLiteral("&Cancel Analysis"), this, [this]() {
            if (DumpPage* page = currentPage())
                page->cancel();
        });
    m_cancel->setShortcut(QKeySequence(Qt::Key_Escape));
    m_cancel->setShortcutContext(Qt::WindowShortcut);

    QMenu* view = menuBar()->addMenu(QStringLiteral("&View"));
    auto graphAction = [this, view](const QString& text, QKeySequence key, void (GraphView::*slot)()) {
        QAction* action = view->addAction(text, this, [this, slot]() {
            if (DumpPage* page = currentPage())
                (page->graphView()->*slot)();
        });
        action->setShortcut(key);
        m_graphActions.append(action);
        return action;
    };
    graphAction(QStringLiteral("Zoom &In"), QKeySequence::ZoomIn, &GraphView::zoomIn);
    graphAction(QStringLiteral("Zoom &Out"), QKeySequence::ZoomOut, &GraphView::zoomOut);
    graphAction(QStringLiteral("&Fit Graph"), QKeySequence(Qt::CTRL | Qt::Key_0), &GraphView::fitGraph);
    m_scope = view->addAction(QStringLiteral("Only What &Matters"));
    m_scope->setCheckable(true);
    m_scope->setChecked(true);
    m_scope->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
    m_scope->setToolTip(QStringLiteral("Draw only the findings' contexts and chains, or the whole graph"));
    connect(m_scope, &QAction::triggered, this, [this](bool only) {
        if (DumpPage* page = currentPage())
            page->setScope(only ? ViewGraph::Scope::WhatMatters : ViewGraph::Scope::Whole);
    });
    view->addSeparator();
    view->addAction(m_diagnosticsDock->toggleViewAction());
    view->addSeparator();
    QAction* next = view->addAction(QStringLiteral("&Next Tab"), this, [this]() {
        if (m_tabs->count() > 1)
            m_tabs->setCurrentIndex((m_tabs->currentIndex() + 1) % m_tabs->count());
    });
    next->setShortcut(QKeySequence::NextChild);
    QAction* previous = view->addAction(QStringLiteral("&Previous Tab"), this, [this]() {
        if (m_tabs->count() > 1)
            m_tabs->setCurrentIndex((m_tabs->currentIndex() + m_tabs->count() - 1) % m_tabs->count());
    });
    previous->setShortcut(QKeySequence::PreviousChild);
    QAction* fullScreen = view->addAction(
        QStringLiteral("F&ull Screen"), this, [this]() { setWindowState(windowState() ^ Qt::WindowFullScreen); });
    fullScreen->setShortcut(QKeySequence::FullScreen);

    createCaseActions(menuBar()->addMenu(QStringLiteral("&Cases")));

    QMenu* help = menuBar()->addMenu(QStringLiteral("&Help"));
    help->addAction(QStringLiteral("&About hvdump"), this, [this]() {
        QMessageBox::about(this, QStringLiteral("About hvdump"),
            QStringLiteral("<h3>hvdump %1</h3><p>Postmortem analyzer for hangs in hypervisors, VMMs "
                           "and kernels: drop a dump, see who waits for whom, and what to change.</p>"
                           "<p>Graph: Ctrl+wheel or +/- zoom, drag to pan, F fits, arrow keys walk "
                           "the nodes.</p>")
                .arg(QApplication::applicationVersion()));
    });
    help->addAction(QStringLiteral("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::createDocks()
{
    m_diagnosticsDock = new QDockWidget(QStringLiteral("Diagnostics"), this);
    m_diagnosticsDock->setObjectName(QStringLiteral("diagnosticsDock"));
    m_diagnosticsView = new QTableView(m_diagnosticsDock);
    m_diagnosticsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_diagnosticsView->setShowGrid(false);
    m_diagnosticsView->setWordWrap(false);
    m_diagnosticsView->verticalHeader()->hide();
    m_diagnosticsView->horizontalHeader()->setStretchLastSection(false);
    m_diagnosticsView->setAccessibleName(QStringLiteral("Parse diagnostics"));
    m_diagnosticsDock->setWidget(m_diagnosticsView);
    addDockWidget(Qt::BottomDockWidgetArea, m_diagnosticsDock);
    auto jump = [this](const QModelIndex& index) {
        DumpPage* page = currentPage();
        const auto span = index.data(EvidenceRole).value<parsers::LineSpan>();
        if (page && span.valid())
            page->showLines({}, { span });
    };
    connect(m_diagnosticsView, &QTableView::activated, this, jump);
    connect(m_diagnosticsView, &QTableView::clicked, this, jump);
    createCaseDock();
}

QStringList MainWindow::expandPaths(const QStringList& paths, QStringList* errors)
{
    QStringList files;
    for (const QString& path : paths) {
        const QFileInfo info(path);
        if (!info.exists()) {
            if (errors)
                errors->append(QStringLiteral("%1: no such file or folder").arg(path));
            continue;
        }
        if (!info.isDir()) {
            // a FIFO or a device could be read forever: the GUI opens files only
            if (info.isFile())
                files.append(info.absoluteFilePath());
            else if (errors)
                errors->append(QStringLiteral("%1: not a regular file").arg(path));
            continue;
        }
        QStringList found;
        QDirIterator it(info.absoluteFilePath(), QDir::Files | QDir::Readable, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            it.next();
            if (!isCompanion(it.fileInfo()))
                found.append(it.filePath());
        }
        found.sort();
        files += found;
    }
    return files;
}

QList<DumpPage*> MainWindow::openPaths(const QStringList& paths)
{
    QStringList errors;
    QList<DumpPage*> opened;
    for (const QString& file : expandPaths(paths, &errors)) {
        bool already = false;
        for (DumpPage* page : pages()) {
            if (page->path() == file) {
                m_tabs->setCurrentWidget(page);
                already = true;
            }
        }
        if (already)
            continue;
        auto* page = new DumpPage(file, m_tabs);
        restorePageLayout(page);
        const int index = m_tabs->addTab(page, QFileInfo(file).fileName());
        m_tabs->setTabToolTip(index, file);
        connect(page, &DumpPage::statusTextChanged, this, [this, page](const QString& text) {
            if (page == currentPage())
                statusBar()->showMessage(text);
        });
        connect(page, &DumpPage::stateChanged, this, &MainWindow::updateActions);
        connect(page, &DumpPage::graphChanged, this, &MainWindow::updateActions);
        connect(page, &DumpPage::analysisFinished, this, &MainWindow::analysisFinished);
        connect(page, &DumpPage::analysisFinished, this, &MainWindow::fileCase);
        connect(page, &DumpPage::stateChanged, this, [this, page] {
            if (page == currentPage())
                showCurrentCase();
        });
        m_recent->add(file);
        page->start();
        opened.append(page);
        Q_EMIT pageOpened(page);
    }
    if (!opened.isEmpty())
        m_tabs->setCurrentWidget(opened.front());
    m_stack->setCurrentWidget(m_tabs->count() > 0 ? static_cast<QWidget*>(m_tabs) : m_welcome);
    if (!errors.isEmpty())
        statusBar()->showMessage(errors.join(QStringLiteral("; ")));
    updateActions();
    return opened;
}

DumpPage* MainWindow::currentPage() const
{
    return qobject_cast<DumpPage*>(m_tabs->currentWidget());
}

QList<DumpPage*> MainWindow::pages() const
{
    QList<DumpPage*> out;
    for (int i = 0; i < m_tabs->count(); ++i)
        if (auto* page = qobject_cast<DumpPage*>(m_tabs->widget(i)))
            out.append(page);
    return out;
}

void MainWindow::openDialog()
{
    QSettings settings;
    const QStringList files = QFileDialog::getOpenFileNames(this, QStringLiteral("Open Dumps"),
        settings.value(QStringLiteral("lastDirectory")).toString(),
        QStringLiteral("Dumps and logs (*.txt *.log *.out *.dump *.stacks);;All files (*)"));
    if (files.isEmpty())
        return;
    settings.setValue(QStringLiteral("lastDirectory"), QFileInfo(files.front()).absolutePath());
    openPaths(files);
}

void MainWindow::openFolderDialog()
{
    QSettings settings;
    const QString dir = QFileDialog::getExistingDirectory(
        this, QStringLiteral("Open a Folder of Dumps"), settings.value(QStringLiteral("lastDirectory")).toString());
    if (dir.isEmpty())
        return;
    settings.setValue(QStringLiteral("lastDirectory"), dir);
    openPaths({ dir });
}

void MainWindow::closeTab(int index)
{
    auto* page = qobject_cast<DumpPage*>(m_tabs->widget(index));
    if (!page)
        return;
    if (page == currentPage())
        saveLayout();
    page->cancel();
    forgetCase(page->path());
    m_tabs->removeTab(index);
    page->deleteLater();
    if (m_tabs->count() == 0)
        m_stack->setCurrentWidget(m_welcome);
    onCurrentChanged();
}

void MainWindow::reloadCurrent()
{
    if (DumpPage* page = currentPage()) {
        const QString path = page->path();
        const int index = m_tabs->indexOf(page);
        closeTab(index);
        openPaths({ path });
        m_tabs->tabBar()->moveTab(m_tabs->indexOf(currentPage()), std::min(index, m_tabs->count() - 1));
    }
}

void MainWindow::onCurrentChanged()
{
    DumpPage* page = currentPage();
    m_diagnosticsView->setModel(page ? page->diagnosticsModel() : nullptr);
    if (page) {
        m_diagnosticsView->horizontalHeader()->setSectionResizeMode(
            DiagnosticsModel::MessageColumn, QHeaderView::Stretch);
        statusBar()->showMessage(page->statusText());
        setWindowTitle(QStringLiteral("%1 \u2014 hvdump").arg(QFileInfo(page->path()).fileName()));
    } else {
        setWindowTitle(QStringLiteral("hvdump"));
    }
    showCurrentCase();
    updateActions();
}

void MainWindow::updateActions()
{
    DumpPage* page = currentPage();
    const bool ready = page && page->state() == DumpPage::State::Ready;
    m_exportGraph->setEnabled(ready && page->graph());
    m_exportReport->setEnabled(ready);
    m_reload->setEnabled(page);
    m_closeTab->setEnabled(page);
    m_cancel->setEnabled(page && page->state() == DumpPage::State::Loading);
    m_scope->setEnabled(ready && page->analysis() && !page->analysis()->findings.empty());
    if (page)
        m_scope->setChecked(page->scope() == ViewGraph::Scope::WhatMatters);
    for (QAction* action : std::as_const(m_graphActions))
        action->setEnabled(page);
}

void MainWindow::restorePageLayout(DumpPage* page)
{
    QSettings settings;
    for (QSplitter* splitter : page->splitters()) {
        const QByteArray state = settings.value(QStringLiteral("page/") + splitter->objectName()).toByteArray();
        if (!state.isEmpty())
            splitter->restoreState(state);
    }
}

void MainWindow::saveLayout()
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    if (DumpPage* page = currentPage())
        for (QSplitter* splitter : page->splitters())
            if (!splitter->objectName().isEmpty())
                settings.setValue(QStringLiteral("page/") + splitter->objectName(), splitter->saveState());
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (!localPaths(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dragMoveEvent(QDragMoveEvent* event)
{
    if (!localPaths(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const QStringList paths = localPaths(event->mimeData());
    if (paths.isEmpty())
        return;
    event->acceptProposedAction();
    openPaths(paths);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveLayout();
    for (DumpPage* page : pages())
        page->cancel();
    QMainWindow::closeEvent(event);
}

} // namespace hvdump::gui
