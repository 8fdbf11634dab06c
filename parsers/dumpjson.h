// SPDX-License-Identifier: GPL-2.0-or-later
// The Dump as JSON, schema "hvdump.dump" (documented in docs/json-schema.md). The version field
// changes whenever a field is removed or changes meaning; new fields may appear at any time.
#pragma once

#include "diagnostic.h"
#include "dump.h"

#include <nlohmann/json.hpp>
#include <vector>

namespace hvdump::parsers {
/// insertion-ordered, so the JSON reads in the order of the schema
using Json = nlohmann::ordered_json;
} // namespace hvdump::parsers

namespace hvdump::parsers {

inline constexpr int dumpSchemaVersion = 1;

Json spanToJson(LineSpan span);
Json frameToJson(const Dump& dump, const Frame& frame);
Json threadToJson(const Dump& dump, const Thread& thread);
Json diagnosticToJson(const Diagnostic& d);
Json dumpToJson(const Dump& dump, const std::vector<Diagnostic>& diagnostics);

/// Splits a frame's raw argument text at top-level commas: "a=1, b={x, y}" -> {"a=1", "b={x, y}"}.
std::vector<std::string_view> splitArguments(std::string_view arguments);

} // namespace hvdump::parsers
