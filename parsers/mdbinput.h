// SPDX-License-Identifier: GPL-2.0-or-later
// What the mdb block parsers share: the line stream, the builder and the span of lines the mdb
// region has consumed so far. Every consumed line goes through take(), so the region recorded
// at the end covers exactly what was read.
#pragma once

#include "dumpbuilder.h"
#include "linestream.h"

#include <string>

namespace hvdump::parsers {

class MdbInput
{
public:
    MdbInput(LineStream& lines, DumpBuilder& out)
        : m_lines(lines)
        , m_out(out)
    {
    }

    const Line* peek(std::size_t ahead = 0)
    {
        return m_lines.peek(ahead);
    }
    LineStream& lines()
    {
        return m_lines;
    }
    /// Consumes the current line as part of the mdb region.
    void take()
    {
        if (const Line* l = m_lines.peek())
            m_region.extend(l->number);
        m_lines.advance();
    }
    DumpBuilder& out()
    {
        return m_out;
    }
    LineSpan region() const
    {
        return m_region;
    }

private:
    LineStream& m_lines;
    DumpBuilder& m_out;
    LineSpan m_region;
};

/// Leading blanks of a line (tabs count as one).
inline std::size_t mdbIndent(std::string_view text)
{
    std::size_t i = 0;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
        ++i;
    return i;
}

/// Text without terminal escape sequences: mdb underlines its table headers ("%<u>") on a tty,
/// and a `script` log keeps the ESC[4m ... ESC[24m around them. Returns text itself if it has none.
inline std::string_view mdbWithoutEscapes(std::string_view text, std::string& buffer)
{
    if (text.find('\x1b') == std::string_view::npos)
        return text;
    buffer.clear();
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\x1b' && i + 1 < text.size() && text[i + 1] == '[') {
            i += 2;
            while (i < text.size() && !((text[i] >= 'A' && text[i] <= 'Z') || (text[i] >= 'a' && text[i] <= 'z')))
                ++i;
            continue;
        }
        buffer += text[i];
    }
    return buffer;
}

} // namespace hvdump::parsers
