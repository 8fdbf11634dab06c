// SPDX-License-Identifier: GPL-2.0-or-later
// One SQLite connection, closed when the object goes. Opened with extended result codes, a busy
// timeout and foreign keys on; WAL and the schema are CaseStore's business. A connection is used
// by one thread at a time. Every failure comes back as an Error naming the file.
#pragma once

#include "error.h"
#include "statement.h"

#include <chrono>
#include <memory>
#include <sqlite3.h>
#include <string>
#include <string_view>

namespace hvdump::casedb {

/// How long SQLite itself waits for a lock before returning SQLITE_BUSY.
inline constexpr std::chrono::milliseconds busyTimeout { 10000 };

/// An Error from an SQLite result code, with a message people can act on (corrupt, read-only,
/// not a database, locked) that names the file and, after it, what was being done.
Error sqliteError(int rc, sqlite3* db, const std::string& path, std::string_view context);

/// True for SQLITE_BUSY and its extended codes: worth waiting and trying again.
inline bool isBusy(int rc)
{
    return (rc & 0xff) == SQLITE_BUSY;
}

class Database
{
public:
    enum class Mode { ReadWrite, ReadWriteCreate, ReadOnly };

    static Result<Database> open(const std::string& path, Mode mode);

    sqlite3* handle() const
    {
        return m_db.get();
    }
    const std::string& path() const
    {
        return m_path;
    }
    /// The file could not be opened for writing (permissions), or was opened ReadOnly.
    bool readOnly() const;

    /// Runs one or more statements without results.
    Error exec(std::string_view sql);
    Result<Statement> prepare(std::string_view sql);
    /// The first column of the first row of a query as an integer.
    Result<std::int64_t> queryInt(std::string_view sql);
    Error error(int rc, std::string_view context) const
    {
        return sqliteError(rc, m_db.get(), m_path, context);
    }
    std::int64_t lastInsertRowId() const
    {
        return sqlite3_last_insert_rowid(m_db.get());
    }

private:
    struct Closer
    {
        void operator()(sqlite3* db) const
        {
            sqlite3_close_v2(db);
        }
    };
    std::unique_ptr<sqlite3, Closer> m_db;
    std::string m_path;
};

} // namespace hvdump::casedb
