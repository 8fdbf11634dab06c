// SPDX-License-Identifier: GPL-2.0-or-later
#include "graphquery.h"

#include "signature.h"

#include <algorithm>
#include <unordered_set>

namespace hvdump::graph {

bool isContext(const Graph& g, VertexId v)
{
    return g[v].type == Vertex::Type::Context;
}

bool isShared(WaitMode m)
{
    return m == WaitMode::Read || m == WaitMode::Shared;
}

bool blocksForever(const Graph& g, EdgeId e)
{
    const Edge& edge = g[e];
    if (edge.kind != EdgeKind::Waits || !edge.blocking || !isIndefiniteWait(edge))
        return false;
    const VertexId r = boost::target(e, g);
    if (g[r].kind != ResourceKind::RwLock || !isShared(edge.mode))
        return true;
    // a reader gets in when every hold is a read hold, unless a writer already waits: kernel
    // rwlocks (Linux rw_semaphore, illumos krwlock) queue new readers behind a waiting writer
    for (EdgeId w : boost::make_iterator_range(boost::in_edges(r, g))) {
        const Edge& other = g[w];
        if (w != e && other.kind == EdgeKind::Waits && !isShared(other.mode) && other.blocking && !other.timed)
            return true;
    }
    // with no known holder the wait is kept
    bool anyHold = false;
    for (EdgeId h : boost::make_iterator_range(boost::out_edges(r, g))) {
        if (g[h].kind != EdgeKind::Holds)
            continue;
        anyHold = true;
        if (!isShared(g[h].mode))
            return true;
    }
    return !anyHold;
}

std::vector<EdgeId> stuckWaits(const Graph& g, VertexId context)
{
    std::vector<EdgeId> out;
    for (EdgeId e : boost::make_iterator_range(boost::out_edges(context, g)))
        if (blocksForever(g, e))
            out.push_back(e);
    return out;
}

std::vector<EdgeId> ownerEdges(const Graph& g, VertexId resource)
{
    std::vector<EdgeId> out;
    for (EdgeId e : boost::make_iterator_range(boost::out_edges(resource, g)))
        if (g[e].kind == EdgeKind::Holds || g[e].kind == EdgeKind::Signals)
            out.push_back(e);
    return out;
}

std::vector<const parsers::Thread*> snapshotsOf(const Graph& g, const parsers::Dump& dump, VertexId v)
{
    std::vector<const parsers::Thread*> out;
    for (parsers::ThreadId id : g[v].snapshots)
        if (id.valid() && id.value < dump.threads.size())
            out.push_back(&dump.thread(id));
    if (out.empty())
        if (const parsers::Thread* t = threadOf(g, dump, v))
            out.push_back(t);
    return out;
}

const parsers::Thread* threadOf(const Graph& g, const parsers::Dump& dump, VertexId v)
{
    const parsers::ThreadId id = g[v].thread;
    return id.valid() && id.value < dump.threads.size() ? &dump.thread(id) : nullptr;
}

namespace {

    bool reportNamesThread(const parsers::ConsoleReport& r, const parsers::Dump& dump, const parsers::Thread& t)
    {
        if (r.thread.valid() && r.thread.value < dump.threads.size() && &dump.thread(r.thread) == &t)
            return true;
        return r.pid >= 0 && r.pid == t.tid;
    }

    std::vector<std::string> stackShape(const parsers::Dump& dump, const parsers::Thread& t)
    {
        std::vector<std::string> shape;
        for (const parsers::Frame& f : t.frames)
            if (!f.unreliable)
                shape.push_back(normalizeFunction(dump.str(f.function)));
        return shape;
    }

} // namespace

bool statedStuck(const Graph& g, const parsers::Dump& dump, VertexId v, std::vector<Evidence>* why)
{
    const std::vector<const parsers::Thread*> snaps = snapshotsOf(g, dump, v);
    for (const parsers::ConsoleReport& r : dump.reports) {
        if (r.kind != parsers::ReportKind::HungTask && r.kind != parsers::ReportKind::BlockedOnOwner)
            continue;
        for (const parsers::Thread* t : snaps) {
            if (!reportNamesThread(r, dump, *t))
                continue;
            if (why)
                why->push_back(
                    { r.span, "the kernel reports the task blocked: " + std::string(dump.str(r.headline)), {} });
            return true;
        }
    }
    if (snaps.size() < 2)
        return false;
    const std::vector<std::string> first = stackShape(dump, *snaps.front());
    if (first.empty())
        return false;
    for (const parsers::Thread* t : snaps)
        if (t->state == parsers::ThreadState::Running || stackShape(dump, *t) != first)
            return false;
    if (why)
        for (const parsers::Thread* t : snaps)
            why->push_back({ t->span, "the same stack in all " + std::to_string(snaps.size()) + " samples", {} });
    return true;
}

void mergeEvidence(std::vector<Evidence>& to, const std::vector<Evidence>& from)
{
    for (const Evidence& e : from) {
        auto same = [&](const Evidence& x) { return x.span == e.span && x.what == e.what && x.ruleId == e.ruleId; };
        if (std::none_of(to.begin(), to.end(), same))
            to.push_back(e);
    }
}

void dedupeEvidence(std::vector<Evidence>& items)
{
    std::unordered_set<std::string> seen;
    std::vector<Evidence> kept;
    kept.reserve(items.size());
    for (Evidence& e : items) {
        std::string key =
            std::to_string(e.span.first) + ':' + std::to_string(e.span.last) + '\n' + e.what + '\n' + e.ruleId;
        if (seen.insert(std::move(key)).second)
            kept.push_back(std::move(e));
    }
    items = std::move(kept);
}

Confidence weakestOf(const Graph& g, const std::vector<EdgeId>& edges, Confidence start)
{
    Confidence c = start;
    for (EdgeId e : edges)
        c = weakest(c, g[e].confidence);
    return c;
}

std::string edgeText(const Graph& g, EdgeId e)
{
    return g[boost::source(e, g)].label + " -> " + g[boost::target(e, g)].label;
}

} // namespace hvdump::graph
