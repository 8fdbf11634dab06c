// SPDX-License-Identifier: GPL-2.0-or-later
// The Dump model: what a hang dump says, and nothing invented. Threads (tasks, LWPs, CPUs'
// active contexts) with frames innermost first, the console's own reports, object dumps,
// counters and the regions of the input each format covered. Every item keeps the input lines it
// came from (LineSpan) so that every claim built on it can point at its evidence. Names are
// interned in `strings`; a StringId is only meaningful with the Dump that made it.
#pragma once

#include "index.h"
#include "stringtable.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hvdump::parsers {

/// Input lines, 1-based and inclusive. first == 0 means "no location".
struct LineSpan
{
    std::uint32_t first = 0;
    std::uint32_t last = 0;

    bool valid() const
    {
        return first != 0;
    }
    void extend(std::uint32_t line)
    {
        if (first == 0 || line < first)
            first = line;
        if (line > last)
            last = line;
    }
    friend bool operator==(LineSpan, LineSpan) = default;
};

enum class Format : std::uint8_t {
    Unknown,
    Crash, // crash(8): bt, bt -a, foreach bt, ps
    Console, // Linux console / dmesg / journald kernel lines
    ProcStack, // /proc/PID/task/*/stack
    Mdb, // illumos mdb: ::stacks, ::findstack -v, $C/$c, ::threadlist -v, ::print
    Gdb, // gdb: thread apply all bt, bt full, info threads, print
    EuStack, // elfutils eu-stack
    Bpftrace, // bpftrace map output
    Informal, // frame lists pasted in mail prose
    Pstack, // illumos / Solaris pstack(1): "lwp# N / thread# N" and "pc symbol (args) + off"
};
const char* formatName(Format f);
Format formatFromName(std::string_view name); // Unknown when not a format name

/// State as the dump states it; stateText keeps the dump's own word.
enum class ThreadState : std::uint8_t {
    Unknown,
    Running, // on CPU (R with a CPU, or the active context of a CPU)
    Runnable, // R, waiting for a CPU
    Sleeping, // interruptible sleep (S, TASK_INTERRUPTIBLE, SLEEP on illumos)
    Uninterruptible, // D
    Idle, // the CPU's idle task / idle loop
    Stopped, // T, t
    Zombie, // Z, X
};
const char* threadStateName(ThreadState s);

/// Which execution context a frame ran in; frames below an <IRQ> marker are Irq, and so on.
enum class FrameContext : std::uint8_t { Task, Irq, SoftIrq, Nmi, Exception };
const char* frameContextName(FrameContext c);

/// One field of an object dump; nested structs flatten to dotted paths ("vr_lock._opaque").
struct ObjectField
{
    StringId path;
    StringId value; // as printed, e.g. "0x1 (B_TRUE)", "viona_ring_lease_expire_cb"
    std::uint32_t line = 0;
};

struct Frame
{
    std::uint64_t address = 0;
    std::uint64_t offset = 0; // fn+offset
    std::uint64_t size = 0; // fn+offset/size
    std::uint64_t stackPointer = 0; // mdb $C's first column: the frame's stack pointer, not code; 0 if absent
    StringId function; // as printed (gdb's demangled C++/Rust path, kernel symbol)
    StringId module; // kernel module "[vhost_net]", illumos "genunix`", gdb "from LIB"
    StringId arguments; // raw text between the call's parentheses, e.g. "mutex=0x55d0, ms=-1"
    StringId file; // source file, when printed or symbolized
    StringId note; // an annotation the dump attaches, e.g. "<- spinning for console lock"
    std::uint32_t line = 0; // source line, 0 if unknown
    LineSpan span;
    FrameContext context = FrameContext::Task;
    bool hasAddress = false;
    bool hasOffset = false;
    bool hasSize = false;
    bool unreliable = false; // the kernel's "? " prefix: found on the stack, maybe stale
    bool inlined = false; // gdb/eu-stack inlined frame, or added by the symbolizer
    bool symbolized = false; // function/file:line filled in from DWARF, not from the dump
    std::vector<ObjectField> locals; // gdb "bt full": the frame's local variables, as printed
};

struct Thread
{
    StringId id; // the dump's own handle: "LWP 1234", "pid 57", "fffffd6b04d27c00", "CPU 3"
    StringId name; // comm / thread name / "bhyve/36 [vcpu 0]"
    StringId stateText; // the dump's word for the state: "D", "TASK_UNINTERRUPTIBLE", "SLEEP"
    StringId note; // prose the dump attaches, e.g. an informal list's header sentence
    StringId waitObject; // what the dump says it sleeps on: mdb SOBJ/WCHAN, ps WCHAN
    std::int64_t tid = -1; // pid / LWP / TID when stated
    std::uint64_t taskAddress = 0; // task_struct / kthread_t when stated
    std::int32_t cpu = -1;
    ThreadState state = ThreadState::Unknown;
    Format format = Format::Unknown;
    std::uint32_t sample = 0; // which snapshot of the system this stack belongs to
    std::uint32_t count = 1; // >1 when the dump itself aggregates identical stacks (mdb ::stacks)
    std::vector<Frame> frames; // innermost first
    LineSpan span;
};

/// A lock the dump lists as held (lockdep "#0: ffff... (&lock){+.+.}-{3:3}, at: fn+0x/0x").
struct HeldLock
{
    StringId name; // lockdep class, e.g. "&dev->mutex"
    std::uint64_t address = 0;
    StringId acquiredAt; // function of the "at:" site
    std::uint32_t depth = 0; // the "#N"
    LineSpan span;
};

enum class ReportKind : std::uint8_t {
    SoftLockup, // watchdog: BUG: soft lockup - CPU#3 stuck for 22s! [comm:pid]
    HardLockup, // NMI watchdog: Watchdog detected hard LOCKUP on cpu 3
    HungTask, // INFO: task comm:pid blocked for more than 120 seconds.
    RcuStall, // rcu: INFO: rcu_sched detected stalls on CPUs/tasks
    NmiBacktrace, // NMI backtrace for cpu 2
    LockdepCircular, // WARNING: possible circular locking dependency detected
    LockdepRecursive, // WARNING: possible recursive locking detected
    LockdepInconsistent, // WARNING: inconsistent lock state
    HeldLocks, // N locks held by comm/pid:
    BlockedOnOwner, // INFO: task X:1 is blocked on a mutex likely owned by task Y:2.
    Panic, // Kernel panic - not syncing: ...
    Oops, // BUG:/Oops:/general protection fault
    Watchdog, // other watchdog reports (bark, hung, "watchdog: BUG: ...")
};
const char* reportKindName(ReportKind k);

/// One link of lockdep's "-> #N (lock){...}:" chain in a circular dependency report.
struct LockChainLink
{
    std::uint32_t depth = 0;
    StringId lock;
    std::vector<StringId> functions; // the acquire stack printed under the link, innermost first
    LineSpan span;
};

struct ConsoleReport
{
    ReportKind kind = ReportKind::Watchdog;
    std::int32_t cpu = -1;
    std::int64_t pid = -1;
    StringId task; // comm of the reported task
    double seconds = 0; // "stuck for 22s", "blocked for more than 120 seconds"
    double timestamp = -1; // console time of the report, if printed
    StringId lockName; // BlockedOnOwner: the lock; lockdep: the lock being acquired
    std::uint64_t lockAddress = 0;
    StringId ownerTask; // BlockedOnOwner: the owner as the kernel names it
    std::int64_t ownerPid = -1;
    std::vector<HeldLock> heldLocks; // HeldLocks
    std::vector<LockChainLink> chain; // LockdepCircular / LockdepRecursive
    StringId headline; // the report's first line, as printed
    ThreadId thread; // the stack printed with this report, if one follows it
    LineSpan span;
};

/// mdb "ADDR::print TYPE", gdb "p *obj" / "$1 = {...}", crash "struct TYPE ADDR".
struct ObjectDump
{
    std::uint64_t address = 0;
    StringId type; // "viona_vring_t", "pthread_mutex_t", "struct mutex"
    StringId expression; // what was printed, e.g. "*mutex", "fffffd6b1e186ab8::print viona_vring_t"
    std::vector<ObjectField> fields;
    Format format = Format::Unknown;
    LineSpan span;
};

/// A counter such as a bpftrace map entry "@get_rx_ret[0]: 4468052".
struct Counter
{
    StringId map; // "@get_rx_ret"
    StringId key; // "0", "60366", "recvmsg"; empty for scalars
    std::int64_t value = 0;
    LineSpan span;
};

/// A stretch of the input read by one format parser.
struct Region
{
    Format format = Format::Unknown;
    LineSpan span;
};

struct Sample
{
    LineSpan span; // from its first thread to its last
};

struct Dump
{
    std::string source; // file name, or "-" for standard input
    StringTable strings;
    std::vector<Thread> threads; // in input order
    std::vector<Sample> samples; // at least one when there are threads
    std::vector<ConsoleReport> reports;
    std::vector<ObjectDump> objects;
    std::vector<Counter> counters;
    std::vector<Region> regions;
    std::uint32_t lineCount = 0;

    std::string_view str(StringId id) const
    {
        return strings.str(id);
    }
    const Thread& thread(ThreadId id) const
    {
        return threads[id.value];
    }
};

} // namespace hvdump::parsers
