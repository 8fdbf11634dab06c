// SPDX-License-Identifier: GPL-2.0-or-later
// Pieces of SQL the CaseStore files share: the columns of a case summary and how to read them
// back, and the current time as stored (ISO 8601 UTC). Internal to hvdump_casedb.
#pragma once

#include "caserecord.h"
#include "statement.h"

namespace hvdump::casedb {

/// Select list for a CaseSummary over `cases c`; readSummary() reads it from column `first`.
inline constexpr const char* summaryColumns =
    "c.id, c.file_name, c.hash, c.imported_at, c.imported_by, c.status, c.fix_url, c.group_id, c.finding_count, "
    "c.threads, (SELECT title FROM findings WHERE case_id = c.id ORDER BY ordinal LIMIT 1)";
inline constexpr int summaryColumnCount = 11;

CaseSummary readSummary(const Statement& s, int first = 0);

/// SQL expression for now, as imported_at and created_at store it.
inline constexpr const char* nowSql = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";

} // namespace hvdump::casedb
