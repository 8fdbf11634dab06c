// SPDX-License-Identifier: GPL-2.0-or-later
// Bpftrace format: sniffer and parser (see formatregistry.h for the contract).
#pragma once

namespace hvdump::parsers {

class DumpBuilder;
class LineStream;

bool sniffBpftrace(LineStream& lines);
void parseBpftrace(LineStream& lines, DumpBuilder& out);

} // namespace hvdump::parsers
