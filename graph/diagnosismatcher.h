// SPDX-License-Identifier: GPL-2.0-or-later
// Names a finding from the catalog's diagnoses: every condition a diagnosis states must hold
// (frames on the root's or the members' stacks, objects, kinds, console reports, object dump
// fields); the most specific one wins, and generic diagnoses only apply when no specific one does.
#pragma once

#include "finding.h"
#include "rulecatalog.h"

#include <hvdump/parsers/dump.h>

namespace hvdump::graph {

/// The best diagnosis for a finding, or nullptr. Evidence the diagnosis stands on (object
/// dump fields) is appended to matchedEvidence.
const Diagnosis* bestDiagnosis(const Finding& finding, const Graph& graph, const parsers::Dump& dump,
    const RuleCatalog& catalog, std::vector<Evidence>* matchedEvidence = nullptr);

/// The score a diagnosis gets when every condition it states holds: how specific it is. Among
/// the matching diagnoses the highest wins (ties: the one loaded first).
int diagnosisSpecificity(const Diagnosis& d);

/// Fills ruleId, diagnosis, explanation, fix, workaround and references of every finding.
void applyDiagnoses(
    std::vector<Finding>& findings, const Graph& graph, const parsers::Dump& dump, const RuleCatalog& catalog);

} // namespace hvdump::graph
