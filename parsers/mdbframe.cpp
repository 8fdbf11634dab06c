// SPDX-License-Identifier: GPL-2.0-or-later
#include "mdbframe.h"

#include "linecursor.h"

namespace hvdump::parsers {
namespace {

    bool isFunctionChar(char c)
    {
        // C symbols, plus what userland mdb prints for C++/Rust symbols and local labels
        return isIdentChar(c) || c == ':' || c == '@' || c == '<' || c == '>' || c == '~' || c == '-';
    }

    bool isFunctionStart(char c)
    {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '.' || c == '$';
    }

    // "[module`]function[+off]" or "0xADDR"; pos is left after what was read.
    bool parseSymbol(std::string_view s, std::size_t& pos, MdbFrameText& frame)
    {
        std::size_t p = pos;
        if (s.size() > p + 2 && s[p] == '0' && (s[p + 1] == 'x' || s[p + 1] == 'X') && isHexDigit(s[p + 2])) {
            LineCursor c(s);
            c.setPosition(p);
            if (!c.consumeHex(frame.address))
                return false;
            frame.hasAddress = true;
            pos = c.position();
            return true;
        }
        // the module qualifier ends at a backquote inside the first token
        std::size_t tokenEnd = p;
        while (tokenEnd < s.size() && !isSpace(s[tokenEnd]) && s[tokenEnd] != '(')
            ++tokenEnd;
        std::size_t tick = s.substr(p, tokenEnd - p).find('`');
        if (tick != std::string_view::npos) {
            frame.module = s.substr(p, tick);
            if (frame.module.empty())
                return false;
            p += tick + 1;
        }
        std::size_t start = p;
        if (p >= s.size() || !isFunctionStart(s[p]))
            return false;
        while (p < s.size() && isFunctionChar(s[p]))
            ++p;
        frame.function = s.substr(start, p - start);
        // the panic stack on the console and in ::msgbuf names "module:function" with a single
        // colon (C++ scopes have two)
        if (frame.module.empty()) {
            const std::size_t colon = frame.function.find(':');
            if (colon != std::string_view::npos && colon > 0 && colon + 1 < frame.function.size()
                && frame.function.find(':', colon + 1) == std::string_view::npos
                && isFunctionStart(frame.function[colon + 1])) {
                frame.module = frame.function.substr(0, colon);
                frame.function.remove_prefix(colon + 1);
                frame.panicStyle = true;
            }
        }
        if (p < s.size() && s[p] == '+') {
            LineCursor c(s);
            c.setPosition(p + 1);
            if (!c.consumeHex(frame.offset))
                return false;
            frame.hasOffset = true;
            p = c.position();
        }
        pos = p;
        return true;
    }

} // namespace

bool isMdbHexToken(std::string_view token)
{
    if (token.size() > 2 && token[0] == '0' && (token[1] == 'x' || token[1] == 'X'))
        token.remove_prefix(2);
    if (token.empty() || token.size() > 16)
        return false;
    for (char c : token)
        if (!isHexDigit(c))
            return false;
    return true;
}

MdbFrameParse parseMdbFrame(std::string_view text, MdbFrameText& frame)
{
    frame = MdbFrameText {};
    std::string_view t = trim(text);
    if (t.empty())
        return MdbFrameParse::NotFrame;

    // $C's first column: a frame pointer followed by the symbol
    std::size_t pos = 0;
    std::size_t ws = 0;
    while (ws < t.size() && !isSpace(t[ws]))
        ++ws;
    if (ws < t.size() && isMdbHexToken(t.substr(0, ws))) {
        parseHex(t.substr(0, ws), frame.stackPointer);
        frame.hasStackPointer = true;
        pos = ws;
        while (pos < t.size() && isSpace(t[pos]))
            ++pos;
    }
    if (!parseSymbol(t, pos, frame))
        return MdbFrameParse::NotFrame;
    // the panic stack puts a blank before the arguments: "ffffff007d4ed390 unix:trap+e08 ()"
    if (frame.panicStyle && frame.hasOffset && pos < t.size() && t[pos] == ' ') {
        std::size_t q = pos;
        while (q < t.size() && t[q] == ' ')
            ++q;
        if (q < t.size() && t[q] == '(')
            pos = q;
    }
    if (pos < t.size() && t[pos] == '(') {
        frame.hasParentheses = true;
        int depth = 0;
        std::size_t close = std::string_view::npos;
        for (std::size_t i = pos; i < t.size(); ++i) {
            if (t[i] == '(') {
                ++depth;
            } else if (t[i] == ')' && --depth == 0) {
                close = i;
                break;
            }
        }
        if (close == std::string_view::npos) {
            frame.arguments = trim(t.substr(pos + 1));
            return MdbFrameParse::Open;
        }
        frame.arguments = trim(t.substr(pos + 1, close - pos - 1));
        pos = close + 1;
    }
    return pos == t.size() ? MdbFrameParse::Frame : MdbFrameParse::NotFrame;
}

bool parseMdbBracketFrame(std::string_view text, MdbFrameText& frame)
{
    std::string_view t = trim(text);
    if (t.size() < 4 || t.front() != '[' || t.back() != ']')
        return false;
    return parseMdbFrame(t.substr(1, t.size() - 2), frame) == MdbFrameParse::Frame && frame.hasStackPointer;
}

} // namespace hvdump::parsers
