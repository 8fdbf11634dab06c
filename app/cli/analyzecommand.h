// SPDX-License-Identifier: GPL-2.0-or-later
// `hvdump analyze FILE... | DIR | -`: findings for people (text), scripts (--json, schema
// hvdump.analysis) or Graphviz (--dot). Exit status: 0 clean, 1 hang found, 3 unreadable input
// (or a dump that could not be filed). --db PATH files each dump in the case database; -j N
// analyses on N threads while one writer files the cases in input order.
#pragma once

#include "symbolizeoptions.h"

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace hvdump::cli {

struct AnalyzeCommandOptions
{
    std::vector<std::string> inputs;
    std::vector<std::string> ruleDirs;
    std::string format;
    bool json = false;
    bool dot = false;
    bool verbose = false;
    std::string database; // --db PATH
    bool defaultDatabase = false; // --db-default: $HVDUMP_DB or the XDG location
    unsigned jobs = 2;
    SymbolizeCliOptions symbolize;
};

void addAnalyzeCommand(CLI::App& app, AnalyzeCommandOptions& options, int& exitCode);
int runAnalyzeCommand(const AnalyzeCommandOptions& options);

} // namespace hvdump::cli
