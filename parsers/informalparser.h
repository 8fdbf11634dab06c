// SPDX-License-Identifier: GPL-2.0-or-later
// Informal format: sniffer and parser (see formatregistry.h for the contract).
#pragma once

namespace hvdump::parsers {

class DumpBuilder;
class LineStream;

bool sniffInformal(LineStream& lines);
void parseInformal(LineStream& lines, DumpBuilder& out);

} // namespace hvdump::parsers
