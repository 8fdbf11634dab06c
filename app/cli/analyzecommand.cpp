// SPDX-License-Identifier: GPL-2.0-or-later
#include "analyzecommand.h"

#include "analysisjson.h"
#include "exitcode.h"
#include "findingtextwriter.h"
#include "inputfiles.h"

#include <hvdump/graph/analysis.h>
#include <hvdump/graph/dotwriter.h>
#include <hvdump/graph/rulecatalogloader.h>
#include <hvdump/parsers/dumpjson.h>

#include <CLI/CLI.hpp>
#include <iostream>

namespace hvdump::cli {
using namespace hvdump::parsers;

void addAnalyzeCommand(CLI::App& app, AnalyzeCommandOptions& options, int& exitCode)
{
    CLI::App* cmd = app.add_subcommand("analyze", "Find deadlocks, spins, lost wakeups and hang chains in dumps");
    cmd->add_option("inputs", options.inputs, "Dump files, folders, or - for standard input")->required();
    cmd->add_option("--rules", options.ruleDirs, "Extra rule catalog folder (repeatable)");
    cmd->add_option("--format", options.format,
                    "Force one input format: crash, console, proc-stack, mdb, gdb, eu-stack, bpftrace, informal");
    cmd->add_flag("--json", options.json, "Print the hvdump.analysis JSON schema (docs/json-schema.md)");
    cmd->add_flag("--dot", options.dot, "Print the wait-for graph in Graphviz DOT");
    cmd->add_flag("-v,--verbose", options.verbose, "Print every member and every evidence line");
    addSymbolizeOptions(cmd, options.symbolize);
    cmd->callback([&options, &exitCode] { exitCode = runAnalyzeCommand(options); });
}

int runAnalyzeCommand(const AnalyzeCommandOptions& options)
{
    ParseOptions parseOptions;
    if (!options.format.empty()) {
        parseOptions.forced = formatFromName(options.format);
        if (parseOptions.forced == Format::Unknown) {
            std::cerr << "hvdump: unknown format '" << options.format << "'\n";
            return toInt(ExitCode::Usage);
        }
    }
    if (options.json && options.dot) {
        std::cerr << "hvdump: --json and --dot cannot be combined\n";
        return toInt(ExitCode::Usage);
    }
    Symbolization symbolization;
    std::string usageError;
    if (!symbolization.load(options.symbolize, usageError)) {
        std::cerr << "hvdump: " << usageError << '\n';
        return toInt(ExitCode::Usage);
    }
    graph::RuleCatalogLoader loader = graph::loadCatalog(options.ruleDirs);
    for (const Diagnostic& d : loader.diagnostics())
        std::cerr << formatDiagnostic(d) << '\n';
    for (const Diagnostic& d : symbolization.loadDiagnostics())
        std::cerr << formatDiagnostic(d) << '\n';

    InputList inputs = expandInputs(options.inputs);
    for (const std::string& e : inputs.errors)
        std::cerr << "hvdump: " << e << '\n';
    bool unreadable = !inputs.errors.empty() || symbolization.unreadable();
    bool hang = false;
    Json analyses = Json::array();
    for (const std::string& file : inputs.files) {
        ParseResult parsed = parseFile(file, parseOptions);
        applySymbolization(parsed, symbolization);
        graph::Analysis a = graph::analyzeParsed(std::move(parsed), loader.catalog());
        for (const Diagnostic& d : a.diagnostics) {
            std::cerr << formatDiagnostic(d) << '\n';
            unreadable = unreadable || d.code == codes::UnreadableFile;
        }
        hang = hang || !a.findings.empty();
        if (options.json)
            analyses.push_back(analysisToJson(a));
        else if (options.dot)
            std::cout << graph::toDot(a.graph, a.dump, a.findings);
        else
            writeAnalysisText(std::cout, a, options.verbose);
    }
    if (options.json)
        std::cout << analysisDocument(std::move(analyses)).dump(2) << '\n';
    if (unreadable)
        return toInt(ExitCode::Unreadable);
    return toInt(hang ? ExitCode::HangFound : ExitCode::Clean);
}

} // namespace hvdump::cli
