// SPDX-License-Identifier: GPL-2.0-or-later
// One input of `hvdump analyze`, as a worker thread prepares it: read, parsed, symbolized and
// analysed, and (with --db) turned into a prepared case input, so the single writer only
// inserts. A file with nothing recognisable in it is analysed but not filed, with the reason.
// Built in place and handed on by pointer: a graph::Analysis must never be moved or copied
// (Boost 1.74's adjacency_list has no move constructor, so a move copies the graph while the
// findings' edge descriptors still point into the old one).
#pragma once

#include "symbolizeoptions.h"

#include <hvdump/app/casedb/caserecord.h>
#include <hvdump/graph/analysis.h>

#include <optional>
#include <string>

namespace hvdump::cli {

class AnalyzedFile
{
public:
    AnalyzedFile(const std::string& file, parsers::ParseOptions options, const Symbolization& symbolization,
        const graph::RuleCatalog& catalog, bool forDatabase);
    AnalyzedFile(const AnalyzedFile&) = delete;
    AnalyzedFile& operator=(const AnalyzedFile&) = delete;

    struct Input
    {
        std::string text;
        std::string error; // why the file could not be read; empty when it was
    };

private:
    Input m_input; // first: the analysis below is built from it

public:
    const graph::Analysis analysis;
    std::optional<casedb::CaseInput> caseInput; // --db: what to file
    std::string notFiled; // --db: why this file is not filed
    bool unreadable = false;
};

/// "case #12 filed; same hang as #3 (fixed: URL)" or "case #12 already filed".
std::string describeFiling(const casedb::ImportResult& result);

} // namespace hvdump::cli
