// SPDX-License-Identifier: GPL-2.0-or-later
#include "deadlockdetector.h"

#include "graphquery.h"
#include "signature.h"

#include <boost/graph/hawick_circuits.hpp>
#include <boost/graph/strong_components.hpp>

#include <algorithm>
#include <deque>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace hvdump::graph {
namespace {

    using Local = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
    using LocalVertex = boost::graph_traits<Local>::vertex_descriptor;

    // the edges a deadlock can stand on: blocking waits, holds and signals
    bool inWaitForSubgraph(const Graph& g, EdgeId e)
    {
        return g[e].kind == EdgeKind::Waits ? blocksForever(g, e) : true;
    }

    // one strongly connected component, with one chosen edge per ordered vertex pair
    struct Component
    {
        std::vector<VertexId> members; // sorted; local index = position
        std::vector<std::vector<std::pair<std::size_t, EdgeId>>> out; // local target, chosen edge
        std::vector<std::pair<std::size_t, std::size_t>> pairs; // the same, as local edges
    };

    // prefers the surest edge between two vertices, then holds over signals, then the first
    bool betterEdge(const Graph& g, EdgeId candidate, EdgeId current)
    {
        if (g[candidate].confidence != g[current].confidence)
            return g[candidate].confidence > g[current].confidence;
        return g[candidate].kind == EdgeKind::Holds && g[current].kind != EdgeKind::Holds;
    }

    Component buildComponent(const Graph& g, std::vector<VertexId> members, const std::vector<int>& componentOf)
    {
        Component c;
        c.members = std::move(members);
        c.out.resize(c.members.size());
        const int id = componentOf[c.members.front()];
        auto localIndex = [&](VertexId v) {
            return std::size_t(std::lower_bound(c.members.begin(), c.members.end(), v) - c.members.begin());
        };
        for (std::size_t i = 0; i < c.members.size(); ++i) {
            for (EdgeId e : boost::make_iterator_range(boost::out_edges(c.members[i], g))) {
                const VertexId t = boost::target(e, g);
                if (componentOf[t] != id || t == c.members[i] || !inWaitForSubgraph(g, e))
                    continue;
                const std::size_t j = localIndex(t);
                auto& row = c.out[i];
                auto it = std::find_if(row.begin(), row.end(), [&](const auto& p) { return p.first == j; });
                if (it == row.end())
                    row.emplace_back(j, e);
                else if (betterEdge(g, e, it->second))
                    it->second = e;
            }
        }
        for (std::size_t i = 0; i < c.out.size(); ++i)
            for (const auto& [j, e] : c.out[i])
                c.pairs.emplace_back(i, j);
        return c;
    }

    EdgeId edgeBetween(const Component& c, std::size_t from, std::size_t to)
    {
        for (const auto& [j, e] : c.out[from])
            if (j == to)
                return e;
        return {}; // unreachable: every step of a found cycle is a component edge
    }

    // a real deadlock needs two contexts, or one context waiting for what it holds itself
    bool isRealCycle(const Graph& g, const Component& c, const std::vector<std::size_t>& path)
    {
        std::size_t contexts = 0;
        for (std::size_t v : path)
            contexts += isContext(g, c.members[v]) ? 1 : 0;
        if (contexts >= 2)
            return true;
        if (contexts == 0)
            return false;
        for (std::size_t i = 0; i < path.size(); ++i) {
            const EdgeId e = edgeBetween(c, path[i], path[(i + 1) % path.size()]);
            if (!isContext(g, c.members[path[i]]) && g[e].kind != EdgeKind::Holds)
                return false; // waiting for an event only this context can signal is not a lock cycle
        }
        return true;
    }

    struct StopEnumeration
    {
    };

    struct Enumeration
    {
        const Graph* g = nullptr;
        const Component* c = nullptr;
        std::size_t maxCycles = 0;
        std::size_t visited = 0;
        bool bounded = false;
        std::vector<std::vector<std::size_t>> cycles;
    };

    // hawick visitors are copied, so the state lives behind a pointer; throwing is the documented
    // way to stop the enumeration early
    struct CycleVisitor
    {
        Enumeration* state;

        template <typename Path, typename G>
        void cycle(const Path& path, const G&)
        {
            std::vector<std::size_t> p(path.begin(), path.end());
            ++state->visited;
            if (isRealCycle(*state->g, *state->c, p)) {
                if (state->cycles.size() == state->maxCycles) {
                    state->bounded = true;
                    throw StopEnumeration();
                }
                state->cycles.push_back(std::move(p));
            }
            if (state->visited >= state->maxCycles * 16) { // mostly self-signal cycles: enough looking
                state->bounded = true;
                throw StopEnumeration();
            }
        }
    };

    // fallback for huge components: the shortest cycle through the first context, by BFS
    std::vector<std::size_t> shortestCycle(const Graph& g, const Component& c)
    {
        std::size_t start = 0;
        while (start < c.members.size() && !isContext(g, c.members[start]))
            ++start;
        if (start == c.members.size())
            return {};
        std::vector<std::size_t> parent(c.members.size(), SIZE_MAX);
        std::deque<std::size_t> queue { start };
        while (!queue.empty()) {
            const std::size_t v = queue.front();
            queue.pop_front();
            for (const auto& [j, e] : c.out[v]) {
                if (j == start) {
                    std::vector<std::size_t> path;
                    for (std::size_t x = v; x != start; x = parent[x])
                        path.push_back(x);
                    path.push_back(start);
                    std::reverse(path.begin(), path.end());
                    return path;
                }
                if (parent[j] == SIZE_MAX) {
                    parent[j] = v;
                    queue.push_back(j);
                }
            }
        }
        return {};
    }

    // starts a cycle at a context that holds what the previous context waits for (a lock holder),
    // the one with the smallest key frame first: the same cycle reads the same way on any machine,
    // whatever the thread order or addresses
    std::vector<std::size_t> rotate(
        const Graph& g, const Component& c, const std::vector<std::string>& keys, std::vector<std::size_t> path)
    {
        std::size_t best = SIZE_MAX;
        auto rank = [&](std::size_t i) {
            const std::size_t prev = path[(i + path.size() - 1) % path.size()];
            const bool held = g[edgeBetween(c, prev, path[i])].kind == EdgeKind::Holds;
            return std::tuple(!held, keys[path[i]], path[i]);
        };
        for (std::size_t i = 0; i < path.size(); ++i)
            if (isContext(g, c.members[path[i]]) && (best == SIZE_MAX || rank(i) < rank(best)))
                best = i;
        std::rotate(path.begin(), path.begin() + std::ptrdiff_t(best == SIZE_MAX ? 0 : best), path.end());
        return path;
    }

    std::string modeText(WaitMode m)
    {
        return m == WaitMode::Exclusive ? std::string() : std::string(" (") + waitModeName(m) + ")";
    }

    std::string describeCycle(const Graph& g, const std::vector<EdgeId>& cycle)
    {
        std::string text;
        for (std::size_t i = 0; i + 1 < cycle.size(); i += 2) {
            const EdgeId wait = cycle[i], owner = cycle[i + 1];
            if (!text.empty())
                text += "; ";
            text += g[boost::source(wait, g)].label + " waits for " + g[boost::target(wait, g)].label
                + modeText(g[wait].mode);
            const std::string& next = g[boost::target(owner, g)].label;
            text += g[owner].kind == EdgeKind::Holds ? " held by " + next : " that only " + next + " can signal";
        }
        return text;
    }

    // members in first-seen order; a hold anywhere in the component is the stronger statement
    struct Members
    {
        std::vector<FindingMember>& list;
        std::unordered_map<VertexId, std::size_t> index;

        void add(const Graph& g, VertexId v, const std::string& role)
        {
            auto [it, added] = index.emplace(v, list.size());
            if (added)
                list.push_back({ v, g[v].label, role });
            else if (role == "holder" || role == "held")
                list[it->second].role = role;
        }
    };

    Finding makeFinding(const Graph& g, const parsers::Dump& dump, const Component& c, const Enumeration& en)
    {
        Finding f;
        f.kind = FindingKind::Deadlock;
        std::vector<std::string> keys;
        for (VertexId v : c.members)
            keys.push_back(contextKeyFrame(g, dump, v));
        for (const std::vector<std::size_t>& raw : en.cycles) {
            const std::vector<std::size_t> path = rotate(g, c, keys, raw);
            std::vector<EdgeId> cycle;
            for (std::size_t i = 0; i < path.size(); ++i)
                cycle.push_back(edgeBetween(c, path[i], path[(i + 1) % path.size()]));
            f.cycles.push_back(std::move(cycle));
        }
        std::stable_sort(
            f.cycles.begin(), f.cycles.end(), [](const auto& a, const auto& b) { return a.size() < b.size(); });
        std::unordered_set<const Edge*> taken;
        Members resources { f.resources, {} }, contexts { f.contexts, {} };
        for (const std::vector<EdgeId>& cycle : f.cycles) {
            for (EdgeId e : cycle) {
                if (taken.insert(&g[e]).second)
                    f.edges.push_back(e);
                if (g[e].kind == EdgeKind::Waits)
                    continue;
                const bool holds = g[e].kind == EdgeKind::Holds;
                resources.add(g, boost::source(e, g), holds ? "held" : "signalled");
                contexts.add(g, boost::target(e, g), holds ? "holder" : "signaller");
            }
        }
        f.root = boost::source(f.cycles.front().front(), g);
        f.confidence = weakestOf(g, f.edges);
        for (EdgeId e : f.edges)
            f.evidence.insert(f.evidence.end(), g[e].evidence.begin(), g[e].evidence.end());
        dedupeEvidence(f.evidence);
        f.summary = describeCycle(g, f.cycles.front()) + ".";
        if (f.cycles.size() > 1 || en.bounded) {
            f.summary += " " + std::to_string(f.cycles.size()) + (f.cycles.size() == 1 ? " cycle" : " cycles")
                + " through " + std::to_string(f.contexts.size()) + " contexts";
            if (en.bounded)
                f.summary += " (enumeration stopped at " + std::to_string(f.cycles.size()) + "; the component has "
                    + std::to_string(c.members.size()) + " vertices and more cycles)";
            f.summary += ".";
        }
        return f;
    }

} // namespace

std::vector<Finding> findDeadlocks(const Graph& g, const parsers::Dump& dump, const DeadlockOptions& options)
{
    const std::size_t n = boost::num_vertices(g);
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    for (EdgeId e : boost::make_iterator_range(boost::edges(g)))
        if (inWaitForSubgraph(g, e) && boost::source(e, g) != boost::target(e, g))
            pairs.emplace_back(boost::source(e, g), boost::target(e, g));
    const Local sub(pairs.begin(), pairs.end(), n);
    std::vector<int> componentOf(n);
    const int count = n ? boost::strong_components(sub, componentOf.data()) : 0;
    std::vector<std::vector<VertexId>> groups(static_cast<std::size_t>(count));
    for (VertexId v = 0; v < n; ++v)
        groups[std::size_t(componentOf[v])].push_back(v);
    // report components in the order of their lowest vertex: deterministic, input-like
    std::sort(groups.begin(), groups.end(),
        [](const auto& a, const auto& b) { return !a.empty() && (b.empty() || a.front() < b.front()); });

    std::vector<Finding> findings;
    for (std::vector<VertexId>& members : groups) {
        if (members.size() < 2)
            continue;
        const Component c = buildComponent(g, std::move(members), componentOf);
        Enumeration en;
        en.g = &g;
        en.c = &c;
        en.maxCycles = std::max<std::size_t>(options.maxCycles, 1);
        if (c.members.size() <= options.maxEnumerated) {
            try {
                // constructed in place: copying an adjacency_list trips GCC's maybe-uninitialized
                const Local local(c.pairs.begin(), c.pairs.end(), c.members.size());
                boost::hawick_unique_circuits(local, CycleVisitor { &en });
            } catch (const StopEnumeration&) {
            }
        } else {
            std::vector<std::size_t> one = shortestCycle(g, c);
            if (!one.empty() && isRealCycle(g, c, one))
                en.cycles.push_back(std::move(one));
            en.bounded = true;
        }
        if (!en.cycles.empty())
            findings.push_back(makeFinding(g, dump, c, en));
    }
    return findings;
}

} // namespace hvdump::graph
