// SPDX-License-Identifier: GPL-2.0-or-later
#include "linecursor.h"

namespace hvdump::parsers {

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
    constexpr std::uint64_t limit = UINT64_MAX / 10;
    while (p < m_text.size() && isDigit(m_text[p])) {
        const auto digit = static_cast<std::uint64_t>(m_text[p] - '0');
        // compares, not a division per digit: this runs on every timestamp and line number
        if (v > limit || (v == limit && digit > UINT64_MAX % 10))
            return false;
        v = v * 10 + digit;
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
    const std::string_view t = m_text;
    std::size_t p = m_pos;
    if (p + 1 < t.size() && t[p] == '.' && isDigit(t[p + 1])) {
        // the fraction as an integer and one division: dmesg timestamps are on every line
        static constexpr double powers[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
            1e14, 1e15, 1e16, 1e17, 1e18 };
        std::uint64_t fraction = 0;
        std::size_t digits = 0;
        for (++p; p < t.size() && isDigit(t[p]); ++p) {
            if (digits < 18) { // further digits are below a double's precision
                fraction = fraction * 10 + static_cast<std::uint64_t>(t[p] - '0');
                ++digits;
            }
        }
        v += static_cast<double>(fraction) / powers[digits];
        m_pos = p;
    }
    out = v;
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

bool LineCursor::consumeSymbolOffset(
    std::string_view& symbol, std::uint64_t& offset, bool& hasOffset, std::uint64_t& size, bool& hasSize)
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
