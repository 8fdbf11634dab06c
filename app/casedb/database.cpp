// SPDX-License-Identifier: GPL-2.0-or-later
#include "database.h"

#include <filesystem>
#include <system_error>

namespace hvdump::casedb {
namespace {

    ErrorKind kindOf(int rc)
    {
        switch (rc & 0xff) {
        case SQLITE_NOTADB:
            return ErrorKind::NotACaseDatabase;
        case SQLITE_CORRUPT:
            return ErrorKind::Corrupt;
        case SQLITE_READONLY:
        case SQLITE_PERM:
            return ErrorKind::ReadOnly;
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return ErrorKind::Busy;
        case SQLITE_INTERRUPT:
            return ErrorKind::Cancelled;
        case SQLITE_CANTOPEN:
        case SQLITE_IOERR:
        case SQLITE_FULL:
            return ErrorKind::Io;
        default:
            return ErrorKind::Sqlite;
        }
    }

    // what a person should understand, before SQLite's own words
    const char* explanation(ErrorKind kind)
    {
        switch (kind) {
        case ErrorKind::NotACaseDatabase:
            return "not a database file (damaged beyond reading, or not SQLite at all)";
        case ErrorKind::Corrupt:
            return "the database file is damaged";
        case ErrorKind::ReadOnly:
            return "the database is read-only here (no write permission on the file or its folder)";
        case ErrorKind::Busy:
            return "another process kept the database locked for too long; try again";
        case ErrorKind::Io:
            return "cannot open or write the database file";
        case ErrorKind::Cancelled:
            return "cancelled";
        default:
            return nullptr;
        }
    }

} // namespace

Error sqliteError(int rc, sqlite3* db, const std::string& path, std::string_view context)
{
    Error e;
    e.kind = kindOf(rc);
    e.sqliteCode = rc;
    std::string sqliteMessage = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    if (sqliteMessage == "not an error" || sqliteMessage.empty())
        sqliteMessage = sqlite3_errstr(rc);
    e.message = path + ": ";
    if (const char* what = explanation(e.kind)) {
        e.message += what;
        e.message += " (SQLite: " + sqliteMessage + ")";
    } else {
        e.message += sqliteMessage;
        if (!context.empty()) {
            // a statement's SQL can be long; its start says enough
            std::string_view shown = context.substr(0, 60);
            e.message += " (while: " + std::string(shown) + (shown.size() < context.size() ? "...)" : ")");
        }
    }
    return e;
}

Result<Database> Database::open(const std::string& path, Mode mode)
{
    std::error_code ec;
    if (mode != Mode::ReadWriteCreate && !std::filesystem::exists(path, ec))
        return Error { ErrorKind::Io, SQLITE_CANTOPEN, path + ": no such database file" };
    int flags = SQLITE_OPEN_NOMUTEX;
    switch (mode) {
    case Mode::ReadWrite:
        flags |= SQLITE_OPEN_READWRITE;
        break;
    case Mode::ReadWriteCreate:
        flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
        break;
    case Mode::ReadOnly:
        flags |= SQLITE_OPEN_READONLY;
        break;
    }
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    Database db;
    db.m_db.reset(raw); // closed on every path, even when the open failed
    db.m_path = path;
    if (rc != SQLITE_OK)
        return sqliteError(rc, raw, path, "open");
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, static_cast<int>(busyTimeout.count()));
    if (Error e = db.exec("PRAGMA foreign_keys = ON"))
        return e;
    return db;
}

bool Database::readOnly() const
{
    return sqlite3_db_readonly(m_db.get(), "main") == 1;
}

Error Database::exec(std::string_view sql)
{
    const std::string text(sql);
    char* message = nullptr;
    const int rc = sqlite3_exec(m_db.get(), text.c_str(), nullptr, nullptr, &message);
    sqlite3_free(message); // sqlite3_errmsg() still holds the same text
    if (rc != SQLITE_OK)
        return error(rc, sql);
    return {};
}

Result<Statement> Database::prepare(std::string_view sql)
{
    sqlite3_stmt* statement = nullptr;
    const int rc = sqlite3_prepare_v2(m_db.get(), sql.data(), static_cast<int>(sql.size()), &statement, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(statement);
        return error(rc, sql);
    }
    return Statement(m_db.get(), statement, m_path);
}

Result<std::int64_t> Database::queryInt(std::string_view sql)
{
    Result<Statement> s = prepare(sql);
    if (!s)
        return s.error();
    if (!s->step()) {
        if (s->failed())
            return s->error();
        return std::int64_t { 0 };
    }
    return s->int64(0);
}

} // namespace hvdump::casedb
