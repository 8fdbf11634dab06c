// SPDX-License-Identifier: GPL-2.0-or-later
// Mdb format: sniffer and parser (see formatregistry.h for the contract). Reads an illumos mdb
// session region: prompt lines, ::findstack [-v], $C/$c, ::stacks, ::threadlist -v, ::print,
// ::rwlock/::mutex and "... OUTPUT CUT ..." elisions between them; stops at the first line that
// belongs to none of them (prose, code, another tool's output).
#pragma once

namespace hvdump::parsers {

class DumpBuilder;
class LineStream;

bool sniffMdb(LineStream& lines);
void parseMdb(LineStream& lines, DumpBuilder& out);

} // namespace hvdump::parsers
