// SPDX-License-Identifier: GPL-2.0-or-later
#include "linecursor.h"

namespace hvdump::parsers {

std::string_view trimLeft(std::string_view s)
{
    std::size_t i = 0;
    while (i < s.size() && isSpace(s[i]))
        ++i;
    return s.substr(i);
}

std::string_view trimRight(std::string_view s)
{
    std::size_t n = s.size();
    while (n > 0 && isSpace(s[n - 1]))
        --n;
    return s.substr(0, n);
}

std::string_view trim(std::string_view s)
{
    return trimRight(trimLeft(s));
}

bool startsWith(std::string_view s, std::string_view prefix)
{
    return s.substr(0, prefix.size()) == prefix;
}

bool endsWith(std::string_view s, std::string_view suffix)
{
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool contains(std::string_view s, std::string_view needle)
{
    return s.find(needle) != std::string_view::npos;
}

bool parseHex(std::string_view s, std::uint64_t& out)
{
    LineCursor c(s);
    return c.consumeHex(out) && c.atEnd();
}

bool parseInt(std::string_view s, std::int64_t& out)
{
    bool negative = false;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
        negative = s[0] == '-';
        s.remove_prefix(1);
    }
    LineCursor c(s);
    std::uint64_t v = 0;
    if (!c.consumeDecimal(v) || !c.atEnd() || v > static_cast<std::uint64_t>(INT64_MAX))
        return false;
    out = negative ? -static_cast<std::int64_t>(v) : static_cast<std::int64_t>(v);
    return true;
}

std::size_t LineCursor::skipSpaces()
{
    std::size_t start = m_pos;
    while (m_pos < m_text.size() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t'))
        ++m_pos;
    return m_pos - start;
}

bool LineCursor::consumeChar(char c)
{
    if (peek() != c || atEnd())
        return false;
    ++m_pos;
    return true;
}

bool LineCursor::consumePrefix(std::string_view prefix)
{
    if (!startsWith(rest(), prefix))
        return false;
    m_pos += prefix.size();
    return true;
}

bool LineCursor::consumeHex(std::uint64_t& out)
{
    std::size_t p = m_pos;
    if (p + 1 < m_text.size() && m_text[p] == '0' && (m_text[p + 1] == 'x' || m_text[p + 1] == 'X')
        && p + 2 < m_text.size() && isHexDigit(m_text[p + 2]))
        p += 2;
    std::uint64_t v = 0;
    std::size_t digits = 0;
    while (p < m_text.size() && isHexDigit(m_text[p])) {
        if (digits == 16)
            return false; // overflow: not an address we can hold
        char ch = m_text[p];
        int d = isDigit(ch) ? ch - '0' : (ch | 0x20) - 'a' + 10;
        v = (v << 4) | static_cast<std::uint64_t>(d);
        ++p;
        // leading zeros do not count towards the overflow limit
        if (v != 0)
            ++digits;
    }
    if (p == m_pos)
        return false;
    out = v;
    m_pos = p;
    return true;
}

bool LineCursor::consumeDecimal(std::uint64_t& out)
{
    std::size_t p = m_pos;
    std::uint64_t v = 0;
    while (p < m_text.size() && isDigit(m_text[p])) {
        std::uint64_t next = v * 10 + static_cast<std::uint64_t>(m_text[p] - '0');
        if (next / 10 != v)
            return false;
        v = next;
        ++p;
    }
    if (p == m_pos)
        return false;
    out = v;
    m_pos = p;
    return true;
}

bool LineCursor::consumeNumber(double& out)
{
    std::uint64_t whole = 0;
    if (!consumeDecimal(whole))
        return false;
    double v = static_cast<double>(whole);
    if (peek() == '.' && m_pos + 1 < m_text.size() && isDigit(m_text[m_pos + 1])) {
        ++m_pos;
        double scale = 0.1;
        while (!atEnd() && isDigit(peek())) {
            v += scale * (peek() - '0');
            scale /= 10;
            ++m_pos;
        }
    }
    out = v;
    return true;
}

bool LineCursor::consumeToken(std::string_view& out)
{
    std::size_t p = m_pos;
    while (p < m_text.size() && !isSpace(m_text[p]))
        ++p;
    if (p == m_pos)
        return false;
    out = m_text.substr(m_pos, p - m_pos);
    m_pos = p;
    return true;
}

bool LineCursor::consumeUntil(char c, std::string_view& out)
{
    std::size_t p = m_text.find(c, m_pos);
    if (p == std::string_view::npos)
        return false;
    out = m_text.substr(m_pos, p - m_pos);
    m_pos = p;
    return true;
}

bool LineCursor::consumeBalanced(char open, char close, std::string_view& out)
{
    if (peek() != open || atEnd())
        return false;
    int depth = 0;
    for (std::size_t p = m_pos; p < m_text.size(); ++p) {
        if (m_text[p] == open) {
            ++depth;
        } else if (m_text[p] == close && --depth == 0) {
            out = m_text.substr(m_pos + 1, p - m_pos - 1);
            m_pos = p + 1;
            return true;
        }
    }
    return false;
}

bool LineCursor::consumeSymbolOffset(std::string_view& symbol, std::uint64_t& offset, bool& hasOffset,
                                     std::uint64_t& size, bool& hasSize)
{
    std::size_t p = m_pos;
    while (p < m_text.size() && (isIdentChar(m_text[p]) || m_text[p] == ':'))
        ++p;
    if (p == m_pos)
        return false;
    std::size_t save = m_pos;
    symbol = m_text.substr(m_pos, p - m_pos);
    m_pos = p;
    hasOffset = hasSize = false;
    offset = size = 0;
    if (consumeChar('+')) {
        if (!consumeHex(offset)) {
            m_pos = save;
            return false;
        }
        hasOffset = true;
        if (consumeChar('/')) {
            if (!consumeHex(size)) {
                m_pos = save;
                return false;
            }
            hasSize = true;
        }
    }
    return true;
}

} // namespace hvdump::parsers
