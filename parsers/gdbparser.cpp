// SPDX-License-Identifier: GPL-2.0-or-later
#include "gdbparser.h"

#include "dumpbuilder.h"
#include "linestream.h"

namespace hvdump::parsers {

bool sniffGdb(LineStream&)
{
    return false; // not yet implemented: issue 2
}

void parseGdb(LineStream& lines, DumpBuilder&)
{
    lines.advance();
}

} // namespace hvdump::parsers
