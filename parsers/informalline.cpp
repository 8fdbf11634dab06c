// SPDX-License-Identifier: GPL-2.0-or-later
#include "informalline.h"

#include "kernelframe.h"
#include "linecursor.h"

#include <array>

namespace hvdump::parsers::informal {
namespace {

    char lower(char c)
    {
        return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }

    bool isAlnum(char c)
    {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c);
    }

    bool isWordChar(char c)
    {
        return isAlnum(c) || c == '_';
    }

    bool isIdentStart(char c)
    {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
    }

    bool isIdentBody(char c)
    {
        return isIdentStart(c) || isDigit(c) || c == '.';
    }

    // case-insensitive prefix match of word at pos, starting at a word boundary
    bool wordAt(std::string_view text, std::size_t pos, std::string_view word)
    {
        if (pos > 0 && isWordChar(text[pos - 1]))
            return false;
        if (text.size() - pos < word.size())
            return false;
        for (std::size_t i = 0; i < word.size(); ++i)
            if (lower(text[pos + i]) != word[i])
                return false;
        return true;
    }

    constexpr std::array<std::string_view, 44> keywords = {
        "if",
        "else",
        "for",
        "while",
        "do",
        "switch",
        "case",
        "return",
        "break",
        "continue",
        "goto",
        "static",
        "struct",
        "union",
        "enum",
        "typedef",
        "const",
        "volatile",
        "unsigned",
        "signed",
        "int",
        "long",
        "short",
        "char",
        "void",
        "bool",
        "float",
        "double",
        "sizeof",
        "extern",
        "inline",
        "default",
        "register",
        "fn",
        "let",
        "mut",
        "pub",
        "use",
        "impl",
        "match",
        "loop",
        "then",
        "end",
        "class",
    };

    bool isKeyword(std::string_view word)
    {
        if (word.size() > 8)
            return false; // no keyword is longer
        for (std::string_view k : keywords)
            if (k[0] == word[0] && word == k)
                return true;
        return false;
    }

    // identifier, optionally "::"-joined and with balanced <...> generic arguments
    bool consumeName(LineCursor& c, std::string_view text, std::string_view& name)
    {
        const std::size_t start = c.position();
        std::size_t p = start;
        while (true) {
            if (p >= text.size() || !isIdentStart(text[p]))
                return false;
            while (p < text.size() && isIdentBody(text[p]))
                ++p;
            if (p < text.size() && text[p] == '<') {
                int depth = 0;
                std::size_t q = p;
                for (; q < text.size(); ++q) {
                    char ch = text[q];
                    if (ch == '<')
                        ++depth;
                    else if (ch == '>' && --depth == 0)
                        break;
                    else if (ch == ';' || ch == '{' || ch == '(' || ch == '"')
                        return false;
                }
                if (q >= text.size())
                    return false;
                p = q + 1;
            }
            if (p + 2 < text.size() && text[p] == ':' && text[p + 1] == ':') {
                p += 2;
                continue;
            }
            break;
        }
        name = text.substr(start, p - start);
        c.setPosition(p);
        return true;
    }

    bool hasLowercase(std::string_view s)
    {
        for (char ch : s)
            if (ch >= 'a' && ch <= 'z')
                return true;
        return false;
    }

    bool isNoteStart(std::string_view rest)
    {
        return startsWith(rest, "<-") || startsWith(rest, "//") || startsWith(rest, "--") || startsWith(rest, "#")
            || (startsWith(rest, "(") && endsWith(rest, ")"));
    }

    // the clause that follows a state word ends at punctuation or at a new clause
    std::string_view clauseFrom(std::string_view text, std::size_t pos)
    {
        static constexpr std::array<std::string_view, 9> breaks = { " waiting", " trying", " and ", " but ", " while ",
            " which ", " because", " until ", " so " };
        std::size_t end = text.size();
        for (std::size_t i = pos; i < text.size(); ++i) {
            char ch = text[i];
            if (ch == ',' || ch == ';' || ch == ':' || ch == '('
                || (ch == '.' && (i + 1 == text.size() || text[i + 1] == ' '))) {
                end = i;
                break;
            }
        }
        for (std::string_view b : breaks) {
            std::size_t at = text.find(b, pos);
            if (at != std::string_view::npos && at < end)
                end = at;
        }
        return trim(text.substr(pos, end - pos));
    }

    struct StateWord
    {
        std::string_view word;
        bool running;
    };

    // whole words only: "spins" is a state, "spinlock" is not
    constexpr std::array<StateWord, 26> stateWords = { {
        { "spins", true },
        { "spinning", true },
        { "spin", true },
        { "busy-waits", true },
        { "busy-waiting", true },
        { "busy-wait", true },
        { "busy waits", true },
        { "busy waiting", true },
        { "busy-loops", true },
        { "busy-looping", true },
        { "loops", true },
        { "looping", true },
        { "livelocked", true },
        { "livelock", true },
        { "stuck", false },
        { "blocked", false },
        { "blocks", false },
        { "waits", false },
        { "sleeps", false },
        { "sleeping", false },
        { "hangs", false },
        { "hung", false },
        { "deadlocked", false },
        { "is waiting", false },
        { "parked", false },
        { "halted", false },
    } };

    bool wholeWordAt(std::string_view text, std::size_t pos, std::string_view word)
    {
        if (!wordAt(text, pos, word))
            return false;
        std::size_t end = pos + word.size();
        return end == text.size() || (!isWordChar(text[end]) && text[end] != '-');
    }

    void readState(std::string_view header, HeaderInfo& info)
    {
        for (std::size_t pos = 0; pos < header.size(); ++pos) {
            if ((pos > 0 && isWordChar(header[pos - 1])) || !isIdentStart(header[pos]))
                continue; // only a word start can begin a state word
            const char first = lower(header[pos]);
            for (const StateWord& s : stateWords) {
                if (s.word[0] != first)
                    continue;
                if (!wholeWordAt(header, pos, s.word))
                    continue;
                info.state = s.running ? ThreadState::Running : ThreadState::Unknown;
                std::string_view clause = clauseFrom(header, pos);
                info.stateText = clause.size() <= 48 ? clause : std::string_view();
                return;
            }
        }
    }

    struct ContextWord
    {
        std::string_view word;
        ContextKind kind;
    };

    constexpr std::array<ContextWord, 8> contextWords = { {
        { "vcpu", ContextKind::VCpu },
        { "cpu", ContextKind::Cpu },
        { "core", ContextKind::Cpu },
        { "thread", ContextKind::Thread },
        { "lwp", ContextKind::Lwp },
        { "tid", ContextKind::Lwp },
        { "pid", ContextKind::Pid },
        { "task", ContextKind::Pid },
    } };

    // "Core 3", "CPU1", "cpu#2", "Thread 3 (vcpu0)"
    bool readContext(std::string_view header, HeaderInfo& info)
    {
        for (std::size_t pos = 0; pos < header.size(); ++pos) {
            if ((pos > 0 && isWordChar(header[pos - 1])) || !isIdentStart(header[pos]))
                continue;
            const char first = lower(header[pos]);
            for (const ContextWord& w : contextWords) {
                if (w.word[0] != first || !wordAt(header, pos, w.word))
                    continue;
                LineCursor c(header);
                c.setPosition(pos + w.word.size());
                if (!c.consumeChar('#'))
                    c.consumeChar(' ');
                std::uint64_t n = 0;
                if (!c.consumeDecimal(n) || n > 1u << 30 || (!c.atEnd() && isWordChar(c.peek())))
                    continue;
                info.kind = w.kind;
                info.number = static_cast<std::int64_t>(n);
                c.skipSpaces();
                std::string_view name;
                if (c.peek() == '(' && c.consumeBalanced('(', ')', name))
                    info.name = trim(name);
                return true;
            }
        }
        return false;
    }

    // "the khvcd kernel thread" -> "khvcd"; "kworker/3:1"
    std::string_view knownName(std::string_view header)
    {
        std::size_t at = header.find("kworker/");
        if (at != std::string_view::npos) {
            std::size_t end = at;
            while (end < header.size() && !isSpace(header[end]) && header[end] != ')' && header[end] != ',')
                ++end;
            return header.substr(at, end - at);
        }
        at = header.find(" kernel thread");
        if (at != std::string_view::npos && at > 0) {
            std::size_t start = at;
            while (start > 0 && (isWordChar(header[start - 1]) || header[start - 1] == '/'))
                --start;
            std::string_view word = header.substr(start, at - start);
            if (!word.empty() && word != "a" && word != "the" && word != "A" && word != "The")
                return word;
        }
        return {};
    }

    bool readFrameText(std::string_view text, FrameText& out)
    {
        std::string_view t = trim(text);
        if (t.empty() || t.size() > 512)
            return false;
        LineCursor c(t);
        if (c.consumeChar('#')) {
            std::uint64_t n = 0;
            if (!c.consumeDecimal(n) || c.skipSpaces() == 0)
                return false;
        }
        if (c.consumePrefix("? "))
            out.unreliable = true;
        std::string_view name;
        if (!consumeName(c, t, name) || name.back() == '.' || isKeyword(name) || !hasLowercase(name))
            return false;
        out.function = name;
        out.functionLike = name.find('_') != std::string_view::npos || name.find("::") != std::string_view::npos;
        if (c.consumePrefix("()"))
            out.functionLike = true;
        if (c.peek() == '+') {
            c.consumeChar('+');
            if (!startsWith(c.rest(), "0x") || !c.consumeHex(out.offset))
                return false;
            out.hasOffset = true;
            out.functionLike = true;
            if (c.consumeChar('/')) {
                if (!c.consumeHex(out.size))
                    return false;
                out.hasSize = true;
            }
        }
        std::size_t spaces = c.skipSpaces();
        if (spaces > 0 && c.peek() == '[') {
            std::string_view module;
            if (!c.consumeBalanced('[', ']', module) || module.empty() || module.find(' ') != std::string_view::npos)
                return false;
            out.module = module;
            spaces = c.skipSpaces();
        }
        if (spaces > 0 && c.consumePrefix("at ")) {
            // "fn at drivers/char/virtio_console.c:632"
            std::string_view location;
            c.skipSpaces();
            if (!c.consumeToken(location))
                return false;
            std::size_t colon = location.rfind(':');
            std::int64_t line = 0;
            if (colon == std::string_view::npos || !parseInt(location.substr(colon + 1), line) || line <= 0)
                return false;
            out.file = location.substr(0, colon);
            out.line = static_cast<std::uint32_t>(line);
            spaces = c.skipSpaces();
        }
        if (c.atEnd())
            return true;
        std::string_view rest = trimRight(c.rest());
        if (spaces == 0 || !isNoteStart(rest))
            return false;
        out.note = rest;
        return true;
    }

} // namespace

bool parseFrameText(std::string_view text, FrameText& out)
{
    out = {};
    if (readFrameText(text, out))
        return true;
    out = {};
    // a kernel frame in another era's shape ("[<ffffffff8104a2e5>] ? fn+0x15/0x20",
    // "fn+0x1c/0x40 fs/x.c:12 [inline]"); the offset keeps English words out
    KernelFrameText k;
    if (text.find("+0x") == std::string_view::npos || !scanKernelFrameLine(text, k) || !k.hasOffset)
        return false;
    out.function = k.function;
    out.address = k.address;
    out.hasAddress = k.hasAddress;
    out.module = k.module;
    out.file = k.file;
    out.line = k.line;
    out.offset = k.offset;
    out.hasOffset = true;
    out.size = k.size;
    out.hasSize = k.hasSize;
    out.unreliable = k.unreliable;
    out.functionLike = true;
    return true;
}

bool isAnnotationLine(std::string_view text)
{
    std::string_view t = trim(text);
    return startsWith(t, "<-") && t.size() > 2;
}

bool isProseLine(std::string_view text)
{
    std::string_view t = trim(text);
    if (t.empty())
        return false;
    if (t[0] == '+' || t[0] == '-' || t[0] == '{' || t[0] == '}' || t[0] == '*' || t[0] == '|' || startsWith(t, "@@")
        || startsWith(t, "/*") || startsWith(t, "//") || startsWith(t, "#include") || startsWith(t, "#define")
        || startsWith(t, "diff ") || startsWith(t, "index "))
        return false;
    char last = t.back();
    return last != ';' && last != '{' && last != '}' && last != ',';
}

HeaderInfo analyzeHeader(std::string_view header)
{
    HeaderInfo info;
    std::string_view h = trim(header);
    if (!readContext(h, info)) {
        // a short label such as "Writer thread:" names the list
        if (endsWith(h, ":") && h.size() <= 48 && h.size() > 1) {
            info.kind = ContextKind::Named;
            info.name = trim(h.substr(0, h.size() - 1));
        }
    }
    if (info.name.empty())
        info.name = knownName(h);
    readState(h, info);
    return info;
}

} // namespace hvdump::parsers::informal
