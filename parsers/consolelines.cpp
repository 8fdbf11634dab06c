// SPDX-License-Identifier: GPL-2.0-or-later
#include "consolelines.h"

#include "dumpbuilder.h"
#include "kernelframe.h"
#include "linecursor.h"

#include <array>

namespace hvdump::parsers {
namespace {

    bool isUpper(char c)
    {
        return c >= 'A' && c <= 'Z';
    }
    bool isLower(char c)
    {
        return c >= 'a' && c <= 'z';
    }

    // the decimal after "key" (spaces allowed between, as 5.8's "pid:    1" has them)
    bool numberAfter(std::string_view text, std::string_view key, std::int64_t& out)
    {
        std::size_t at = text.find(key);
        if (at == std::string_view::npos)
            return false;
        LineCursor c(text.substr(at + key.size()));
        c.skipSpaces();
        std::uint64_t v = 0;
        if (!c.consumeDecimal(v) || v > 0x7fffffffffffffffULL)
            return false;
        out = static_cast<std::int64_t>(v);
        return true;
    }

    // comm ends where the taint/version part of dump_stack_print_info begins
    std::string_view commBefore(std::string_view rest)
    {
        static constexpr std::array<std::string_view, 4> ends = { " Not tainted", " Tainted:", " Kdump:", " (" };
        std::size_t end = rest.size();
        for (auto e : ends)
            end = std::min(end, rest.find(e));
        return trim(rest.substr(0, end));
    }

    bool isHexWord(std::string_view token)
    {
        if (token.size() != 8 && token.size() != 16)
            return false;
        for (char ch : token)
            if (!isHexDigit(ch))
                return false;
        return true;
    }

    bool startsWithHex(std::string_view s)
    {
        return !s.empty() && isHexDigit(s[0]);
    }

    constexpr std::array<std::string_view, 44> x86Registers = { "RSP:", "RAX:", "RBX:", "RCX:", "RDX:", "RSI:", "RDI:",
        "RBP:", "R08:", "R09:", "R10:", "R11:", "R12:", "R13:", "R14:", "R15:", "FS:", "GS:", "CS:", "DS:", "ES:",
        "SS:", "CR0:", "CR2:", "CR3:", "CR4:", "DR0:", "DR1:", "DR2:", "DR3:", "DR6:", "DR7:", "PKRU:", "EAX:", "EBX:",
        "ECX:", "EDX:", "ESI:", "EDI:", "EBP:", "ESP:", "EFLAGS:", "ORIG_RAX:", "LR:" };

} // namespace

bool splitCommPid(std::string_view text, char separator, std::string_view& comm, std::int64_t& pid)
{
    std::size_t at = text.rfind(separator);
    if (at == std::string_view::npos || at == 0)
        return false;
    std::int64_t v = 0;
    if (!parseInt(text.substr(at + 1), v) || v < 0)
        return false;
    comm = text.substr(0, at);
    pid = v;
    return true;
}

bool parseCpuLine(std::string_view text, TaskHeader& header)
{
    std::string_view t = trim(text);
    LineCursor c(t);
    std::uint64_t v = 0;
    std::int64_t pid = -1;
    if (c.consumePrefix("CPU: ")) {
        c.skipSpaces();
        if (!c.consumeDecimal(v) || !numberAfter(t, " PID: ", pid))
            return false;
        header.cpu = static_cast<std::int32_t>(v < 0x7fffffff ? v : 0x7fffffff);
        header.pid = pid;
        std::size_t comm = t.find(" Comm: ");
        if (comm != std::string_view::npos)
            header.comm = commBefore(t.substr(comm + 7));
        return true;
    }
    if (c.consumePrefix("Pid: ")) { // 2.6/3.0 x86 show_regs
        if (!c.consumeDecimal(v) || !c.consumePrefix(", comm: "))
            return false;
        header.pid = static_cast<std::int64_t>(v);
        header.comm = commBefore(c.rest());
        return true;
    }
    if (c.consumePrefix("Process ")) { // 2.6 oops "Process bash (pid: 1234, threadinfo ..., task ...)"
        std::size_t open = t.find(" (pid: ");
        if (open == std::string_view::npos || !numberAfter(t, " (pid: ", pid))
            return false;
        header.comm = trim(t.substr(8, open - 8));
        header.pid = pid;
        header.sameOops = true;
        std::size_t task = t.find(" task ");
        if (task != std::string_view::npos) {
            LineCursor tc(t.substr(task + 6));
            tc.consumeHex(header.taskAddress);
        }
        return true;
    }
    if (c.consumePrefix("Task dump for CPU ")) { // RCU stalls: the task on a stalled CPU follows
        if (!c.consumeDecimal(v) || !c.consumeChar(':'))
            return false;
        header.cpu = static_cast<std::int32_t>(v < 0x7fffffff ? v : 0x7fffffff);
        return true;
    }
    // old sysrq-l: "CPU 3" or "CPU3:" on a line of its own
    if (c.consumePrefix("CPU")) {
        c.skipSpaces();
        if (!c.consumeDecimal(v))
            return false;
        c.consumeChar(':');
        if (!c.atEnd())
            return false;
        header.cpu = static_cast<std::int32_t>(v < 0x7fffffff ? v : 0x7fffffff);
        return true;
    }
    return false;
}

bool parseSchedTaskLine(std::string_view text, TaskHeader& header)
{
    std::string_view t = trim(text);
    if (startsWith(t, "task:") && t.size() > 5 && t[5] != ' ') {
        std::size_t state = t.find(" state:");
        if (state == std::string_view::npos || state + 7 >= t.size())
            return false;
        header.comm = trim(t.substr(5, state - 5));
        header.state = t[state + 7];
        std::int64_t pid = -1;
        if (numberAfter(t, " pid:", pid))
            header.pid = pid;
        return true;
    }
    // old style, read from the end: comm state [address|running task] free pid ppid 0xflags
    std::array<std::string_view, 16> tokens {};
    std::array<std::size_t, 16> starts {};
    std::size_t n = 0;
    for (std::size_t i = 0; i < t.size();) {
        while (i < t.size() && isSpace(t[i]))
            ++i;
        if (i >= t.size())
            break;
        std::size_t start = i;
        while (i < t.size() && !isSpace(t[i]))
            ++i;
        if (n == tokens.size())
            return false;
        starts[n] = start;
        tokens[n++] = t.substr(start, i - start);
    }
    if (n < 6 || !startsWith(tokens[n - 1], "0x"))
        return false;
    std::uint64_t flags = 0;
    std::int64_t ppid = 0, pid = 0, freeBytes = 0;
    if (!parseHex(tokens[n - 1], flags) || !parseInt(tokens[n - 2], ppid) || !parseInt(tokens[n - 3], pid)
        || !parseInt(tokens[n - 4], freeBytes))
        return false;
    std::size_t s = n - 5; // state letter, or an address / "running task" before it
    std::uint64_t address = 0;
    if (s >= 2 && tokens[s] == "task" && tokens[s - 1] == "running")
        s -= 2;
    else if (s >= 1 && tokens[s] == "running") // 32-bit kernels print "running" alone
        --s;
    else if (s >= 1 && tokens[s].size() >= 8 && parseHex(tokens[s], address))
        --s;
    std::string_view letter = tokens[s];
    static constexpr std::string_view letters = "RSDTtZXxKWPIN";
    if (s == 0 || letter.size() != 1 || letters.find(letter[0]) == std::string_view::npos)
        return false;
    header.comm = trim(t.substr(0, starts[s]));
    header.state = letter[0];
    header.pid = pid;
    return !header.comm.empty();
}

bool parseTaskAddressLine(std::string_view text, std::uint64_t& address)
{
    LineCursor c(trim(text));
    if (!c.consumePrefix("task: ") || !c.consumeHex(address))
        return false;
    c.skipSpaces();
    return startsWith(c.rest(), "ti: ") || startsWith(c.rest(), "task.stack: ") || c.atEnd();
}

ThreadState stateFromLetter(char letter)
{
    switch (letter) {
    case 'R':
    case 'W':
        return ThreadState::Runnable;
    case 'S':
    case 'P': // parked kthread
        return ThreadState::Sleeping;
    case 'D':
    case 'K':
    case 'N':
        return ThreadState::Uninterruptible;
    case 'I':
        return ThreadState::Idle;
    case 'T':
    case 't':
        return ThreadState::Stopped;
    case 'Z':
    case 'X':
    case 'x':
        return ThreadState::Zombie;
    default:
        return ThreadState::Unknown;
    }
}

bool isRegisterLine(std::string_view text)
{
    std::string_view t = trim(text);
    if (t.empty())
        return false;
    if (startsWith(t, "Code:") || t == "Stack:" || startsWith(t, "Exception stack(") || startsWith(t, "pstate: ")
        || startsWith(t, "lr : ") || startsWith(t, "pc : [<") || startsWith(t, "LR is at ") || startsWith(t, "ra : ")
        || startsWith(t, "sp : "))
        return true;
    const std::size_t colon = isUpper(t[0]) ? t.find(':') : std::string_view::npos;
    if (colon != std::string_view::npos && colon < 9 && colon + 1 < t.size() && isSpace(t[colon + 1])) {
        const std::string_view head = t.substr(0, colon + 1);
        for (auto reg : x86Registers)
            if (head == reg)
                return startsWithHex(trimLeft(t.substr(colon + 1)));
    }
    // arm64 "x29: ffff80000a1b3c50 x28: ...", riscv " gp : ffffffff... tp : ..."
    std::size_t i = 0;
    while (i < t.size() && i < 4 && (isLower(t[i]) || isDigit(t[i])))
        ++i;
    if (i > 0 && isLower(t[0])) {
        std::string_view rest = t.substr(i);
        if (startsWith(rest, ": ") || startsWith(rest, " : ")) {
            rest = trimLeft(rest.substr(rest[0] == ':' ? 1 : 2));
            std::size_t hex = 0;
            while (hex < rest.size() && isHexDigit(rest[hex]))
                ++hex;
            return hex >= 8;
        }
    }
    // raw stack words (3.x "Stack:" contents) and arm64 4.x "3d40: ffff... ffff..."
    LineCursor c(t);
    std::string_view token;
    std::size_t words = 0;
    bool first = true;
    while (c.skipSpaces(), c.consumeToken(token)) {
        if (first && token.size() == 5 && token[4] == ':') {
            bool hex = true;
            for (std::size_t k = 0; k < 4; ++k)
                hex = hex && isHexDigit(token[k]);
            if (!hex)
                return false;
            first = false;
            continue;
        }
        first = false;
        if (!isHexWord(token))
            return false;
        ++words;
    }
    return words >= 2;
}

bool parseInstructionPointer(std::string_view text, DumpBuilder& out, Frame& frame)
{
    std::string_view t = trim(text);
    LineCursor c(t);
    if (c.consumePrefix("RIP: ") || c.consumePrefix("EIP: ")) {
        c.skipSpaces();
        std::string_view rest = c.rest();
        // the code segment "0010:" in front of the address or symbol
        if (rest.size() > 5 && rest[4] == ':' && isHexDigit(rest[0]) && isHexDigit(rest[3]))
            rest = rest.substr(5);
        // 2.6/3.x "[<ffffffff8104a2e5>]  [<ffffffff8104a2e5>] fn+0x5/0x10": the address is printed twice
        if (startsWith(rest, "[<")) {
            std::size_t close = rest.find(">]");
            if (close != std::string_view::npos && startsWith(trimLeft(rest.substr(close + 2)), "[<"))
                rest = trimLeft(rest.substr(close + 2));
        }
        std::size_t eflags = rest.find(" EFLAGS:"); // 32-bit "EIP: 0060:[<c0..>] EFLAGS: 00010246 CPU: 0"
        if (eflags != std::string_view::npos)
            rest = rest.substr(0, eflags);
        return parseKernelFrameLine(rest, out, frame);
    }
    static constexpr std::array<std::string_view, 5> prefixes = { "pc : ", "epc : ", "PC is at ", "EIP is at ",
        "RIP is at " };
    for (auto p : prefixes)
        if (c.consumePrefix(p)) // 4.x arm64 "pc : [<addr>] lr : [<addr>] pstate: ..." is a register line
            return !contains(c.rest(), " lr : ") && parseKernelFrameLine(c.rest(), out, frame);
    return false;
}

bool parseLockLine(std::string_view text, DumpBuilder& out, HeldLock& lock, bool& hasDepth)
{
    std::string_view t = trim(text);
    LineCursor c(t);
    hasDepth = false;
    std::uint64_t v = 0;
    if (c.consumeChar('#')) {
        if (!c.consumeDecimal(v) || !c.consumeChar(':'))
            return false;
        lock.depth = static_cast<std::uint32_t>(v < 0xffffffff ? v : 0xffffffff);
        hasDepth = true;
        c.skipSpaces();
    }
    lock.address = 0;
    if (isHexDigit(c.peek())) {
        LineCursor probe = c;
        std::uint64_t address = 0;
        if (probe.consumeHex(address) && probe.skipSpaces() > 0) {
            c = probe;
            lock.address = address;
        }
    } else if (c.consumePrefix("(____ptrval____)") || c.consumePrefix("(ptrval)")) {
        c.skipSpaces();
    }
    std::string_view name, usage;
    if (!c.consumeBalanced('(', ')', name) || name.empty())
        return false;
    if (c.peek() == '{' && c.consumeBalanced('{', '}', usage) && c.consumeChar('-'))
        c.consumeBalanced('{', '}', usage);
    lock.name = out.intern(name);
    lock.acquiredAt = {};
    if (c.consumePrefix(", at:")) {
        Frame site;
        if (parseKernelFrameLine(c.rest(), out, site))
            lock.acquiredAt = site.function;
    }
    return true;
}

bool parseLocksHeldHeader(std::string_view text, std::string_view& comm, std::int64_t& pid)
{
    std::string_view t = trim(text);
    LineCursor c(t);
    std::uint64_t n = 0;
    if (!c.consumeDecimal(n) || !(c.consumePrefix(" locks held by ") || c.consumePrefix(" lock held by ")))
        return false;
    std::string_view rest = c.rest();
    if (!endsWith(rest, ":"))
        return false;
    return splitCommPid(rest.substr(0, rest.size() - 1), '/', comm, pid);
}

bool parseChainLinkHeader(std::string_view text, std::uint32_t& depth, std::string_view& lock)
{
    LineCursor c(trim(text));
    std::uint64_t v = 0;
    if (!c.consumePrefix("-> #") || !c.consumeDecimal(v))
        return false;
    c.skipSpaces();
    if (!c.consumeBalanced('(', ')', lock))
        return false;
    depth = static_cast<std::uint32_t>(v < 0xffffffff ? v : 0xffffffff);
    return true;
}

std::string_view stripExtraTimestamp(std::string_view text, bool& stripped)
{
    stripped = false;
    std::string_view t = trimLeft(text);
    if (t.size() < 4 || t[0] != '[')
        return text;
    std::size_t close = t.find(']');
    if (close == std::string_view::npos || close > 32)
        return text;
    std::string_view inner = t.substr(1, close - 1);
    std::string_view body = trim(inner);
    bool ok = false;
    if (!body.empty() && (body[0] == '+' || isDigit(body[0]))) {
        // "[  +0.000004]" or an indented "[  277.000573]"
        LineCursor c(body);
        c.consumeChar('+');
        double seconds = 0;
        ok = c.consumeNumber(seconds) && c.atEnd();
    } else if (body.size() >= 9 && isUpper(body[0]) && isLower(body[1]) && isLower(body[2])) {
        // "[Thu Mar 13 15:18:38 2025]" or "[Jul25 00:44]"
        std::size_t colons = 0;
        ok = true;
        for (char ch : body) {
            colons += ch == ':';
            ok = ok && (isDigit(ch) || ch == ':' || ch == ' ' || isUpper(ch) || isLower(ch));
        }
        ok = ok && colons >= 1 && colons <= 2;
    }
    if (!ok)
        return text;
    t = t.substr(close + 1);
    // an optional printk caller id "[  T123]" after an indented timestamp
    if (startsWith(trimLeft(t), "[")) {
        std::string_view u = trimLeft(t);
        std::size_t end = u.find(']');
        std::string_view id = end == std::string_view::npos ? std::string_view() : trim(u.substr(1, end - 1));
        std::int64_t n = 0;
        if (id.size() >= 2 && (id[0] == 'T' || id[0] == 'C') && parseInt(id.substr(1), n))
            t = u.substr(end + 1);
    }
    if (!t.empty() && t[0] == ' ')
        t.remove_prefix(1);
    stripped = true;
    return t;
}

} // namespace hvdump::parsers
