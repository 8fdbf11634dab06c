// SPDX-License-Identifier: GPL-2.0-or-later
#include "consolereader.h"

#include "dumpbuilder.h"
#include "kernelframe.h"
#include "linecursor.h"
#include "linestream.h"

#include <string>

namespace hvdump::parsers {
namespace {

    constexpr std::size_t maxCallers = 256;
    constexpr std::size_t maxFrames = 1 << 16; // the builder keeps fewer; this only bounds memory
    constexpr std::uint32_t headerLifetime = 64; // lines a header waits for its stack
    constexpr std::uint32_t traceGap = 64; // unrelated lines after which a stack is over

    std::int64_t callerKey(const Line& l)
    {
        if (l.callerTask >= 0)
            return (std::int64_t(1) << 32) | l.callerTask;
        if (l.callerCpu >= 0)
            return (std::int64_t(2) << 32) | l.callerCpu;
        return 0;
    }

    bool isTraceStart(std::string_view t)
    {
        return startsWith(t, "Call Trace:") || t == "Call trace:" || t == "Backtrace:" || t == "Call Trace";
    }

    // lines of known console furniture: read, but they neither start nor end a stack
    bool isKnownLine(std::string_view t)
    {
        static constexpr std::string_view prefixes[] = {
            "Hardware name:",
            "Modules linked in:",
            "Tainted:",
            "Not tainted",
            "sysrq:",
            "SysRq :",
            "Sending NMI from",
            "Showing all locks",
            "Showing busy work",
            "irq event stamp:",
            "hardirqs last",
            "softirqs last",
            "INFO: lockdep",
            "Kernel Offset:",
            "note: ",
            "#PF: ",
            "PGD ",
            "Mem-Info:",
            "*** DEADLOCK ***",
            "Possible unsafe ",
            "other info that",
            "which lock already",
            "the existing dependency",
            "Chain exists of:",
            "Future hung task",
        };
        for (auto p : prefixes)
            if (startsWith(t, p))
                return true;
        return contains(t, "hung_task_timeout_secs\" disables this message") || t == "Stack:";
    }

    bool isOutputCut(std::string_view t)
    {
        return contains(t, "OUTPUT CUT") || contains(t, "output cut") || t == "..." || t == "[...]" || t == "<snip>"
            || t == "[snip]";
    }

    std::string idFor(const Thread& t)
    {
        if (t.tid > 0 || (t.tid == 0 && t.cpu < 0))
            return "pid " + std::to_string(t.tid);
        if (t.cpu >= 0)
            return "CPU " + std::to_string(t.cpu);
        return {};
    }

} // namespace

ConsoleLine consoleLine(const Line& line)
{
    bool stripped = false;
    ConsoleLine cl;
    cl.line = &line;
    cl.text = stripExtraTimestamp(line.text, stripped);
    cl.kernel = line.kernelLog || stripped;
    return cl;
}

ConsoleReader::ConsoleReader(DumpBuilder& out)
    : m_out(out)
    , m_firstReport(out.dump().reports.size())
{
}

std::vector<ConsoleReport>& ConsoleReader::reports()
{
    return m_out.dump().reports;
}

ConsoleReader::Caller& ConsoleReader::caller(const Line& line)
{
    std::int64_t key = callerKey(line);
    for (Caller& c : m_callers)
        if (c.key == key)
            return c;
    if (m_callers.size() >= maxCallers) { // hostile input: recycle the first state
        flush(m_callers.front());
        m_callers.front() = Caller {};
        m_callers.front().key = key;
        return m_callers.front();
    }
    m_callers.emplace_back();
    m_callers.back().key = key;
    return m_callers.back();
}

ConsoleReader::Use ConsoleReader::read(
    const ConsoleLine& l, const ConsoleLine* next, bool allowOrphan, bool& joinedNext)
{
    joinedNext = false;
    Caller& s = caller(*l.line);
    const std::uint32_t n = l.line->number;
    if (s.started && n - s.lastLine > (s.inTrace ? traceGap : headerLifetime))
        flush(s);
    std::string_view t = trim(l.text);
    if (t.empty()) { // a blank line ends a stack and any list
        if (s.inTrace || s.sched)
            flush(s);
        s.mode = Mode::Normal;
        return Use::Consumed;
    }
    if (readModes(s, l, t) == Use::Consumed)
        return Use::Consumed;
    ReportLine r;
    if (recognizeReport(t, r)) {
        report(s, l, t, r);
        return Use::Consumed;
    }
    if (readStructure(s, l, t))
        return Use::Consumed;
    Frame pc;
    if (parseInstructionPointer(t, m_out, pc)) {
        pc.span = { n, n };
        if (s.inTrace) {
            pc.context = s.context;
            push(s, pc);
        } else {
            if (!s.started)
                start(s, n);
            s.pc = pc;
            s.lastLine = n;
        }
        return Use::Consumed;
    }
    if (isRegisterLine(t)) {
        if (s.started)
            s.lastLine = n;
        return Use::Consumed;
    }
    if (isOutputCut(t) && (s.inTrace || l.kernel)) {
        m_out.diagnose(Severity::Note, codes::OutputCut, n, "output cut here; the stack may miss frames");
        return Use::Consumed;
    }
    return readFrames(s, l, next, allowOrphan, joinedNext);
}

void ConsoleReader::unrelated(const ConsoleLine& l)
{
    Caller& s = caller(*l.line);
    if (s.mode != Mode::Normal)
        s.mode = Mode::Normal;
}

ConsoleReader::Use ConsoleReader::readModes(Caller& s, const ConsoleLine& l, std::string_view t)
{
    const std::uint32_t n = l.line->number;
    auto& reps = reports();
    switch (s.mode) {
    case Mode::Normal:
        break;
    case Mode::HeldLocks:
    case Mode::LockdepLock:
        if (readLockMode(s, n, t))
            return Use::Consumed;
        s.mode = Mode::Normal;
        break;
    case Mode::Chain:
    case Mode::SkipFrames: {
        Frame f;
        if (!parseKernelFrameLine(t, m_out, f)) {
            s.mode = Mode::Normal;
            break;
        }
        if (s.mode == Mode::Chain && s.lockdep >= 0 && !reps[s.lockdep].chain.empty()) {
            ConsoleReport& r = reps[s.lockdep];
            if (f.function.valid() && f.function.value != 0)
                r.chain.back().functions.push_back(f.function);
            r.chain.back().span.extend(n);
            r.span.extend(n);
        }
        return Use::Consumed;
    }
    }
    return Use::Unrelated;
}

// held-lock lists and the locks of a lockdep report; mail and narrow consoles wrap them as
// "#1: ffff000000a13958" / "(lock){+.+.}-{3:3}, at:" / "fn+0x70/0x2f0"
bool ConsoleReader::readLockMode(Caller& s, std::uint32_t n, std::string_view t)
{
    auto& reps = reports();
    const bool held = s.mode == Mode::HeldLocks;
    ConsoleReport* r = held ? (s.held >= 0 ? &reps[s.held] : nullptr) : (s.lockdep >= 0 ? &reps[s.lockdep] : nullptr);
    if (s.pendingSite) {
        s.pendingSite = false;
        Frame site;
        if (parseKernelFrameLine(t, m_out, site)) {
            if (r && held && !r->heldLocks.empty()) {
                r->heldLocks.back().acquiredAt = site.function;
                r->heldLocks.back().span.extend(n);
            } else if (r && !held) {
                for (LockChainLink& link : r->chain)
                    if (link.span.last + 1 == n && link.functions.empty()) {
                        link.functions.push_back(site.function);
                        link.span.extend(n);
                    }
            }
            if (r)
                r->span.extend(n);
            s.mode = held ? Mode::HeldLocks : Mode::Normal;
            return true;
        }
    }
    LineCursor c(t);
    std::uint64_t depth = 0, address = 0;
    const bool hasDepth = c.consumeChar('#') && c.consumeDecimal(depth) && c.consumeChar(':');
    if (!hasDepth)
        c.setPosition(0);
    c.skipSpaces();
    if (c.consumeHex(address) && c.atEnd() && (hasDepth || !held)) { // the lock itself is on the next line
        s.wrapDepth = hasDepth ? static_cast<std::int64_t>(depth) : -1;
        s.wrapAddress = address;
        s.wrapLine = n;
        s.wrapPending = true;
        return true;
    }
    HeldLock lock;
    bool lineDepth = false;
    if (!parseLockLine(t, m_out, lock, lineDepth)) {
        s.wrapPending = false;
        if (held && t[0] == '#' && t.size() > 1 && isDigit(t[1])) {
            m_out.diagnose(Severity::Warning, codes::MalformedReport, n, "unreadable held-lock line");
            return true;
        }
        return false;
    }
    lock.span = { n, n };
    if (s.wrapPending && !lineDepth) {
        lock.address = s.wrapAddress;
        lineDepth = s.wrapDepth >= 0;
        lock.depth = lineDepth ? static_cast<std::uint32_t>(s.wrapDepth) : 0;
        lock.span.first = s.wrapLine;
    }
    s.wrapPending = false;
    s.pendingSite = endsWith(t, ", at:");
    if (held && !lineDepth)
        return false;
    if (!r) {
        s.mode = held || s.pendingSite ? s.mode : Mode::Normal;
        return true;
    }
    r->span.extend(n);
    if (held) {
        // syzbot repeats a lock's line for each inlined frame of its acquire site
        if (!r->heldLocks.empty() && r->heldLocks.back().depth == lock.depth)
            r->heldLocks.back().span.extend(n);
        else
            r->heldLocks.push_back(lock);
        return true;
    }
    if (!s.holdingTarget) {
        r->lockName = lock.name;
        r->lockAddress = lock.address;
    }
    if (r->kind == ReportKind::LockdepRecursive) { // the held lock is #1, the one wanted again #0
        LockChainLink link;
        link.depth = s.holdingTarget ? 1 : 0;
        link.lock = lock.name;
        if (lock.acquiredAt.valid() && lock.acquiredAt.value != 0)
            link.functions.push_back(lock.acquiredAt);
        link.span = lock.span;
        r->chain.insert(s.holdingTarget ? r->chain.begin() : r->chain.end(), std::move(link));
    }
    if (!s.pendingSite)
        s.mode = Mode::Normal;
    return true;
}

bool ConsoleReader::readStructure(Caller& s, const ConsoleLine& l, std::string_view t)
{
    const std::uint32_t n = l.line->number;
    TaskHeader h;
    if ((startsWith(t, "task:") || l.kernel || t.size() > 40) && parseSchedTaskLine(t, h)) {
        header(s, n, h, true);
        return true;
    }
    if (parseCpuLine(t, h)) {
        header(s, n, h, false);
        return true;
    }
    std::uint64_t address = 0;
    if (parseTaskAddressLine(t, address)) {
        if (!s.started)
            start(s, n);
        s.thread.taskAddress = address;
        s.lastLine = n;
        return true;
    }
    if (isTraceStart(t)) {
        if (s.inTrace && (!s.thread.frames.empty() || s.marker))
            flush(s);
        beginTrace(s, n);
        return true;
    }
    if (startsWith(t, "Workqueue: ")) {
        if (!s.started)
            start(s, n);
        s.thread.note = m_out.intern(t);
        s.lastLine = n;
        return true;
    }
    if (startsWith(t, "---[ end ") || startsWith(t, "------------[ cut here ]")) {
        flush(s);
        return true;
    }
    return readLockdep(s, n, t) || readRcu(s, n, t) || isKnownLine(t);
}

bool ConsoleReader::readLockdep(Caller& s, std::uint32_t n, std::string_view t)
{
    auto& reps = reports();
    std::uint32_t depth = 0;
    std::string_view lock, comm;
    std::int64_t pid = -1;
    if (parseChainLinkHeader(t, depth, lock)) {
        flush(s);
        s.mode = Mode::Chain;
        if (s.lockdep >= 0) {
            LockChainLink link;
            link.depth = depth;
            link.lock = m_out.intern(lock);
            link.span = { n, n };
            reps[s.lockdep].chain.push_back(std::move(link));
            reps[s.lockdep].span.extend(n);
        }
        return true;
    }
    if (parseLocksHeldHeader(t, comm, pid)) {
        flush(s);
        ConsoleReport r;
        r.kind = ReportKind::HeldLocks;
        r.task = m_out.intern(comm);
        r.pid = pid;
        r.headline = m_out.intern(t);
        r.span = { n, n };
        s.held = static_cast<int>(reps.size());
        m_out.addReport(std::move(r));
        s.mode = Mode::HeldLocks;
        return true;
    }
    if (startsWith(t, "no locks held by "))
        return true;
    std::size_t trying = t.find(" is trying to acquire lock:");
    bool takes = endsWith(t, "] takes:") || endsWith(t, " takes:");
    if (trying != std::string_view::npos || takes || t == "but task is already holding lock:") {
        s.mode = Mode::LockdepLock;
        s.holdingTarget = !takes && trying == std::string_view::npos;
        if (s.lockdep >= 0) {
            ConsoleReport& r = reps[s.lockdep];
            r.span.extend(n);
            std::string_view who = trying != std::string_view::npos ? t.substr(0, trying) : t.substr(0, t.find(' '));
            if (!s.holdingTarget && splitCommPid(who, '/', comm, pid)) {
                r.task = m_out.intern(comm);
                r.pid = pid;
            }
        }
        return true;
    }
    if (endsWith(t, "state was registered at:") || startsWith(t, "... key") || startsWith(t, "... acquired at:")) {
        s.mode = Mode::SkipFrames;
        return true;
    }
    if (t == "stack backtrace:") {
        flush(s);
        s.report = s.lockdep;
        if (s.lockdep >= 0)
            reps[s.lockdep].span.extend(n);
        return true;
    }
    return false;
}

bool ConsoleReader::readRcu(Caller& s, std::uint32_t n, std::string_view t)
{
    std::int32_t cpu = -1;
    std::string_view pids;
    if (parseRcuCpuLine(t, cpu)) {
        rcuCpu(s, n, cpu, -1);
        return true;
    }
    if (parseRcuBlockedTasks(t, pids)) {
        LineCursor c(pids);
        std::string_view token;
        while (c.skipSpaces(), c.consumeToken(token)) {
            LineCursor tc(token);
            std::uint64_t pid = 0;
            if (tc.consumeChar('P') && tc.consumeDecimal(pid))
                rcuCpu(s, n, -1, static_cast<std::int64_t>(pid));
        }
        return true;
    }
    if (startsWith(t, "rcu: ") || startsWith(t, "(detected by ") || startsWith(t, "(t=")) {
        if (s.rcu >= 0 && n - reports()[s.rcu].span.last <= 4)
            reports()[s.rcu].span.extend(n);
        return true;
    }
    return false;
}

ConsoleReader::Use ConsoleReader::readFrames(
    Caller& s, const ConsoleLine& l, const ConsoleLine* next, bool allowOrphan, bool& joinedNext)
{
    const std::uint32_t n = l.line->number;
    std::string_view rest = l.text;
    FrameContext context = s.context;
    bool marker = false, taskEnd = false;
    bool taskOpen = s.taskOpen;
    for (int guard = 0; guard < 8; ++guard) {
        FrameContext c = context;
        bool end = false;
        const ContextMarker m = consumeContextMarker(rest, c, end);
        if (m == ContextMarker::None)
            break;
        taskOpen = (taskOpen || (m == ContextMarker::Enter && c == FrameContext::Task)) && !end;
        marker = true;
        context = c;
        taskEnd = taskEnd || end;
    }
    std::string_view body = trim(rest);
    const bool inStack = s.inTrace || s.started;
    Frame frame;
    bool haveFrame = false;
    if (!body.empty()) {
        haveFrame = parseKernelFrameLine(body, m_out, frame);
        const bool sameCaller = next && callerKey(*next->line) == s.key;
        if (!haveFrame && sameCaller && looksLikeKernelFrame(body)) {
            // a frame wrapped over two lines: "fn+0x76/0x" + "7e", or the module on its own line
            std::string_view tail = trim(next->text);
            Frame probe;
            if (!tail.empty() && tail.size() < 64 && !parseKernelFrameLine(tail, m_out, probe)) {
                // "fn+0x76/0x" + "7e" joins as is; "[<ffffffff81234567>]" + "fn+0x1/0x2" with a space
                const std::string joined = std::string(body) + std::string(tail);
                const std::string spaced = std::string(body) + " " + std::string(tail);
                if (parseKernelFrameLine(joined, m_out, frame) || parseKernelFrameLine(spaced, m_out, frame))
                    haveFrame = joinedNext = true;
            }
        } else if (haveFrame && sameCaller && !frame.module.valid()) {
            std::string_view tail = trim(next->text);
            if (tail.size() > 2 && tail.front() == '[' && tail.back() == ']' && tail.find(' ') == std::string_view::npos
                && tail[1] != '<') {
                frame.module = m_out.intern(tail.substr(1, tail.size() - 2));
                joinedNext = true;
            }
        }
        if (!haveFrame) {
            if (!looksLikeKernelFrame(body)) {
                if (!marker)
                    return Use::Unrelated;
                // a marker followed by text that is no frame: keep the marker
            } else if (!inStack && !marker) {
                return Use::Unrelated;
            } else {
                const bool cut = looksLikeCutKernelFrame(body) && (!next || !looksLikeKernelFrame(next->text));
                if (cut)
                    m_out.diagnose(Severity::Warning, codes::TruncatedStack, n, "stack cut in the middle of a frame");
                else
                    m_out.diagnose(Severity::Warning, codes::MalformedFrame, n,
                        "unreadable kernel frame: " + std::string(body.substr(0, 80)));
                s.lastLine = n;
                return Use::Consumed;
            }
        }
    }
    if (!inStack && !allowOrphan)
        return Use::Orphan;
    if (!s.inTrace || (!s.thread.frames.empty() && n - s.lastLine > traceGap))
        beginTrace(s, n);
    s.context = context;
    s.marker = s.marker || marker;
    s.taskOpen = taskOpen;
    if (haveFrame) {
        frame.context = context;
        frame.span = { n, joinedNext ? n + 1 : n };
        push(s, frame);
    }
    s.lastLine = joinedNext ? n + 1 : n;
    if (taskEnd)
        flush(s);
    return Use::Consumed;
}

void ConsoleReader::report(Caller& s, const ConsoleLine& l, std::string_view t, const ReportLine& r)
{
    const std::uint32_t n = l.line->number;
    auto& reps = reports();
    const bool sameOops = r.kind == ReportKind::Oops && s.report >= 0 && reps[s.report].kind == ReportKind::Oops
        && !reps[s.report].thread.valid() && n - reps[s.report].span.last <= 8;
    if (sameOops && !s.inTrace) { // "BUG: kernel NULL pointer dereference" then "Oops: 0000 [#1]": one event
        reps[s.report].span.extend(n);
        return;
    }
    flush(s);
    s.mode = Mode::Normal;
    ConsoleReport rep;
    rep.kind = r.kind;
    rep.cpu = r.cpu;
    rep.pid = r.pid;
    rep.task = r.task.empty() ? StringId {} : m_out.intern(r.task);
    rep.seconds = r.seconds;
    rep.timestamp = l.line->timestamp;
    rep.ownerTask = r.ownerTask.empty() ? StringId {} : m_out.intern(r.ownerTask);
    rep.ownerPid = r.ownerPid;
    rep.headline = m_out.intern(t);
    rep.span = { n, n };
    if ((r.kind == ReportKind::SoftLockup || r.kind == ReportKind::HardLockup) && r.cpu < 0)
        m_out.diagnose(Severity::Warning, codes::MalformedReport, n, "lockup report without a CPU number");
    const int index = static_cast<int>(reps.size());
    m_out.addReport(rep);
    switch (r.kind) {
    case ReportKind::LockdepCircular:
    case ReportKind::LockdepRecursive:
    case ReportKind::LockdepInconsistent:
        s.lockdep = index;
        break;
    case ReportKind::RcuStall: {
        s.rcu = index;
        LineCursor c(r.cpuList); // "{ 3 5}" or expedited "{ 3-.... 5-.... }"
        std::string_view token;
        while (c.skipSpaces(), c.consumeToken(token)) {
            LineCursor tc(token);
            std::uint64_t cpu = 0;
            if (tc.consumeDecimal(cpu) && cpu < 0x7fffffff)
                rcuCpu(s, n, static_cast<std::int32_t>(cpu), -1);
        }
        break;
    }
    default:
        break;
    }
    if (!r.idleAt.empty()) {
        idleCpu(n, r.cpu, r.idleAt, index);
        return;
    }
    if (!r.stackFollows)
        return;
    s.report = index;
    s.preset = {};
    s.preset.cpu = r.cpu;
    const bool owner = r.kind == ReportKind::BlockedOnOwner;
    s.preset.pid = owner ? r.ownerPid : r.pid;
    std::string_view comm = owner ? r.ownerTask : r.task;
    s.preset.comm = comm.empty() ? StringId {} : m_out.intern(comm);
    if (r.kind == ReportKind::HungTask)
        s.preset.state = ThreadState::Uninterruptible;
    else if (!owner)
        s.preset.state = ThreadState::Running; // lockups, NMI backtraces, panics: the CPU's current task
}

void ConsoleReader::idleCpu(std::uint32_t n, std::int32_t cpu, std::string_view at, int reportIndex)
{
    Thread t;
    t.cpu = cpu;
    t.state = ThreadState::Idle;
    t.format = Format::Console;
    t.span = { n, n };
    Frame f;
    if (parseKernelFrameLine(at, m_out, f)) {
        f.span = { n, n };
        t.frames.push_back(f);
    }
    t.id = m_out.intern(idFor(t));
    ThreadId id = m_out.addThread(std::move(t));
    if (!id.valid())
        return;
    reports()[reportIndex].thread = id;
    attachCpu(id);
}

void ConsoleReader::rcuCpu(Caller& s, std::uint32_t n, std::int32_t cpu, std::int64_t pid)
{
    if (s.rcu < 0)
        return;
    auto& reps = reports();
    ConsoleReport& r = reps[s.rcu];
    if (r.cpu < 0 && r.pid < 0) { // the headline report takes the first stalled CPU or task
        r.cpu = cpu;
        r.pid = pid;
        r.span.extend(n);
        if (s.report == s.rcu)
            s.preset.cpu = cpu;
        return;
    }
    if (r.cpu == cpu && r.pid == pid) {
        r.span.extend(n);
        return;
    }
    ConsoleReport more;
    more.kind = ReportKind::RcuStall;
    more.cpu = cpu;
    more.pid = pid;
    more.headline = r.headline;
    more.timestamp = r.timestamp;
    more.span = { n, n };
    m_out.addReport(std::move(more));
}

void ConsoleReader::header(Caller& s, std::uint32_t n, const TaskHeader& h, bool sched)
{
    const bool differentTask = h.pid >= 0 && s.thread.tid >= 0 && s.thread.tid != h.pid && (s.sched || s.cpuLine);
    if (s.started
        && (!s.thread.frames.empty() || s.inTrace || (sched && s.sched) || (!sched && s.cpuLine) || differentTask))
        flush(s);
    if (!s.started)
        start(s, n);
    Thread& t = s.thread;
    if (h.pid >= 0)
        t.tid = h.pid;
    if (!h.comm.empty())
        t.name = m_out.intern(h.comm);
    if (h.cpu >= 0)
        t.cpu = h.cpu;
    if (h.taskAddress)
        t.taskAddress = h.taskAddress;
    if (h.state) {
        t.stateText = m_out.intern(std::string_view(&h.state, 1));
        t.state = stateFromLetter(h.state);
    }
    (sched ? s.sched : s.cpuLine) = true;
    t.span.extend(n);
    s.lastLine = n;
}

void ConsoleReader::start(Caller& s, std::uint32_t n)
{
    s.started = true;
    s.thread = Thread {};
    s.thread.cpu = s.preset.cpu;
    s.thread.tid = s.preset.pid;
    s.thread.name = s.preset.comm;
    s.thread.state = s.preset.state;
    s.thread.span = { n, n };
    s.lastLine = n;
}

void ConsoleReader::beginTrace(Caller& s, std::uint32_t n)
{
    if (s.inTrace && !s.thread.frames.empty())
        flush(s);
    if (!s.started)
        start(s, n);
    s.inTrace = true;
    s.traceLine = n;
    s.context = FrameContext::Task;
    s.thread.span.extend(n);
    s.lastLine = n;
}

void ConsoleReader::push(Caller& s, Frame frame)
{
    auto& frames = s.thread.frames;
    if (frames.size() >= maxFrames) {
        if (!s.limitNoted)
            m_out.diagnose(Severity::Warning, codes::LimitReached, frame.span.first,
                "stack longer than " + std::to_string(maxFrames) + " frames; the rest is not read");
        s.limitNoted = true;
        return;
    }
    s.thread.span.extend(frame.span.last);
    s.lastLine = frame.span.last;
    frames.push_back(frame);
}

void ConsoleReader::placePc(Caller& s)
{
    Frame pc = *s.pc;
    s.pc.reset();
    auto& frames = s.thread.frames;
    // the trace often prints the interrupted function again: arm64 as its first frame, x86 6.x as a
    // "? fn+off" found on the stack. The registers confirm that one.
    for (std::size_t i = 0; i < frames.size(); ++i) {
        Frame& f = frames[i];
        const bool same = (pc.function.valid() && f.function == pc.function && f.offset == pc.offset)
            || (!pc.function.valid() && pc.hasAddress && f.address == pc.address);
        if (same && (f.unreliable || i == 0)) {
            f.unreliable = false;
            return;
        }
    }
    // frames of the detector's own context (x86 6.x soft lockups print the hrtimer interrupt as
    // "? " frames under <IRQ>) come before the interrupted context, which the pc opens
    std::size_t at = 0;
    if (!frames.empty() && frames[0].context != FrameContext::Task) {
        std::size_t i = 0;
        bool allUnreliable = true;
        while (i < frames.size() && frames[i].context == frames[0].context)
            allUnreliable = allUnreliable && frames[i++].unreliable;
        if (allUnreliable && i < frames.size())
            at = i;
    }
    pc.context = at < frames.size() ? frames[at].context : FrameContext::Task;
    frames.insert(frames.begin() + static_cast<std::ptrdiff_t>(at), pc);
}

void ConsoleReader::flush(Caller& s)
{
    if (s.started && s.pc)
        placePc(s);
    const std::int64_t key = s.key;
    const int lockdep = s.lockdep, held = s.held, rcu = s.rcu;
    const Mode mode = s.mode;
    if (s.started && (!s.thread.frames.empty() || s.sched)) {
        Thread& t = s.thread;
        if (s.inTrace && t.frames.empty() && !s.marker)
            m_out.diagnose(Severity::Warning, codes::TruncatedStack, s.traceLine, "Call Trace without frames");
        if (t.state == ThreadState::Unknown && s.cpuLine)
            t.state = ThreadState::Running;
        if (t.tid == 0 && (t.state == ThreadState::Running || t.state == ThreadState::Unknown))
            t.state = ThreadState::Idle; // pid 0 is the CPU's idle task
        t.format = Format::Console;
        std::string id = idFor(t);
        if (!id.empty())
            t.id = m_out.intern(id);
        ThreadId tid = m_out.addThread(std::move(t));
        attach(s, tid);
    } else if (s.inTrace && !s.marker && s.traceLine) {
        m_out.diagnose(Severity::Warning, codes::TruncatedStack, s.traceLine, "Call Trace without frames");
    }
    const bool reportPending = !s.started && s.report >= 0;
    const int pendingReport = s.report;
    const Preset preset = s.preset;
    s = Caller {};
    s.key = key;
    s.lockdep = lockdep;
    s.held = held;
    s.rcu = rcu;
    s.mode = mode;
    if (reportPending) { // a report whose stack has not begun yet keeps waiting for it
        s.report = pendingReport;
        s.preset = preset;
    }
}

void ConsoleReader::attach(Caller& s, ThreadId id)
{
    if (!id.valid())
        return;
    auto& reps = reports();
    const Thread& t = m_out.dump().threads[id.value];
    auto fits = [&](const ConsoleReport& r) {
        if (r.thread.valid())
            return false;
        if (r.kind == ReportKind::BlockedOnOwner)
            return r.ownerPid < 0 || t.tid == r.ownerPid;
        if (r.pid >= 0 && t.tid >= 0)
            return r.pid == t.tid;
        return r.cpu < 0 || t.cpu < 0 || r.cpu == t.cpu;
    };
    if (s.report >= 0 && fits(reps[s.report]))
        reps[s.report].thread = id;
    if (s.cpuLine)
        attachCpu(id);
}

void ConsoleReader::attachCpu(ThreadId id)
{
    // reports about a CPU whose stack another caller prints: an RCU stall or a hard lockup seen by
    // one CPU, followed by the NMI backtrace of the stalled one
    auto& reps = reports();
    const Thread& t = m_out.dump().threads[id.value];
    if (t.cpu < 0)
        return;
    std::size_t from = reps.size() > m_firstReport + 64 ? reps.size() - 64 : m_firstReport;
    for (std::size_t i = from; i < reps.size(); ++i) {
        ConsoleReport& r = reps[i];
        const bool cpuReport =
            r.kind == ReportKind::RcuStall || r.kind == ReportKind::HardLockup || r.kind == ReportKind::SoftLockup;
        if (cpuReport && !r.thread.valid() && r.cpu == t.cpu && (r.pid < 0 || r.pid == t.tid))
            r.thread = id;
    }
}

void ConsoleReader::finish()
{
    for (Caller& c : m_callers) {
        if (c.inTrace && c.taskOpen && !c.thread.frames.empty())
            m_out.diagnose(Severity::Warning, codes::TruncatedStack, c.lastLine, "stack ends without its </TASK>");
        flush(c);
    }
}

} // namespace hvdump::parsers
