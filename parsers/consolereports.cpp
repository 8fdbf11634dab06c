// SPDX-License-Identifier: GPL-2.0-or-later
#include "consolereports.h"

#include "consolelines.h"
#include "linecursor.h"

namespace hvdump::parsers {
namespace {

    constexpr auto npos = std::string_view::npos;

    // which ASCII characters a line holds
    class CharSet
    {
    public:
        explicit CharSet(std::string_view s)
        {
            // bytes above 127 fold onto ASCII: a false "present" only costs a search
            std::uint64_t low = 0, high = 0;
            for (char c : s) {
                const unsigned u = static_cast<unsigned char>(c) & 127u;
                const std::uint64_t bit = std::uint64_t(1) << (u & 63u);
                low |= u < 64 ? bit : 0;
                high |= u < 64 ? 0 : bit;
            }
            m_bits[0] = low;
            m_bits[1] = high;
        }
        bool has(char c) const
        {
            const auto u = static_cast<unsigned char>(c);
            return u < 128 && (m_bits[u >> 6] >> (u & 63) & 1) != 0;
        }
        bool hasAll(std::string_view chars) const
        {
            for (char c : chars)
                if (!has(c))
                    return false;
            return true;
        }

    private:
        std::uint64_t m_bits[2] = { 0, 0 };
    };

    std::int32_t toCpu(std::uint64_t v)
    {
        return static_cast<std::int32_t>(v < 0x7fffffff ? v : 0x7fffffff);
    }

    // the decimal right after key, e.g. "CPU#" -> 3
    bool decimalAfter(std::string_view text, std::string_view key, std::uint64_t& out, std::size_t* end = nullptr)
    {
        std::size_t at = text.find(key);
        if (at == npos)
            return false;
        LineCursor c(text.substr(at + key.size()));
        c.skipSpaces();
        if (!c.consumeDecimal(out))
            return false;
        if (end)
            *end = at + key.size() + c.position();
        return true;
    }

    bool softLockup(std::string_view t, ReportLine& r)
    {
        std::uint64_t v = 0;
        if (contains(t, "soft lockup detected on CPU#")) { // 2.6.2x
            r.kind = ReportKind::SoftLockup;
            if (decimalAfter(t, "CPU#", v))
                r.cpu = toCpu(v);
            return true;
        }
        if (!contains(t, "soft lockup - CPU#"))
            return false;
        r.kind = ReportKind::SoftLockup;
        if (decimalAfter(t, "CPU#", v))
            r.cpu = toCpu(v);
        std::size_t end = 0;
        if (decimalAfter(t, " stuck for ", v, &end))
            r.seconds = static_cast<double>(v);
        // "[comm:pid]": comm may hold ':' and ']' ("kworker/1:1"), so split at the last ':'
        std::size_t open = t.find('[', end);
        std::size_t close = t.rfind(']');
        if (open != npos && close != npos && close > open)
            splitCommPid(t.substr(open + 1, close - open - 1), ':', r.task, r.pid);
        r.stackFollows = true;
        return true;
    }

    bool hardLockup(std::string_view t, ReportLine& r)
    {
        std::uint64_t v = 0;
        if (contains(t, "Watchdog detected hard LOCKUP on cpu ")) {
            r.kind = ReportKind::HardLockup;
            if (decimalAfter(t, "hard LOCKUP on cpu ", v))
                r.cpu = toCpu(v);
        } else if (contains(t, "Watchdog detected LOCKUP on CPU")) { // 2.6 x86 "NMI Watchdog detected LOCKUP on CPU 3"
            r.kind = ReportKind::HardLockup;
            if (decimalAfter(t, "LOCKUP on CPU", v))
                r.cpu = toCpu(v);
        } else {
            return false;
        }
        r.stackFollows = true;
        return true;
    }

    bool hungTask(std::string_view t, ReportLine& r)
    {
        std::size_t at = t.find("INFO: task ");
        if (at == npos)
            return false;
        std::string_view rest = t.substr(at + 11);
        std::uint64_t v = 0;
        std::size_t blocked = rest.find(" blocked for more than ");
        if (blocked != npos) {
            r.kind = ReportKind::HungTask;
            splitCommPid(rest.substr(0, blocked), ':', r.task, r.pid);
            if (decimalAfter(rest, " blocked for more than ", v))
                r.seconds = static_cast<double>(v);
            r.stackFollows = true;
            return true;
        }
        // 6.14+ debug_show_blocker: mutex, semaphore and rw-semaphore wordings
        std::size_t by = rest.find(" by task ");
        std::size_t on = rest.find(" blocked on a");
        if (on == npos)
            return false;
        r.kind = ReportKind::BlockedOnOwner;
        std::string_view waiter = rest.substr(0, on);
        if (endsWith(waiter, " is"))
            waiter.remove_suffix(3);
        if (endsWith(waiter, ">")) // "modprobe:31634 <writer>"
            waiter = trim(waiter.substr(0, waiter.rfind('<')));
        splitCommPid(waiter, ':', r.task, r.pid);
        if (by != npos) {
            std::string_view owner = trim(rest.substr(by + 9));
            if (endsWith(owner, "."))
                owner.remove_suffix(1);
            if (endsWith(owner, ">"))
                owner = trim(owner.substr(0, owner.rfind('<')));
            splitCommPid(owner, ':', r.ownerTask, r.ownerPid);
            r.stackFollows = true; // sched_show_task(owner)
        }
        return true;
    }

    bool rcuStall(std::string_view t, ReportLine& r)
    {
        std::uint64_t v = 0;
        bool self = contains(t, "self-detected stall on CPU");
        if (!self && !contains(t, "detected stalls on CPUs/tasks") && !contains(t, "detected stall on CPU")
            && !contains(t, "detected expedited stalls on CPUs/tasks"))
            return false;
        if (!contains(t, "INFO: ") && !startsWith(t, "rcu: "))
            return false;
        r.kind = ReportKind::RcuStall;
        if (!self && decimalAfter(t, "stall on CPU ", v)) // 2.6.3x "detected stall on CPU 3 (t=...)"
            r.cpu = toCpu(v);
        std::size_t open = t.find('{');
        std::size_t close = open == npos ? npos : t.find('}', open);
        if (close != npos)
            r.cpuList = t.substr(open + 1, close - open - 1);
        r.stackFollows = self;
        return true;
    }

    bool lockdep(std::string_view t, ReportLine& r)
    {
        if (!startsWith(t, "WARNING: ") && !startsWith(t, "[ INFO: ") && !startsWith(t, "INFO: "))
            return false;
        if (contains(t, "possible circular locking dependency detected"))
            r.kind = ReportKind::LockdepCircular;
        else if (contains(t, "possible recursive locking detected"))
            r.kind = ReportKind::LockdepRecursive;
        else if (contains(t, "inconsistent lock state") || contains(t, "irq lock inversion dependency detected")
            || contains(t, "-unsafe lock order detected"))
            r.kind = ReportKind::LockdepInconsistent;
        else
            return false;
        return true; // the stack comes later, after "stack backtrace:"
    }

    bool oopsOrBug(std::string_view t, ReportLine& r)
    {
        std::uint64_t v = 0;
        if (startsWith(t, "BUG: workqueue lockup")) {
            r.kind = ReportKind::Watchdog;
            if (decimalAfter(t, " stuck for ", v))
                r.seconds = static_cast<double>(v);
            return true;
        }
        if (startsWith(t, "BUG: spinlock lockup suspected on CPU#")) {
            r.kind = ReportKind::Watchdog;
            if (decimalAfter(t, "CPU#", v))
                r.cpu = toCpu(v);
            std::size_t comma = t.find(", ");
            if (comma != npos)
                splitCommPid(trim(t.substr(comma + 2)), '/', r.task, r.pid);
            r.stackFollows = true;
            return true;
        }
        if (startsWith(t, "BUG: ") || startsWith(t, "Oops: ") || startsWith(t, "Oops - ")
            || startsWith(t, "general protection fault") || startsWith(t, "Unable to handle kernel ")
            || startsWith(t, "Internal error: ") || startsWith(t, "kernel BUG at ")) {
            r.kind = ReportKind::Oops;
            r.stackFollows = true;
            return true;
        }
        return false;
    }

    bool watchdogLine(std::string_view t, ReportLine& r, const CharSet& chars)
    {
        if ((chars.hasAll("W!") && contains(t, "Watchdog bark!"))
            || (chars.has('C') && contains(t, "Causing a watchdog bite"))) {
            r.kind = ReportKind::Watchdog;
            return true;
        }
        if (!startsWith(t, "watchdog: ") && !startsWith(t, "NMI watchdog: "))
            return false;
        if (!contains(t, "BUG") && !contains(t, "LOCKUP") && !contains(t, "lockup") && !contains(t, "stuck"))
            return false;
        r.kind = ReportKind::Watchdog;
        std::uint64_t v = 0;
        if (decimalAfter(t, "CPU", v))
            r.cpu = toCpu(v);
        return true;
    }

} // namespace

bool recognizeReport(std::string_view text, ReportLine& r)
{
    std::string_view t = trim(text);
    r = ReportLine {};
    if (t.size() < 8)
        return false;
    // every sniff asks this of every line: one pass over the line's characters spares the searches
    // for report wordings whose characters are not all there
    const CharSet chars(t);
    if (chars.hasAll("Kp-") && contains(t, "Kernel panic - not syncing")) {
        if (startsWith(t, "---[ end"))
            return false;
        r.kind = ReportKind::Panic;
        r.stackFollows = true;
        return true;
    }
    if ((chars.has('#') && softLockup(t, r)) || (chars.hasAll("LOCKUP") && hardLockup(t, r))
        || (chars.hasAll("INFO:") && hungTask(t, r)) || (chars.hasAll("CPU") && rcuStall(t, r)) || lockdep(t, r))
        return true;
    std::uint64_t v = 0;
    if (startsWith(t, "NMI backtrace for cpu ") && decimalAfter(t, "for cpu ", v)) {
        r.kind = ReportKind::NmiBacktrace;
        r.cpu = toCpu(v);
        std::size_t idle = t.find(" skipped: idling at ");
        if (idle != npos)
            r.idleAt = trim(t.substr(idle + 20));
        r.stackFollows = idle == npos;
        return true;
    }
    return oopsOrBug(t, r) || watchdogLine(t, r, chars);
}

bool parseRcuCpuLine(std::string_view text, std::int32_t& cpu)
{
    std::string_view t = trim(text);
    if (startsWith(t, "rcu:"))
        t = trimLeft(t.substr(4));
    LineCursor c(t);
    std::uint64_t v = 0;
    if (!c.consumeDecimal(v))
        return false;
    if (c.consumeChar('-')) {
        std::string_view flags;
        if (!c.consumeUntil(':', flags) || flags.size() > 8)
            return false;
    }
    if (!c.consumeChar(':'))
        return false;
    std::string_view rest = c.rest();
    if (!contains(rest, "idle=") && !contains(rest, "GPs behind") && !contains(rest, "ticks this GP"))
        return false;
    cpu = toCpu(v);
    return true;
}

bool parseRcuBlockedTasks(std::string_view text, std::string_view& pids)
{
    std::string_view t = trim(text);
    std::size_t at = t.find("Tasks blocked on level-");
    if (at == npos)
        return false;
    std::size_t colon = t.find("):", at);
    if (colon == npos)
        return false;
    pids = trim(t.substr(colon + 2));
    return true;
}

} // namespace hvdump::parsers
