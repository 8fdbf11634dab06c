// SPDX-License-Identifier: GPL-2.0-or-later
#include "consoleparser.h"

#include "dumpbuilder.h"
#include "linestream.h"

namespace hvdump::parsers {

bool sniffConsole(LineStream&)
{
    return false; // not yet implemented: issue 2
}

void parseConsole(LineStream& lines, DumpBuilder&)
{
    lines.advance();
}

} // namespace hvdump::parsers
