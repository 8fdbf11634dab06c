// SPDX-License-Identifier: GPL-2.0-or-later
// Builds the wait-for graph of a Dump with the rule catalog: one context vertex per thread/CPU
// (its latest snapshot), one resource vertex per object (mentions merged by identity), waits
// edges from each stack's primitives, holds edges from owner fields, lockdep held-lock lists,
// hung-task "owned by" lines and hold rules, signals edges from signal rules.
#pragma once

#include "rulecatalog.h"
#include "waitforgraph.h"

#include <hvdump/parsers/dump.h>

namespace hvdump::graph {

Graph buildGraph(const parsers::Dump& dump, const RuleCatalog& catalog);

/// The command that would print who holds an object, for the dump's tool and the object's kind.
std::string ownerCommand(parsers::Format format, ResourceKind kind, std::uint64_t address);

} // namespace hvdump::graph
