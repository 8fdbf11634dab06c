// SPDX-License-Identifier: GPL-2.0-or-later
// Generates large, realistic dumps in memory, one per format (gdb thread apply all bt, mdb
// ::findstack -v, crash bt -a, console reports with Call Traces, /proc stacks, eu-stack,
// bpftrace maps, informal frame lists in mail prose), with varied names, addresses and thread
// headers. Deterministic for a seed. Used by bench_parser and by the hostile-input tests, which
// compare what the parsers find with the counts the generator reports in Expected.
#pragma once

#include "syntheticwriter.h"

#include <hvdump/parsers/dump.h>

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace hvdump::synthetic {

using parsers::Format;

/// What the generated text holds, for the formats where that is unambiguous.
struct Expected
{
    std::size_t threads = 0; // stacks with a thread/task/CPU header
    std::size_t frames = 0; // frame lines inside those stacks
    std::size_t counters = 0; // bpftrace "@map[key]: value" lines
    std::size_t lines = 0;
    bool exactThreads = true; // false where the format leaves the thread count to interpretation
};

/// Generation stops after the block that reaches either bound.
struct Limit
{
    std::size_t bytes = std::numeric_limits<std::size_t>::max();
    std::size_t lines = std::numeric_limits<std::size_t>::max();
};

inline constexpr std::array<Format, 8> allFormats = { Format::Gdb, Format::Mdb, Format::Crash, Format::Console,
    Format::ProcStack, Format::EuStack, Format::Bpftrace, Format::Informal };

class Generator : public SyntheticWriter
{
public:
    explicit Generator(std::uint64_t seed = 1)
        : SyntheticWriter(seed)
    {
    }

    std::string make(Format format, Limit limit, Expected* expected = nullptr)
    {
        m_out.clear();
        m_exp = {};
        m_exp.exactThreads = format != Format::Informal && format != Format::Bpftrace;
        m_lines = 0;
        if (limit.bytes != std::numeric_limits<std::size_t>::max())
            m_out.reserve(limit.bytes + 4096);
        else if (limit.lines != std::numeric_limits<std::size_t>::max())
            m_out.reserve(limit.lines * 56); // no generated line is longer on average

        if (format == Format::Bpftrace)
            line("Attaching 4 probes...");
        while (m_out.size() < limit.bytes && m_lines < limit.lines)
            block(format);
        if (format == Format::Bpftrace)
            bpftraceStacks();
        m_exp.lines = m_lines;
        if (expected)
            *expected = m_exp;
        return std::move(m_out);
    }

private:
    void block(Format format)
    {
        switch (format) {
        case Format::Gdb:
            return gdbThread();
        case Format::Mdb:
            return mdbThread();
        case Format::Crash:
            return crashTask();
        case Format::Console:
            return consoleReport();
        case Format::ProcStack:
            return procStack();
        case Format::EuStack:
            return euStackProcess();
        case Format::Bpftrace:
            return bpftraceMap();
        case Format::Informal:
        case Format::Pstack:
        case Format::Unknown:
            return informalList();
        }
    }

    void gdbThread()
    {
        const std::uint64_t lwp = 1000 + m_exp.threads;
        if (m_exp.threads % 64 == 0) {
            line();
            put("Thread ");
            dec(m_exp.threads + 1);
            put(" (Thread 0x7f2c");
            hex(next() & 0xfffffff, 8);
            put(" (LWP ");
            dec(lwp + 500000);
            put(")):");
            endLine();
            line("#0  0x00007f2c5a8e2a3d in syscall () from /lib/x86_64-linux-gnu/libc.so.6");
            ++m_exp.frames;
            ++m_exp.threads;
            line();
        }
        put("Thread ");
        dec(m_exp.threads + 1);
        put(" (Thread 0x7f2c");
        hex(next() & 0xfffffff, 8);
        put(" (LWP ");
        dec(lwp);
        put(") \"");
        put(any(comms));
        put("\"):");
        endLine();
        const std::size_t n = depth();
        std::string scratch;
        for (std::size_t i = 0; i < n; ++i) {
            put("#");
            dec(i);
            put(i < 10 ? "  " : " ");
            if (i > 0 || below(3)) {
                put("0x");
                hex(userAddr(), 16);
                put(" in ");
            }
            put(pick(any(userFns), scratch));
            put(" (");
            if (below(2)) {
                put("mutex=0x55d0c6f1");
                hex(below(0x10000), 4);
                put(", ms=-1, file=0x55d0c4b2e0a8 \"../util/main-loop.c\", line=");
                dec(below(400));
            }
            put(")");
            if (below(4)) {
                put(" at ");
                put(any(userFiles));
                put(":");
                dec(1 + below(3000));
            } else {
                put(" from /lib/x86_64-linux-gnu/libc.so.6");
            }
            endLine();
        }
        m_exp.frames += n;
        ++m_exp.threads;
        line();
    }

    void mdbThread()
    {
        const std::uint64_t thread = 0xfffffe00f4000c20ull + (m_exp.threads << 12);
        std::uint64_t sp = 0xfffffe00f4200960ull + (m_exp.threads << 12);
        put("stack pointer for thread ");
        hex(thread);
        if (below(2)) {
            put(" (bhyve/");
            dec(below(90));
            put(" [vcpu ");
            dec(below(16));
            put("])");
        }
        put(": ");
        hex(sp);
        endLine();
        put("[ ");
        hex(sp);
        put(" _resume_from_idle+0x12b() ]");
        endLine();
        const std::size_t n = depth();
        std::string scratch;
        for (std::size_t i = 1; i < n; ++i) {
            sp += 0x30 + below(0x80);
            put("  ");
            hex(sp);
            put(" ");
            if (below(3) == 0) {
                put(any(illumosModules));
                put("`");
            }
            put(pick(any(illumosFns), scratch));
            put("+0x");
            hex(below(0x300));
            put("(");
            for (std::size_t a = 0, args = below(5); a < args; ++a) {
                if (a)
                    put(", ");
                hex(a == 0 ? 0xfffffe5b2f0c1e28ull + below(0x1000) : below(4));
            }
            put(")");
            endLine();
        }
        m_exp.frames += n;
        ++m_exp.threads;
        line();
    }

    void crashTask()
    {
        const bool active = below(4) == 0;
        put("PID: ");
        dec(100 + m_exp.threads);
        put("    TASK: ffff8881");
        hex(next() & 0xffffffff, 8);
        put("  CPU: ");
        dec(below(64));
        put("   COMMAND: \"");
        put(any(comms));
        put("\"");
        endLine();
        const std::size_t n = depth();
        std::size_t frame = 0;
        for (; frame < n; ++frame) {
            put(frame < 10 ? " #" : "#");
            dec(frame);
            put(" [");
            hex(stackAddr(), 16);
            put("] ");
            std::string scratch;
            put(pick(any(kernelFns), scratch));
            put(" at ");
            hex(kernelAddr(), 16);
            if (below(8) == 0) {
                put(" [");
                put(any(kernelModules));
                put("]");
            }
            endLine();
            if (active && frame == 2) {
                line("--- <NMI exception stack> ---");
            }
        }
        if (active) {
            put("    [exception RIP: native_safe_halt+0x");
            hex(below(0x20));
            put("]");
            endLine();
            put("    RIP: ");
            hex(kernelAddr(), 16);
            put("  RSP: ");
            hex(stackAddr(), 16);
            put("  RFLAGS: 00000246");
            endLine();
            line("    RAX: 0000000000000000  RBX: ffff888100a8c000  RCX: 0000000000000001");
            line("    ORIG_RAX: ffffffffffffffff  CS: 0010  SS: 0018");
        }
        m_exp.frames += n;
        ++m_exp.threads;
        line();
    }

    void consoleReport()
    {
        // every 8th report has no timestamps, as in a serial console capture without printk.time
        m_timestamps = m_exp.threads % 8 != 7;
        const auto pid = 2000 + m_exp.threads;
        const std::string_view comm = any(comms);
        const bool lockup = below(3) == 0;
        if (lockup) {
            consoleLine("watchdog: BUG: soft lockup - CPU#");
            dec(below(64));
            put(" stuck for ");
            dec(22 + below(40));
            put("s! [");
            put(comm);
            put(":");
            dec(pid);
            put("]");
            endLine();
            consoleLine("CPU: 3 PID: ");
            dec(pid);
            put(" Comm: ");
            put(comm);
            put(" Not tainted 6.1.0-18-amd64 #1 Debian 6.1.76-1");
            endLine();
            consoleLine("RIP: 0010:");
            symbolOffset("virtqueue_get_buf");
            endLine();
            consoleLine("RSP: 0018:ffffa0c0c1b7bcf8 EFLAGS: 00000246");
            endLine();
        } else {
            consoleLine("INFO: task ");
            put(comm);
            put(":");
            dec(pid);
            put(" blocked for more than 120 seconds.");
            endLine();
            consoleLine("      Not tainted 6.1.0-18-amd64 #1 Debian 6.1.76-1");
            endLine();
            consoleLine("\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.");
            endLine();
            consoleLine("task:");
            put(comm);
            put("        state:D stack:0     pid:");
            dec(pid);
            put("  ppid:1      flags:0x00004002");
            endLine();
        }
        consoleLine("Call Trace:");
        endLine();
        const bool modern = below(4) != 0;
        if (modern) {
            consoleLine(" <TASK>");
            endLine();
        }
        const std::size_t n = depth();
        for (std::size_t i = 0; i < n; ++i) {
            if (modern) {
                consoleLine(below(8) == 0 ? " ? " : " ");
            } else {
                consoleLine(" [<");
                hex(kernelAddr(), 16);
                put(">] ");
                if (below(8) == 0)
                    put("? ");
            }
            kernelFrameText();
            endLine();
        }
        if (modern) {
            consoleLine(" </TASK>");
            endLine();
        }
        m_exp.frames += n;
        ++m_exp.threads;
        m_timestamps = true;
        if (below(4) == 0) {
            consoleLine("virtio_mem virtio5: plugged size: 0x");
            hex(next() & 0xfffffff);
            endLine();
        }
    }

    void procStack()
    {
        const auto pid = 3000 + m_exp.threads / 4;
        put("==> /proc/");
        dec(pid);
        put("/task/");
        dec(pid + m_exp.threads % 4);
        put("/stack <==");
        endLine();
        const bool hashed = below(2) == 0; // modern kernels print [<0>] instead of the address
        const std::size_t n = depth();
        for (std::size_t i = 0; i < n; ++i) {
            put("[<");
            if (hashed)
                put("0");
            else
                hex(kernelAddr(), 16);
            put(">] ");
            kernelFrameText();
            endLine();
        }
        m_exp.frames += n;
        ++m_exp.threads;
        line();
    }

    void euStackProcess()
    {
        const auto pid = 4000 + m_exp.threads;
        put("PID ");
        dec(pid);
        put(" - process");
        endLine();
        const std::size_t threads = 1 + below(8);
        std::string scratch;
        for (std::size_t t = 0; t < threads; ++t) {
            put("TID ");
            dec(pid + t);
            put(":");
            endLine();
            const std::size_t n = depth();
            for (std::size_t i = 0; i < n; ++i) {
                put("#");
                dec(i);
                put(i < 10 ? "  0x" : " 0x");
                hex(userAddr(), 16);
                put(" ");
                put(pick(any(userFns), scratch));
                if (below(3) == 0)
                    put(" - /usr/lib/x86_64-linux-gnu/libc.so.6");
                endLine();
                if (below(5) == 0) {
                    put("    ");
                    put(any(userFiles));
                    put(":");
                    dec(1 + below(900));
                    endLine();
                }
            }
            m_exp.frames += n;
            ++m_exp.threads;
        }
    }

    void bpftraceMap()
    {
        static constexpr std::array<std::string_view, 4> maps = { "@get_rx_ret", "@calls", "@bytes", "@ring_full" };
        line();
        const std::string_view map = any(maps);
        const bool byFunction = map == "@calls";
        const std::size_t n = byFunction ? kernelFns.size() : 4 + below(60);
        for (std::size_t i = 0; i < n; ++i) {
            put(map);
            put("[");
            if (byFunction)
                put(kernelFns[i]); // keys of one map are distinct
            else
                dec(below(2) ? i : 60000 + 64 * i);
            put("]: ");
            dec(next() % 5000000);
            endLine();
            ++m_exp.counters;
        }
    }
    void bpftraceStacks()
    {
        line();
        for (int s = 0; s < 3; ++s) {
            line("@stacks[");
            for (std::size_t i = 0, n = depth(); i < n; ++i) {
                put("        ");
                put(any(kernelFns));
                put("+");
                dec(below(900));
                endLine();
            }
            put("]: ");
            dec(next() % 5000000);
            endLine();
        }
    }

    void informalList()
    {
        static constexpr std::array<std::string_view, 4> prose = {
            "holds outvq_lock and spins forever in virtqueue_get_buf waiting",
            "has a watchdog bark ISR fire and attempts printk, holds the console lock, but spins",
            "(khvcd kernel thread) is also blocked in __hvc_poll trying to acquire outvq_lock",
            "has a worker calling _dev_info, spinning inside vprintk_emit waiting for the console lock"
        };
        line("The dump from the failure confirms the scenario. We looked at it for a while and the");
        line("remaining CPUs are all in the same state, see below.");
        line();
        put("Core ");
        dec(m_exp.threads % 64);
        put(" ");
        put(any(prose));
        put(":");
        endLine();
        line();
        const std::size_t n = 3 + below(8);
        for (std::size_t i = 0; i < n; ++i) {
            put(any(kernelFns));
            if (i == 0 && below(2))
                put("       <- spinning for console lock");
            endLine();
        }
        line("  <- writev() syscall");
        line();
        m_exp.frames += n;
        ++m_exp.threads;
    }

    Expected m_exp;
};

/// A dump of about `bytes` bytes in format.
inline std::string makeDump(Format format, std::size_t bytes, std::uint64_t seed = 1, Expected* expected = nullptr)
{
    Limit limit;
    limit.bytes = bytes;
    return Generator(seed).make(format, limit, expected);
}

/// A dump of at least `lines` lines in format.
inline std::string makeLines(Format format, std::size_t lines, std::uint64_t seed = 1, Expected* expected = nullptr)
{
    Limit limit;
    limit.lines = lines;
    return Generator(seed).make(format, limit, expected);
}

} // namespace hvdump::synthetic
