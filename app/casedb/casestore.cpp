// SPDX-License-Identifier: GPL-2.0-or-later
#include "casestore.h"

#include "caseinput.h"
#include "casesql.h"
#include "dbpath.h"
#include "schema.h"
#include "transaction.h"

#include <algorithm>
#include <filesystem>
#include <thread>

namespace hvdump::casedb {
namespace {

    std::string joined(const std::vector<std::string>& items, std::string_view separator)
    {
        std::string out;
        for (const std::string& s : items) {
            if (!out.empty())
                out += separator;
            out += s;
        }
        return out;
    }

    // WAL lets readers and one writer work at once; changing the mode needs a moment alone with
    // the file, so a process that meets another one doing the same waits and retries
    Error enableWal(Database& db)
    {
        const auto deadline = std::chrono::steady_clock::now() + writePatience;
        for (;;) {
            Result<Statement> s = db.prepare("PRAGMA journal_mode = WAL");
            if (!s)
                return s.error();
            if (s->step())
                return {}; // the mode in force; "wal" unless the file system cannot do WAL
            if (!isBusy(s->error().sqliteCode) || std::chrono::steady_clock::now() >= deadline)
                return s->error();
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }

    Result<CaseId> functionId(Database& db, Statement& find, Statement& insert, const std::string& name)
    {
        find.reset();
        find.bind(1, name);
        if (find.step())
            return find.int64(0);
        if (find.failed())
            return find.error();
        insert.reset();
        if (Error e = insert.bind(1, name).run())
            return e;
        return db.lastInsertRowId();
    }

    Result<CaseId> groupFor(Database& db, const CaseInput& in)
    {
        // the group of the first case with each signature: one index probe, however big the group
        Result<Statement> s = db.prepare("SELECT c.group_id FROM findings f JOIN cases c ON c.id = f.case_id "
                                         "WHERE f.signature = ?1 ORDER BY f.case_id LIMIT 1");
        if (!s)
            return s.error();
        CaseId group = 0;
        for (const FindingRecord& f : in.findings) {
            s->reset();
            s->bind(1, f.signature);
            if (s->step() && !s->isNull(0) && (group == 0 || s->int64(0) < group))
                group = s->int64(0);
            if (s->failed())
                return s->error();
        }
        return group;
    }

    Result<CaseId> existingCase(Database& db, const std::string& hash)
    {
        Result<Statement> s = db.prepare("SELECT id FROM cases WHERE hash = ?1");
        if (!s)
            return s.error();
        s->bind(1, hash);
        if (s->step())
            return s->int64(0);
        if (s->failed())
            return s->error();
        return CaseId { 0 };
    }

    // everything of one case except the existence check, inside the caller's transaction
    Result<CaseId> insertCase(Database& db, const CaseInput& in, const std::string& importedBy)
    {
        Result<CaseId> group = groupFor(db, in);
        if (!group)
            return group.error();
        Result<Statement> c =
            db.prepare(std::string("INSERT INTO cases (hash, file_name, formats, imported_at, "
                                   "imported_by, threads, samples, reports, parse_status, diagnostics, "
                                   "finding_count, function_count, group_id) VALUES (?1, ?2, ?3, ")
                + nowSql + ", ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
        if (!c)
            return c.error();
        c->bind(1, in.hash).bind(2, in.fileName).bind(3, joined(in.formats, ",")).bind(4, importedBy);
        c->bind(5, std::int64_t(in.threads)).bind(6, std::int64_t(in.samples)).bind(7, std::int64_t(in.reports));
        c->bind(8, in.parseStatus).bind(9, std::int64_t(in.diagnostics)).bind(10, std::int64_t(in.findings.size()));
        c->bind(11, std::int64_t(in.functions.size())).bind(12, *group);
        if (Error e = c->run())
            return e;
        const CaseId id = db.lastInsertRowId();
        if (*group == 0)
            if (Error e = db.exec("UPDATE cases SET group_id = id WHERE id = " + std::to_string(id)))
                return e;

        Result<Statement> raw =
            db.prepare("INSERT INTO case_raw (case_id, codec, size, data) VALUES (?1, 'zlib', ?2, ?3)");
        if (!raw)
            return raw.error();
        if (Error e = raw->bind(1, id).bind(2, std::int64_t(in.rawText.size())).bindBlob(3, in.compressedRaw).run())
            return e;

        Result<Statement> f = db.prepare("INSERT INTO findings (case_id, ordinal, kind, title, signature, rule_id, "
                                         "diagnosis, confidence, root_label, key_frames, json) "
                                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
        if (!f)
            return f.error();
        std::vector<std::string> titles { in.fileName };
        for (std::size_t i = 0; i < in.findings.size(); ++i) {
            const FindingRecord& r = in.findings[i];
            f->reset();
            f->bind(1, id).bind(2, std::int64_t(i)).bind(3, r.kind).bind(4, r.title).bind(5, r.signature);
            f->bind(6, r.ruleId).bind(7, r.diagnosis).bind(8, r.confidence).bind(9, r.rootLabel);
            f->bind(10, joined(r.keyFrames, "\n")).bind(11, r.json);
            if (Error e = f->run())
                return e;
            titles.push_back(r.title);
            if (!r.diagnosis.empty())
                titles.push_back(r.diagnosis);
            if (!r.ruleId.empty())
                titles.push_back(r.ruleId);
        }

        Result<Statement> find = db.prepare("SELECT id FROM functions WHERE name = ?1");
        Result<Statement> insert = db.prepare("INSERT INTO functions (name) VALUES (?1)");
        Result<Statement> link =
            db.prepare("INSERT OR IGNORE INTO case_functions (function_id, case_id) VALUES (?1, ?2)");
        if (!find || !insert || !link)
            return !find ? find.error() : !insert ? insert.error() : link.error();
        for (const std::string& name : in.functions) {
            Result<CaseId> fid = functionId(db, *find, *insert, name);
            if (!fid)
                return fid.error();
            link->reset();
            if (Error e = link->bind(1, *fid).bind(2, id).run())
                return e;
        }

        Result<Statement> text = db.prepare("INSERT INTO case_text (rowid, titles, functions, threads, notes) "
                                            "VALUES (?1, ?2, ?3, ?4, '')");
        if (!text)
            return text.error();
        if (Error e = text->bind(1, id)
                          .bind(2, joined(titles, "\n"))
                          .bind(3, joined(in.searchFunctions, " "))
                          .bind(4, joined(in.threadNames, "\n"))
                          .run())
            return e;
        return id;
    }

} // namespace

Result<CaseStore> CaseStore::open(const std::string& path, OpenMode mode)
{
    if (mode == OpenMode::Create) {
        const std::filesystem::path folder = std::filesystem::path(path).parent_path();
        std::error_code ec;
        if (!folder.empty() && !std::filesystem::exists(folder, ec)) {
            std::filesystem::create_directories(folder, ec);
            if (ec)
                return Error { ErrorKind::Io, 0, folder.string() + ": cannot create the folder: " + ec.message() };
        }
    }
    const Database::Mode dbMode = mode == OpenMode::Create ? Database::Mode::ReadWriteCreate
        : mode == OpenMode::ReadOnly                       ? Database::Mode::ReadOnly
                                                           : Database::Mode::ReadWrite;
    Result<Database> db = Database::open(path, dbMode);
    if (!db)
        return db.error();
    // the schema first: a newer or foreign file is refused before anything about it changes
    if (Error e = migrate(*db, caseMigrations()))
        return e;
    // a file this process may not write is opened read-only by SQLite: reading still works
    if (!db->readOnly()) {
        if (Error e = enableWal(*db))
            return e;
        if (Error e = db->exec("PRAGMA synchronous = NORMAL")) // WAL: durable across crashes, not power loss
            return e;
    }
    return CaseStore(std::move(*db));
}

Error CaseStore::requireWritable() const
{
    if (m_db.readOnly())
        return { ErrorKind::ReadOnly, SQLITE_READONLY,
            m_db.path() + ": the case database is read-only here (no write permission on the file or its folder)" };
    return {};
}

Error CaseStore::requireCase(CaseId id)
{
    Result<Statement> s = m_db.prepare("SELECT 1 FROM cases WHERE id = ?1");
    if (!s)
        return s.error();
    s->bind(1, id);
    if (s->step())
        return {};
    if (s->failed())
        return s->error();
    return { ErrorKind::NotFound, 0, m_db.path() + ": no case #" + std::to_string(id) };
}

Result<ImportResult> CaseStore::import(CaseInput& input)
{
    prepareCase(input);
    if (input.compressedRaw.empty())
        return Error { ErrorKind::Io, 0, input.fileName + ": cannot compress the text (out of memory)" };
    if (Error e = requireWritable())
        return e;
    const std::string importedBy = input.importedBy.empty() ? currentUser() : input.importedBy;
    ImportResult result;
    // a re-run over files already filed reads without taking the write lock
    Result<CaseId> existing = existingCase(m_db, input.hash);
    if (!existing)
        return existing.error();
    if (*existing == 0) {
        Result<Transaction> t = Transaction::begin(m_db);
        if (!t)
            return t.error();
        existing = existingCase(m_db, input.hash); // another process may have filed it meanwhile
        if (!existing)
            return existing.error();
        if (*existing == 0) {
            Result<CaseId> id = insertCase(m_db, input, importedBy);
            if (!id)
                return id.error(); // rolled back: nothing of the case stays
            if (Error e = t->commit())
                return e;
            result.id = *id;
            result.created = true;
        }
    }
    if (!result.created)
        result.id = *existing;
    Result<CaseSummary> s = summary(result.id);
    if (!s)
        return s.error();
    result.groupId = s->groupId;
    Result<std::vector<CaseSummary>> same = sameSignature(result.id, 10);
    if (!same)
        return same.error();
    for (CaseSummary& c : *same)
        if (c.id < result.id)
            result.sameSignature.push_back(std::move(c));
    return result;
}

Result<Transaction> CaseStore::beginChange(std::initializer_list<CaseId> cases)
{
    if (Error e = requireWritable())
        return e;
    Result<Transaction> t = Transaction::begin(m_db);
    if (!t)
        return t.error();
    for (CaseId id : cases)
        if (Error e = requireCase(id))
            return e;
    return t;
}

Error CaseStore::setStatus(CaseId id, CaseStatus status, const std::optional<std::string>& fixUrl)
{
    Result<Transaction> t = beginChange({ id });
    if (!t)
        return t.error();
    Result<Statement> s = m_db.prepare(std::string("UPDATE cases SET status = ?1, fix_url = coalesce(?2, fix_url), "
                                                   "updated_at = ")
        + nowSql + " WHERE id = ?3");
    if (!s)
        return s.error();
    s->bind(1, caseStatusName(status));
    if (fixUrl)
        s->bind(2, *fixUrl);
    else
        s->bindNull(2);
    if (Error e = s->bind(3, id).run())
        return e;
    return t->commit();
}

Result<Note> CaseStore::addNote(CaseId id, std::string_view author, std::string_view text)
{
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
        return Error { ErrorKind::InvalidArgument, 0, "an empty note" };
    Result<Transaction> t = beginChange({ id });
    if (!t)
        return t.error();
    Result<Statement> s = m_db.prepare(std::string("INSERT INTO notes (case_id, author, created_at, text) VALUES "
                                                   "(?1, ?2, ")
        + nowSql + ", ?3) RETURNING id, created_at");
    if (!s)
        return s.error();
    s->bind(1, id).bind(2, author).bind(3, text);
    Note note { 0, std::string(author), {}, std::string(text) };
    if (s->step()) {
        note.id = s->int64(0);
        note.createdAt = s->text(1);
    }
    if (Error e = s->run())
        return e;
    // the full-text row keeps every note of the case
    Result<Statement> fts = m_db.prepare("UPDATE case_text SET notes = (SELECT group_concat(text, char(10)) FROM "
                                         "notes WHERE case_id = ?1) WHERE rowid = ?1");
    if (!fts)
        return fts.error();
    if (Error e = fts->bind(1, id).run())
        return e;
    if (Error e = t->commit())
        return e;
    return note;
}

Error CaseStore::reject(CaseId a, CaseId b, std::string_view author)
{
    if (a == b)
        return { ErrorKind::InvalidArgument, 0, "a case cannot be rejected as a match of itself" };
    Result<Transaction> t = beginChange({ a, b });
    if (!t)
        return t.error();
    Result<Statement> s = m_db.prepare(std::string("INSERT OR IGNORE INTO rejected_matches (case_a, case_b, author, "
                                                   "created_at) VALUES (?1, ?2, ?3, ")
        + nowSql + ")");
    if (!s)
        return s.error();
    if (Error e = s->bind(1, std::min(a, b)).bind(2, std::max(a, b)).bind(3, author).run())
        return e;
    return t->commit();
}

} // namespace hvdump::casedb
