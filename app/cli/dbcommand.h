// SPDX-License-Identifier: GPL-2.0-or-later
// `hvdump db init | list | show | search | similar | note | status | reject | export | check`:
// the shared case database from the command line, for people (text) and scripts (--json).
// The database is --db PATH, else $HVDUMP_DB, else $XDG_DATA_HOME/hvdump/cases.sqlite.
// Exit status: 0 done, 2 usage error or no such case, 3 the database cannot be used.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace hvdump::cli {

enum class DbAction { Init, List, Show, Search, Similar, Note, Status, Reject, Export, Check };

struct DbCommandOptions
{
    std::string database; // empty: the default location
    bool json = false;
    std::int64_t id = 0;
    std::int64_t other = 0;
    std::vector<std::string> words; // search text, note text
    std::string state; // status STATE; list --status
    std::string fixUrl;
    bool fixGiven = false;
    std::size_t listLimit = 0; // 0: all
    std::size_t searchLimit = 20;
    std::size_t similarLimit = 10;
    std::int64_t group = 0;
    std::string output; // export -o
};

void addDbCommand(CLI::App& app, DbCommandOptions& options, int& exitCode);
int runDbCommand(DbAction action, const DbCommandOptions& options);

} // namespace hvdump::cli
