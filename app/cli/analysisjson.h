// SPDX-License-Identifier: GPL-2.0-or-later
// The hvdump.analysis JSON schema (docs/json-schema.md): per input its source, parse status,
// diagnostics, summary counts, findings and the wait-for graph's nodes and edges.
#pragma once

#include <hvdump/graph/analysis.h>
#include <hvdump/parsers/dumpjson.h>

namespace hvdump::cli {

inline constexpr int analysisSchemaVersion = 1;

parsers::Json analysisToJson(const graph::Analysis& analysis);
/// {"schema": "hvdump.analysis", "version": N, "analyses": [...]}
parsers::Json analysisDocument(parsers::Json analyses);

} // namespace hvdump::cli
