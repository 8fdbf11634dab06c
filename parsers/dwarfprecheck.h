// SPDX-License-Identifier: GPL-2.0-or-later
// Checks the parts of a file's DWARF that the libdwarf we build against (Debian 12's 20210528)
// would mishandle: it frees and then reuses its list when a .debug_rnglists or .debug_loclists
// table header is invalid, which corrupts the heap. Such a file is refused before libdwarf sees it.
#pragma once

#include <libelf.h>
#include <string>

namespace hvdump::parsers {

/// False, with the reason, when a DWARF 5 list section header is not one libdwarf can read safely.
bool checkDwarfListSections(Elf* elf, std::string& problem);

} // namespace hvdump::parsers
