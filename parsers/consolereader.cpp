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
    m_lastLine = n;
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
    if (looksLikeKernelFrame(t)) // the common line, and never a report or a header
        return readFrames(s, l, next, allowOrphan, joinedNext);
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
            // a RIP inside the trace opens the interrupted context; 4.x prints it before </NMI>, so
            // the frame takes the context of the frame that follows it
            pc.context = s.context;
            push(s, pc);
            s.inlinePc = static_cast<int>(s.thread.frames.size()) - 1;
        } else {
            if (!s.started)
                start(s, n);
            // a RIP line after an [inline] one is the function it was inlined into
            if (s.pc.empty() || !s.pc.back().inlined)
                s.pc.clear();
            if (s.pc.size() < 64)
                s.pc.push_back(pc);
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
    m_lastLine = l.line->number;
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
        if (s.inlinePc >= 0 && std::size_t(s.inlinePc) < s.thread.frames.size())
            s.thread.frames[std::size_t(s.inlinePc)].context = context;
        s.inlinePc = -1;
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

void ConsoleReader::header(Caller& s, std::uint32_t n, const TaskHeader& h, bool sched)
{
    const bool differentTask = h.pid >= 0 && s.thread.tid >= 0 && s.thread.tid != h.pid && (s.sched || s.cpuLine);
    // 2.6/3.x x86 oopses print "Process x (pid: n, ...)" between the registers (with the RIP
    // frame) and the call trace of the same task: one stack, not two
    const bool sameOops = h.sameOops && !sched && s.started && !s.inTrace && h.pid >= 0 && s.thread.tid == h.pid;
    if (s.started && !sameOops
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
    // syzbot prints one RIP line per inlined function, the real one last
    std::vector<Frame> pcs = std::move(s.pc);
    s.pc.clear();
    const Frame pc = pcs.back();
    auto& frames = s.thread.frames;
    // the trace often prints the interrupted function again: arm64 as its first frame, x86 6.x as a
    // "? fn+off" found on the stack. The registers confirm that one.
    for (std::size_t i = 0; i < frames.size(); ++i) {
        Frame& f = frames[i];
        const bool same = (pc.function.valid() && f.function == pc.function && f.offset == pc.offset)
            || (!pc.function.valid() && pc.hasAddress && f.address == pc.address);
        if (same && (f.unreliable || i == 0)) {
            f.unreliable = false;
            frames.insert(frames.begin() + static_cast<std::ptrdiff_t>(i), pcs.begin(), pcs.end() - 1);
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
    for (Frame& f : pcs)
        f.context = at < frames.size() ? frames[at].context : FrameContext::Task;
    frames.insert(frames.begin() + static_cast<std::ptrdiff_t>(at), pcs.begin(), pcs.end());
}

bool ConsoleReader::lockupOnCpu(int report, std::int32_t cpu)
{
    // pid 0 that a soft/hard lockup names runs softirqs or an interrupt handler, not the idle
    // loop; a panic line may have followed the lockup line, so look one report back too
    const std::vector<ConsoleReport>& reps = reports();
    for (int i = report; i >= 0 && i >= report - 1; --i) {
        if (static_cast<std::size_t>(i) >= reps.size())
            continue;
        const ConsoleReport& r = reps[static_cast<std::size_t>(i)];
        if ((r.kind == ReportKind::SoftLockup || r.kind == ReportKind::HardLockup) && r.cpu == cpu)
            return true;
    }
    return false;
}

void ConsoleReader::flush(Caller& s)
{
    if (s.started && !s.pc.empty())
        placePc(s);
    const std::int64_t key = s.key;
    const int lockdep = s.lockdep, held = s.held, rcu = s.rcu;
    const Mode mode = s.mode;
    if (s.started && (!s.thread.frames.empty() || s.sched)) {
        Thread& t = s.thread;
        if (t.state == ThreadState::Unknown && s.cpuLine)
            t.state = ThreadState::Running;
        if (t.tid == 0 && (t.state == ThreadState::Running || t.state == ThreadState::Unknown)
            && !lockupOnCpu(s.report, t.cpu))
            t.state = ThreadState::Idle; // pid 0 is the CPU's idle task
        t.format = Format::Console;
        std::string id = idFor(t);
        if (!id.empty())
            t.id = m_out.intern(id);
        ThreadId tid = m_out.addThread(std::move(t));
        attach(s, tid);
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
    if (s.cpuLine || s.sched)
        attachCpu(id);
}

void ConsoleReader::attachCpu(ThreadId id)
{
    // reports about a CPU whose stack another caller prints: an RCU stall or a hard lockup seen by
    // one CPU, followed by the NMI backtrace of the stalled one
    auto& reps = reports();
    const Thread& t = m_out.dump().threads[id.value];
    std::size_t from = reps.size() > m_firstReport + 64 ? reps.size() - 64 : m_firstReport;
    for (std::size_t i = from; i < reps.size(); ++i) {
        ConsoleReport& r = reps[i];
        const bool cpuReport =
            r.kind == ReportKind::RcuStall || r.kind == ReportKind::HardLockup || r.kind == ReportKind::SoftLockup;
        const bool sameCpu = t.cpu >= 0 && r.cpu == t.cpu && (r.pid < 0 || r.pid == t.tid);
        // "Tasks blocked on level-0 rcu_node (CPUs 0-3): P8015" then the task's stack
        const bool stalledTask = r.kind == ReportKind::RcuStall && r.cpu < 0 && r.pid >= 0 && r.pid == t.tid;
        if (cpuReport && !r.thread.valid() && (sameCpu || stalledTask))
            r.thread = id;
    }
}

void ConsoleReader::finish()
{
    for (Caller& c : m_callers) {
        // an empty "Call Trace:" is what the kernel prints for a task running elsewhere; only one
        // that ends the region is a cut
        if (c.inTrace && c.taskOpen && !c.thread.frames.empty())
            m_out.diagnose(Severity::Warning, codes::TruncatedStack, c.lastLine, "stack ends without its </TASK>");
        else if (c.inTrace && c.thread.frames.empty() && !c.marker && c.traceLine && c.traceLine == m_lastLine)
            m_out.diagnose(Severity::Warning, codes::TruncatedStack, c.traceLine, "Call Trace without frames");
        flush(c);
    }
}

} // namespace hvdump::parsers
