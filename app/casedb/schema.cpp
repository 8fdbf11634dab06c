// SPDX-License-Identifier: GPL-2.0-or-later
#include "schema.h"

#include "transaction.h"

#include <array>
#include <string>

namespace hvdump::casedb {
namespace {

    // v1: everything. Raw text lives apart from the case rows so that listing never reads it; the
    // full-text table's rowid is the case id; rejected matches are stored once, smaller id first.
    constexpr const char* schemaV1 = R"sql(
CREATE TABLE cases (
    id             INTEGER PRIMARY KEY,
    hash           TEXT NOT NULL UNIQUE,       -- SHA-256 of the raw bytes
    file_name      TEXT NOT NULL,
    formats        TEXT NOT NULL DEFAULT '',   -- comma-separated, in input order
    imported_at    TEXT NOT NULL,              -- ISO 8601 UTC
    imported_by    TEXT NOT NULL,
    threads        INTEGER NOT NULL DEFAULT 0,
    samples        INTEGER NOT NULL DEFAULT 0,
    reports        INTEGER NOT NULL DEFAULT 0,
    parse_status   TEXT NOT NULL,
    diagnostics    INTEGER NOT NULL DEFAULT 0,
    finding_count  INTEGER NOT NULL DEFAULT 0,
    function_count INTEGER NOT NULL DEFAULT 0, -- distinct functions on the involved stacks
    group_id       INTEGER NOT NULL DEFAULT 0, -- group of the first case with one of its signatures, else itself
    status         TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'known', 'fixed', 'not-a-bug')),
    fix_url        TEXT NOT NULL DEFAULT '',
    updated_at     TEXT
);
CREATE INDEX cases_group ON cases (group_id);
CREATE INDEX cases_status ON cases (status);

CREATE TABLE case_raw (
    case_id INTEGER PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
    codec   TEXT NOT NULL,    -- 'zlib'
    size    INTEGER NOT NULL, -- uncompressed bytes
    data    BLOB NOT NULL
);

CREATE TABLE findings (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    title       TEXT NOT NULL,
    signature   TEXT NOT NULL,
    rule_id     TEXT NOT NULL DEFAULT '',
    diagnosis   TEXT NOT NULL DEFAULT '',
    confidence  TEXT NOT NULL,
    root_label  TEXT NOT NULL DEFAULT '',
    key_frames  TEXT NOT NULL DEFAULT '', -- newline-separated normalized functions
    json        TEXT NOT NULL             -- the finding as in hvdump.analysis
);
CREATE INDEX findings_case ON findings (case_id);
CREATE INDEX findings_signature ON findings (signature, case_id);

CREATE TABLE functions (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
CREATE TABLE case_functions (
    function_id INTEGER NOT NULL REFERENCES functions (id),
    case_id     INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    PRIMARY KEY (function_id, case_id)
) WITHOUT ROWID;
CREATE INDEX case_functions_case ON case_functions (case_id, function_id);

CREATE TABLE notes (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    author     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    text       TEXT NOT NULL
);
CREATE INDEX notes_case ON notes (case_id);

CREATE TABLE rejected_matches (
    case_a     INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    case_b     INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    author     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (case_a, case_b),
    CHECK (case_a < case_b)
) WITHOUT ROWID;
CREATE INDEX rejected_matches_b ON rejected_matches (case_b);

CREATE VIRTUAL TABLE case_text USING fts5 (titles, functions, threads, notes, tokenize = 'unicode61');
)sql";

    constexpr std::array<Migration, 1> migrations = { { { 1, schemaV1 } } };

    Result<std::int64_t> pragmaInt(Database& db, const char* name)
    {
        return db.queryInt(std::string("PRAGMA ") + name);
    }

} // namespace

std::span<const Migration> caseMigrations()
{
    return migrations;
}

int currentSchemaVersion()
{
    return migrations.back().version;
}

Result<int> schemaVersion(Database& db)
{
    Result<std::int64_t> v = pragmaInt(db, "user_version");
    if (!v)
        return v.error();
    return static_cast<int>(*v);
}

Error migrate(Database& db, std::span<const Migration> steps)
{
    const int latest = steps.empty() ? 0 : steps.back().version;
    // reading the header first also tells a damaged or non-SQLite file apart
    Result<std::int64_t> tables = db.queryInt("SELECT count(*) FROM sqlite_schema");
    if (!tables)
        return tables.error();
    Result<std::int64_t> appId = pragmaInt(db, "application_id");
    Result<int> version = schemaVersion(db);
    if (!appId || !version)
        return !appId ? appId.error() : version.error();
    const bool ours = *appId == caseApplicationId;
    if (!ours && (*appId != 0 || *tables > 0))
        return { ErrorKind::NotACaseDatabase, 0,
            db.path() + ": an SQLite database of another program, not an hvdump case database; left untouched" };
    if (*version > latest)
        return { ErrorKind::SchemaTooNew, 0,
            db.path() + ": case database schema version " + std::to_string(*version)
                + " is newer than this hvdump understands (" + std::to_string(latest)
                + "); upgrade hvdump to use it (the file was left untouched)" };
    if (ours && *version == latest)
        return {};
    if (db.readOnly())
        return { ErrorKind::ReadOnly, SQLITE_READONLY,
            db.path() + ": the case database needs " + (ours ? "a schema upgrade" : "initialising") + " to version "
                + std::to_string(latest) + ", but it is read-only here" };

    Result<Transaction> t = Transaction::begin(db);
    if (!t)
        return t.error();
    // another process may have migrated the file while we waited for the lock
    version = schemaVersion(db);
    if (!version)
        return version.error();
    if (*version > latest)
        return { ErrorKind::SchemaTooNew, 0,
            db.path() + ": case database schema version " + std::to_string(*version)
                + " is newer than this hvdump understands (" + std::to_string(latest) + ")" };
    if (*version == latest)
        return t->commit();
    for (const Migration& m : steps) {
        if (m.version <= *version)
            continue;
        if (Error e = db.exec(m.sql)) {
            e.message += " [migrating to schema version " + std::to_string(m.version) + "]";
            return e; // the transaction rolls back: the file stays at its old version
        }
    }
    if (Error e = db.exec("PRAGMA user_version = " + std::to_string(latest)
            + "; PRAGMA application_id = " + std::to_string(caseApplicationId)))
        return e;
    return t->commit();
}

} // namespace hvdump::casedb
