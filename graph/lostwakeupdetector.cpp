// SPDX-License-Identifier: GPL-2.0-or-later
#include "lostwakeupdetector.h"

#include "graphquery.h"

#include <unordered_set>

namespace hvdump::graph {

bool isWakeableKind(ResourceKind k)
{
    return k == ResourceKind::CondVar || k == ResourceKind::Event || k == ResourceKind::Completion
        || k == ResourceKind::PollSet || k == ResourceKind::WaitQueue || k == ResourceKind::Futex;
}

namespace {

    std::vector<bool> inDeadlockCycles(const Graph& g, const std::vector<Finding>& deadlocks)
    {
        std::vector<bool> in(boost::num_vertices(g));
        for (const Finding& f : deadlocks)
            for (const std::vector<EdgeId>& cycle : f.cycles)
                for (EdgeId e : cycle)
                    in[boost::source(e, g)] = true;
        return in;
    }

    // a signaller that runs may still wake the waiter; one that is itself waiting may wake it once
    // its own wait ends (then the waiter is behind that chain, not a lost wakeup)
    bool someoneCanSignal(const Graph& g, VertexId resource, VertexId waiter)
    {
        for (EdgeId s : boost::make_iterator_range(boost::out_edges(resource, g))) {
            if (g[s].kind != EdgeKind::Signals)
                continue;
            const VertexId c = boost::target(s, g);
            if (c != waiter && (g[c].live || !stuckWaits(g, c).empty()))
                return true;
        }
        return false;
    }

} // namespace

std::vector<Finding> findLostWakeups(const Graph& g, const parsers::Dump& dump, const std::vector<Finding>& deadlocks)
{
    (void)dump; // the graph holds all this detector needs; kept for a uniform detector signature
    std::vector<Finding> findings;
    const std::vector<bool> inCycle = inDeadlockCycles(g, deadlocks);
    for (VertexId v : boost::make_iterator_range(boost::vertices(g))) {
        if (!isContext(g, v) || inCycle[v])
            continue;
        std::vector<EdgeId> waits;
        for (EdgeId w : stuckWaits(g, v)) {
            const VertexId r = boost::target(w, g);
            if (!g[w].spinning && isWakeableKind(g[r].kind) && !someoneCanSignal(g, r, v))
                waits.push_back(w);
        }
        if (waits.empty())
            continue;
        // what the waiter holds that others are stuck on
        std::vector<EdgeId> holds, blockedWaits;
        for (EdgeId h : boost::make_iterator_range(boost::in_edges(v, g))) {
            if (g[h].kind != EdgeKind::Holds)
                continue;
            const VertexId held = boost::source(h, g);
            bool used = false;
            for (EdgeId w : boost::make_iterator_range(boost::in_edges(held, g))) {
                if (boost::source(w, g) == v || !blocksForever(g, w))
                    continue;
                blockedWaits.push_back(w);
                used = true;
            }
            if (used)
                holds.push_back(h);
        }
        if (holds.empty())
            continue;
        Finding f;
        f.kind = FindingKind::LostWakeup;
        f.root = v;
        f.contexts.push_back({ v, g[v].label, "waiter" });
        for (EdgeId w : waits)
            f.resources.push_back({ boost::target(w, g), g[boost::target(w, g)].label, "waited" });
        for (EdgeId h : holds)
            f.resources.push_back({ boost::source(h, g), g[boost::source(h, g)].label, "held" });
        std::unordered_set<VertexId> members { v };
        for (EdgeId w : blockedWaits) {
            const VertexId b = boost::source(w, g);
            if (members.insert(b).second)
                f.contexts.push_back({ b, g[b].label, "blocked" });
        }
        f.edges = waits;
        f.edges.insert(f.edges.end(), holds.begin(), holds.end());
        f.edges.insert(f.edges.end(), blockedWaits.begin(), blockedWaits.end());
        // "nobody can signal" rests on what the graph lacks: never stated, at best derived
        f.confidence = weakestOf(g, f.edges, Confidence::Derived);
        for (EdgeId e : f.edges)
            f.evidence.insert(f.evidence.end(), g[e].evidence.begin(), g[e].evidence.end());
        dedupeEvidence(f.evidence);
        f.summary = g[v].label + " waits without timeout for " + f.resources.front().label
            + " that no live context can signal, while holding " + g[boost::source(holds.front(), g)].label + " that "
            + std::to_string(f.contexts.size() - 1) + (f.contexts.size() == 2 ? " context waits" : " contexts wait")
            + " for.";
        findings.push_back(std::move(f));
    }
    return findings;
}

} // namespace hvdump::graph
