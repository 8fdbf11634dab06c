// SPDX-License-Identifier: GPL-2.0-or-later
// Mdb format: sniffer and parser (see formatregistry.h for the contract).
#pragma once

namespace hvdump::parsers {

class DumpBuilder;
class LineStream;

bool sniffMdb(LineStream& lines);
void parseMdb(LineStream& lines, DumpBuilder& out);

} // namespace hvdump::parsers
