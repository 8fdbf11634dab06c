// SPDX-License-Identifier: GPL-2.0-or-later
// The hvdump-gui main window: one tab per dump (opened by drag and drop of files or folders,
// File > Open, the command line or Open Recent), the menus and standard shortcuts, the
// diagnostics dock of the current dump, exports, and the window layout remembered in QSettings.
// Each finished analysis is filed in the case database (mainwindowcases.cpp) and the case
// panel shows the current dump's case.
#pragma once

#include "analysisjob.h"
#include "casedatabase.h"

#include <QHash>
#include <QMainWindow>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QStackedWidget;
class QTabWidget;
class QTableView;

namespace hvdump::gui {

class CaseDatabase;
class CasePanel;
class DumpPage;
class RecentFiles;

class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Opens files, and every dump inside folders (recursively; notes, JSON and rule files are
    /// skipped). A file already open is brought to the front instead. Returns the pages opened.
    QList<DumpPage*> openPaths(const QStringList& paths);
    /// Folders expanded to the dump files inside, sorted; unreadable paths go to errors.
    static QStringList expandPaths(const QStringList& paths, QStringList* errors = nullptr);

    DumpPage* currentPage() const;
    QList<DumpPage*> pages() const;
    QTabWidget* tabs() const
    {
        return m_tabs;
    }
    QTableView* diagnosticsView() const
    {
        return m_diagnosticsView;
    }
    QDockWidget* diagnosticsDock() const
    {
        return m_diagnosticsDock;
    }
    RecentFiles* recentFiles() const
    {
        return m_recent;
    }

    /// Uses the case database at `path` (created when missing); empty, as at construction: none.
    void setCaseDatabasePath(const QString& path);
    /// The file chosen in Cases > Case Database, else $HVDUMP_DB, else the XDG data location.
    static QString configuredCaseDatabasePath();
    CaseDatabase* caseDatabase() const
    {
        return m_cases;
    }
    CasePanel* casePanel() const
    {
        return m_casePanel;
    }
    QDockWidget* caseDock() const
    {
        return m_caseDock;
    }

    /// Exports the current page's graph; the format follows the suffix (.png, .svg, .dot).
    bool exportGraph(const QString& path, QString& error);
    /// Exports the current page's report; the format follows the suffix (.html, .json).
    bool exportReport(const QString& path, QString& error);

Q_SIGNALS:
    void pageOpened(hvdump::gui::DumpPage* page);
    /// A dump's analysis is complete (the case database seam).
    void analysisFinished(const QString& path, hvdump::gui::AnalysisPtr analysis);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void createDocks();
    void openDialog();
    void openFolderDialog();
    void exportGraphDialog();
    void exportReportDialog();
    void closeTab(int index);
    void reloadCurrent();
    void onCurrentChanged();
    void updateActions();
    void saveLayout();
    void restorePageLayout(DumpPage* page);
    // mainwindowcases.cpp
    void createCaseDock();
    void createCaseActions(QMenu* menu);
    void chooseCaseDatabase();
    void applyCaseDatabase();
    void fileCase(const QString& path, AnalysisPtr analysis);
    void onCaseReady(const QString& key, CaseViewPtr view);
    void onCaseFailed(const QString& key, const QString& message);
    void onCaseTextFetched(qint64 id, const QString& fileName, const QByteArray& text);
    void showCurrentCase();
    void forgetCase(const QString& path);

    QStackedWidget* m_stack = nullptr;
    QTabWidget* m_tabs = nullptr;
    QLabel* m_welcome = nullptr;
    QDockWidget* m_diagnosticsDock = nullptr;
    QTableView* m_diagnosticsView = nullptr;
    RecentFiles* m_recent = nullptr;
    QAction* m_exportGraph = nullptr;
    QAction* m_exportReport = nullptr;
    QAction* m_reload = nullptr;
    QAction* m_closeTab = nullptr;
    QAction* m_cancel = nullptr;
    QAction* m_scope = nullptr;
    QList<QAction*> m_graphActions;

    CaseDatabase* m_cases = nullptr;
    CasePanel* m_casePanel = nullptr;
    QDockWidget* m_caseDock = nullptr;
    QAction* m_fileCases = nullptr;
    QString m_caseDatabasePath;
    QString m_caseDatabaseState; // what the panel says when the database is missing or broken
    QHash<QString, CaseViewPtr> m_caseViews; // by dump path
    QHash<QString, QString> m_caseMessages; // by dump path: filing, or why it was not filed
    QHash<QString, QString> m_caseFileNames; // dumps reopened from the database: their original name
};

} // namespace hvdump::gui
