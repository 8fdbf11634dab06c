// SPDX-License-Identifier: GPL-2.0-or-later
// Informal frame lists pasted in mail prose (seed 000): an optional header sentence naming an
// execution context ("Core 3 holds outvq_lock and spins forever in ...:"), then a run of lines
// that each hold one bare function name, innermost first. Each list becomes one Thread. Asked
// last by the dispatcher, and strict enough not to read prose, diff hunks or code as frames.
// See formatregistry.h for the sniff/parse contract.
#pragma once

namespace hvdump::parsers {

class DumpBuilder;
class LineStream;

bool sniffInformal(LineStream& lines);
void parseInformal(LineStream& lines, DumpBuilder& out);

} // namespace hvdump::parsers
