// SPDX-License-Identifier: GPL-2.0-or-later
// CaseStore's reading side: summaries, details, raw text, full-text search and the checks.
#include "casesql.h"
#include "casestore.h"
#include "compression.h"

#include <algorithm>
#include <cctype>

namespace hvdump::casedb {
namespace {

    std::vector<std::string> split(const std::string& s, char separator)
    {
        std::vector<std::string> out;
        std::size_t start = 0;
        while (start < s.size()) {
            std::size_t end = s.find(separator, start);
            if (end == std::string::npos)
                end = s.size();
            if (end > start)
                out.push_back(s.substr(start, end - start));
            start = end + 1;
        }
        return out;
    }

    // the user's words as an FTS5 query: each word a quoted phrase (so "virtqueue_get_buf" or
    // "CpuManager::signal_vcpus" match as written and no word is read as FTS syntax), all required
    std::string ftsQuery(std::string_view text)
    {
        std::string query;
        std::size_t i = 0;
        while (i < text.size()) {
            while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
                ++i;
            std::size_t end = i;
            while (end < text.size() && text[end] != ' ' && text[end] != '\t' && text[end] != '\n' && text[end] != '\r')
                ++end;
            std::string_view word = text.substr(i, end - i);
            i = end;
            const bool prefix = word.size() > 1 && word.back() == '*';
            if (prefix)
                word.remove_suffix(1);
            bool hasToken = false;
            for (char c : word)
                hasToken =
                    hasToken || static_cast<unsigned char>(c) >= 0x80 || std::isalnum(static_cast<unsigned char>(c));
            if (!hasToken)
                continue; // punctuation alone is no token: it would only make the query fail
            std::string phrase = "\"";
            for (char c : word) {
                phrase += c;
                if (c == '"')
                    phrase += '"';
            }
            phrase += '"';
            if (prefix)
                phrase += '*';
            if (!query.empty())
                query += ' ';
            query += phrase;
        }
        return query;
    }

} // namespace

CaseSummary readSummary(const Statement& s, int first)
{
    CaseSummary c;
    c.id = s.int64(first);
    c.fileName = s.text(first + 1);
    c.hash = s.text(first + 2);
    c.importedAt = s.text(first + 3);
    c.importedBy = s.text(first + 4);
    caseStatusFromName(s.text(first + 5), c.status);
    c.fixUrl = s.text(first + 6);
    c.groupId = s.int64(first + 7);
    c.findingCount = static_cast<std::uint32_t>(s.int64(first + 8));
    c.threads = static_cast<std::uint32_t>(s.int64(first + 9));
    c.title = s.text(first + 10);
    return c;
}

Result<std::vector<CaseSummary>> CaseStore::list(const ListFilter& filter)
{
    // only the conditions asked for, so that SQLite can walk the group or status index
    std::string sql = std::string("SELECT ") + summaryColumns + " FROM cases c WHERE 1";
    if (!filter.anyStatus)
        sql += " AND c.status = ?1";
    if (filter.groupId != 0)
        sql += " AND c.group_id = ?2";
    sql += std::string(" ORDER BY c.id ") + (filter.newestFirst ? "DESC" : "ASC");
    if (filter.limit > 0)
        sql += " LIMIT " + std::to_string(filter.limit);
    Result<Statement> s = m_db.prepare(sql);
    if (!s)
        return s.error();
    if (!filter.anyStatus)
        s->bind(1, caseStatusName(filter.status));
    if (filter.groupId != 0)
        s->bind(2, filter.groupId);
    std::vector<CaseSummary> out;
    while (s->step())
        out.push_back(readSummary(*s));
    if (s->failed())
        return s->error();
    return out;
}

Result<CaseSummary> CaseStore::summary(CaseId id)
{
    Result<Statement> s = m_db.prepare(std::string("SELECT ") + summaryColumns + " FROM cases c WHERE c.id = ?1");
    if (!s)
        return s.error();
    s->bind(1, id);
    if (s->step())
        return readSummary(*s);
    if (s->failed())
        return s->error();
    return Error { ErrorKind::NotFound, 0, m_db.path() + ": no case #" + std::to_string(id) };
}

Result<std::int64_t> CaseStore::caseCount()
{
    return m_db.queryInt("SELECT count(*) FROM cases");
}

Result<std::vector<CaseSummary>> CaseStore::sameSignature(CaseId id, std::size_t limit)
{
    // the oldest `limit` cases of each signature through the (signature, case_id) index, merged:
    // the cost does not grow with the size of the group
    Result<Statement> signatures = m_db.prepare("SELECT DISTINCT signature FROM findings WHERE case_id = ?1");
    Result<Statement> oldest =
        m_db.prepare("SELECT case_id FROM findings WHERE signature = ?1 AND case_id != ?2 ORDER BY case_id LIMIT ?3");
    if (!signatures || !oldest)
        return !signatures ? signatures.error() : oldest.error();
    signatures->bind(1, id);
    std::vector<CaseId> ids;
    while (signatures->step()) {
        oldest->reset();
        oldest->bind(1, signatures->text(0)).bind(2, id).bind(3, std::int64_t(limit));
        while (oldest->step())
            ids.push_back(oldest->int64(0));
        if (oldest->failed())
            return oldest->error();
    }
    if (signatures->failed())
        return signatures->error();
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    if (ids.size() > limit)
        ids.resize(limit);
    std::vector<CaseSummary> out;
    for (CaseId other : ids) {
        Result<CaseSummary> s = summary(other);
        if (!s)
            return s.error();
        out.push_back(std::move(*s));
    }
    return out;
}

Result<std::vector<FindingRecord>> CaseStore::findings(CaseId id)
{
    Result<Statement> s = m_db.prepare("SELECT kind, title, signature, rule_id, diagnosis, confidence, root_label, "
                                       "key_frames, json FROM findings WHERE case_id = ?1 ORDER BY ordinal");
    if (!s)
        return s.error();
    s->bind(1, id);
    std::vector<FindingRecord> out;
    while (s->step())
        out.push_back({ s->text(0), s->text(1), s->text(2), s->text(3), s->text(4), s->text(5), s->text(6),
            split(s->text(7), '\n'), s->text(8) });
    if (s->failed())
        return s->error();
    return out;
}

Result<std::vector<Note>> CaseStore::notes(CaseId id)
{
    Result<Statement> s = m_db.prepare("SELECT id, author, created_at, text FROM notes WHERE case_id = ?1 ORDER BY id");
    if (!s)
        return s.error();
    s->bind(1, id);
    std::vector<Note> out;
    while (s->step())
        out.push_back({ s->int64(0), s->text(1), s->text(2), s->text(3) });
    if (s->failed())
        return s->error();
    return out;
}

Result<CaseDetail> CaseStore::show(CaseId id)
{
    Result<CaseSummary> summary = this->summary(id);
    if (!summary)
        return summary.error();
    CaseDetail d;
    d.summary = std::move(*summary);
    Result<Statement> s = m_db.prepare("SELECT c.formats, c.samples, c.reports, c.parse_status, c.diagnostics, "
                                       "coalesce(c.updated_at, ''), r.size FROM cases c LEFT JOIN case_raw r ON "
                                       "r.case_id = c.id WHERE c.id = ?1");
    if (!s)
        return s.error();
    s->bind(1, id);
    if (s->step()) {
        d.formats = split(s->text(0), ',');
        d.samples = static_cast<std::uint32_t>(s->int64(1));
        d.reports = static_cast<std::uint32_t>(s->int64(2));
        d.parseStatus = s->text(3);
        d.diagnostics = static_cast<std::uint32_t>(s->int64(4));
        d.updatedAt = s->text(5);
        d.rawSize = static_cast<std::uint64_t>(s->int64(6));
    }
    if (s->failed())
        return s->error();
    Result<std::vector<FindingRecord>> f = findings(id);
    Result<std::vector<Note>> n = notes(id);
    Result<std::vector<CaseSummary>> same = sameSignature(id, 50);
    if (!f || !n || !same)
        return !f ? f.error() : !n ? n.error() : same.error();
    d.findings = std::move(*f);
    d.notes = std::move(*n);
    d.sameSignature = std::move(*same);
    return d;
}

Result<std::string> CaseStore::rawText(CaseId id)
{
    Result<Statement> s = m_db.prepare("SELECT codec, size, data FROM case_raw WHERE case_id = ?1");
    if (!s)
        return s.error();
    s->bind(1, id);
    if (!s->step()) {
        if (s->failed())
            return s->error();
        return Error { ErrorKind::NotFound, 0, m_db.path() + ": no case #" + std::to_string(id) };
    }
    std::string text;
    if (s->text(0) != "zlib" || !decompressText(s->blob(2), static_cast<std::size_t>(s->int64(1)), text))
        return Error { ErrorKind::Corrupt, 0,
            m_db.path() + ": the stored text of case #" + std::to_string(id) + " is damaged" };
    return text;
}

Result<std::vector<SearchHit>> CaseStore::search(std::string_view text, std::size_t limit)
{
    const std::string query = ftsQuery(text);
    if (query.empty())
        return Error { ErrorKind::InvalidArgument, 0, "nothing to search for" };
    Result<Statement> s =
        m_db.prepare(std::string("SELECT snippet(case_text, -1, '[', ']', '...', 12), ") + summaryColumns
            + " FROM case_text JOIN cases c ON c.id = case_text.rowid WHERE case_text "
              "MATCH ?1 ORDER BY rank LIMIT ?2");
    if (!s)
        return s.error();
    s->bind(1, query).bind(2, std::int64_t(limit == 0 ? 1000000 : limit));
    std::vector<SearchHit> out;
    while (s->step())
        out.push_back({ readSummary(*s, 1), s->text(0) });
    if (s->failed())
        return s->error();
    return out;
}

Result<IntegrityReport> CaseStore::check()
{
    IntegrityReport report;
    Result<Statement> s = m_db.prepare("PRAGMA integrity_check(20)");
    if (!s)
        return s.error();
    while (s->step()) {
        if (!report.integrity.empty())
            report.integrity += '\n';
        report.integrity += s->text(0);
    }
    if (s->failed())
        return s->error();
    // hvdump's own invariants: an import is all there or not there
    static constexpr const char* incomplete[][2] = {
        { "SELECT id FROM cases WHERE id NOT IN (SELECT case_id FROM case_raw)", "has no raw text" },
        { "SELECT c.id FROM cases c WHERE c.finding_count != (SELECT count(*) FROM findings f WHERE f.case_id = c.id)",
            "lacks findings" },
        { "SELECT c.id FROM cases c WHERE c.function_count != (SELECT count(*) FROM case_functions x WHERE x.case_id = "
          "c.id)",
            "lacks functions" },
        { "SELECT id FROM cases WHERE id NOT IN (SELECT rowid FROM case_text)", "has no full-text row" },
        { "SELECT rowid FROM case_text WHERE rowid NOT IN (SELECT id FROM cases)",
            "is a full-text row without a case" },
    };
    for (const auto& [sql, what] : incomplete) {
        Result<Statement> q = m_db.prepare(sql);
        if (!q)
            return q.error();
        while (q->step())
            report.problems.push_back("case #" + std::to_string(q->int64(0)) + " " + what);
        if (q->failed())
            return q->error();
    }
    if (!m_db.readOnly()) {
        // FTS5's own check compares the index with its content
        if (Error e = m_db.exec("INSERT INTO case_text (case_text) VALUES ('integrity-check')"))
            report.problems.push_back("full-text index: " + e.message);
    }
    Result<std::int64_t> n = caseCount();
    if (!n)
        return n.error();
    report.cases = *n;
    return report;
}

} // namespace hvdump::casedb
