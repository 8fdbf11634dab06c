// SPDX-License-Identifier: GPL-2.0-or-later
#include "bpftraceparser.h"

#include "dumpbuilder.h"
#include "linestream.h"

namespace hvdump::parsers {

bool sniffBpftrace(LineStream&)
{
    return false; // not yet implemented: issue 2
}

void parseBpftrace(LineStream& lines, DumpBuilder&)
{
    lines.advance();
}

} // namespace hvdump::parsers
