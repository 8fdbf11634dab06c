// SPDX-License-Identifier: GPL-2.0-or-later
#include "dumppage.h"

#include "findingspanel.h"
#include "graphscene.h"
#include "graphview.h"
#include "rawtextview.h"
#include "threadspanel.h"

#include <hvdump/app/gui/models/diagnosticsmodel.h>
#include <hvdump/app/gui/models/findingsmodel.h>
#include <hvdump/app/gui/models/guitext.h>

#include <QCheckBox>
#include <QDateTime>
#include <QEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

namespace hvdump::gui {

DumpPage::DumpPage(const QString& path, QWidget* parent)
    : QWidget(parent)
    , m_path(path)
    , m_diagnostics(new DiagnosticsModel(this))
{
    buildUi();
}

DumpPage::~DumpPage() = default;

void DumpPage::buildUi()
{
    m_progressRow = new QWidget(this);
    m_progressLabel = new QLabel(QStringLiteral("Reading\u2026"), m_progressRow);
    m_progress = new QProgressBar(m_progressRow);
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_cancel = new QPushButton(QStringLiteral("Cancel"), m_progressRow);
    m_cancel->setToolTip(QStringLiteral("Stop reading this dump (Esc)"));
    auto* progressLayout = new QHBoxLayout(m_progressRow);
    progressLayout->setContentsMargins(6, 4, 6, 4);
    progressLayout->addWidget(m_progressLabel);
    progressLayout->addWidget(m_progress, 1);
    progressLayout->addWidget(m_cancel);
    connect(m_cancel, &QPushButton::clicked, this, &DumpPage::cancel);

    m_threads = new ThreadsPanel(this);
    m_findings = new FindingsPanel(this);
    m_raw = new RawTextView(this);
    m_scene = new GraphScene(this);
    m_graphView = new GraphView(this);
    m_graphView->setGraphScene(m_scene);
    m_graphView->setPlaceholder(QStringLiteral("Analyzing\u2026"));

    auto* graphBox = new QWidget(this);
    m_scopeBox = new QCheckBox(QStringLiteral("Only what matters"), graphBox);
    m_scopeBox->setChecked(true);
    m_scopeBox->setToolTip(QStringLiteral("Show only the findings' contexts, resources and chains, "
                                          "or the whole wait-for graph"));
    m_graphInfo = new QLabel(graphBox);
    m_graphInfo->setForegroundRole(QPalette::PlaceholderText);
    auto* fit = new QToolButton(graphBox);
    fit->setText(QStringLiteral("Fit"));
    fit->setToolTip(QStringLiteral("Fit the graph to the view (F)"));
    auto* zoomOut = new QToolButton(graphBox);
    zoomOut->setText(QStringLiteral("\u2212"));
    zoomOut->setToolTip(QStringLiteral("Zoom out (-, Ctrl+wheel)"));
    auto* zoomIn = new QToolButton(graphBox);
    zoomIn->setText(QStringLiteral("+"));
    zoomIn->setToolTip(QStringLiteral("Zoom in (+, Ctrl+wheel)"));
    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 2);
    bar->addWidget(m_scopeBox);
    bar->addSpacing(12);
    bar->addWidget(m_graphInfo, 1);
    bar->addWidget(zoomOut);
    bar->addWidget(zoomIn);
    bar->addWidget(fit);
    auto* graphLayout = new QVBoxLayout(graphBox);
    graphLayout->setContentsMargins(0, 0, 0, 0);
    graphLayout->setSpacing(0);
    graphLayout->addLayout(bar);
    graphLayout->addWidget(m_graphView, 1);
    connect(fit, &QToolButton::clicked, m_graphView, &GraphView::fitGraph);
    connect(zoomIn, &QToolButton::clicked, m_graphView, &GraphView::zoomIn);
    connect(zoomOut, &QToolButton::clicked, m_graphView, &GraphView::zoomOut);
    connect(m_scopeBox, &QCheckBox::toggled, this,
        [this](bool only) { setScope(only ? ViewGraph::Scope::WhatMatters : ViewGraph::Scope::Whole); });

    m_centerSplitter = new QSplitter(Qt::Vertical, this);
    m_centerSplitter->setObjectName(QStringLiteral("centerSplitter"));
    m_centerSplitter->addWidget(graphBox);
    m_centerSplitter->addWidget(m_raw);
    m_centerSplitter->setStretchFactor(0, 3);
    m_centerSplitter->setStretchFactor(1, 1);
    m_mainSplitter = new QSplitter(Qt::Horizontal, this);
    m_mainSplitter->setObjectName(QStringLiteral("pageSplitter"));
    m_mainSplitter->addWidget(m_threads);
    m_mainSplitter->addWidget(m_centerSplitter);
    m_mainSplitter->addWidget(m_findings);
    m_mainSplitter->setStretchFactor(0, 2);
    m_mainSplitter->setStretchFactor(1, 5);
    m_mainSplitter->setStretchFactor(2, 3);
    m_mainSplitter->setSizes({ 420, 740, 440 });
    m_centerSplitter->setSizes({ 600, 220 });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_progressRow);
    layout->addWidget(m_mainSplitter, 1);

    connect(m_scene, &GraphScene::nodeSelected, this, &DumpPage::onNodeSelected);
    connect(m_threads, &ThreadsPanel::threadSelected, this, &DumpPage::onThreadSelected);
    connect(m_threads, &ThreadsPanel::linesRequested, this, [this](parsers::LineSpan context, parsers::LineSpan item) {
        showLines(context, item.valid() ? std::vector<parsers::LineSpan> { item } : std::vector<parsers::LineSpan> {});
    });
    connect(m_findings, &FindingsPanel::findingSelected, this, &DumpPage::onFindingSelected);
    connect(m_findings, &FindingsPanel::evidenceActivated, this,
        [this](parsers::LineSpan span) { showLines({}, { span }); });
}

QList<QSplitter*> DumpPage::splitters() const
{
    return findChildren<QSplitter*>();
}

NodeFonts DumpPage::nodeFonts() const
{
    return NodeFonts::fromBase(font());
}

LaidOutGraphPtr DumpPage::graph() const
{
    return m_scene->graph();
}

void DumpPage::start()
{
    delete m_job;
    m_job = new AnalysisJob(this);
    m_startedMs = QDateTime::currentMSecsSinceEpoch();
    m_graphReady = false;
    m_progressRow->show();
    m_cancel->setEnabled(true);
    setState(State::Loading, QStringLiteral("Reading %1\u2026").arg(QFileInfo(m_path).fileName()));
    connect(m_job, &AnalysisJob::progressChanged, this, [this](int permille, const QString& phase) {
        m_progress->setValue(permille);
        if (!phase.isEmpty())
            m_progressLabel->setText(phase + QStringLiteral("\u2026"));
    });
    connect(m_job, &AnalysisJob::textLoaded, this, [this](RawTextPtr text) {
        m_text = text;
        m_raw->setText(std::move(text));
    });
    connect(m_job, &AnalysisJob::parsed, this, &DumpPage::onParsed);
    connect(m_job, &AnalysisJob::analyzed, this, &DumpPage::onAnalyzed);
    connect(m_job, &AnalysisJob::graphLaidOut, this, &DumpPage::onGraph);
    connect(m_job, &AnalysisJob::failed, this, [this](const QString& message) {
        m_graphView->setPlaceholder(QStringLiteral("Could not read this file: ") + message);
        m_findings->setPlaceholder(QStringLiteral("Could not read %1: %2").arg(m_path, message));
        setState(State::Failed, QStringLiteral("%1: %2").arg(QFileInfo(m_path).fileName(), message));
    });
    connect(m_job, &AnalysisJob::cancelled, this, [this]() {
        m_graphView->setPlaceholder(QStringLiteral("Cancelled. Reload the file to analyze it again."));
        m_findings->setPlaceholder(QStringLiteral("Analysis cancelled."));
        setState(State::Cancelled, QStringLiteral("%1: cancelled").arg(QFileInfo(m_path).fileName()));
    });
    connect(m_job, &AnalysisJob::finished, this, [this]() {
        m_progressRow->hide();
        if (m_state == State::Loading) // the job ended without a result: treat as done
            setState(State::Ready, m_statusText);
        // the finished job still holds every stage it published
        m_job->deleteLater();
        m_job = nullptr;
    });
    m_job->start(m_path, nodeFonts());
}

void DumpPage::cancel()
{
    if (m_job && m_job->isRunning()) {
        m_cancel->setEnabled(false);
        m_progressLabel->setText(QStringLiteral("Cancelling\u2026"));
        m_job->cancel();
    }
}

void DumpPage::setState(State state, const QString& status)
{
    m_statusText = status;
    Q_EMIT statusTextChanged(status);
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void DumpPage::onParsed(AnalysisPtr analysis, ThreadGroupsPtr groups)
{
    m_analysis = analysis;
    m_threads->setAnalysis(analysis, std::move(groups));
    m_diagnostics->setDiagnostics(analysis->diagnostics, m_path.toStdString());
    m_findings->setPlaceholder(
        QStringLiteral("%1 stacks read; looking for hangs\u2026").arg(analysis->dump.threads.size()));
    m_statusText = QStringLiteral("%1: %2 stacks read, analyzing\u2026")
                       .arg(QFileInfo(m_path).fileName())
                       .arg(analysis->dump.threads.size());
    Q_EMIT statusTextChanged(m_statusText);
}

void DumpPage::onAnalyzed(AnalysisPtr analysis)
{
    // same dump as the parse stage: swap it in under the views without resetting them
    m_analysis = analysis;
    m_threads->rebind(analysis);
    m_findings->setAnalysis(analysis);
    m_scope = analysis->findings.empty() ? ViewGraph::Scope::Whole : ViewGraph::Scope::WhatMatters;
    {
        const QSignalBlocker blocker(m_scopeBox);
        m_scopeBox->setChecked(m_scope == ViewGraph::Scope::WhatMatters);
    }
    m_scopeBox->setEnabled(!analysis->findings.empty());
    m_graphView->setPlaceholder(QStringLiteral("Laying out the graph\u2026"));
    const double seconds = (QDateTime::currentMSecsSinceEpoch() - m_startedMs) / 1000.0;
    QString status =
        QStringLiteral("%1: %2 stacks, ").arg(QFileInfo(m_path).fileName()).arg(analysis->dump.threads.size());
    status += analysis->findings.empty() ? QStringLiteral("no hang found")
                                         : QStringLiteral("%1 finding(s), first: %2")
                                               .arg(analysis->findings.size())
                                               .arg(toQString(analysis->findings.front().title));
    status += QStringLiteral(" (%1 s)").arg(seconds, 0, 'f', 2);
    if (analysis->status == parsers::ParseStatus::Partial)
        status += QStringLiteral("; parts of the input could not be read");
    setState(State::Ready, status);
    Q_EMIT analysisFinished(m_path, analysis);
}

void DumpPage::onGraph(LaidOutGraphPtr graph)
{
    const parsers::ThreadId selectedThread = m_threads->selectedThread();
    m_scene->setGraph(graph, GraphStyle::forPalette(m_graphView->palette()), nodeFonts());
    m_graphView->fitGraph();
    m_graphView->setMessage(graph ? graph->layout.message : QString());
    m_graphReady = true;
    if (graph && graph->graph.nodes().empty())
        m_graphView->setPlaceholder(QStringLiteral("No waits found: no context is blocked on anything the rule "
                                                   "catalog knows."));
    if (graph) {
        const ViewGraph& g = graph->graph;
        QString info = QStringLiteral("%1 nodes, %2 edges").arg(g.nodes().size()).arg(g.edges().size());
        if (g.omittedContexts() > 0)
            info += QStringLiteral(" (%1 contexts with no wait left out)").arg(g.omittedContexts());
        m_graphInfo->setText(info);
        // keep the selected thread selected across a change of scope
        const int node = selectedThread.valid() ? g.nodeOfThread(selectedThread) : -1;
        if (node >= 0) {
            const QSignalBlocker blocker(m_scene);
            m_scene->selectNode(node);
        }
    }
    Q_EMIT graphChanged();
}

void DumpPage::setScope(ViewGraph::Scope scope)
{
    if (!m_analysis || scope == m_scope || !m_graphReady)
        return;
    m_scope = scope;
    {
        const QSignalBlocker blocker(m_scopeBox);
        m_scopeBox->setChecked(scope == ViewGraph::Scope::WhatMatters);
    }
    const quint64 generation = ++m_layoutGeneration;
    auto* watcher = new QFutureWatcher<LaidOutGraphPtr>(this);
    connect(watcher, &QFutureWatcher<LaidOutGraphPtr>::finished, this, [this, watcher, generation]() {
        if (generation == m_layoutGeneration && !watcher->isCanceled())
            onGraph(watcher->result());
        watcher->deleteLater();
    });
    m_graphReady = false;
    watcher->setFuture(AnalysisJob::layoutAsync(m_analysis, scope, nodeFonts()));
}

void DumpPage::showLines(parsers::LineSpan context, std::vector<parsers::LineSpan> strong)
{
    const int reveal = !strong.empty() && strong.front().valid() ? static_cast<int>(strong.front().first)
                                                                 : static_cast<int>(context.first);
    m_raw->setHighlights(context, std::move(strong));
    m_raw->revealLine(reveal);
}

void DumpPage::onNodeSelected(int index)
{
    if (m_syncing || index < 0 || !m_scene->graph())
        return;
    const ViewNode& node = m_scene->graph()->graph.nodes()[static_cast<std::size_t>(index)];
    m_syncing = true;
    if (node.thread.valid() && m_analysis) {
        m_threads->selectThread(node.thread);
        showLines(m_analysis->dump.thread(node.thread).span, {});
    } else {
        showLines({}, { node.span });
    }
    m_syncing = false;
}

void DumpPage::onThreadSelected(parsers::ThreadId thread)
{
    if (m_syncing || !m_scene->graph())
        return;
    const int node = m_scene->graph()->graph.nodeOfThread(thread);
    m_syncing = true;
    m_scene->selectNode(node);
    if (node >= 0)
        m_graphView->revealNode(node);
    m_syncing = false;
}

void DumpPage::onFindingSelected(int index)
{
    if (!m_analysis || index < 0 || static_cast<std::size_t>(index) >= m_analysis->findings.size())
        return;
    const graph::Finding& finding = m_analysis->findings[static_cast<std::size_t>(index)];
    // the root's stack in the threads panel and its node in the graph, then the evidence lines
    if (finding.root < boost::num_vertices(m_analysis->graph)) {
        const parsers::ThreadId root = m_analysis->graph[finding.root].thread;
        if (root.valid())
            m_threads->selectThread(root);
    }
    std::vector<parsers::LineSpan> spans;
    for (const graph::Evidence& e : finding.evidence)
        if (e.span.valid())
            spans.push_back(e.span);
    showLines({}, std::move(spans));
}

void DumpPage::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_scene->graph()) {
        const int selected = m_scene->selectedNode();
        const QSignalBlocker blocker(m_scene);
        m_scene->setGraph(m_scene->graph(), GraphStyle::forPalette(m_graphView->palette()), nodeFonts());
        m_scene->selectNode(selected);
    }
}

} // namespace hvdump::gui
