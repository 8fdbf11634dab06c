// SPDX-License-Identifier: GPL-2.0-or-later
// EuStack format (elfutils eu-stack): sniffer and parser (see formatregistry.h for the contract).
// Reads "PID n - process|core", "TID n:" and frames "#0  0x00007f.. symbol [- module]" with the
// optional -a (activation), -s (source line), -b (build id), -i (inlined frames share the pc of
// the frame they were inlined into) and -l (module map) additions.
#pragma once

namespace hvdump::parsers {

class DumpBuilder;
class LineStream;

bool sniffEuStack(LineStream& lines);
void parseEuStack(LineStream& lines, DumpBuilder& out);

} // namespace hvdump::parsers
