// SPDX-License-Identifier: GPL-2.0-or-later
// The case database: one SQLite file shared by analysts and batch jobs at once (WAL, a busy
// timeout and retried write transactions, so ordinary contention only waits). Each import is one
// transaction, so a case is filed completely or not at all, even when the process is killed. The
// same bytes are one case (SHA-256); cases sharing a finding signature form a group; similar()
// ranks other cases by shared signatures, then by the overlap of the functions on the stacks
// involved, and says why. Every failure comes back as an Error; nothing is printed.
#pragma once

#include "caserecord.h"
#include "database.h"

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hvdump::casedb {

class Transaction;

class CaseStore
{
public:
    enum class OpenMode {
        ReadWrite, // the file must exist; older schemas are upgraded
        Create, // creates the file (and its folder) when missing
        ReadOnly, // never writes; an older schema is an error
    };

    static Result<CaseStore> open(const std::string& path, OpenMode mode = OpenMode::ReadWrite);

    const std::string& path() const
    {
        return m_db.path();
    }
    Database& database()
    {
        return m_db;
    }

    /// Files one dump (prepareCase() is applied when input.hash is empty). The same content hash
    /// already filed returns that case with created == false.
    Result<ImportResult> import(CaseInput& input);

    Result<std::vector<CaseSummary>> list(const ListFilter& filter = {});
    Result<CaseSummary> summary(CaseId id);
    Result<CaseDetail> show(CaseId id);
    /// The dump text as imported.
    Result<std::string> rawText(CaseId id);
    Result<std::int64_t> caseCount();

    /// Full-text search over titles, file names, functions, thread names and notes. Every word
    /// must match (a word ending in '*' is a prefix); best matches first.
    Result<std::vector<SearchHit>> search(std::string_view text, std::size_t limit = 20);

    /// Cases like `id`, best first, without the pairs marked as wrong matches.
    Result<std::vector<SimilarCase>> similar(CaseId id, std::size_t limit = 10);
    /// Marks a similar match as wrong so that similar() does not offer it again (either way).
    Error reject(CaseId a, CaseId b, std::string_view author);

    Result<Note> addNote(CaseId id, std::string_view author, std::string_view text);
    /// Sets the status; fixUrl replaces the fix link when given.
    Error setStatus(CaseId id, CaseStatus status, const std::optional<std::string>& fixUrl = std::nullopt);

    /// Makes the call running on another thread return ErrorKind::Cancelled soon (a write is
    /// rolled back). Safe to call from any thread while this store is alive.
    void interrupt()
    {
        sqlite3_interrupt(m_db.handle());
    }

    /// PRAGMA integrity_check plus hvdump's own invariants (every case has its raw text, its
    /// findings, its functions and its full-text row).
    Result<IntegrityReport> check();

private:
    explicit CaseStore(Database db)
        : m_db(std::move(db))
    {
    }
    Error requireWritable() const;
    Error requireCase(CaseId id);
    /// A write transaction in which the given cases exist.
    Result<Transaction> beginChange(std::initializer_list<CaseId> cases);
    Result<std::vector<CaseSummary>> sameSignature(CaseId id, std::size_t limit);
    Result<std::vector<FindingRecord>> findings(CaseId id);
    Result<std::vector<Note>> notes(CaseId id);

    Database m_db;
};

} // namespace hvdump::casedb
