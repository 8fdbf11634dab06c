// SPDX-License-Identifier: GPL-2.0-or-later
// Turns the collected mentions into the graph: one vertex per object, merged edges, who can
// signal a wait, which contexts are still live, and how to find owners the dump does not state.
#include "graphbuilderstate.h"

#include <map>

namespace hvdump::graph::detail {
namespace {

    bool isSignalled(ResourceKind k)
    {
        switch (k) {
        case ResourceKind::CondVar:
        case ResourceKind::WaitQueue:
        case ResourceKind::Futex:
        case ResourceKind::Completion:
        case ResourceKind::Event:
        case ResourceKind::PollSet:
        case ResourceKind::Unknown:
            return true;
        default:
            return false;
        }
    }

} // namespace

void Builder::materialize()
{
    m_resourceOfObject.assign(m_objects.objectCount(), boost::graph_traits<Graph>::null_vertex());
    std::map<std::tuple<VertexId, VertexId, EdgeKind>, EdgeId> seen;
    for (PendingEdge& p : m_pending) {
        std::size_t object = m_objects.objectOf(p.mention);
        VertexId& r = m_resourceOfObject[object];
        if (r == boost::graph_traits<Graph>::null_vertex()) {
            const ObjectMention& o = m_objects.object(object);
            Vertex v;
            v.type = Vertex::Type::Resource;
            v.kind = o.kind;
            v.identity = identityOf(o);
            v.address = o.address;
            v.name = o.name;
            v.label = resourceLabel(o);
            r = boost::add_vertex(v, m_graph);
        }
        const bool waits = p.edge.kind == EdgeKind::Waits;
        VertexId from = waits ? p.context : r;
        VertexId to = waits ? r : p.context;
        auto key = std::make_tuple(from, to, p.edge.kind);
        if (auto it = seen.find(key); it != seen.end()) {
            Edge& existing = m_graph[it->second];
            existing.evidence.insert(existing.evidence.end(), p.edge.evidence.begin(), p.edge.evidence.end());
            existing.confidence = std::max(existing.confidence, p.edge.confidence);
            continue;
        }
        seen.emplace(key, boost::add_edge(from, to, std::move(p.edge), m_graph).first);
    }
}

void Builder::addSignals()
{
    for (VertexId r : m_resourceOfObject) {
        if (r == boost::graph_traits<Graph>::null_vertex() || !isSignalled(m_graph[r].kind))
            continue;
        std::vector<VertexId> waiters;
        for (auto [e, end] = boost::in_edges(r, m_graph); e != end; ++e)
            if (m_graph[*e].kind == EdgeKind::Waits)
                waiters.push_back(boost::source(*e, m_graph));
        if (waiters.empty())
            continue;
        for (const SignalRule& s : m_catalog.signals) {
            if (!matchesAny(s.objects, m_graph[r].name))
                continue;
            for (VertexId c : m_contexts) {
                if (std::find(waiters.begin(), waiters.end(), c) != waiters.end())
                    continue;
                const Thread& t = threadOf(c);
                if (!s.threadNames.empty() && !matchesAny(s.threadNames, m_dump.str(t.name)))
                    continue;
                bool hasFrame = s.frames.empty(), excluded = false;
                for (const parsers::Frame& f : t.frames) {
                    std::string_view fn = m_analyzer.name(f.function);
                    hasFrame = hasFrame || matchesAny(s.frames, fn);
                    excluded = excluded || matchesAny(s.unless, fn);
                }
                if (!hasFrame || excluded)
                    continue;
                Edge e;
                e.kind = EdgeKind::Signals;
                e.confidence = Confidence::Inferred;
                e.ruleId = s.id;
                e.evidence.push_back(
                    { t.span, m_graph[c].label + " is the one that can wake " + m_graph[r].label, s.id });
                boost::add_edge(r, c, std::move(e), m_graph);
            }
        }
    }
}

void Builder::markLiveness()
{
    for (VertexId v : m_contexts) {
        Vertex& vx = m_graph[v];
        const Thread& t = m_dump.thread(vx.thread);
        bool blocked = false;
        for (auto [e, end] = boost::out_edges(v, m_graph); e != end; ++e)
            blocked = blocked || isIndefiniteWait(m_graph[*e]);
        bool stuckLoop = m_wait.count(v) && m_wait[v].action == PrimitiveAction::Loop && vx.spinning;
        vx.live = !blocked && !stuckLoop && t.state != ThreadState::Idle && t.state != ThreadState::Zombie
            && t.state != ThreadState::Stopped && t.state != ThreadState::Uninterruptible;
    }
    for (VertexId r : m_resourceOfObject) {
        if (r == boost::graph_traits<Graph>::null_vertex() || m_graph[r].kind == ResourceKind::External)
            continue;
        bool waited = false, owned = false;
        parsers::Format format = parsers::Format::Unknown;
        for (auto [e, end] = boost::in_edges(r, m_graph); e != end; ++e)
            if (m_graph[*e].kind == EdgeKind::Waits) {
                waited = true;
                format = m_dump.thread(m_graph[boost::source(*e, m_graph)].thread).format;
            }
        for (auto [e, end] = boost::out_edges(r, m_graph); e != end; ++e)
            owned = true;
        if (waited && !owned)
            m_graph[r].ownerHint = ownerCommand(format, m_graph[r].kind, m_graph[r].address);
    }
}

} // namespace hvdump::graph::detail

namespace hvdump::graph {

std::string ownerCommand(parsers::Format format, ResourceKind kind, std::uint64_t address)
{
    using parsers::Format;
    const std::string addr = address ? detail::hex(address) : std::string("ADDR");
    const bool lock = kind == ResourceKind::Mutex || kind == ResourceKind::RwLock || kind == ResourceKind::Semaphore
        || kind == ResourceKind::Futex;
    switch (format) {
    case Format::Gdb:
    case Format::EuStack:
        if (kind == ResourceKind::RwLock)
            return "gdb: p *(pthread_rwlock_t *) " + addr + "  (__data.__cur_writer is the writer's LWP)";
        if (lock)
            return "gdb: p *(pthread_mutex_t *) " + addr + "  (__data.__owner is the holder's LWP)";
        return "gdb: thread apply all bt full, and look for the thread that should signal it";
    case Format::Mdb:
        if (kind == ResourceKind::RwLock)
            return "mdb: " + addr + "::rwlock  (owner and reader count)";
        if (lock)
            return "mdb: " + addr + "::mutex  (owner)";
        return "mdb: " + addr + "::wchaninfo -v  (who else sleeps on it), then ::stacks for who should signal it";
    case Format::Crash:
        if (kind == ResourceKind::Spinlock)
            return "crash: spinlocks record no owner; bt -a and look for the CPU inside the critical section";
        if (kind == ResourceKind::RwLock)
            return "crash: struct rw_semaphore " + addr + "  (owner field)";
        if (lock)
            return "crash: struct mutex " + addr + "  (owner is the task_struct, low bits are flags)";
        return "crash: foreach bt, and look for the task that should complete it";
    case Format::Console:
    case Format::ProcStack:
        if (kind == ResourceKind::Spinlock)
            return "console: spinlocks record no owner; sysrq-l (echo l > /proc/sysrq-trigger) shows every CPU";
        return "console: echo d > /proc/sysrq-trigger lists held locks (CONFIG_LOCKDEP); or take a kdump and run "
               "crash: struct mutex ADDR";
    default:
        return "take a full dump (crash bt -a, gdb thread apply all bt full, mdb ::stacks) to see who holds it";
    }
}

} // namespace hvdump::graph
