// SPDX-License-Identifier: GPL-2.0-or-later
// Where the case database lives when no --db is given, and who is filing: $HVDUMP_DB, else
// $XDG_DATA_HOME/hvdump/cases.sqlite, else ~/.local/share/hvdump/cases.sqlite.
#pragma once

#include <string>

namespace hvdump::casedb {

std::string defaultDatabasePath();

/// $USER, else the account name of the real uid, else "unknown".
std::string currentUser();

} // namespace hvdump::casedb
