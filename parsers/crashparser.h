// SPDX-License-Identifier: GPL-2.0-or-later
// Crash format: sniffer and parser (see formatregistry.h for the contract).
#pragma once

namespace hvdump::parsers {

class DumpBuilder;
class LineStream;

bool sniffCrash(LineStream& lines);
void parseCrash(LineStream& lines, DumpBuilder& out);

} // namespace hvdump::parsers
