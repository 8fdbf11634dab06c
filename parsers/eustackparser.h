// SPDX-License-Identifier: GPL-2.0-or-later
// EuStack format: sniffer and parser (see formatregistry.h for the contract).
#pragma once

namespace hvdump::parsers {

class DumpBuilder;
class LineStream;

bool sniffEuStack(LineStream& lines);
void parseEuStack(LineStream& lines, DumpBuilder& out);

} // namespace hvdump::parsers
