// SPDX-License-Identifier: GPL-2.0-or-later
// The main window's side of the case database: which file it uses (command line, Cases menu,
// QSettings, else the CLI's default location), filing every finished analysis, keeping each
// open dump's case for the panel, and reopening an earlier case from the text it was filed with.
#include "casepanel.h"
#include "dumppage.h"
#include "mainwindow.h"

#include <hvdump/app/casedb/dbpath.h>
#include <hvdump/app/gui/models/guitext.h>

#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QSaveFile>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>

namespace hvdump::gui {
namespace {

    const QString pathKey = QStringLiteral("cases/database");
    const QString fileKey = QStringLiteral("cases/fileDumps");

} // namespace

void MainWindow::createCaseDock()
{
    m_cases = new CaseDatabase(this);
    m_casePanel = new CasePanel;
    m_caseDock = new QDockWidget(QStringLiteral("Case Database"), this);
    m_caseDock->setObjectName(QStringLiteral("caseDock"));
    m_caseDock->setWidget(m_casePanel);
    addDockWidget(Qt::BottomDockWidgetArea, m_caseDock);
    tabifyDockWidget(m_diagnosticsDock, m_caseDock);

    // an answer about a file that is no longer the chosen one is stale
    connect(m_cases, &CaseDatabase::opened, this, [this](const QString& path, qint64 cases) {
        if (path != m_cases->path())
            return;
        m_caseDatabaseState.clear();
        statusBar()->showMessage(QStringLiteral("Case database %1: %2 cases").arg(path).arg(cases));
        // dumps analysed before the database opened are filed now
        for (DumpPage* page : pages())
            if (page->state() == DumpPage::State::Ready && !m_caseViews.contains(page->path()))
                fileCase(page->path(), page->analysis());
        showCurrentCase();
    });
    connect(m_cases, &CaseDatabase::unavailable, this, [this](const QString& path, const QString& message) {
        if (path != m_cases->path())
            return;
        m_caseDatabaseState = QStringLiteral("The case database %1 cannot be used: %2").arg(path, message);
        statusBar()->showMessage(m_caseDatabaseState);
        showCurrentCase();
    });
    connect(m_cases, &CaseDatabase::caseReady, this, &MainWindow::onCaseReady);
    connect(m_cases, &CaseDatabase::failed, this, &MainWindow::onCaseFailed);
    connect(m_cases, &CaseDatabase::textFetched, this, &MainWindow::onCaseTextFetched);

    auto currentKey = [this] { return currentPage() ? currentPage()->path() : QString(); };
    connect(m_casePanel, &CasePanel::statusRequested, this,
        [this, currentKey](qint64 id, casedb::CaseStatus status, const QString& fix) {
            m_cases->setStatus(currentKey(), id, status, fix);
        });
    connect(m_casePanel, &CasePanel::noteRequested, this,
        [this, currentKey](qint64 id, const QString& text) { m_cases->addNote(currentKey(), id, text); });
    connect(m_casePanel, &CasePanel::rejectRequested, this,
        [this, currentKey](qint64 id, qint64 other) { m_cases->reject(currentKey(), id, other); });
    connect(m_casePanel, &CasePanel::openCaseRequested, m_cases, &CaseDatabase::fetchText);
}

void MainWindow::createCaseActions(QMenu* menu)
{
    menu->addAction(QStringLiteral("Case &Database\u2026"), this, &MainWindow::chooseCaseDatabase);
    m_fileCases = menu->addAction(QStringLiteral("&File Analysed Dumps"));
    m_fileCases->setCheckable(true);
    m_fileCases->setToolTip(QStringLiteral("File every analysed dump in the case database, so a repeated hang is "
                                           "recognised"));
    m_fileCases->setChecked(QSettings().value(fileKey, true).toBool());
    connect(m_fileCases, &QAction::toggled, this, [this](bool on) {
        QSettings().setValue(fileKey, on);
        applyCaseDatabase();
    });
    menu->addAction(m_caseDock->toggleViewAction());
    applyCaseDatabase();
}

QString MainWindow::configuredCaseDatabasePath()
{
    const QString path = QSettings().value(pathKey).toString();
    return path.isEmpty() ? QString::fromStdString(casedb::defaultDatabasePath()) : path;
}

void MainWindow::setCaseDatabasePath(const QString& path)
{
    m_caseDatabasePath = path;
    applyCaseDatabase();
}

void MainWindow::applyCaseDatabase()
{
    m_caseViews.clear();
    m_caseMessages.clear();
    const bool filing = !m_fileCases || m_fileCases->isChecked();
    if (m_caseDatabasePath.isEmpty())
        m_caseDatabaseState = QStringLiteral("No case database is in use (Cases \u203a Case Database).");
    else if (!filing)
        m_caseDatabaseState = QStringLiteral("Filing is off (Cases \u203a File Analysed Dumps).");
    else
        m_caseDatabaseState = QStringLiteral("Opening the case database %1\u2026").arg(m_caseDatabasePath);
    m_cases->setPath(filing ? m_caseDatabasePath : QString());
    showCurrentCase();
}

void MainWindow::chooseCaseDatabase()
{
    const QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Case Database"), m_caseDatabasePath,
        QStringLiteral("SQLite case databases (*.sqlite *.db);;All files (*)"), nullptr,
        QFileDialog::DontConfirmOverwrite);
    if (path.isEmpty())
        return;
    QSettings().setValue(pathKey, path);
    setCaseDatabasePath(path);
}

void MainWindow::fileCase(const QString& path, AnalysisPtr analysis)
{
    if (!m_caseDatabaseState.isEmpty() || !analysis)
        return;
    DumpPage* page = nullptr;
    for (DumpPage* p : pages())
        if (p->path() == path)
            page = p;
    if (!page || !page->text())
        return;
    m_caseMessages.insert(path, QStringLiteral("Filing %1 in the case database\u2026").arg(QFileInfo(path).fileName()));
    m_cases->file(path, std::move(analysis), page->text(), m_caseFileNames.value(path, QFileInfo(path).fileName()));
    showCurrentCase();
}

void MainWindow::onCaseReady(const QString& key, CaseViewPtr view)
{
    m_caseMessages.remove(key);
    m_caseViews.insert(key, view);
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto* page = qobject_cast<DumpPage*>(m_tabs->widget(i));
        if (!page || page->path() != key)
            continue;
        QString tip = key + QStringLiteral("\ncase #%1").arg(view->detail.summary.id);
        if (!view->detail.sameSignature.empty())
            tip += QStringLiteral(", seen before as #%1").arg(view->detail.sameSignature.front().id);
        m_tabs->setTabToolTip(i, tip);
        // a hang seen before is the news: bring the panel that says so to the front
        if (page == currentPage() && !view->detail.sameSignature.empty()) {
            const casedb::CaseSummary& first = view->detail.sameSignature.front();
            statusBar()->showMessage(
                QStringLiteral("Seen before as case #%1 (%2)%3")
                    .arg(first.id)
                    .arg(QLatin1String(casedb::caseStatusName(first.status)),
                        first.fixUrl.empty() ? QString() : QStringLiteral(", fix: ") + toQString(first.fixUrl)));
            m_caseDock->show();
            m_caseDock->raise();
        }
    }
    showCurrentCase();
}

void MainWindow::onCaseFailed(const QString& key, const QString& message)
{
    m_caseMessages.remove(key);
    // a failed edit keeps the case on show; a failed filing explains itself in the panel
    if (!m_caseViews.contains(key))
        m_caseMessages.insert(key, QStringLiteral("Not filed: %1").arg(message));
    statusBar()->showMessage(QStringLiteral("Case database: %1").arg(message));
    showCurrentCase();
}

void MainWindow::onCaseTextFetched(qint64 id, const QString& fileName, const QByteArray& text)
{
    // the dump as filed, in a file of its own so the tab, Reload and Recent Files work as usual
    const QString dir =
        QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + QStringLiteral("/cases/%1").arg(id);
    const QString name = QFileInfo(fileName).fileName();
    const QString path = dir + QLatin1Char('/') + (name.isEmpty() ? QStringLiteral("dump.txt") : name);
    QSaveFile out(path);
    if (!QDir().mkpath(dir) || !out.open(QIODevice::WriteOnly) || out.write(text) != text.size() || !out.commit()) {
        statusBar()->showMessage(QStringLiteral("Cannot write case #%1 to %2").arg(id).arg(path));
        return;
    }
    m_caseFileNames.insert(path, fileName);
    openPaths({ path });
}

void MainWindow::showCurrentCase()
{
    DumpPage* page = currentPage();
    if (!page)
        return m_casePanel->showMessage(QStringLiteral("No dump is open."));
    const QString key = page->path();
    if (m_caseViews.contains(key))
        return m_casePanel->showCase(m_caseViews.value(key));
    if (!m_caseDatabaseState.isEmpty())
        return m_casePanel->showMessage(m_caseDatabaseState);
    if (m_caseMessages.contains(key))
        return m_casePanel->showMessage(m_caseMessages.value(key));
    m_casePanel->showMessage(page->state() == DumpPage::State::Loading
            ? QStringLiteral("The dump is filed once its analysis is complete.")
            : QStringLiteral("Not filed: the analysis did not complete."));
}

void MainWindow::forgetCase(const QString& path)
{
    m_caseViews.remove(path);
    m_caseMessages.remove(path);
}

} // namespace hvdump::gui
