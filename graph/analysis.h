// SPDX-License-Identifier: GPL-2.0-or-later
// The whole pipeline for one dump: parse -> wait-for graph -> detectors -> diagnoses. The
// result is immutable once built, so front ends can share it across threads.
#pragma once

#include "finding.h"
#include "rulecatalog.h"
#include "waitforgraph.h"

#include <hvdump/parsers/dumpparser.h>

#include <stop_token>

namespace hvdump::parsers {
class ProgressSink;
}

namespace hvdump::graph {

struct Analysis
{
    parsers::Dump dump;
    std::vector<parsers::Diagnostic> diagnostics;
    parsers::ParseStatus status = parsers::ParseStatus::Complete;
    Graph graph;
    std::vector<Finding> findings; // most severe first: deadlocks, lost wakeups, spins, stalls
};

/// Builds the graph and the findings of an already parsed dump.
Analysis analyzeParsed(parsers::ParseResult parsed, const RuleCatalog& catalog,
    parsers::ProgressSink* progress = nullptr, std::stop_token stop = {});

Analysis analyzeFile(const std::string& path, const parsers::ParseOptions& options, const RuleCatalog& catalog,
    parsers::ProgressSink* progress = nullptr, std::stop_token stop = {});

Analysis analyzeText(std::string_view text, const parsers::ParseOptions& options, const RuleCatalog& catalog,
    parsers::ProgressSink* progress = nullptr, std::stop_token stop = {});

} // namespace hvdump::graph
