// SPDX-License-Identifier: GPL-2.0-or-later
// Hang chains: every context in an indefinite wait is followed (waits -> holds/signals) to its
// root: a spinner, a lost-wakeup waiter, a deadlock, or an external party. Blocked contexts are
// grouped per root and counted (with Vertex::count), one Stall finding per root. A chain that
// ends at a live holder that is not stuck is a healthy hand-off caught by the snapshot, unless
// the dump states the waiter is stuck (hung-task report, the same stack in every sample).
#pragma once

#include "finding.h"

#include <hvdump/parsers/dump.h>

#include <vector>

namespace hvdump::graph {

/// `earlier` are the deadlock, spin and lost-wakeup findings whose roots chains may end at.
std::vector<Finding> findStalls(const Graph& g, const parsers::Dump& dump, const std::vector<Finding>& earlier);

} // namespace hvdump::graph
