// SPDX-License-Identifier: GPL-2.0-or-later
// Expands the command line's FILE... | DIR | - into the list of dumps to read, in a stable order.
// A folder is walked recursively; companion files (*.md, *.json, *.expected, hidden files) are not dumps.
#pragma once

#include <string>
#include <vector>

namespace hvdump::cli {

struct InputList
{
    std::vector<std::string> files;
    std::vector<std::string> errors; // "PATH: reason" for arguments that do not exist
};

InputList expandInputs(const std::vector<std::string>& arguments);

} // namespace hvdump::cli
