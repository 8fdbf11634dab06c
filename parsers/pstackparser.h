// SPDX-License-Identifier: GPL-2.0-or-later
// illumos / Solaris pstack(1) of a process or a core: "lwp# N / thread# N" separators over
// "pc symbol (args) + offset" frames. Sniffer and parser (see formatregistry.h for the contract).
#pragma once

namespace hvdump::parsers {

class DumpBuilder;
class LineStream;

bool sniffPstack(LineStream& lines);
void parsePstack(LineStream& lines, DumpBuilder& out);

} // namespace hvdump::parsers
