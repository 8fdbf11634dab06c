// SPDX-License-Identifier: GPL-2.0-or-later
// A write transaction (BEGIN IMMEDIATE) that rolls back in its destructor unless committed. Taking
// the write lock up front means a transaction never fails half-way on a lock; when another
// writer holds it, begin() waits (SQLite's busy timeout, then a retry loop) so that ordinary
// contention between analysts and batch jobs never reaches a user as "database is locked".
#pragma once

#include "database.h"

#include <chrono>

namespace hvdump::casedb {

/// How long begin() keeps trying before reporting the database as busy.
inline constexpr std::chrono::seconds writePatience { 120 };

class Transaction
{
public:
    static Result<Transaction> begin(Database& db, std::chrono::milliseconds patience = writePatience);

    Transaction(Transaction&& other) noexcept;
    Transaction& operator=(Transaction&&) = delete;
    Transaction(const Transaction&) = delete;
    ~Transaction();

    /// Makes the changes durable; on failure the transaction is rolled back.
    Error commit();

private:
    explicit Transaction(Database& db)
        : m_db(&db)
    {
    }
    Database* m_db = nullptr;
    bool m_active = false;
};

} // namespace hvdump::casedb
