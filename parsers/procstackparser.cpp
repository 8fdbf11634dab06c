// SPDX-License-Identifier: GPL-2.0-or-later
#include "procstackparser.h"

#include "dumpbuilder.h"
#include "linestream.h"

namespace hvdump::parsers {

bool sniffProcStack(LineStream&)
{
    return false; // not yet implemented: issue 2
}

void parseProcStack(LineStream& lines, DumpBuilder&)
{
    lines.advance();
}

} // namespace hvdump::parsers
