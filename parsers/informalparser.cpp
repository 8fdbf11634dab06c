// SPDX-License-Identifier: GPL-2.0-or-later
#include "informalparser.h"

#include "dumpbuilder.h"
#include "linestream.h"

namespace hvdump::parsers {

bool sniffInformal(LineStream&)
{
    return false; // not yet implemented: issue 2
}

void parseInformal(LineStream& lines, DumpBuilder&)
{
    lines.advance();
}

} // namespace hvdump::parsers
