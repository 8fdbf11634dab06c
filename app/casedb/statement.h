// SPDX-License-Identifier: GPL-2.0-or-later
// A prepared SQLite statement that finalizes itself. Binding and stepping never throw: the first
// failure is kept (failed(), error()) and later binds are ignored, so a caller binds a row, runs
// it and checks once. Column getters read the current row.
#pragma once

#include "error.h"

#include <cstdint>
#include <memory>
#include <sqlite3.h>
#include <string>
#include <string_view>

namespace hvdump::casedb {

class Statement
{
public:
    Statement() = default;
    Statement(sqlite3* db, sqlite3_stmt* statement, std::string path);

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, const char* text)
    {
        return bind(index, std::string_view(text));
    }
    Statement& bindBlob(int index, std::string_view bytes);
    Statement& bindNull(int index);

    /// True while there is a row; false when done or on failure (see failed()).
    bool step();
    /// Steps to the end; the error, if any.
    Error run();
    /// Ready for new bindings and a new run; keeps nothing of the last one.
    void reset();

    bool failed() const
    {
        return m_error.kind != ErrorKind::None;
    }
    const Error& error() const
    {
        return m_error;
    }

    std::int64_t int64(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    std::string blob(int column) const;
    bool isNull(int column) const;

private:
    void fail(int rc);

    struct Finalizer
    {
        void operator()(sqlite3_stmt* s) const
        {
            sqlite3_finalize(s);
        }
    };
    std::unique_ptr<sqlite3_stmt, Finalizer> m_statement;
    sqlite3* m_db = nullptr;
    std::string m_path;
    Error m_error;
};

} // namespace hvdump::casedb
