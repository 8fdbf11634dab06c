// SPDX-License-Identifier: GPL-2.0-or-later
// Assembles Linux console lines into threads and reports. Keeps one state per printk caller
// ("[T123]"/"[C3]"), so lines of CPUs printing at the same time are demultiplexed and each
// thread gets only its own caller's frames. A thread is flushed when its stack ends (a new header,
// report, blank line, </TASK>, end-of-trace marker or the end of the region) and is linked to the
// report that announced it. Region boundaries are the caller's business (consoleparser.cpp).
#pragma once

#include "consolelines.h"
#include "consolereports.h"
#include "dump.h"

#include <vector>

namespace hvdump::parsers {

class DumpBuilder;
struct Line;

/// A cleaned line with the timestamps the line cleaner leaves (dmesg -T, -H) taken off too.
struct ConsoleLine
{
    const Line* line = nullptr;
    std::string_view text;
    bool kernel = false; // a kernel log line (timestamp, level or syslog "kernel:" tag)
};
ConsoleLine consoleLine(const Line& line);

class ConsoleReader
{
public:
    explicit ConsoleReader(DumpBuilder& out);

    enum class Use : std::uint8_t {
        Consumed, // console text, read
        Unrelated, // not console text; nothing read
        Orphan, // a frame outside any stack; read only when allowOrphan is set
    };
    /// Reads one line; next (may be null) lets a frame wrapped over two lines be joined, in which
    /// case joinedNext is set and the caller must skip next.
    Use read(const ConsoleLine& line, const ConsoleLine* next, bool allowOrphan, bool& joinedNext);
    /// An unrelated line inside the region: ends list modes (held locks, lockdep chains).
    void unrelated(const ConsoleLine& line);
    /// Flushes every caller's pending stack at the end of the region.
    void finish();

private:
    enum class Mode : std::uint8_t { Normal, HeldLocks, Chain, SkipFrames, LockdepLock };
    struct Preset
    {
        std::int32_t cpu = -1;
        std::int64_t pid = -1;
        StringId comm;
        ThreadState state = ThreadState::Unknown;
    };
    struct Caller
    {
        std::int64_t key = 0;
        Thread thread;
        Preset preset;
        std::vector<Frame> pc; // RIP/pc printed before the trace (several: inlined ones first)
        bool started = false, sched = false, cpuLine = false, inTrace = false, marker = false, taskOpen = false;
        bool limitNoted = false, holdingTarget = false, pendingSite = false, wrapPending = false;
        std::int64_t wrapDepth = -1;
        std::uint64_t wrapAddress = 0;
        std::uint32_t wrapLine = 0;
        std::uint32_t lastLine = 0, traceLine = 0;
        FrameContext context = FrameContext::Task;
        int report = -1; // waits for this caller's next stack
        int lockdep = -1; // the lockdep report in progress
        int held = -1; // the held-locks report being filled
        int rcu = -1; // the RCU stall report whose CPU lines follow
        int inlinePc = -1; // a RIP frame inside the trace whose context the next frame tells
        Mode mode = Mode::Normal;
    };

    Caller& caller(const Line& line);
    Use readModes(Caller& s, const ConsoleLine& l, std::string_view t);
    bool readLockMode(Caller& s, std::uint32_t n, std::string_view t);
    bool readStructure(Caller& s, const ConsoleLine& l, std::string_view t);
    bool readLockdep(Caller& s, std::uint32_t n, std::string_view t);
    bool readRcu(Caller& s, std::uint32_t n, std::string_view t);
    Use readFrames(Caller& s, const ConsoleLine& l, const ConsoleLine* next, bool allowOrphan, bool& joinedNext);
    void report(Caller& s, const ConsoleLine& l, std::string_view t, const ReportLine& r);
    void header(Caller& s, std::uint32_t n, const TaskHeader& h, bool sched);
    void rcuCpu(Caller& s, std::uint32_t n, std::int32_t cpu, std::int64_t pid);
    void start(Caller& s, std::uint32_t n);
    void beginTrace(Caller& s, std::uint32_t n);
    void push(Caller& s, Frame frame);
    void placePc(Caller& s);
    void flush(Caller& s);
    void attach(Caller& s, ThreadId id);
    void attachCpu(ThreadId id);
    void idleCpu(std::uint32_t n, std::int32_t cpu, std::string_view at, int reportIndex);
    std::vector<ConsoleReport>& reports();
    bool lockupOnCpu(int report, std::int32_t cpu);

    DumpBuilder& m_out;
    std::vector<Caller> m_callers;
    std::size_t m_firstReport;
    std::uint32_t m_lastLine = 0; // the last line read, to tell a trace cut by the region's end
};

} // namespace hvdump::parsers
