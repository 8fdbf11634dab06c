// SPDX-License-Identifier: GPL-2.0-or-later
// Errors of the case database as values: what went wrong (kind), SQLite's extended result code
// when SQLite reported it, and a message for people that names the file. Nothing here prints;
// front ends decide how to show an Error. Result<T> carries either a value or an Error.
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace hvdump::casedb {

enum class ErrorKind {
    None,
    Sqlite, // any other SQLite failure; see sqliteCode
    NotFound, // no such case
    InvalidArgument, // a bad state name, an empty search, a case matched with itself
    NotACaseDatabase, // not SQLite at all, or another program's SQLite file
    Corrupt, // SQLite says the file is damaged
    SchemaTooNew, // written by a newer hvdump; left untouched
    ReadOnly, // the file (or its folder) cannot be written
    Busy, // another writer kept the database locked longer than we wait
    Io, // the file or its folder cannot be opened or created
    Cancelled, // CaseStore::interrupt() stopped the call
};

struct Error
{
    ErrorKind kind = ErrorKind::None;
    int sqliteCode = 0; // extended result code, 0 when SQLite was not involved
    std::string message;

    explicit operator bool() const
    {
        return kind != ErrorKind::None;
    }
};

template <typename T>
class Result
{
public:
    Result(T value)
        : m_value(std::move(value))
    {
    }
    Result(Error error)
        : m_error(std::move(error))
    {
    }
    bool ok() const
    {
        return !m_error;
    }
    explicit operator bool() const
    {
        return ok();
    }
    const Error& error() const
    {
        return m_error;
    }
    T& value()
    {
        return *m_value;
    }
    const T& value() const
    {
        return *m_value;
    }
    T& operator*()
    {
        return *m_value;
    }
    const T& operator*() const
    {
        return *m_value;
    }
    T* operator->()
    {
        return &*m_value;
    }
    const T* operator->() const
    {
        return &*m_value;
    }

private:
    std::optional<T> m_value;
    Error m_error;
};

} // namespace hvdump::casedb
