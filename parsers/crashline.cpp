// SPDX-License-Identifier: GPL-2.0-or-later
#include "crashline.h"

#include "linecursor.h"

namespace hvdump::parsers::crash {
namespace {

    bool isUpperKeyChar(char c)
    {
        return (c >= 'A' && c <= 'Z') || c == '_';
    }

    bool isRegisterNameChar(char c)
    {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || isDigit(c) || c == '_';
    }

    // the end of a value: a space or the end of the line
    bool atValueEnd(const LineCursor& c)
    {
        return c.atEnd() || c.peek() == ' ' || c.peek() == '\t';
    }

    // "KEY:" made of capitals; leaves the cursor after the colon
    bool consumeKey(LineCursor& c, std::string_view& key)
    {
        std::string_view rest = c.rest();
        std::size_t n = 0;
        while (n < rest.size() && isUpperKeyChar(rest[n]))
            ++n;
        if (n == 0 || n >= rest.size() || rest[n] != ':')
            return false;
        key = rest.substr(0, n);
        c.setPosition(c.position() + n + 1);
        return true;
    }

    // a quoted COMMAND value ends at a quote followed by a space or the end of the line, so a comm
    // holding a quote still reads whole
    bool consumeQuoted(LineCursor& c, std::string_view& out)
    {
        std::string_view rest = c.rest();
        if (rest.empty() || rest[0] != '"')
            return false;
        for (std::size_t i = 1; i < rest.size(); ++i) {
            if (rest[i] == '"' && (i + 1 == rest.size() || rest[i + 1] == ' ' || rest[i + 1] == '\t')) {
                out = rest.substr(1, i - 1);
                c.setPosition(c.position() + i + 1);
                return true;
            }
        }
        return false;
    }

    bool allHex(std::string_view s)
    {
        if (s.empty())
            return false;
        for (char ch : s)
            if (!isHexDigit(ch))
                return false;
        return true;
    }

} // namespace

bool splitSymbolOffset(std::string_view text, std::string_view& function, std::uint64_t& offset, bool& hasOffset)
{
    function = text;
    offset = 0;
    hasOffset = false;
    std::size_t plus = text.rfind('+');
    if (plus == std::string_view::npos || plus == 0 || plus + 1 >= text.size())
        return !text.empty();
    std::string_view number = text.substr(plus + 1);
    LineCursor c(number);
    std::uint64_t v = 0;
    bool ok = false;
    if (startsWith(number, "0x") || startsWith(number, "0X"))
        ok = c.consumeHex(v) && c.atEnd();
    else
        ok = c.consumeDecimal(v) && c.atEnd();
    if (ok) {
        function = text.substr(0, plus);
        offset = v;
        hasOffset = true;
    }
    return !function.empty();
}

Parse parseTaskHeader(std::string_view text, TaskHeader& out)
{
    out = {};
    text = trim(text);
    if (!startsWith(text, "PID:") || (!contains(text, "TASK:") && !contains(text, "COMMAND:")))
        return Parse::No;
    LineCursor c(text);
    bool sawPid = false;
    while (true) {
        c.skipSpaces();
        if (c.atEnd())
            break;
        std::string_view key;
        if (!consumeKey(c, key)) {
            // an unknown trailing word: skip it rather than reject a header from a newer crash
            std::string_view skipped;
            if (c.peek() == '[' && c.consumeBalanced('[', ']', skipped))
                continue;
            c.consumeToken(skipped);
            continue;
        }
        c.skipSpaces();
        if (key == "PID") {
            std::uint64_t pid = 0;
            if (!c.consumeDecimal(pid) || !atValueEnd(c) || pid > 0x7fffffffffffULL) {
                out.problem = "PID";
                return Parse::Malformed;
            }
            out.pid = static_cast<std::int64_t>(pid);
            sawPid = true;
        } else if (key == "TASK") {
            if (!c.consumeHex(out.task) || !atValueEnd(c)) {
                out.problem = "TASK";
                std::string_view skipped;
                c.consumeToken(skipped);
                continue; // keep reading CPU and COMMAND; the caller reports the bad field
            }
            out.hasTask = true;
        } else if (key == "CPU") {
            std::uint64_t cpu = 0;
            std::string_view token;
            if (c.consumeDecimal(cpu) && atValueEnd(c) && cpu < 0x7fffffff)
                out.cpu = static_cast<std::int32_t>(cpu);
            else if (!c.consumeToken(token) || token != "-")
                out.problem = "CPU";
        } else if (key == "COMMAND") {
            std::string_view command;
            if (consumeQuoted(c, command)) {
                out.command = command;
            } else {
                // unquoted (some front ends print the comm bare): the rest of the line
                out.command = trim(c.rest());
                if (!out.command.empty() && out.command[0] == '"')
                    out.command.remove_prefix(1); // a quote that never closes: cut line
                break;
            }
        } else {
            std::string_view skipped;
            if (!(c.peek() == '"' && consumeQuoted(c, skipped)))
                c.consumeToken(skipped);
        }
    }
    if (!sawPid) {
        out.problem = "PID";
        return Parse::Malformed;
    }
    if (!out.hasTask && out.problem.empty())
        out.problem = "TASK";
    return out.problem.empty() ? Parse::Ok : Parse::Malformed;
}

Parse parsePsTimedLine(std::string_view text, std::string_view& state, TaskHeader& out)
{
    text = trim(text);
    if (text.empty() || text[0] != '[')
        return Parse::No;
    LineCursor c(text);
    std::string_view stamp;
    if (!c.consumeBalanced('[', ']', stamp))
        return Parse::No;
    for (char ch : stamp)
        if (!isDigit(ch) && ch != ' ' && ch != ':' && ch != '.')
            return Parse::No;
    c.skipSpaces();
    if (!c.consumeBalanced('[', ']', state) || state.size() != 2)
        return Parse::No;
    return parseTaskHeader(c.rest(), out);
}

Parse parseFrameLine(std::string_view text, FrameLine& out)
{
    out = {};
    std::string_view t = trim(text);
    LineCursor c(t);
    bool level = false;
    if (c.consumeChar('#')) {
        std::uint64_t n = 0;
        if (!c.consumeDecimal(n))
            return Parse::No;
        level = true;
        if (c.skipSpaces() == 0)
            return Parse::No;
    } else if (c.consumePrefix("START:")) {
        c.skipSpaces();
    } else if (c.peek() == '[') {
        out.textSymbol = true; // bt -t
    } else {
        return Parse::No;
    }

    if (c.peek() == '[') {
        LineCursor probe = c;
        probe.consumeChar('[');
        if (!probe.consumeHex(out.stack) || !probe.consumeChar(']'))
            return level ? Parse::Malformed : Parse::No;
        out.hasStack = true;
        c = probe;
        if (c.skipSpaces() == 0 && !c.atEnd())
            return level ? Parse::Malformed : Parse::No;
    } else if (out.textSymbol) {
        return Parse::No;
    }
    // from here on the line has committed to being a frame (or it is "#N word", checked below)
    const bool committed = out.hasStack || !level;
    std::string_view symbol;
    if (!c.consumeToken(symbol))
        return committed ? Parse::Malformed : Parse::No;
    if (!level || out.hasStack) {
        // fine
    } else if (isDigit(symbol[0]) || !(isIdentChar(symbol[0]) || symbol[0] == ':')) {
        return Parse::No; // "#0  0x0000 in f ()" is gdb, not crash
    }
    if (!splitSymbolOffset(symbol, out.function, out.offset, out.hasOffset))
        return Parse::Malformed;
    c.skipSpaces();
    if (!c.consumePrefix("at") || !atValueEnd(c)) {
        if (!committed && !c.atEnd())
            return Parse::No;
        return Parse::Malformed;
    }
    c.skipSpaces();
    if (!c.consumeHex(out.address) || !atValueEnd(c))
        return Parse::Malformed;
    out.hasAddress = true;
    c.skipSpaces();
    if (c.peek() == '[') {
        std::string_view module;
        if (c.consumeBalanced('[', ']', module) && !module.empty())
            out.module = module;
    }
    return Parse::Ok;
}

bool parseStackMarker(std::string_view text, FrameContext& context)
{
    std::string_view t = trim(text);
    if (!startsWith(t, "--- <") || !endsWith(t, "> ---"))
        return false;
    std::string_view inner = t.substr(5, t.size() - 10);
    if (contains(inner, "NMI"))
        context = FrameContext::Nmi;
    else if (contains(inner, "soft IRQ") || contains(inner, "softirq") || contains(inner, "SOFTIRQ"))
        context = FrameContext::SoftIrq;
    else if (contains(inner, "IRQ") || contains(inner, "irq"))
        context = FrameContext::Irq;
    else
        context = FrameContext::Exception;
    return true;
}

bool parseExceptionLine(std::string_view text, ExceptionLine& out)
{
    out = {};
    std::string_view t = trim(text);
    std::string_view inner;
    if (startsWith(t, "[exception ")) {
        std::size_t colon = t.find(':');
        std::size_t close = t.rfind(']');
        if (colon == std::string_view::npos || close == std::string_view::npos || close < colon)
            return false;
        inner = trim(t.substr(colon + 1, close - colon - 1));
    } else if (startsWith(t, "PC:")) {
        // arm64 kernel mode "PC: ffff800008123456  [fn+0x1f4]"; user mode has no bracket
        LineCursor c(t);
        c.consumePrefix("PC:");
        c.skipSpaces();
        if (!c.consumeHex(out.address))
            return false;
        c.skipSpaces();
        if (c.peek() != '[' || !c.consumeBalanced('[', ']', inner))
            return false;
        out.hasAddress = true;
        inner = trim(inner);
    } else {
        return false;
    }
    if (inner.empty() || contains(inner, "unknown") || contains(inner, "invalid"))
        return true;
    std::string_view fn;
    if (splitSymbolOffset(inner, fn, out.offset, out.hasOffset) && fn.find(' ') == std::string_view::npos)
        out.function = fn;
    return true;
}

bool isRegisterLine(std::string_view text, std::uint64_t& ip, bool& hasIp)
{
    hasIp = false;
    std::string_view t = trim(text);
    LineCursor c(t);
    bool first = true;
    while (!c.atEnd()) {
        std::string_view rest = c.rest();
        std::size_t n = 0;
        while (n < rest.size() && n <= 16 && isRegisterNameChar(rest[n]))
            ++n;
        const bool isName = n > 0 && n < rest.size() && rest[n] == ':' && !isDigit(rest[0]);
        if (!isName) {
            if (first)
                return false;
            std::string_view skipped;
            if (!c.consumeToken(skipped))
                break;
            c.skipSpaces();
            continue;
        }
        std::string_view name = rest.substr(0, n);
        c.setPosition(c.position() + n + 1);
        c.skipSpaces();
        std::uint64_t value = 0;
        LineCursor probe = c;
        const bool hexValue = probe.consumeHex(value) && atValueEnd(probe);
        if (first && !hexValue && c.peek() != '[')
            return false;
        first = false;
        if (hexValue) {
            c = probe;
            if (name == "RIP" || name == "EIP" || name == "NIP" || name == "PC" || name == "IP") {
                ip = value;
                hasIp = true;
            }
        }
        c.skipSpaces();
    }
    return !first;
}

bool parseSourceLine(std::string_view text, std::string_view& file, std::uint32_t& line)
{
    std::string_view t = trim(text);
    std::size_t sep = t.rfind(": ");
    if (sep == std::string_view::npos || sep == 0)
        return false;
    std::string_view path = t.substr(0, sep);
    std::string_view number = trim(t.substr(sep + 2));
    std::int64_t v = 0;
    if (!parseInt(number, v) || v <= 0 || v > 0x7fffffff)
        return false;
    if (path.find(' ') != std::string_view::npos || path.find('\t') != std::string_view::npos)
        return false;
    if (path.find('/') == std::string_view::npos && path.find('.') == std::string_view::npos)
        return false;
    file = path;
    line = static_cast<std::uint32_t>(v);
    return true;
}

bool isStackDataLine(std::string_view text)
{
    std::string_view t = trim(text);
    std::size_t colon = t.find(':');
    if (colon == std::string_view::npos || colon < 4 || colon > 16)
        return false;
    return allHex(t.substr(0, colon)) && (colon + 1 == t.size() || t[colon + 1] == ' ');
}

bool parsePrompt(std::string_view text, std::string_view& command)
{
    std::string_view t = trimLeft(text);
    if (!startsWith(t, "crash>"))
        return false;
    std::string_view rest = t.substr(6);
    if (!rest.empty() && rest[0] != ' ' && rest[0] != '\t')
        return false;
    command = trim(rest);
    return true;
}

bool isElision(std::string_view text)
{
    std::string_view t = trim(text);
    if (t.size() >= 3 && t.find_first_not_of('.') == std::string_view::npos)
        return true;
    return t == "[...]" || t == "(...)" || t == "<snip>" || t == "[snip]" || t == "(snip)" || t == "\xe2\x80\xa6"
        || contains(t, "OUTPUT CUT") || contains(t, "output cut");
}

} // namespace hvdump::parsers::crash
