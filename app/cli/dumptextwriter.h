// SPDX-License-Identifier: GPL-2.0-or-later
// The Dump printed for people: one block per thread with its frames, then reports, objects,
// counters; every item followed by its input lines ("@ L12-40").
#pragma once

#include <hvdump/parsers/dump.h>

#include <ostream>

namespace hvdump::cli {

void writeDumpText(std::ostream& out, const parsers::Dump& dump);

} // namespace hvdump::cli
