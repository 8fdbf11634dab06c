// SPDX-License-Identifier: GPL-2.0-or-later
// Case database records printed for people: the case list as a table, one case in full, search
// hits with their matching text, and similar cases with the reasons they match.
#pragma once

#include <hvdump/app/casedb/caserecord.h>

#include <ostream>
#include <vector>

namespace hvdump::cli {

void writeCaseList(std::ostream& out, const std::vector<casedb::CaseSummary>& cases);
void writeCaseDetail(std::ostream& out, const casedb::CaseDetail& d);
void writeSearchHits(std::ostream& out, const std::vector<casedb::SearchHit>& hits);
void writeSimilar(std::ostream& out, const casedb::CaseSummary& of, const std::vector<casedb::SimilarCase>& similar);

} // namespace hvdump::cli
