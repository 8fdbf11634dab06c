// SPDX-License-Identifier: GPL-2.0-or-later
// Gdb format: sniffer and parser (see formatregistry.h for the contract).
#pragma once

namespace hvdump::parsers {

class DumpBuilder;
class LineStream;

bool sniffGdb(LineStream& lines);
void parseGdb(LineStream& lines, DumpBuilder& out);

} // namespace hvdump::parsers
