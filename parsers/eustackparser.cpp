// SPDX-License-Identifier: GPL-2.0-or-later
#include "eustackparser.h"

#include "dumpbuilder.h"
#include "linestream.h"

namespace hvdump::parsers {

bool sniffEuStack(LineStream&)
{
    return false; // not yet implemented: issue 2
}

void parseEuStack(LineStream& lines, DumpBuilder&)
{
    lines.advance();
}

} // namespace hvdump::parsers
