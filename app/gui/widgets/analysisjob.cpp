// SPDX-License-Identifier: GPL-2.0-or-later
#include "analysisjob.h"

#include <hvdump/app/gui/models/dumpcopy.h>
#include <hvdump/app/gui/models/sharedanalysis.h>
#include <hvdump/graph/rulecatalogloader.h>
#include <hvdump/parsers/progresssink.h>

#include <QFile>
#include <QPromise>
#include <QtConcurrent>

namespace hvdump::gui {
namespace {

    // the catalog is read once per process; loading never runs code (rules are data). What could
    // not be loaded (a broken rule file) is kept to be shown with every dump's diagnostics
    struct LoadedCatalog
    {
        std::shared_ptr<const graph::RuleCatalog> catalog;
        std::vector<parsers::Diagnostic> problems;
    };

    const LoadedCatalog& loadedCatalog()
    {
        static const LoadedCatalog loaded = [] {
            graph::RuleCatalogLoader loader = graph::loadCatalog({});
            LoadedCatalog out;
            out.problems = loader.diagnostics();
            out.catalog = std::make_shared<const graph::RuleCatalog>(loader.takeCatalog());
            return out;
        }();
        return loaded;
    }

    // maps the core's phases onto one monotonic 0..1000 bar (QFutureInterface throttles the signals)
    class PromiseProgress final : public parsers::ProgressSink
    {
    public:
        explicit PromiseProgress(QPromise<JobStage>& promise)
            : m_promise(promise)
        {
        }
        void progress(std::string_view phase, double fraction) override
        {
            int permille = 0;
            QString text;
            if (phase == "parse") {
                permille = 20 + static_cast<int>(760 * fraction);
                text = QStringLiteral("Parsing");
            } else if (phase == "graph") {
                permille = 790;
                text = QStringLiteral("Building the wait-for graph");
            } else if (phase == "detect") {
                permille = 900;
                text = QStringLiteral("Looking for hangs");
            } else {
                permille = 950 + static_cast<int>(20 * fraction);
                text = QStringLiteral("Matching known hangs");
            }
            report(permille, text);
        }
        void report(int permille, const QString& text)
        {
            m_promise.setProgressValueAndText(permille, text);
        }

    private:
        QPromise<JobStage>& m_promise;
    };

    void runJob(QPromise<JobStage>& promise, const QString& path, const NodeFonts& fonts, std::stop_token stop,
        std::shared_ptr<std::atomic<bool>> done)
    {
        struct Done
        {
            std::atomic<bool>& flag;
            ~Done()
            {
                flag = true;
            }
        } markDone { *done };
        promise.setProgressRange(0, 1000);
        PromiseProgress progress(promise);
        progress.report(1, QStringLiteral("Reading"));
        std::string contents;
        std::string error;
        const std::string file = QFile::encodeName(path).toStdString();
        if (!parsers::readWholeFile(file, contents, error)) {
            promise.addResult(JobStage { JobStage::Kind::Failed, {}, {}, {}, QString::fromStdString(error), {} });
            return;
        }
        auto text = std::make_shared<const RawText>(std::move(contents));
        promise.addResult(JobStage { JobStage::Kind::Text, text, {}, {}, {}, {} });
        if (stop.stop_requested())
            return;
        parsers::ParseOptions options;
        options.source = path.toStdString();
        parsers::ParseResult parsed = parsers::parseText(text->bytes(), options, &progress, stop);
        if (stop.stop_requested() || parsed.status == parsers::ParseStatus::Cancelled)
            return;
        const LoadedCatalog& rules = loadedCatalog();
        parsed.diagnostics.insert(parsed.diagnostics.end(), rules.problems.begin(), rules.problems.end());
        // the threads are shown while the graph is built: publish a copy of the parse
        auto first = std::make_shared<graph::Analysis>();
        first->dump = copyDump(parsed.dump);
        first->diagnostics = parsed.diagnostics;
        first->status = parsed.status;
        ThreadGroupsPtr groups = ThreadGroups::build(first->dump);
        promise.addResult(JobStage { JobStage::Kind::Parsed, {}, std::move(first), {}, {}, std::move(groups) });
        const std::shared_ptr<const graph::RuleCatalog> catalog = rules.catalog;
        AnalysisPtr analysis =
            makeSharedAnalysis([&]() { return graph::analyzeParsed(std::move(parsed), *catalog, &progress, stop); });
        if (stop.stop_requested() || analysis->status == parsers::ParseStatus::Cancelled)
            return;
        promise.addResult(JobStage { JobStage::Kind::Analyzed, {}, analysis, {}, {}, {} });
        progress.report(980, QStringLiteral("Laying out the graph"));
        const ViewGraph::Scope scope =
            analysis->findings.empty() ? ViewGraph::Scope::Whole : ViewGraph::Scope::WhatMatters;
        auto picture = std::make_shared<LaidOutGraph>();
        picture->graph = ViewGraph::build(*analysis, scope, fonts);
        picture->layout = GraphLayouter::layout(picture->graph);
        promise.addResult(JobStage { JobStage::Kind::LaidOut, {}, {}, std::move(picture), {}, {} });
        progress.report(1000, QStringLiteral("Done"));
    }

} // namespace

AnalysisJob::AnalysisJob(QObject* parent)
    : QObject(parent)
    , m_workerDone(std::make_shared<std::atomic<bool>>(false))
{
    connect(&m_watcher, &QFutureWatcher<JobStage>::resultReadyAt, this, &AnalysisJob::onResult);
    connect(&m_watcher, &QFutureWatcher<JobStage>::finished, this, &AnalysisJob::onFinished);
    connect(&m_watcher, &QFutureWatcher<JobStage>::progressValueChanged, this,
        [this](int value) { Q_EMIT progressChanged(value, m_watcher.progressText()); });
}

AnalysisJob::~AnalysisJob()
{
    // the worker notices within a few thousand lines; nobody waits for it here
    m_stop.request_stop();
    m_watcher.disconnect(this);
    m_watcher.cancel();
    // the stages it published may hold the last reference to a copy of a huge dump: let a pool
    // thread drop the results, not the GUI thread (150 ms for 100,000 threads)
    QFuture<JobStage> results = m_watcher.future();
    m_watcher.setFuture(QFuture<JobStage>());
    QThreadPool::globalInstance()->start([results = std::move(results)]() mutable { results = QFuture<JobStage>(); });
}

void AnalysisJob::start(const QString& path, const NodeFonts& fonts)
{
    m_cancelled = false;
    *m_workerDone = false;
    m_stop = std::stop_source();
    m_watcher.setFuture(
        QtConcurrent::run(QThreadPool::globalInstance(), runJob, path, fonts, m_stop.get_token(), m_workerDone));
}

void AnalysisJob::cancel()
{
    if (!isRunning())
        return;
    m_cancelled = true;
    m_stop.request_stop();
    m_watcher.cancel();
}

bool AnalysisJob::isRunning() const
{
    return m_watcher.isRunning();
}

bool AnalysisJob::workerDone() const
{
    return *m_workerDone;
}

void AnalysisJob::onResult(int index)
{
    if (m_cancelled)
        return;
    const JobStage stage = m_watcher.resultAt(index);
    switch (stage.kind) {
    case JobStage::Kind::Text:
        Q_EMIT textLoaded(stage.text);
        break;
    case JobStage::Kind::Parsed:
        Q_EMIT parsed(stage.analysis, stage.groups);
        break;
    case JobStage::Kind::Analyzed:
        Q_EMIT analyzed(stage.analysis);
        break;
    case JobStage::Kind::LaidOut:
        Q_EMIT graphLaidOut(stage.graph);
        break;
    case JobStage::Kind::Failed:
        Q_EMIT failed(stage.error);
        break;
    }
}

void AnalysisJob::onFinished()
{
    // the future keeps every stage it carried until the job is deleted: owners delete finished jobs
    const bool cancelled = m_cancelled || m_watcher.isCanceled();
    if (cancelled)
        Q_EMIT this->cancelled();
    Q_EMIT finished();
}

QFuture<LaidOutGraphPtr> AnalysisJob::layoutAsync(AnalysisPtr analysis, ViewGraph::Scope scope, NodeFonts fonts)
{
    return QtConcurrent::run(QThreadPool::globalInstance(), [analysis, scope, fonts]() -> LaidOutGraphPtr {
        auto picture = std::make_shared<LaidOutGraph>();
        picture->graph = ViewGraph::build(*analysis, scope, fonts);
        picture->layout = GraphLayouter::layout(picture->graph);
        return picture;
    });
}

} // namespace hvdump::gui
