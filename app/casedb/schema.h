// SPDX-License-Identifier: GPL-2.0-or-later
// The case database schema and its migrations. PRAGMA user_version holds the schema version and
// PRAGMA application_id marks the file as hvdump's. A migration takes the file from version-1 to
// version; migrate() applies the missing ones in one write transaction (all or none), refuses a
// file newer than it knows (left untouched) and a SQLite file that belongs to another program.
// To change the schema, append a Migration to caseMigrations(); never edit a published one.
#pragma once

#include "database.h"

#include <cstdint>
#include <span>

namespace hvdump::casedb {

/// "hvdb": identifies an hvdump case database (also the file's magic at offset 68).
inline constexpr std::int32_t caseApplicationId = 0x68766462;

struct Migration
{
    int version; // the user_version after this step
    const char* sql;
};

/// The migrations of the case schema, oldest first; the last one's version is current.
std::span<const Migration> caseMigrations();
int currentSchemaVersion();

/// Brings db to the last version of migrations. A file at version 0 without any table is
/// initialised; an older file is upgraded; a newer one, or a foreign one, is an Error.
Error migrate(Database& db, std::span<const Migration> migrations);

/// The file's user_version.
Result<int> schemaVersion(Database& db);

} // namespace hvdump::casedb
