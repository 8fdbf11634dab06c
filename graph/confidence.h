// SPDX-License-Identifier: GPL-2.0-or-later
// How sure a claim is. Ordered weakest first, so a finding's confidence is the minimum over the
// edges it stands on: the dump said it (stated), a catalogued primitive implies it (derived), or
// a domain rule / heuristic suggests it (inferred).
#pragma once

#include <algorithm>
#include <cstdint>
#include <string_view>

namespace hvdump::graph {

enum class Confidence : std::uint8_t { Inferred, Derived, Stated };

inline Confidence weakest(Confidence a, Confidence b)
{
    return std::min(a, b);
}
const char* confidenceName(Confidence c);

} // namespace hvdump::graph
