// SPDX-License-Identifier: GPL-2.0-or-later
// Reads, parses, analyzes and lays out one dump on the thread pool, publishing in stages as
// each part becomes usable: the raw text, then the threads (parse done), then the findings
// (graph built), then the laid-out graph. Cancel() stops the parser through its stop token;
// after it nothing more is published. Results travel through a QPromise/QFutureWatcher pair, so
// a destroyed job simply never hears from its worker again; the GUI thread never waits.
#pragma once

#include <hvdump/app/gui/models/graphlayout.h>
#include <hvdump/app/gui/models/rawtext.h>
#include <hvdump/app/gui/models/threadgroupmodel.h>
#include <hvdump/graph/analysis.h>

#include <QFutureWatcher>
#include <QObject>

#include <atomic>
#include <memory>
#include <stop_token>

namespace hvdump::gui {

using AnalysisPtr = std::shared_ptr<const graph::Analysis>;
using LaidOutGraphPtr = std::shared_ptr<const LaidOutGraph>;

struct JobStage
{
    enum class Kind { Text, Parsed, Analyzed, LaidOut, Failed } kind = Kind::Failed;
    RawTextPtr text;
    AnalysisPtr analysis;
    LaidOutGraphPtr graph;
    QString error;
    ThreadGroupsPtr groups; // Parsed: the threads grouped by stack, built here rather than on the GUI thread
};

class AnalysisJob : public QObject
{
    Q_OBJECT
public:
    explicit AnalysisJob(QObject* parent = nullptr);
    ~AnalysisJob() override;

    /// Starts on the global thread pool; fonts size the graph's nodes.
    void start(const QString& path, const NodeFonts& fonts);
    void cancel();
    bool isRunning() const;
    /// True once the worker has returned (after finishing or noticing a cancel).
    bool workerDone() const;

    /// Lays out an analysis in another scope on the thread pool (for the "only what matters" toggle).
    static QFuture<LaidOutGraphPtr> layoutAsync(AnalysisPtr analysis, ViewGraph::Scope scope, NodeFonts fonts);

Q_SIGNALS:
    void progressChanged(int permille, const QString& phase);
    void textLoaded(hvdump::gui::RawTextPtr text);
    void parsed(hvdump::gui::AnalysisPtr analysis,
        hvdump::gui::ThreadGroupsPtr groups); // threads and diagnostics; no graph yet
    void analyzed(hvdump::gui::AnalysisPtr analysis); // graph and findings
    void graphLaidOut(hvdump::gui::LaidOutGraphPtr graph);
    void failed(const QString& message);
    void cancelled();
    void finished();

private:
    void onResult(int index);
    void onFinished();

    QFutureWatcher<JobStage> m_watcher;
    std::stop_source m_stop;
    std::shared_ptr<std::atomic<bool>> m_workerDone;
    bool m_cancelled = false;
};

} // namespace hvdump::gui
