// SPDX-License-Identifier: GPL-2.0-or-later
// Lost wakeups: a context in an indefinite wait on a condition variable, event, completion,
// poll set, wait queue or futex that no context in the graph can still signal, while it holds
// something another context waits for. Requiring the held resource keeps idle thread pools
// (many threads parked on a condvar, holding nothing) from being reported.
#pragma once

#include "finding.h"

#include <hvdump/parsers/dump.h>

#include <vector>

namespace hvdump::graph {

/// `deadlocks` are the findings so far: a waiter inside one of their cycles is not a lost wakeup.
std::vector<Finding> findLostWakeups(const Graph& g, const parsers::Dump& dump, const std::vector<Finding>& deadlocks);

/// Is this a kind of resource that is woken by a signal rather than released by a holder?
bool isWakeableKind(ResourceKind k);

} // namespace hvdump::graph
