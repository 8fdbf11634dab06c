// SPDX-License-Identifier: GPL-2.0-or-later
// Deadlocks: the strongly connected components of the graph made of blocking waits, holds and
// signals. Each component with a real cycle (two contexts or more, or one context waiting for
// what it holds itself) is one Deadlock finding listing its elementary cycles, enumerated with
// a bound (the closing edge, whose target is the cycle's first vertex, last).
#pragma once

#include "finding.h"

#include <hvdump/parsers/dump.h>

#include <vector>

namespace hvdump::graph {

struct DeadlockOptions
{
    std::size_t maxCycles = 64; // cycles kept per component; the summary says when more exist
    std::size_t maxEnumerated = 4096; // vertices above which one shortest cycle stands for the rest
};

/// The dump names the contexts' key frames, so a cycle reads the same on every machine.
std::vector<Finding> findDeadlocks(const Graph& g, const parsers::Dump& dump, const DeadlockOptions& options = {});

} // namespace hvdump::graph
