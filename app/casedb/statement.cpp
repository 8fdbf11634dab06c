// SPDX-License-Identifier: GPL-2.0-or-later
#include "statement.h"

#include "database.h"

namespace hvdump::casedb {

Statement::Statement(sqlite3* db, sqlite3_stmt* statement, std::string path)
    : m_statement(statement)
    , m_db(db)
    , m_path(std::move(path))
{
}

void Statement::fail(int rc)
{
    if (!failed())
        m_error = sqliteError(rc, m_db, m_path, sqlite3_sql(m_statement.get()));
}

Statement& Statement::bind(int index, std::int64_t value)
{
    if (!failed())
        if (int rc = sqlite3_bind_int64(m_statement.get(), index, value); rc != SQLITE_OK)
            fail(rc);
    return *this;
}

Statement& Statement::bind(int index, std::string_view text)
{
    // SQLITE_TRANSIENT: the text may be a temporary; SQLite copies it
    if (!failed())
        if (int rc =
                sqlite3_bind_text64(m_statement.get(), index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
            rc != SQLITE_OK)
            fail(rc);
    return *this;
}

Statement& Statement::bindBlob(int index, std::string_view bytes)
{
    if (!failed())
        if (int rc = sqlite3_bind_blob64(m_statement.get(), index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
            rc != SQLITE_OK)
            fail(rc);
    return *this;
}

Statement& Statement::bindNull(int index)
{
    if (!failed())
        if (int rc = sqlite3_bind_null(m_statement.get(), index); rc != SQLITE_OK)
            fail(rc);
    return *this;
}

bool Statement::step()
{
    if (failed() || !m_statement)
        return false;
    const int rc = sqlite3_step(m_statement.get());
    if (rc == SQLITE_ROW)
        return true;
    if (rc != SQLITE_DONE)
        fail(rc);
    return false;
}

Error Statement::run()
{
    while (step()) { }
    return m_error;
}

void Statement::reset()
{
    sqlite3_reset(m_statement.get());
    sqlite3_clear_bindings(m_statement.get());
    m_error = {};
}

std::int64_t Statement::int64(int column) const
{
    return sqlite3_column_int64(m_statement.get(), column);
}

double Statement::real(int column) const
{
    return sqlite3_column_double(m_statement.get(), column);
}

std::string Statement::text(int column) const
{
    const unsigned char* p = sqlite3_column_text(m_statement.get(), column);
    if (!p)
        return {};
    return std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(m_statement.get(), column));
}

std::string Statement::blob(int column) const
{
    const void* p = sqlite3_column_blob(m_statement.get(), column);
    if (!p)
        return {};
    return std::string(static_cast<const char*>(p), sqlite3_column_bytes(m_statement.get(), column));
}

bool Statement::isNull(int column) const
{
    return sqlite3_column_type(m_statement.get(), column) == SQLITE_NULL;
}

} // namespace hvdump::casedb
