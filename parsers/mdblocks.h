// SPDX-License-Identifier: GPL-2.0-or-later
// The ::rwlock and ::mutex tables of mdb as ObjectDumps (type krwlock_t / kmutex_t) whose fields
// are the table's own columns: "OWNER/COUNT" = "READERS=1", "FLAGS" = "B011", "WAITERS[0]" =
// "fffffd6b04d27c00 (W)"; ::mutex gives "TYPE", "HELD" (the owner), "WAITERS" and so on.
#pragma once

#include <cstdint>
#include <string_view>

namespace hvdump::parsers {

class MdbInput;

bool isMdbLockTableHeader(std::string_view text);
/// Reads a lock table at the current line (its header first); expression is the command, if any.
void parseMdbLockTable(MdbInput& in, std::string_view expression, std::uint32_t commandLine);

} // namespace hvdump::parsers
