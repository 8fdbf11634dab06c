// SPDX-License-Identifier: GPL-2.0-or-later
#include "mdbparser.h"

#include "dumpbuilder.h"
#include "linestream.h"

namespace hvdump::parsers {

bool sniffMdb(LineStream&)
{
    return false; // not yet implemented: issue 2
}

void parseMdb(LineStream& lines, DumpBuilder&)
{
    lines.advance();
}

} // namespace hvdump::parsers
