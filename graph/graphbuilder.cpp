// SPDX-License-Identifier: GPL-2.0-or-later
// Contexts, the waits read from their stacks, and the holds named by hold rules.
#include "graphbuilderstate.h"

#include <algorithm>
#include <cstdio>
#include <unordered_set>

namespace hvdump::graph::detail {

std::string hex(std::uint64_t v)
{
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
    return buf;
}

std::string contextLabel(const Dump& dump, const Thread& t)
{
    std::string id(dump.str(t.id));
    std::string name(dump.str(t.name));
    std::string label = name.empty() ? id : id.empty() || name == id ? name : name + " (" + id + ")";
    if (label.empty())
        label = "thread @" + std::to_string(t.span.first);
    if (t.cpu >= 0 && id.rfind("CPU", 0) != 0)
        label += " on CPU" + std::to_string(t.cpu);
    return label;
}

std::string resourceLabel(const ObjectMention& o)
{
    std::string label = resourceKindName(o.kind);
    if (o.kind == ResourceKind::External)
        return o.name;
    if (!o.name.empty())
        label += " " + o.name;
    if (o.address)
        label += " " + hex(o.address);
    return label;
}

std::string identityOf(const ObjectMention& o)
{
    for (const char* prefix : { "name:", "sym:", "addr:", "site:" })
        for (const std::string& k : o.keys)
            if (k.rfind(prefix, 0) == 0)
                return k;
    return o.keys.empty() ? std::string() : o.keys.front();
}

bool onCpu(const Thread& t)
{
    return t.state == ThreadState::Running || t.state == ThreadState::Unknown || t.state == ThreadState::Runnable;
}

namespace {

    // where the watchdog caught a CPU: the interrupted code under its interrupt frames (the first
    // reliable task-context frame), else the outermost reliable frame (a RIP inside an IRQ stack)
    std::size_t interruptedFrame(const Thread& t)
    {
        std::size_t outermost = t.frames.size();
        for (std::size_t i = 0; i < t.frames.size(); ++i) {
            const parsers::Frame& f = t.frames[i];
            if (f.unreliable || f.context == parsers::FrameContext::Nmi)
                continue;
            if (f.context == parsers::FrameContext::Task)
                return i;
            outermost = i;
        }
        return outermost;
    }

} // namespace

std::vector<bool> Builder::namedBy(std::initializer_list<parsers::ReportKind> kinds) const
{
    // the kernel's own reports: a CPU that has not scheduled for seconds (soft/hard lockup), a
    // task asleep in D for minutes (hung task)
    std::vector<bool> named(m_dump.threads.size(), false);
    std::unordered_map<std::int32_t, std::int64_t> cpus; // cpu -> pid (-1: any)
    std::unordered_set<std::int64_t> pids;
    for (const parsers::ConsoleReport& r : m_dump.reports) {
        if (std::find(kinds.begin(), kinds.end(), r.kind) == kinds.end())
            continue;
        if (r.thread.valid() && r.thread.value < named.size()) {
            named[r.thread.value] = true;
            continue;
        }
        if (r.cpu >= 0)
            cpus[r.cpu] = r.pid;
        // the pid names the task even where the stack's header lost its CPU ('Process x (pid: n,
        // ...)' opens the stack); pid 0 is every CPU's idle task, so only with no CPU to go by
        if (r.pid > 0 || (r.pid == 0 && r.cpu < 0))
            pids.insert(r.pid);
    }
    for (std::size_t i = 0; i < named.size() && (!cpus.empty() || !pids.empty()); ++i) {
        const Thread& t = m_dump.threads[i];
        auto it = cpus.find(t.cpu);
        named[i] = named[i] || (it != cpus.end() && (it->second < 0 || it->second == t.tid))
            || (t.tid >= 0 && pids.count(t.tid));
    }
    return named;
}

void Builder::addUnlistedWait(VertexId v, const Thread& t)
{
    // khungtaskd states the task has slept in D for minutes, but not in a catalogued primitive:
    // it waits on something unnamed, in the first function above the scheduler
    std::size_t k = 0;
    while (k < t.frames.size() && (t.frames[k].unreliable || m_analyzer.transparent(t.frames[k].function)))
        ++k;
    if (k == 0 || k >= t.frames.size())
        return; // no scheduler frame under it: the stack does not show it asleep
    const std::string site(m_analyzer.name(t.frames[k].function));
    ThreadWait w;
    w.found = true;
    w.first = w.last = w.caller = k;
    w.run = { k };
    w.action = PrimitiveAction::Wait;
    w.confidence = Confidence::Inferred;
    w.object.kind = ResourceKind::Unknown;
    w.object.name = "wait in " + site;
    w.object.keys.push_back("site:unknown:" + site);
    w.span = { t.frames.front().span.first, t.frames[k].span.last };
    w.what = site;
    Vertex& vx = m_graph[v];
    vx.keyFrame = site;
    vx.waitWhat = "waits on " + resourceLabel(w.object);
    Edge e;
    e.kind = EdgeKind::Waits;
    e.confidence = Confidence::Inferred;
    e.evidence.push_back({ w.span, "sleeps in " + site + ", in a wait that is not catalogued", {} });
    m_waitMention[v] = m_pending.size();
    pend(v, w.object, std::move(e));
    m_wait.emplace(v, std::move(w));
}

void Builder::addUnlistedLoop(VertexId v, const Thread& t)
{
    // the watchdog says this CPU does not get out of where it is, but no catalogued spin or
    // retry loop is on the stack: the context is the root of its own spin, located by the RIP
    const std::size_t k = interruptedFrame(t);
    if (k >= t.frames.size())
        return;
    Vertex& vx = m_graph[v];
    vx.spinning = true;
    vx.loopUnlisted = true;
    vx.keyFrame = std::string(m_analyzer.name(t.frames[k].function));
    vx.waitWhat = "loops in " + vx.keyFrame;
    ThreadWait w;
    w.found = true;
    w.first = w.last = k;
    w.caller = k + 1;
    w.run = { k };
    w.action = PrimitiveAction::Loop;
    w.spinning = true;
    w.confidence = Confidence::Inferred;
    w.span = t.frames[k].span;
    w.what = vx.keyFrame;
    m_wait.emplace(v, std::move(w));
}

void Builder::addContexts()
{
    // one context per thread id; the latest snapshot with frames stands for it
    for (std::uint32_t i = 0; i < m_dump.threads.size(); ++i) {
        const Thread& t = m_dump.threads[i];
        if (t.tid >= 0)
            m_threadByTid[t.tid] = ThreadId { i };
        if (t.taskAddress)
            m_threadByTask[t.taskAddress] = ThreadId { i };
        if (t.frames.empty())
            continue;
        contextFor(ThreadId { i });
    }
}

// how much a snapshot says: frames first, then frames with arguments (::findstack -v beats
// ::stacks), then a name; a later snapshot wins a tie
std::size_t snapshotDetail(const Thread& t)
{
    std::size_t withArguments = 0;
    for (const parsers::Frame& f : t.frames)
        withArguments += f.arguments.value != 0;
    return (t.frames.empty() ? 0 : 1u << 20) + withArguments * 2 + (t.name.value != 0);
}

VertexId Builder::contextFor(ThreadId id)
{
    const Thread& t = m_dump.thread(id);
    std::string key = t.id.value ? std::string(m_dump.str(t.id)) : "#" + std::to_string(id.value);
    auto it = m_byKey.find(key);
    if (it == m_byKey.end()) {
        Vertex v;
        v.type = Vertex::Type::Context;
        VertexId vid = boost::add_vertex(v, m_graph);
        m_contexts.push_back(vid);
        it = m_byKey.emplace(key, vid).first;
    }
    Vertex& v = m_graph[it->second];
    if (std::find(v.snapshots.begin(), v.snapshots.end(), id) != v.snapshots.end())
        return it->second;
    v.snapshots.push_back(id);
    if (!v.thread.valid() || snapshotDetail(t) >= snapshotDetail(m_dump.thread(v.thread))) {
        v.thread = id;
        v.count = t.count;
    }
    // the label keeps a name any snapshot gave (::stacks rows carry none)
    const Thread* named = &m_dump.thread(v.thread);
    for (ThreadId s : v.snapshots)
        if (named->name.value == 0 && m_dump.thread(s).name.value != 0)
            named = &m_dump.thread(s);
    v.label = contextLabel(m_dump, *named);
    return it->second;
}

VertexId Builder::contextByTid(std::int64_t tid)
{
    for (VertexId v : m_contexts)
        if (threadOf(v).tid == tid)
            return v;
    auto it = m_threadByTid.find(tid);
    return it == m_threadByTid.end() ? boost::graph_traits<Graph>::null_vertex() : contextFor(it->second);
}

VertexId Builder::contextByTask(std::uint64_t task)
{
    for (VertexId v : m_contexts)
        if (threadOf(v).taskAddress == task)
            return v;
    auto it = m_threadByTask.find(task);
    return it == m_threadByTask.end() ? boost::graph_traits<Graph>::null_vertex() : contextFor(it->second);
}

void Builder::addWaits()
{
    using parsers::ReportKind;
    const std::vector<bool> lockedUp = namedBy({ ReportKind::SoftLockup, ReportKind::HardLockup });
    // the RCU stall detector names a CPU that passed no quiescent state for seconds: a task
    // looping in the kernel, unless the CPU was idle (a guest's vCPU the host did not run)
    const std::vector<bool> stalled = namedBy({ ReportKind::RcuStall });
    const std::vector<bool> hung = namedBy({ ReportKind::HungTask });
    for (VertexId v : std::vector<VertexId>(m_contexts)) {
        const Thread& t = threadOf(v);
        ThreadWait w = m_analyzer.analyze(t);
        if (!w.found) {
            const std::uint32_t index = m_graph[v].thread.value;
            const bool stalledTask =
                index < stalled.size() && stalled[index] && t.tid > 0 && t.state == ThreadState::Running;
            if (onCpu(t) && ((index < lockedUp.size() && lockedUp[index]) || stalledTask))
                addUnlistedLoop(v, t);
            else if (t.state == ThreadState::Uninterruptible && index < hung.size() && hung[index])
                addUnlistedWait(v, t);
            continue;
        }
        Vertex& vx = m_graph[v];
        vx.spinning = w.spinning && onCpu(t);
        vx.irqsOff = vx.irqsOff || w.irqsOff;
        std::size_t keyIndex = w.action == PrimitiveAction::Loop || w.caller >= t.frames.size() ? w.last : w.caller;
        vx.keyFrame = std::string(m_analyzer.name(t.frames[keyIndex].function));
        const char* verb = w.action == PrimitiveAction::Acquire ? (w.spinning ? "spins to take" : "waits to take")
            : w.action == PrimitiveAction::Wait                 ? "waits on"
            : w.action == PrimitiveAction::Spin                 ? "spins on"
                                                                : "loops in";
        vx.waitWhat =
            std::string(verb) + " " + (w.action == PrimitiveAction::Loop ? vx.keyFrame : resourceLabel(w.object));
        if (w.action == PrimitiveAction::Loop) {
            m_wait.emplace(v, std::move(w));
            continue; // a retry loop waits on nothing in the graph: the context itself is the root
        }
        Edge e;
        e.kind = EdgeKind::Waits;
        e.mode = w.mode;
        e.spinning = w.spinning;
        e.timed = w.timeout == ThreadWait::Timeout::Timed;
        e.confidence = w.confidence;
        e.ruleId = w.ruleIds.empty() ? std::string() : w.ruleIds.front();
        std::string rules;
        for (const std::string& r : w.ruleIds)
            rules += (rules.empty() ? "" : ", ") + r;
        e.evidence.push_back({ w.span, std::string(verb) + ": " + w.what, rules });
        m_waitMention[v] = m_pending.size();
        const std::string ruleId = e.ruleId;
        pend(v, w.object, std::move(e));
        if (w.objectIsThread && w.object.address)
            addThreadExit(v, w, ruleId);
        m_wait.emplace(v, std::move(w));
    }
}

void Builder::addThreadExit(VertexId waiter, const ThreadWait& w, const std::string& ruleId)
{
    // pthread_join(threadid=X): the thread whose handle is X ends the wait by exiting
    const VertexId joined = contextByTask(w.object.address);
    if (joined == boost::graph_traits<Graph>::null_vertex() || joined == waiter)
        return;
    Edge s;
    s.kind = EdgeKind::Signals;
    s.confidence = Confidence::Derived;
    s.ruleId = ruleId;
    s.evidence.push_back({ threadOf(joined).span,
        m_graph[joined].label + " is the thread " + m_graph[waiter].label + " joins: its exit ends the wait", ruleId });
    pend(joined, w.object, std::move(s));
}

void Builder::addHoldRules()
{
    for (VertexId v : std::vector<VertexId>(m_contexts)) {
        const Thread& t = threadOf(v);
        auto waitIt = m_wait.find(v);
        const ThreadWait* w = waitIt == m_wait.end() ? nullptr : &waitIt->second;
        for (const HoldRule& h : m_catalog.holds) {
            if (!h.threadNames.empty() && !matchesAny(h.threadNames, m_dump.str(t.name)))
                continue;
            std::size_t at = t.frames.size();
            bool excluded = false;
            for (std::size_t i = 0; i < t.frames.size(); ++i) {
                std::string_view fn = m_analyzer.name(t.frames[i].function);
                if (at == t.frames.size() && matchesAny(h.frames, fn))
                    at = i;
                excluded = excluded || matchesAny(h.unless, fn);
            }
            if (at == t.frames.size() || excluded)
                continue;
            // inside or right at its own wait: the hold is what it is still acquiring
            if (w && w->found && at <= w->last)
                continue;
            if (w && w->found && at == w->caller
                && std::find(w->object.keys.begin(), w->object.keys.end(), "name:" + h.object) != w->object.keys.end())
                continue;
            ObjectMention m;
            m.keys.push_back("name:" + h.object);
            m.name = h.object;
            m.kind = h.kind;
            Edge e;
            e.kind = EdgeKind::Holds;
            e.mode = h.mode;
            e.confidence = Confidence::Inferred;
            e.ruleId = h.id;
            e.evidence.push_back({ t.frames[at].span,
                std::string(m_dump.str(t.frames[at].function)) + " holds " + h.object + " for the frames above it",
                h.id });
            if (h.irqsOff)
                m_graph[v].irqsOff = true;
            pend(v, m, std::move(e));
        }
    }
}

} // namespace hvdump::graph::detail

namespace hvdump::graph {

Graph buildGraph(const parsers::Dump& dump, const RuleCatalog& catalog)
{
    return detail::Builder(dump, catalog).run();
}

} // namespace hvdump::graph
