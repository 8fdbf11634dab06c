// SPDX-License-Identifier: GPL-2.0-or-later
#include "parsecommand.h"

#include "dumptextwriter.h"
#include "exitcode.h"
#include "inputfiles.h"

#include <hvdump/parsers/dumpjson.h>
#include <hvdump/parsers/dumpparser.h>

#include <CLI/CLI.hpp>
#include <iostream>

namespace hvdump::cli {
using namespace hvdump::parsers;

void addParseCommand(CLI::App& app, ParseCommandOptions& options, int& exitCode)
{
    CLI::App* cmd = app.add_subcommand("parse", "Read dumps and print the model (threads, frames, reports)");
    cmd->add_option("inputs", options.inputs, "Dump files, folders, or - for standard input")->required();
    cmd->add_option("--format", options.format,
        "Force one format: crash, console, proc-stack, mdb, gdb, eu-stack, bpftrace, informal");
    cmd->add_flag("--json", options.json, "Print the hvdump.dump JSON schema (docs/json-schema.md)");
    addSymbolizeOptions(cmd, options.symbolize);
    cmd->callback([&options, &exitCode] { exitCode = runParseCommand(options); });
}

int runParseCommand(const ParseCommandOptions& options)
{
    ParseOptions parseOptions;
    if (!options.format.empty()) {
        parseOptions.forced = formatFromName(options.format);
        if (parseOptions.forced == Format::Unknown) {
            std::cerr << "hvdump: unknown format '" << options.format << "'\n";
            return toInt(ExitCode::Usage);
        }
    }
    Symbolization symbolization;
    std::string usageError;
    if (!symbolization.load(options.symbolize, usageError)) {
        std::cerr << "hvdump: " << usageError << '\n';
        return toInt(ExitCode::Usage);
    }
    for (const Diagnostic& d : symbolization.loadDiagnostics())
        std::cerr << formatDiagnostic(d) << '\n';
    InputList inputs = expandInputs(options.inputs);
    for (const std::string& e : inputs.errors)
        std::cerr << "hvdump: " << e << '\n';
    bool unreadable = !inputs.errors.empty() || symbolization.unreadable();
    Json all = Json::array();
    for (const std::string& file : inputs.files) {
        ParseResult result = parseFile(file, parseOptions);
        applySymbolization(result, symbolization);
        for (const Diagnostic& d : result.diagnostics) {
            std::cerr << formatDiagnostic(d) << '\n';
            if (d.code == codes::UnreadableFile)
                unreadable = true;
        }
        if (options.json)
            all.push_back(dumpToJson(result.dump, result.diagnostics));
        else
            writeDumpText(std::cout, result.dump);
    }
    if (options.json)
        std::cout << (all.size() == 1 ? all[0] : all).dump(2) << '\n';
    return toInt(unreadable ? ExitCode::Unreadable : ExitCode::Clean);
}

} // namespace hvdump::cli
