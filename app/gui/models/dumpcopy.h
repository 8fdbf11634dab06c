// SPDX-License-Identifier: GPL-2.0-or-later
// A deep copy of a Dump. The Dump is move-only (its string table hands out views into its own
// storage), but the GUI shows the threads of a parse while the same parse is consumed by the
// analysis: this copy re-interns every string in id order, so every StringId stays valid.
#pragma once

#include <hvdump/parsers/dump.h>

namespace hvdump::gui {

parsers::Dump copyDump(const parsers::Dump& dump);

} // namespace hvdump::gui
