// SPDX-License-Identifier: GPL-2.0-or-later
// Runs every generic detector on a wait-for graph, in order: deadlock, lockdep, spin, lost
// wakeup, then stall (hang chains ending at the others' roots), and gives each finding its key
// frames, signature and title. Nothing here knows a particular hang: the rule catalog adds
// diagnoses on top of these findings.
#pragma once

#include "finding.h"

#include <hvdump/parsers/dump.h>

#include <vector>

namespace hvdump::graph {

std::vector<Finding> runDetectors(const Graph& g, const parsers::Dump& dump);

/// Fills keyFrames (when empty), signature, title and ownerHint of one finding.
void completeFinding(Finding& f, const Graph& g, const parsers::Dump& dump, const std::vector<Finding>& all);

} // namespace hvdump::graph
