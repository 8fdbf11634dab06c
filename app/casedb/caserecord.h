// SPDX-License-Identifier: GPL-2.0-or-later
// The plain records the case database reads and writes: what one import files (CaseInput, built
// from an analysis outside any transaction), and what the queries return (summaries, details,
// notes, search hits, similar cases with the reasons they match). No SQLite types here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hvdump::casedb {

using CaseId = std::int64_t;

enum class CaseStatus : std::uint8_t { New, Known, Fixed, NotABug };
const char* caseStatusName(CaseStatus s); // "new", "known", "fixed", "not-a-bug"
bool caseStatusFromName(std::string_view name, CaseStatus& out);

struct FindingRecord
{
    std::string kind; // "deadlock", "spin", "lost-wakeup", "stall" (graph::findingKindName)
    std::string title;
    std::string signature;
    std::string ruleId;
    std::string diagnosis;
    std::string confidence;
    std::string rootLabel;
    std::vector<std::string> keyFrames;
    std::string json; // the finding as in the hvdump.analysis schema
};

struct CaseInput
{
    std::string fileName;
    std::string rawText;
    std::vector<std::string> formats;
    std::uint32_t threads = 0;
    std::uint32_t samples = 0;
    std::uint32_t reports = 0;
    std::string parseStatus = "complete";
    std::uint32_t diagnostics = 0;
    std::vector<FindingRecord> findings;
    std::vector<std::string> functions; // normalized functions on the involved stacks (similarity)
    std::vector<std::string> searchFunctions; // every normalized function of the dump (full text)
    std::vector<std::string> threadNames;
    std::string importedBy; // empty: the current user
    // filled by prepareCase(), so that worker threads can do it before the writer needs it
    std::string hash;
    std::string compressedRaw;
};

struct CaseSummary
{
    CaseId id = 0;
    std::string fileName;
    std::string hash;
    std::string importedAt;
    std::string importedBy;
    CaseStatus status = CaseStatus::New;
    std::string fixUrl;
    CaseId groupId = 0;
    std::uint32_t findingCount = 0;
    std::uint32_t threads = 0;
    std::string title; // the first (most severe) finding's title; empty for a healthy dump
};

struct Note
{
    std::int64_t id = 0;
    std::string author;
    std::string createdAt;
    std::string text;
};

struct CaseDetail
{
    CaseSummary summary;
    std::vector<std::string> formats;
    std::uint32_t samples = 0;
    std::uint32_t reports = 0;
    std::string parseStatus;
    std::uint32_t diagnostics = 0;
    std::uint64_t rawSize = 0;
    std::string updatedAt;
    std::vector<FindingRecord> findings;
    std::vector<Note> notes;
    std::vector<CaseSummary> sameSignature; // other cases sharing a finding signature, oldest first
};

struct ImportResult
{
    CaseId id = 0;
    bool created = false; // false: the same bytes were already filed as this case
    CaseId groupId = 0;
    std::vector<CaseSummary> sameSignature; // earlier cases with a shared signature, oldest first
};

struct ListFilter
{
    bool anyStatus = true;
    CaseStatus status = CaseStatus::New;
    CaseId groupId = 0; // 0: every group
    std::size_t limit = 0; // 0: no limit
    bool newestFirst = true;
};

struct SearchHit
{
    CaseSummary summary;
    std::string snippet; // the best matching text, matches in [brackets]
};

struct SharedSignature
{
    std::string signature;
    std::string title;
};

struct SimilarCase
{
    CaseSummary summary;
    std::vector<SharedSignature> sharedSignatures;
    std::vector<std::string> sharedFunctions; // sorted
    double jaccard = 0; // shared / union of the involved functions
};

struct IntegrityReport
{
    std::string integrity; // PRAGMA integrity_check: "ok" or the first problems
    std::vector<std::string> problems; // cases not filed completely
    std::int64_t cases = 0;
};

} // namespace hvdump::casedb
