// SPDX-License-Identifier: GPL-2.0-or-later
// hvdump's exit status, in one place (documented in README and `hvdump --help`).
#pragma once

namespace hvdump::cli {

enum class ExitCode : int {
    Clean = 0, // analysed, no hang found (parse: everything read)
    HangFound = 1, // at least one finding
    Usage = 2, // bad command line
    Unreadable = 3, // an input could not be read at all
};

inline int toInt(ExitCode c)
{
    return static_cast<int>(c);
}

} // namespace hvdump::cli
