// SPDX-License-Identifier: GPL-2.0-or-later
// Lockdep's own verdicts: each "possible circular locking dependency" or "possible recursive
// locking" report is a Deadlock finding stated by the kernel (the lock-order cycle it proved),
// with the reporting task and the chain's locks. The summary says whether the graph also shows
// contexts actually stuck on one of those locks.
#pragma once

#include "finding.h"

#include <hvdump/parsers/dump.h>

#include <string_view>
#include <vector>

namespace hvdump::graph {

std::vector<Finding> findLockdepDeadlocks(const Graph& g, const parsers::Dump& dump);

/// Lockdep class names vs resource names: "&dev->mutex" matches "dev->mutex" and "(&vq->mutex)".
bool sameLockName(std::string_view a, std::string_view b);

} // namespace hvdump::graph
