// SPDX-License-Identifier: GPL-2.0-or-later
// crash(8) session output: "crash> " prompts, bt / bt -a / bt -c / bt -l / bt -f / bt -t and
// foreach bt task stacks (with IRQ/NMI stack markers and exception frames), and ps tables. A
// prompt for a command this parser does not read (log, struct, ...) ends the region so the
// dispatcher can hand its output to another format. See formatregistry.h for the contract.
#pragma once

namespace hvdump::parsers {

class DumpBuilder;
class LineStream;

bool sniffCrash(LineStream& lines);
void parseCrash(LineStream& lines, DumpBuilder& out);

} // namespace hvdump::parsers
