// SPDX-License-Identifier: GPL-2.0-or-later
// ConsoleReader, continued: lockdep's reports (the locks of "trying to acquire" / "already holding",
// the "-> #N" dependency chain and its acquire stacks, "N locks held by" lists, wrapped over several
// lines in mail) and the RCU stall detail lines.
#include "consolereader.h"
#include "dumpbuilder.h"
#include "kernelframe.h"
#include "linecursor.h"

namespace hvdump::parsers {

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
        if (!r->heldLocks.empty() && r->heldLocks.back().depth == lock.depth) {
            // the last of them names the function that really took the lock, not an inlined helper
            r->heldLocks.back().span.extend(n);
            if (lock.acquiredAt.valid() && lock.acquiredAt.value != 0)
                r->heldLocks.back().acquiredAt = lock.acquiredAt;
        } else
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

} // namespace hvdump::parsers
