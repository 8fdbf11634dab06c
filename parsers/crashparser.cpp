// SPDX-License-Identifier: GPL-2.0-or-later
#include "crashparser.h"

#include "dumpbuilder.h"
#include "linestream.h"

namespace hvdump::parsers {

bool sniffCrash(LineStream&)
{
    return false; // not yet implemented: issue 2
}

void parseCrash(LineStream& lines, DumpBuilder&)
{
    lines.advance();
}

} // namespace hvdump::parsers
