// SPDX-License-Identifier: GPL-2.0-or-later
// Gdb format: sniffer and parser (see formatregistry.h for the contract). Reads "thread apply all
// bt [full]", "bt", "info threads", printed values ("$1 = {...}") and the commands and noise of a
// gdb session, in C, C++ and Rust symbol forms; the work is done by GdbReader (gdbreader.h).
#pragma once

namespace hvdump::parsers {

class DumpBuilder;
class LineStream;

bool sniffGdb(LineStream& lines);
void parseGdb(LineStream& lines, DumpBuilder& out);

} // namespace hvdump::parsers
