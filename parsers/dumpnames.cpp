// SPDX-License-Identifier: GPL-2.0-or-later
// The stable names of the model's enums, as used in JSON, the CLI and the GUI.
#include "diagnostic.h"
#include "dump.h"

#include <array>
#include <utility>

namespace hvdump::parsers {
namespace {
    constexpr std::array<std::pair<Format, const char*>, 10> formatNames = { {
        { Format::Unknown, "unknown" },
        { Format::Crash, "crash" },
        { Format::Console, "console" },
        { Format::ProcStack, "proc-stack" },
        { Format::Mdb, "mdb" },
        { Format::Gdb, "gdb" },
        { Format::EuStack, "eu-stack" },
        { Format::Bpftrace, "bpftrace" },
        { Format::Informal, "informal" },
        { Format::Pstack, "pstack" },
    } };
} // namespace

const char* formatName(Format f)
{
    for (const auto& [format, name] : formatNames)
        if (format == f)
            return name;
    return "unknown";
}

Format formatFromName(std::string_view name)
{
    for (const auto& [format, n] : formatNames)
        if (name == n)
            return format;
    return Format::Unknown;
}

const char* threadStateName(ThreadState s)
{
    switch (s) {
    case ThreadState::Unknown:
        return "unknown";
    case ThreadState::Running:
        return "running";
    case ThreadState::Runnable:
        return "runnable";
    case ThreadState::Sleeping:
        return "sleeping";
    case ThreadState::Uninterruptible:
        return "uninterruptible";
    case ThreadState::Idle:
        return "idle";
    case ThreadState::Stopped:
        return "stopped";
    case ThreadState::Zombie:
        return "zombie";
    }
    return "unknown";
}

const char* frameContextName(FrameContext c)
{
    switch (c) {
    case FrameContext::Task:
        return "task";
    case FrameContext::Irq:
        return "irq";
    case FrameContext::SoftIrq:
        return "softirq";
    case FrameContext::Nmi:
        return "nmi";
    case FrameContext::Exception:
        return "exception";
    }
    return "task";
}

const char* reportKindName(ReportKind k)
{
    switch (k) {
    case ReportKind::SoftLockup:
        return "soft-lockup";
    case ReportKind::HardLockup:
        return "hard-lockup";
    case ReportKind::HungTask:
        return "hung-task";
    case ReportKind::RcuStall:
        return "rcu-stall";
    case ReportKind::NmiBacktrace:
        return "nmi-backtrace";
    case ReportKind::LockdepCircular:
        return "lockdep-circular";
    case ReportKind::LockdepRecursive:
        return "lockdep-recursive";
    case ReportKind::LockdepInconsistent:
        return "lockdep-inconsistent";
    case ReportKind::HeldLocks:
        return "held-locks";
    case ReportKind::BlockedOnOwner:
        return "blocked-on-owner";
    case ReportKind::Panic:
        return "panic";
    case ReportKind::Oops:
        return "oops";
    case ReportKind::Watchdog:
        return "watchdog";
    }
    return "watchdog";
}

const char* severityName(Severity s)
{
    switch (s) {
    case Severity::Note:
        return "note";
    case Severity::Warning:
        return "warning";
    case Severity::Error:
        return "error";
    }
    return "warning";
}

std::string formatDiagnostic(const Diagnostic& d)
{
    std::string out = d.file.empty() ? std::string("-") : d.file;
    if (d.line > 0) {
        out += ':' + std::to_string(d.line);
        if (d.column > 0)
            out += ':' + std::to_string(d.column);
    }
    out += std::string(": ") + severityName(d.severity) + ": " + d.message + " [" + d.code + ']';
    return out;
}

} // namespace hvdump::parsers
