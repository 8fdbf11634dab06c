// SPDX-License-Identifier: GPL-2.0-or-later
// One dump in its own tab: threads and stacks on the left, the wait-for graph above the raw
// text in the middle, the findings on the right, and a progress bar with Cancel while the
// AnalysisJob runs. Selections are linked: a graph node selects its thread, a thread its node
// and its lines, a finding's evidence its lines. Publishes the finished analysis through
// analysisFinished() so other panels (the case database) can file or look it up.
#pragma once

#include "analysisjob.h"

#include <QFutureWatcher>
#include <QWidget>

class QCheckBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSplitter;

namespace hvdump::gui {

class DiagnosticsModel;
class FindingsPanel;
class GraphScene;
class GraphView;
class RawTextView;
class ThreadsPanel;

class DumpPage final : public QWidget
{
    Q_OBJECT
public:
    enum class State { Loading, Ready, Cancelled, Failed };

    explicit DumpPage(const QString& path, QWidget* parent = nullptr);
    ~DumpPage() override;

    void start();
    void cancel();
    QString path() const
    {
        return m_path;
    }
    State state() const
    {
        return m_state;
    }
    /// True once the graph is laid out (or there is none to draw).
    bool graphReady() const
    {
        return m_graphReady;
    }
    QString statusText() const
    {
        return m_statusText;
    }

    AnalysisPtr analysis() const
    {
        return m_analysis;
    }
    LaidOutGraphPtr graph() const;
    RawTextPtr text() const
    {
        return m_text;
    }
    AnalysisJob* job() const
    {
        return m_job;
    }

    ViewGraph::Scope scope() const
    {
        return m_scope;
    }
    void setScope(ViewGraph::Scope scope);

    FindingsPanel* findingsPanel() const
    {
        return m_findings;
    }
    ThreadsPanel* threadsPanel() const
    {
        return m_threads;
    }
    GraphView* graphView() const
    {
        return m_graphView;
    }
    GraphScene* graphScene() const
    {
        return m_scene;
    }
    RawTextView* rawTextView() const
    {
        return m_raw;
    }
    DiagnosticsModel* diagnosticsModel() const
    {
        return m_diagnostics;
    }
    QList<QSplitter*> splitters() const;

    /// Highlights lines in the raw text and scrolls to the first strong one (or the context).
    void showLines(parsers::LineSpan context, std::vector<parsers::LineSpan> strong);

Q_SIGNALS:
    void stateChanged(hvdump::gui::DumpPage::State state);
    void statusTextChanged(const QString& text);
    void graphChanged();
    /// The analysis is complete (findings and graph): the seam for filing it elsewhere.
    void analysisFinished(const QString& path, hvdump::gui::AnalysisPtr analysis);

protected:
    void changeEvent(QEvent* event) override;

private:
    void buildUi();
    void setState(State state, const QString& status);
    void onParsed(AnalysisPtr analysis, ThreadGroupsPtr groups);
    void onAnalyzed(AnalysisPtr analysis);
    void onGraph(LaidOutGraphPtr graph);
    void onNodeSelected(int index);
    void onThreadSelected(parsers::ThreadId thread);
    void onFindingSelected(int index);
    NodeFonts nodeFonts() const;

    QString m_path;
    State m_state = State::Loading;
    QString m_statusText;
    AnalysisJob* m_job = nullptr;
    AnalysisPtr m_analysis;
    RawTextPtr m_text;
    ViewGraph::Scope m_scope = ViewGraph::Scope::WhatMatters;
    bool m_graphReady = false;
    bool m_syncing = false;
    quint64 m_layoutGeneration = 0;
    qint64 m_startedMs = 0;

    QWidget* m_progressRow = nullptr;
    QLabel* m_progressLabel = nullptr;
    QProgressBar* m_progress = nullptr;
    QPushButton* m_cancel = nullptr;
    QCheckBox* m_scopeBox = nullptr;
    QLabel* m_graphInfo = nullptr;
    ThreadsPanel* m_threads = nullptr;
    GraphView* m_graphView = nullptr;
    GraphScene* m_scene = nullptr;
    RawTextView* m_raw = nullptr;
    FindingsPanel* m_findings = nullptr;
    DiagnosticsModel* m_diagnostics = nullptr;
    QSplitter* m_mainSplitter = nullptr;
    QSplitter* m_centerSplitter = nullptr;
};

} // namespace hvdump::gui
