// SPDX-License-Identifier: GPL-2.0-or-later
#include "transaction.h"

#include <algorithm>
#include <random>
#include <thread>

namespace hvdump::casedb {
namespace {

    // runs sql, retrying while SQLite reports the database busy, until the deadline
    int execRetrying(sqlite3* db, const char* sql, std::chrono::steady_clock::time_point deadline)
    {
        thread_local std::minstd_rand jitter { std::random_device {}() };
        for (int attempt = 0;; ++attempt) {
            const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
            if (!isBusy(rc) || std::chrono::steady_clock::now() >= deadline)
                return rc;
            // the busy handler already waited; back off a little with jitter so writers interleave
            const int ms = 5 + static_cast<int>(jitter() % (20u + 10u * std::min(attempt, 10)));
            std::this_thread::sleep_for(std::chrono::milliseconds(ms));
        }
    }

} // namespace

Result<Transaction> Transaction::begin(Database& db, std::chrono::milliseconds patience)
{
    const auto deadline = std::chrono::steady_clock::now() + patience;
    const int rc = execRetrying(db.handle(), "BEGIN IMMEDIATE", deadline);
    if (rc != SQLITE_OK)
        return db.error(rc, "begin a write transaction");
    Transaction t(db);
    t.m_active = true;
    return t;
}

Transaction::Transaction(Transaction&& other) noexcept
    : m_db(other.m_db)
    , m_active(other.m_active)
{
    other.m_active = false;
}

Transaction::~Transaction()
{
    if (m_active)
        sqlite3_exec(m_db->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

Error Transaction::commit()
{
    if (!m_active)
        return {};
    // COMMIT can meet SQLITE_BUSY; the transaction then stays open and may be retried
    const int rc = execRetrying(m_db->handle(), "COMMIT", std::chrono::steady_clock::now() + writePatience);
    if (rc != SQLITE_OK) {
        Error e = m_db->error(rc, "commit");
        if (sqlite3_get_autocommit(m_db->handle()) == 0)
            sqlite3_exec(m_db->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
        m_active = false;
        return e;
    }
    m_active = false;
    return {};
}

} // namespace hvdump::casedb
