// SPDX-License-Identifier: GPL-2.0-or-later
#include "gdbframe.h"

#include "linecursor.h"

namespace hvdump::parsers {
namespace {

    constexpr std::size_t npos = std::string_view::npos;

    bool isWordChar(char c)
    {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '_';
    }

    bool isOperatorAt(std::string_view s, std::size_t i)
    {
        return s.compare(i, 8, "operator") == 0 && (i == 0 || !isWordChar(s[i - 1]))
            && (i + 8 >= s.size() || !isWordChar(s[i + 8]));
    }

    // "operator<", "operator()", "operator->": the symbol is part of the name, not a bracket
    std::size_t skipOperatorSymbol(std::string_view s, std::size_t i)
    {
        if (i + 1 < s.size() && ((s[i] == '(' && s[i + 1] == ')') || (s[i] == '[' && s[i + 1] == ']')))
            return i + 2;
        while (i < s.size() && std::string_view("<>=!+-*/%^&|~,").find(s[i]) != npos)
            ++i;
        return i;
    }

    // Index of the '(' opening the argument list: the first " (" outside brackets. depth tells how
    // many brackets are still open at the end when there is none (a name wrapped onto the next line).
    std::size_t findArgumentsOpen(std::string_view s, int& depth)
    {
        depth = 0;
        for (std::size_t i = 0; i < s.size(); ++i) {
            char c = s[i];
            if (c == 'o' && isOperatorAt(s, i)) {
                i = skipOperatorSymbol(s, i + 8) - 1;
                continue;
            }
            switch (c) {
            case '(':
                if (depth == 0 && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t')) {
                    if (s.compare(i, 21, "(anonymous namespace)") != 0)
                        return i;
                    i += 20;
                    break;
                }
                ++depth;
                break;
            case '<':
            case '[':
            case '{':
                ++depth;
                break;
            case '>':
                if (i > 0 && s[i - 1] == '-')
                    break; // Rust "fn() -> T"
                [[fallthrough]];
            case ')':
            case ']':
            case '}':
                if (depth > 0)
                    --depth;
                break;
            default:
                break;
            }
        }
        return npos;
    }

    // Skips a C char literal ('(' or '\000') starting at i; returns the index of its closing quote.
    std::size_t skipCharLiteral(std::string_view s, std::size_t i)
    {
        if (i + 2 < s.size() && s[i + 1] != '\\' && s[i + 2] == '\'')
            return i + 2;
        if (i + 1 < s.size() && s[i + 1] == '\\') {
            for (std::size_t j = i + 2; j < s.size() && j < i + 8; ++j)
                if (s[j] == '\'')
                    return j;
        }
        return i;
    }

    // Index of the ')' matching the '(' at open, skipping strings and char literals.
    std::size_t findArgumentsClose(std::string_view s, std::size_t open)
    {
        int depth = 0;
        for (std::size_t i = open; i < s.size(); ++i) {
            char c = s[i];
            if (c == '"') {
                for (++i; i < s.size() && s[i] != '"'; ++i)
                    if (s[i] == '\\')
                        ++i;
                if (i >= s.size())
                    return npos;
            } else if (c == '\'') {
                i = skipCharLiteral(s, i);
            } else if (c == '(') {
                ++depth;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return npos;
    }

    bool looksLikeLibrary(std::string_view path)
    {
        return contains(path, ".so") || endsWith(path, ".dll") || endsWith(path, ".dylib");
    }

    // "file.c:123" -> file, line; a location without a line number may name a library instead
    void readLocation(std::string_view token, GdbFrameText& out)
    {
        std::size_t colon = token.rfind(':');
        std::int64_t line = 0;
        if (colon != npos && colon > 0 && parseInt(token.substr(colon + 1), line) && line >= 0 && line < 100000000) {
            out.file = token.substr(0, colon);
            out.line = static_cast<std::uint32_t>(line);
        } else if (looksLikeLibrary(token) || token.substr(token.rfind('/') + 1).find('.') == npos) {
            // "at /usr/lib/libglib-2.0.so.0", "at /usr/bin/qemu-kvm": a binary, printed without a line
            out.library = token;
        } else {
            out.file = token;
        }
    }

    std::string_view takeToken(std::string_view& rest)
    {
        std::size_t end = 0;
        while (end < rest.size() && !isSpace(rest[end]))
            ++end;
        std::string_view token = rest.substr(0, end);
        rest = trimLeft(rest.substr(end));
        return token;
    }

    // "at FILE:LINE", "from LIB", then whatever else stands on the line (kept as a note)
    GdbFrameStatus readTail(std::string_view rest, GdbFrameText& out)
    {
        bool sawAt = false, sawFrom = false;
        rest = trim(rest);
        while (!rest.empty()) {
            if (rest == "at" || rest == "from")
                return GdbFrameStatus::Incomplete;
            if (!sawAt && rest.size() > 3 && startsWith(rest, "at") && isSpace(rest[2])) {
                rest = trimLeft(rest.substr(3));
                readLocation(takeToken(rest), out);
                sawAt = true;
            } else if (!sawFrom && rest.size() > 5 && startsWith(rest, "from") && isSpace(rest[4])) {
                rest = trimLeft(rest.substr(5));
                out.library = takeToken(rest);
                sawFrom = true;
            } else {
                out.note = rest;
                break;
            }
        }
        return GdbFrameStatus::Ok;
    }

    // string with gdb's escapes, starting at the opening quote; returns the index after the closing one
    std::size_t skipQuoted(std::string_view s, std::size_t i)
    {
        for (++i; i < s.size(); ++i) {
            if (s[i] == '\\')
                ++i;
            else if (s[i] == '"')
                return i + 1;
        }
        return s.size();
    }

    // Balanced "(...)" at i that may hold quoted names; returns the index after ')' or npos.
    std::size_t skipGroup(std::string_view s, std::size_t i)
    {
        int depth = 0;
        while (i < s.size()) {
            char c = s[i];
            if (c == '"') {
                i = skipQuoted(s, i);
                continue;
            }
            if (c == '(')
                ++depth;
            else if (c == ')' && --depth == 0)
                return i + 1;
            ++i;
        }
        return npos;
    }

    bool readNumberAfter(std::string_view text, std::string_view key, std::int64_t& out)
    {
        std::size_t at = 0;
        while ((at = text.find(key, at)) != npos) {
            if (at == 0 || !isIdentChar(text[at - 1])) {
                LineCursor c(text.substr(at + key.size()));
                std::uint64_t v = 0;
                if (c.consumeDecimal(v) && v < (1ull << 62)) {
                    out = static_cast<std::int64_t>(v);
                    return true;
                }
            }
            at += key.size();
        }
        return false;
    }

    // "3", "2.1": gdb's own thread number
    bool consumeThreadNumber(LineCursor& c, std::string_view text, std::string_view& number)
    {
        std::size_t start = c.position();
        std::uint64_t v = 0;
        if (!c.consumeDecimal(v))
            return false;
        if (c.peek() == '.') {
            c.consumeChar('.');
            if (!c.consumeDecimal(v))
                return false;
        }
        number = text.substr(start, c.position() - start);
        return true;
    }

} // namespace

bool splitGdbFrameLevel(std::string_view text, std::uint32_t& level, std::string_view& body)
{
    if (text.size() < 2 || text[0] != '#' || !isDigit(text[1]))
        return false;
    LineCursor c(text);
    c.consumeChar('#');
    std::uint64_t v = 0;
    if (!c.consumeDecimal(v) || v > 0xffffffffu)
        return false;
    if (!c.atEnd() && c.peek() != ' ' && c.peek() != '\t')
        return false;
    level = static_cast<std::uint32_t>(v);
    body = trimLeft(c.rest());
    return true;
}

bool looksLikeBrokenGdbLevel(std::string_view text)
{
    if (text.empty() || text[0] != '#')
        return false;
    std::uint32_t level = 0;
    std::string_view body;
    return !splitGdbFrameLevel(text, level, body);
}

GdbFrameStatus parseGdbFrameBody(std::string_view body, GdbFrameText& out)
{
    out = GdbFrameText {};
    body = trimRight(body);
    if (body.empty())
        return GdbFrameStatus::Incomplete;
    std::string_view call = body;
    if (startsWith(body, "0x")) {
        LineCursor c(body);
        if (!c.consumeHex(out.address))
            return GdbFrameStatus::Malformed;
        out.hasAddress = true;
        c.skipSpaces();
        if (c.atEnd() || c.rest() == "in")
            return GdbFrameStatus::Incomplete;
        if (!c.consumePrefix("in ") && !c.consumePrefix("in\t"))
            return GdbFrameStatus::Malformed;
        call = body.substr(c.position() - 1); // keep the blank so an empty name still ends in " ("
    }
    if (startsWith(trimLeft(call), "<signal handler called>")) {
        out.signalHandler = true;
        out.function = trimLeft(call).substr(0, 23);
        return readTail(trimLeft(call).substr(23), out);
    }
    int depth = 0;
    std::size_t open = findArgumentsOpen(call, depth);
    if (open == npos) {
        out.function = trim(call);
        return depth > 0 ? GdbFrameStatus::Incomplete : GdbFrameStatus::Malformed;
    }
    out.function = trim(call.substr(0, open));
    std::size_t close = findArgumentsClose(call, open);
    if (close == npos) {
        out.arguments = call.substr(open + 1);
        return GdbFrameStatus::Incomplete;
    }
    out.arguments = call.substr(open + 1, close - open - 1);
    out.hasArguments = true;
    return readTail(call.substr(close + 1), out);
}

bool continuesGdbFrame(GdbFrameStatus status, const GdbFrameText& frame, std::string_view next)
{
    std::string_view t = trim(next);
    if (t.empty() || t[0] == '#' || t[0] == '$' || t[0] == '[' || startsWith(t, "(gdb)")
        || startsWith(t, "Backtrace stopped") || startsWith(t, "(More stack frames") || startsWith(t, "No locals.")
        || startsWith(t, "No symbol table info")) {
        return false;
    }
    GdbThreadHeader header;
    if (parseGdbThreadHeader(t, header))
        return false;
    switch (status) {
    case GdbFrameStatus::Incomplete:
        return true;
    case GdbFrameStatus::Malformed:
        return t[0] == '(' && !frame.function.empty();
    case GdbFrameStatus::Ok:
        if (!frame.file.empty() || !frame.library.empty() || !frame.note.empty() || !frame.hasArguments)
            return false;
        // "at file:line" or "from LIB" wrapped onto its own line; "at = 1" would be a local
        return (startsWith(t, "at ") && !startsWith(t, "at = ")) || (startsWith(t, "from ") && !contains(t, " = "));
    }
    return false;
}

void scanGdbTargetId(std::string_view text, GdbTargetId& out)
{
    out = GdbTargetId {};
    out.text = trim(text);
    readNumberAfter(text, "LWP ", out.lwp);
    readNumberAfter(text, "process ", out.process);
    // glibc's and FreeBSD's thread_db name the thread by its pthread_t, the value pthread_join takes
    LineCursor handle(out.text);
    std::uint64_t value = 0;
    if (handle.consumePrefix("Thread ") && startsWith(handle.rest(), "0x") && handle.consumeHex(value)
        && (handle.atEnd() || handle.peek() == ' '))
        out.handle = value;
    std::size_t quote = text.find('"');
    if (quote != npos) {
        std::size_t end = skipQuoted(text, quote);
        std::size_t nameEnd = end > quote + 1 && end <= text.size() && text[end - 1] == '"' ? end - 1 : end;
        out.name = text.substr(quote + 1, nameEnd - quote - 1);
    }
}

bool parseGdbThreadHeader(std::string_view text, GdbThreadHeader& out)
{
    std::string_view t = trim(text);
    LineCursor c(t);
    if (!c.consumePrefix("Thread "))
        return false;
    c.skipSpaces();
    if (!consumeThreadNumber(c, t, out.number))
        return false;
    c.skipSpaces();
    if (c.peek() != '(')
        return false;
    std::size_t open = c.position();
    std::size_t end = skipGroup(t, open);
    if (end == npos)
        return false;
    std::string_view rest = trim(t.substr(end));
    if (rest != ":")
        return false;
    std::string_view target = trim(t.substr(open + 1, end - open - 2));
    // gdb's target ids: "Thread 0x.. (LWP n)", "LWP n", "process n", "Thread 1.2", "Thread 1234.0x1a2b";
    // "Thread 3 (vcpu0):" is a person's heading, not gdb
    if (!startsWith(target, "Thread ") && !startsWith(target, "LWP ") && !startsWith(target, "process ")
        && !startsWith(target, "pid ") && !startsWith(target, "Remote target"))
        return false;
    scanGdbTargetId(target, out.target);
    return true;
}

bool parseGdbThreadSwitch(std::string_view text, GdbThreadHeader& out)
{
    std::string_view t = trim(text);
    if (t.size() < 3 || t.front() != '[' || t.back() != ']')
        return false;
    t = t.substr(1, t.size() - 2);
    LineCursor c(t);
    if (c.consumePrefix("Switching to thread ") || c.consumePrefix("Current thread is ")) {
        if (!consumeThreadNumber(c, t, out.number))
            return false;
        c.skipSpaces();
        std::string_view target = trim(c.rest());
        if (startsWith(target, "(") && endsWith(target, ")"))
            target = target.substr(1, target.size() - 2);
        scanGdbTargetId(target, out.target);
        return true;
    }
    if (c.consumePrefix("Switching to ")) {
        out.number = {};
        scanGdbTargetId(c.rest(), out.target);
        return out.target.lwp >= 0 || out.target.process >= 0;
    }
    return false;
}

bool isGdbInfoThreadsHeader(std::string_view text)
{
    std::string_view t = trim(text);
    return t.size() > 3 && startsWith(t, "Id") && isSpace(t[2]) && contains(t, "Target Id");
}

bool parseGdbInfoThreadsRow(std::string_view text, GdbInfoThreadsRow& out)
{
    out = GdbInfoThreadsRow {};
    std::string_view t = trimRight(text);
    LineCursor c(t);
    c.skipSpaces();
    out.current = c.consumeChar('*');
    c.skipSpaces();
    if (!consumeThreadNumber(c, t, out.thread.number) || c.skipSpaces() == 0)
        return false;
    std::size_t targetStart = c.position();
    std::uint64_t v = 0;
    std::string_view token;
    if (c.consumePrefix("Thread ")) {
        if (!c.consumeHex(v) && !c.consumeToken(token))
            return false;
        for (;;) {
            std::size_t save = c.position();
            c.skipSpaces();
            if (c.peek() != '(' || startsWith(c.rest(), "(running)") || startsWith(c.rest(), "(exited)")) {
                c.setPosition(save);
                break;
            }
            std::size_t end = skipGroup(t, c.position());
            if (end == npos)
                return false;
            c.setPosition(end);
        }
    } else if (c.consumePrefix("LWP ") || c.consumePrefix("process ")) {
        if (!c.consumeDecimal(v))
            return false;
    } else {
        return false;
    }
    std::size_t save = c.position();
    c.skipSpaces();
    if (c.peek() == '"')
        c.setPosition(skipQuoted(t, c.position()));
    else
        c.setPosition(save);
    scanGdbTargetId(t.substr(targetStart, c.position() - targetStart), out.thread.target);
    c.skipSpaces();
    std::string_view rest = trim(c.rest());
    if (startsWith(rest, "(running)")) {
        out.running = true;
        rest = {};
    }
    out.frame = rest;
    return true;
}

} // namespace hvdump::parsers
