// SPDX-License-Identifier: GPL-2.0-or-later
// hvdump: the batch command line. Each subcommand lives in its own *command.cpp.
#include "analyzecommand.h"
#include "dbcommand.h"
#include "exitcode.h"
#include "parsecommand.h"
#include "rulescommand.h"

#include <CLI/CLI.hpp>

int main(int argc, char** argv)
{
    using namespace hvdump::cli;
    CLI::App app { "hvdump: postmortem analyzer for hangs in hypervisors, VMMs and kernels.\n"
                   "Exit status: 0 clean, 1 hang found, 2 usage error, 3 unreadable input." };
    app.require_subcommand(1);
    int exitCode = toInt(ExitCode::Clean);

    AnalyzeCommandOptions analyzeOptions;
    addAnalyzeCommand(app, analyzeOptions, exitCode);

    ParseCommandOptions parseOptions;
    addParseCommand(app, parseOptions, exitCode);

    RulesCommandOptions rulesOptions;
    addRulesCommand(app, rulesOptions, exitCode);

    DbCommandOptions dbOptions;
    addDbCommand(app, dbOptions, exitCode);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int rc = app.exit(e);
        return rc == 0 ? 0 : toInt(ExitCode::Usage);
    }
    return exitCode;
}
