// SPDX-License-Identifier: GPL-2.0-or-later
// The format parsers and their sniffers. Detection is per region: at each line the dispatcher
// asks every sniffer, in this order (most specific first), whether a block of its format starts
// there, and lets the first that says yes consume the block.
#pragma once

#include "dump.h"

#include <span>

namespace hvdump::parsers {

class DumpBuilder;
class LineStream;

struct FormatParser
{
    Format format;
    /// True when a block of this format starts at the stream's current line (may peek ahead).
    bool (*sniff)(LineStream& lines);
    /// Consumes the block starting at the current line, stopping at the first line that is not
    /// its own. Records its region, threads, reports, objects and diagnostics in out.
    void (*parse)(LineStream& lines, DumpBuilder& out);
};

std::span<const FormatParser> formatParsers();

} // namespace hvdump::parsers
