// SPDX-License-Identifier: GPL-2.0-or-later
// `hvdump parse FILE... | DIR | -`: the Dump model as text or JSON, and the diagnostics.
#pragma once

#include "symbolizeoptions.h"

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace hvdump::cli {

struct ParseCommandOptions
{
    std::vector<std::string> inputs;
    std::string format;
    bool json = false;
    SymbolizeCliOptions symbolize;
};

void addParseCommand(CLI::App& app, ParseCommandOptions& options, int& exitCode);
int runParseCommand(const ParseCommandOptions& options);

} // namespace hvdump::cli
