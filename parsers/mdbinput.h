// SPDX-License-Identifier: GPL-2.0-or-later
// What the mdb block parsers share: the line stream, the builder and the span of lines the mdb
// region has consumed so far. Every consumed line goes through take(), so the region recorded
// at the end covers exactly what was read.
#pragma once

#include "dumpbuilder.h"
#include "linestream.h"

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

} // namespace hvdump::parsers
