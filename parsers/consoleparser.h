// SPDX-License-Identifier: GPL-2.0-or-later
// Console format: sniffer and parser (see formatregistry.h for the contract).
#pragma once

namespace hvdump::parsers {

class DumpBuilder;
class LineStream;

bool sniffConsole(LineStream& lines);
void parseConsole(LineStream& lines, DumpBuilder& out);

} // namespace hvdump::parsers
