// SPDX-License-Identifier: GPL-2.0-or-later
// The wait-for graph as Graphviz DOT: contexts as boxes (spinning ones red, finding roots
// doubled), resources as ellipses, external parties as dashed diamonds; waits solid (spins
// bold), holds dashed, signals dotted, deadlock cycle edges red, confidence on every edge.
// A pure function with a deterministic order (vertex order, then edge order), for golden tests.
#pragma once

#include "finding.h"

#include <hvdump/parsers/dump.h>

#include <string>
#include <string_view>
#include <vector>

namespace hvdump::graph {

std::string toDot(const Graph& g, const parsers::Dump& dump, const std::vector<Finding>& findings);

/// Text for a quoted DOT string: backslashes, quotes and line breaks escaped.
std::string dotEscape(std::string_view text);

} // namespace hvdump::graph
