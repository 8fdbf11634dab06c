// SPDX-License-Identifier: GPL-2.0-or-later
// ProcStack format: sniffer and parser (see formatregistry.h for the contract).
#pragma once

namespace hvdump::parsers {

class DumpBuilder;
class LineStream;

bool sniffProcStack(LineStream& lines);
void parseProcStack(LineStream& lines, DumpBuilder& out);

} // namespace hvdump::parsers
