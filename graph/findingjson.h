// SPDX-License-Identifier: GPL-2.0-or-later
// One finding as JSON (part of the "hvdump.analysis" output): kind, title, summary, signature,
// confidence, root, members with their dump threads, cycles as "A -> B" edge strings, blocked
// count, evidence with line spans, key frames, owner hint and the matched rule.
#pragma once

#include "finding.h"

#include <hvdump/parsers/dumpjson.h>

namespace hvdump::graph {

parsers::Json findingToJson(const Finding& f, const Graph& g, const parsers::Dump& dump);

parsers::Json evidenceToJson(const Evidence& e);

} // namespace hvdump::graph
