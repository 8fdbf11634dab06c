// SPDX-License-Identifier: GPL-2.0-or-later
// Spin without progress / livelock: a spinning context that waits on no other context of the
// graph (it loops on a retry or on an external party), backed by evidence that it makes no
// progress: a lockup/stall/NMI report for its CPU or pid, the same innermost function in every
// sample, counters in the millions, or the dump's own words. The finding's root is the spinner.
#pragma once

#include "finding.h"

#include <hvdump/parsers/dump.h>

#include <vector>

namespace hvdump::graph {

/// Counter values from here on are "millions of identical iterations".
inline constexpr std::int64_t spinCounterThreshold = 1000000;

std::vector<Finding> findSpins(const Graph& g, const parsers::Dump& dump);

} // namespace hvdump::graph
