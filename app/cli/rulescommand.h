// SPDX-License-Identifier: GPL-2.0-or-later
// `hvdump rules list | explain ID | check DIR`: what the rule catalog holds, everything about
// one rule with its file:line, and a lint of a folder of user rules (exit 0 clean, 1 errors,
// 3 unreadable). Also the one place the CLI loads the catalog and reports its diagnostics.
#pragma once

#include <hvdump/graph/rulecatalog.h>

#include <iosfwd>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace hvdump::cli {

struct RulesCommandOptions
{
    std::vector<std::string> ruleDirs; // --rules DIR, on top of defaultRuleDirectories()
    bool json = false;
    std::string id; // explain
    std::string checkDir; // check
};

void addRulesCommand(CLI::App& app, RulesCommandOptions& options, int& exitCode);

int runRulesList(const RulesCommandOptions& options, std::ostream& out, std::ostream& err);
int runRulesExplain(const RulesCommandOptions& options, std::ostream& out, std::ostream& err);
int runRulesCheck(const RulesCommandOptions& options, std::ostream& out, std::ostream& err);

/// Loads the default catalog plus extraDirs, prints every loader diagnostic on err and sets
/// unreadable when a folder or file could not be read. For analyze and rules alike.
graph::RuleCatalog loadRuleCatalog(
    const std::vector<std::string>& extraDirs, std::ostream& err, bool* unreadable = nullptr);

} // namespace hvdump::cli
