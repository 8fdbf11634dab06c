// SPDX-License-Identifier: GPL-2.0-or-later
#include "stalldetector.h"

#include "graphquery.h"
#include "lostwakeupdetector.h"

#include <algorithm>
#include <deque>
#include <unordered_map>
#include <unordered_set>

namespace hvdump::graph {
namespace {

    struct Root
    {
        int finding = -1; // index into `earlier`, or -1 for a vertex root
        VertexId vertex = noVertex; // external party, or the end of a chain the dump states stuck
        std::vector<VertexId> seeds;
    };

    struct Chains
    {
        std::vector<int> rootOf; // root index per vertex, -1 when not behind a root
        std::vector<bool> member; // the vertex is part of the root itself
        std::vector<std::uint32_t> depth;
        std::vector<const Edge*> parent; // first edge from the vertex towards its root (nullptr: none)
        std::vector<EdgeId> parentEdge;
        std::vector<std::vector<EdgeId>> statedPath; // a stated-stuck waiter: its edges to the chain's end
        std::vector<std::vector<Evidence>> why; // stated-stuck evidence
    };

    // roots in a fixed order: deadlocks, lost wakeups, spins (as found), then external parties
    std::vector<Root> collectRoots(const Graph& g, const std::vector<Finding>& earlier)
    {
        std::vector<Root> roots;
        for (FindingKind kind : { FindingKind::Deadlock, FindingKind::LostWakeup, FindingKind::Spin }) {
            for (std::size_t i = 0; i < earlier.size(); ++i) {
                const Finding& f = earlier[i];
                if (f.kind != kind)
                    continue;
                Root r;
                r.finding = int(i);
                std::unordered_set<VertexId> seen;
                for (const std::vector<EdgeId>& cycle : f.cycles)
                    for (EdgeId e : cycle)
                        if (seen.insert(boost::source(e, g)).second)
                            r.seeds.push_back(boost::source(e, g));
                if (f.cycles.empty() && f.root != noVertex && kind != FindingKind::Deadlock)
                    r.seeds.push_back(f.root);
                if (!r.seeds.empty())
                    roots.push_back(std::move(r));
            }
        }
        for (VertexId v : boost::make_iterator_range(boost::vertices(g)))
            if (!isContext(g, v) && g[v].kind == ResourceKind::External)
                roots.push_back({ -1, v, { v } });
        return roots;
    }

    // multi-source BFS against the edges: from a root to the resources it holds or signals, from a
    // resource to the contexts stuck waiting on it; the nearest root wins, ties by root order
    void spreadFrom(const Graph& g, std::deque<VertexId>& queue, Chains& c)
    {
        while (!queue.empty()) {
            const VertexId x = queue.front();
            queue.pop_front();
            for (EdgeId e : boost::make_iterator_range(boost::in_edges(x, g))) {
                const VertexId y = boost::source(e, g);
                if (c.rootOf[y] >= 0)
                    continue;
                const bool ownerEdge =
                    isContext(g, x) && (g[e].kind == EdgeKind::Holds || g[e].kind == EdgeKind::Signals);
                // spinning on an external party is the spin detector's call: without its evidence a
                // spinner caught on CPU is not stuck
                const bool externalSpin = g[e].spinning && g[x].kind == ResourceKind::External;
                const bool stuckWait = !isContext(g, x) && blocksForever(g, e) && !externalSpin;
                if (!ownerEdge && !stuckWait)
                    continue;
                c.rootOf[y] = c.rootOf[x];
                c.depth[y] = c.depth[x] + (stuckWait ? 1 : 0);
                c.parent[y] = &g[e];
                c.parentEdge[y] = e;
                queue.push_back(y);
            }
        }
    }

    // where a chain the dump states stuck ends: the first context that is not stuck itself, or a
    // resource nobody is known to hold; returns the end and the edges leading to it
    VertexId chainEnd(const Graph& g, VertexId start, std::vector<EdgeId>& edges)
    {
        // maps, not vectors: many stated-stuck waiters each walk a short chain of a large graph
        std::unordered_map<VertexId, EdgeId> parent;
        std::unordered_set<VertexId> seen { start };
        std::deque<VertexId> queue { start };
        VertexId end = noVertex;
        while (!queue.empty() && end == noVertex) {
            const VertexId x = queue.front();
            queue.pop_front();
            for (EdgeId w : stuckWaits(g, x)) {
                const VertexId r = boost::target(w, g);
                if (!seen.insert(r).second)
                    continue;
                parent[r] = w;
                const std::vector<EdgeId> owners = ownerEdges(g, r);
                if (owners.empty()) {
                    end = r;
                    break;
                }
                for (EdgeId o : owners) {
                    const VertexId y = boost::target(o, g);
                    if (!seen.insert(y).second)
                        continue;
                    parent[y] = o;
                    if (stuckWaits(g, y).empty()) {
                        end = y;
                        break;
                    }
                    queue.push_back(y);
                }
                if (end != noVertex)
                    break;
            }
        }
        if (end == noVertex)
            return start; // a loop of waits the deadlock detector did not take: the waiter is its own end
        for (VertexId v = end; v != start; v = boost::source(parent[v], g))
            edges.insert(edges.begin(), parent[v]);
        return end;
    }

    void addStatedStuck(const Graph& g, const parsers::Dump& dump, std::vector<Root>& roots, Chains& c)
    {
        std::unordered_map<VertexId, int> rootAt; // chain end -> root index
        for (VertexId v : boost::make_iterator_range(boost::vertices(g))) {
            if (!isContext(g, v) || c.rootOf[v] >= 0 || stuckWaits(g, v).empty())
                continue;
            std::vector<Evidence> why;
            if (!statedStuck(g, dump, v, &why))
                continue;
            std::vector<EdgeId> edges;
            const VertexId end = chainEnd(g, v, edges);
            auto [it, added] = rootAt.emplace(end, int(roots.size()));
            if (added)
                roots.push_back({ -1, end, {} });
            c.rootOf[v] = it->second;
            c.member[v] = end == v; // its own end: it is the root, not one blocked behind it
            c.why[v] = std::move(why);
            std::uint32_t depth = 0;
            for (EdgeId e : edges)
                depth += g[e].kind == EdgeKind::Waits ? 1 : 0;
            c.depth[v] = depth;
            c.statedPath[v] = std::move(edges);
            std::deque<VertexId> queue { v }; // who waits behind a stuck waiter is stuck too
            spreadFrom(g, queue, c);
        }
    }

    std::string rootText(const Graph& g, const Root& r, const std::vector<Finding>& earlier)
    {
        if (r.finding >= 0) {
            const Finding& f = earlier[std::size_t(r.finding)];
            const std::string& who = g[f.root].label;
            switch (f.kind) {
            case FindingKind::Deadlock:
                return "the deadlock of " + who + (f.contexts.size() > 1 ? " and others" : "");
            case FindingKind::Spin:
                return who + ", which spins without progress";
            case FindingKind::LostWakeup:
                return who + ", which waits for a wakeup that never comes";
            case FindingKind::Stall:
                break;
            }
            return who;
        }
        if (!isContext(g, r.vertex) && g[r.vertex].kind == ResourceKind::External)
            return g[r.vertex].label + ", a party outside the dump";
        // a lock has a holder; an event, condition or unknown wait has someone who should end it
        if (!isContext(g, r.vertex) && g[r.vertex].kind == ResourceKind::Unknown)
            return g[r.vertex].label + ", which nothing in the dump is seen to end";
        if (!isContext(g, r.vertex) && isWakeableKind(g[r.vertex].kind) && g[r.vertex].kind != ResourceKind::Futex)
            return g[r.vertex].label + ", which nothing in the dump is seen to signal";
        if (!isContext(g, r.vertex))
            return g[r.vertex].label + ", whose holder the dump does not show";
        return g[r.vertex].label + ", which the dump does not show stuck";
    }

    Finding makeStall(const Graph& g, const Root& r, const std::vector<VertexId>& blocked, const Chains& c,
        const std::vector<Finding>& earlier)
    {
        Finding f;
        f.kind = FindingKind::Stall;
        f.root = r.finding >= 0 ? earlier[std::size_t(r.finding)].root : r.vertex;
        if (isContext(g, f.root))
            f.contexts.push_back({ f.root, g[f.root].label, "root", 0 });
        else
            f.resources.push_back({ f.root, g[f.root].label, "root", 0 });
        std::unordered_set<const Edge*> edgeSeen;
        std::unordered_set<VertexId> resourceSeen { f.root };
        auto addEdge = [&](EdgeId e) {
            if (!edgeSeen.insert(&g[e]).second)
                return false;
            f.edges.push_back(e);
            const VertexId res = g[e].kind == EdgeKind::Waits ? boost::target(e, g) : boost::source(e, g);
            if (resourceSeen.insert(res).second)
                f.resources.push_back({ res, g[res].label, "waited", 0 });
            return true;
        };
        for (VertexId v : blocked) {
            f.contexts.push_back({ v, g[v].label, "waiter", c.depth[v] });
            f.blockedCount += g[v].count;
            // walk towards the root until the chain joins edges already taken: linear overall
            for (VertexId x = v; !c.member[x];) {
                if (!c.parent[x]) {
                    for (EdgeId e : c.statedPath[x])
                        addEdge(e);
                    break;
                }
                if (!addEdge(c.parentEdge[x]))
                    break;
                x = boost::target(c.parentEdge[x], g);
            }
            f.evidence.insert(f.evidence.end(), c.why[v].begin(), c.why[v].end());
        }
        const Confidence rootConfidence =
            r.finding >= 0 ? earlier[std::size_t(r.finding)].confidence : Confidence::Stated;
        f.confidence = weakestOf(g, f.edges, rootConfidence);
        for (EdgeId e : f.edges)
            f.evidence.insert(f.evidence.end(), g[e].evidence.begin(), g[e].evidence.end());
        dedupeEvidence(f.evidence);
        f.summary = std::to_string(f.blockedCount) + (f.blockedCount == 1 ? " context is" : " contexts are")
            + " blocked behind " + rootText(g, r, earlier) + ".";
        return f;
    }

} // namespace

std::vector<Finding> findStalls(const Graph& g, const parsers::Dump& dump, const std::vector<Finding>& earlier)
{
    const std::size_t n = boost::num_vertices(g);
    std::vector<Root> roots = collectRoots(g, earlier);
    Chains c { std::vector<int>(n, -1), std::vector<bool>(n), std::vector<std::uint32_t>(n),
        std::vector<const Edge*>(n), std::vector<EdgeId>(n), std::vector<std::vector<EdgeId>>(n),
        std::vector<std::vector<Evidence>>(n) };
    std::deque<VertexId> queue;
    for (std::size_t i = 0; i < roots.size(); ++i)
        for (VertexId s : roots[i].seeds)
            if (c.rootOf[s] < 0) {
                c.rootOf[s] = int(i);
                c.member[s] = true;
                queue.push_back(s);
            }
    spreadFrom(g, queue, c);
    addStatedStuck(g, dump, roots, c);

    std::vector<Finding> findings;
    for (std::size_t i = 0; i < roots.size(); ++i) {
        std::vector<VertexId> blocked;
        for (VertexId v = 0; v < n; ++v)
            if (c.rootOf[v] == int(i) && !c.member[v] && isContext(g, v))
                blocked.push_back(v);
        if (blocked.empty())
            continue;
        std::stable_sort(
            blocked.begin(), blocked.end(), [&](VertexId a, VertexId b) { return c.depth[a] < c.depth[b]; });
        findings.push_back(makeStall(g, roots[i], blocked, c, earlier));
    }
    return findings;
}

} // namespace hvdump::graph
