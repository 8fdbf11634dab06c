// SPDX-License-Identifier: GPL-2.0-or-later
// Case database records as JSON for `hvdump db ... --json` and `analyze --db --json`. Documents
// carry {"schema": "hvdump.cases", "version": N}; keys are camelCase like hvdump.analysis.
#pragma once

#include <hvdump/app/casedb/caserecord.h>
#include <hvdump/parsers/dumpjson.h>

namespace hvdump::cli {

inline constexpr int casesSchemaVersion = 1;

parsers::Json casesDocument(const std::string& database);
parsers::Json summaryToJson(const casedb::CaseSummary& c);
parsers::Json detailToJson(const casedb::CaseDetail& d);
parsers::Json noteToJson(const casedb::Note& n);
parsers::Json similarToJson(const casedb::SimilarCase& s);
parsers::Json hitToJson(const casedb::SearchHit& h);
parsers::Json filingToJson(const casedb::ImportResult& r);

} // namespace hvdump::cli
