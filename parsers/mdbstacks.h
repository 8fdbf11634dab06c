// SPDX-License-Identifier: GPL-2.0-or-later
// The thread blocks of illumos mdb: ::findstack [-v] (alone or after ::walk thread), $C/$c frame
// lists, the ::stacks table (one row per group of identical stacks, COUNT threads each) and
// ::threadlist -v. Each parse* function consumes one block at the current line, adds its threads
// and stops at the first line that is not part of it.
#pragma once

#include <string_view>

namespace hvdump::parsers {

class MdbInput;

bool isMdbFindstackHeader(std::string_view text);
bool isMdbStacksHeader(std::string_view text);
bool isMdbThreadlistHeader(std::string_view text);
/// ::stacks row shape "ADDR STATE SOBJ COUNT", even when ADDR is not valid hex.
bool looksLikeMdbStacksRow(std::string_view text);
/// ::threadlist -v row "ADDR PROC LWP CLS PRI WCHAN".
bool looksLikeMdbThreadlistRow(std::string_view text);
/// A whole $C/$c/::findstack frame line: a symbol (or 0xADDR) with its argument list.
bool isMdbCallFrameLine(std::string_view text);
/// A call frame line that only mdb prints: it carries a frame pointer, an offset or a module.
bool isMdbTypicalFrameLine(std::string_view text);
/// ::findstack's "[ SP function+off() ]".
bool isMdbBracketFrameLine(std::string_view text);

void parseMdbFindstack(MdbInput& in);
void parseMdbFrameList(MdbInput& in);
void parseMdbStacks(MdbInput& in);
void parseMdbThreadlist(MdbInput& in);

} // namespace hvdump::parsers
