// SPDX-License-Identifier: GPL-2.0-or-later
// From an analysis to what the case database files: the parse summary, the findings with their
// signatures and JSON, the normalized functions of the stacks the findings involve (for
// `similar`), every function and thread name (for full-text search), and the raw text. All of
// it is computed here, outside any database transaction, and may run on worker threads.
#pragma once

#include "caserecord.h"

#include <hvdump/graph/analysis.h>

namespace hvdump::casedb {

CaseInput makeCaseInput(const graph::Analysis& analysis, std::string rawText, std::string fileName);

/// Fills input.hash (SHA-256 of the raw text) and input.compressedRaw.
void prepareCase(CaseInput& input);

/// False for input where no parser recognised anything (no threads, reports, objects, counters):
/// such a file is reported, not filed.
bool hasContent(const parsers::Dump& dump);

} // namespace hvdump::casedb
