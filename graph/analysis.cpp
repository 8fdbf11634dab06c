// SPDX-License-Identifier: GPL-2.0-or-later
#include "analysis.h"

#include "detectors.h"
#include "diagnosismatcher.h"
#include "graphbuilder.h"
#include "graphquery.h"

#include <hvdump/parsers/progresssink.h>

#include <algorithm>

namespace hvdump::graph {
namespace {

    int severityOrder(FindingKind k)
    {
        switch (k) {
        case FindingKind::Deadlock:
            return 0;
        case FindingKind::LostWakeup:
            return 1;
        case FindingKind::Spin:
            return 2;
        case FindingKind::Stall:
            return 3;
        }
        return 4;
    }

    bool isLock(ResourceKind k)
    {
        return k == ResourceKind::Mutex || k == ResourceKind::RwLock || k == ResourceKind::Spinlock
            || k == ResourceKind::Semaphore || k == ResourceKind::Futex;
    }

    // a finding that stands on a lock whose holder the dump does not state is inferred at best, and
    // says how to find the holder
    void capUnknownOwners(Finding& f, const Graph& g)
    {
        for (const FindingMember& m : f.resources) {
            if (m.vertex == boost::graph_traits<Graph>::null_vertex() || m.vertex >= boost::num_vertices(g))
                continue;
            const Vertex& r = g[m.vertex];
            if (r.ownerHint.empty() || !isLock(r.kind))
                continue;
            f.confidence = weakest(f.confidence, Confidence::Inferred);
            if (f.ownerHint.empty())
                f.ownerHint = "who holds " + r.label + " is not in the dump: " + r.ownerHint;
        }
    }

    // A context caught in a retry loop is marked spinning so the spin detector looks for evidence
    // that it makes no progress. Where none was found it was merely running there (a vhost worker
    // in handle_tx, the task printing a lockdep report): it is not drawn or described as spinning.
    // One caught spinning on a lock keeps the mark: its stack says so.
    void settleLoopSpinning(Graph& g, const std::vector<Finding>& findings)
    {
        std::vector<bool> spinRoot(boost::num_vertices(g), false);
        for (const Finding& f : findings)
            if (f.kind == FindingKind::Spin && f.root < spinRoot.size())
                spinRoot[f.root] = true;
        for (VertexId v : boost::make_iterator_range(boost::vertices(g))) {
            if (!isContext(g, v) || !g[v].spinning || spinRoot[v])
                continue;
            bool spinsOnSomething = false;
            for (EdgeId e : boost::make_iterator_range(boost::out_edges(v, g)))
                spinsOnSomething = spinsOnSomething || (g[e].kind == EdgeKind::Waits && g[e].spinning);
            g[v].spinning = spinsOnSomething;
            if (!spinsOnSomething && g[v].waitWhat.starts_with("loops in "))
                g[v].waitWhat.replace(0, 5, "runs"); // "runs in handle_tx"
        }
    }

} // namespace

Analysis analyzeParsed(
    parsers::ParseResult parsed, const RuleCatalog& catalog, parsers::ProgressSink* progress, std::stop_token stop)
{
    Analysis a;
    a.dump = std::move(parsed.dump);
    a.diagnostics = std::move(parsed.diagnostics);
    a.status = parsed.status;
    if (a.status == parsers::ParseStatus::Cancelled || stop.stop_requested()) {
        a.status = parsers::ParseStatus::Cancelled;
        return a;
    }
    if (progress)
        progress->progress("graph", 0);
    a.graph = buildGraph(a.dump, catalog);
    if (stop.stop_requested()) {
        a.status = parsers::ParseStatus::Cancelled;
        return a;
    }
    if (progress)
        progress->progress("detect", 0);
    a.findings = runDetectors(a.graph, a.dump);
    settleLoopSpinning(a.graph, a.findings);
    if (progress)
        progress->progress("rules", 0);
    applyDiagnoses(a.findings, a.graph, a.dump, catalog);
    for (Finding& f : a.findings)
        capUnknownOwners(f, a.graph);
    std::stable_sort(a.findings.begin(), a.findings.end(),
        [](const Finding& x, const Finding& y) { return severityOrder(x.kind) < severityOrder(y.kind); });
    if (progress)
        progress->progress("rules", 1);
    return a;
}

Analysis analyzeFile(const std::string& path, const parsers::ParseOptions& options, const RuleCatalog& catalog,
    parsers::ProgressSink* progress, std::stop_token stop)
{
    return analyzeParsed(parsers::parseFile(path, options, progress, stop), catalog, progress, stop);
}

Analysis analyzeText(std::string_view text, const parsers::ParseOptions& options, const RuleCatalog& catalog,
    parsers::ProgressSink* progress, std::stop_token stop)
{
    return analyzeParsed(parsers::parseText(text, options, progress, stop), catalog, progress, stop);
}

} // namespace hvdump::graph
