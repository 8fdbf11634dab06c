// SPDX-License-Identifier: GPL-2.0-or-later
// A cursor over one line of text for hand-written parsers: each consume* returns whether it
// matched and only moves on success. No allocation, no regex (a long hostile line cannot blow
// the stack).
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace hvdump::parsers {

inline bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}
inline bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}
inline bool isHexDigit(char c)
{
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
inline bool isIdentChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '_' || c == '.' || c == '$';
}
// inline: every sniffer calls these on every line, and with a literal prefix the compiler turns
// the memcmp into one or two compares instead of a call into libc
inline std::string_view trimLeft(std::string_view s)
{
    std::size_t i = 0;
    while (i < s.size() && isSpace(s[i]))
        ++i;
    return s.substr(i);
}
inline std::string_view trimRight(std::string_view s)
{
    std::size_t n = s.size();
    while (n > 0 && isSpace(s[n - 1]))
        --n;
    return s.substr(0, n);
}
inline std::string_view trim(std::string_view s)
{
    return trimRight(trimLeft(s));
}
inline bool startsWith(std::string_view s, std::string_view prefix)
{
    return s.size() >= prefix.size() && (prefix.empty() || std::memcmp(s.data(), prefix.data(), prefix.size()) == 0);
}
inline bool endsWith(std::string_view s, std::string_view suffix)
{
    return s.size() >= suffix.size()
        && (suffix.empty() || std::memcmp(s.data() + s.size() - suffix.size(), suffix.data(), suffix.size()) == 0);
}
inline bool contains(std::string_view s, std::string_view needle)
{
    return s.find(needle) != std::string_view::npos;
}
/// Parses all of s as hex (optional 0x); false on anything else or overflow.
bool parseHex(std::string_view s, std::uint64_t& out);
/// Parses all of s as a decimal integer (optional sign).
bool parseInt(std::string_view s, std::int64_t& out);

class LineCursor
{
public:
    explicit LineCursor(std::string_view text)
        : m_text(text)
    {
    }

    std::string_view rest() const
    {
        return m_text.substr(m_pos);
    }
    bool atEnd() const
    {
        return m_pos >= m_text.size();
    }
    std::size_t position() const
    {
        return m_pos;
    }
    void setPosition(std::size_t pos)
    {
        m_pos = pos < m_text.size() ? pos : m_text.size();
    }
    char peek() const
    {
        return atEnd() ? '\0' : m_text[m_pos];
    }

    /// Skips spaces and tabs; returns how many were skipped.
    std::size_t skipSpaces()
    {
        const std::size_t start = m_pos;
        while (m_pos < m_text.size() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t'))
            ++m_pos;
        return m_pos - start;
    }
    bool consumeChar(char c)
    {
        if (m_pos >= m_text.size() || m_text[m_pos] != c)
            return false;
        ++m_pos;
        return true;
    }
    bool consumePrefix(std::string_view prefix)
    {
        if (!startsWith(rest(), prefix))
            return false;
        m_pos += prefix.size();
        return true;
    }
    /// Hex number with optional 0x prefix; at least one digit.
    bool consumeHex(std::uint64_t& out);
    /// Unsigned decimal number.
    bool consumeDecimal(std::uint64_t& out);
    /// Decimal with an optional fraction ("22.5").
    bool consumeNumber(double& out);
    /// Run of non-space characters.
    bool consumeToken(std::string_view& out)
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
    /// Run of characters up to (not including) c; fails if c is absent.
    bool consumeUntil(char c, std::string_view& out);
    /// Text inside balanced brackets, e.g. "(a, (b), c)" -> "a, (b), c"; the cursor must be at open.
    bool consumeBalanced(char open, char close, std::string_view& out);
    /// A kernel-style "symbol+0xoff/0xsize" or "symbol+0xoff"; symbol may contain '.', '$', ':'.
    bool consumeSymbolOffset(
        std::string_view& symbol, std::uint64_t& offset, bool& hasOffset, std::uint64_t& size, bool& hasSize);

private:
    std::string_view m_text;
    std::size_t m_pos = 0;
};

} // namespace hvdump::parsers
