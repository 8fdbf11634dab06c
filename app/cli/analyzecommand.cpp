// SPDX-License-Identifier: GPL-2.0-or-later
#include "analyzecommand.h"

#include "analysisjson.h"
#include "analyzebatch.h"
#include "batchprogress.h"
#include "dbjson.h"
#include "exitcode.h"
#include "findingtextwriter.h"
#include "inputfiles.h"
#include "orderedpool.h"

#include <hvdump/app/casedb/casestore.h>
#include <hvdump/app/casedb/dbpath.h>
#include <hvdump/graph/analysis.h>
#include <hvdump/graph/dotwriter.h>
#include <hvdump/graph/rulecatalogloader.h>
#include <hvdump/parsers/dumpjson.h>

#include <CLI/CLI.hpp>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>

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
    cmd->add_option("--db", options.database, "File each dump in this case database (created if missing)");
    cmd->add_flag("--db-default", options.defaultDatabase,
        "File each dump in the default case database ($HVDUMP_DB, else "
        "$XDG_DATA_HOME/hvdump/cases.sqlite)");
    cmd->add_option("-j,--jobs", options.jobs, "Analyse N dumps at once (default 2)")->check(CLI::Range(1, 64));
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

    std::optional<casedb::CaseStore> store;
    if (!options.database.empty() || options.defaultDatabase) {
        const std::string path = options.database.empty() ? casedb::defaultDatabasePath() : options.database;
        casedb::Result<casedb::CaseStore> opened = casedb::CaseStore::open(path, casedb::CaseStore::OpenMode::Create);
        if (!opened) {
            std::cerr << "hvdump: " << opened.error().message << '\n';
            return toInt(ExitCode::Unreadable);
        }
        store.emplace(std::move(*opened));
    }

    InputList inputs = expandInputs(options.inputs);
    for (const std::string& e : inputs.errors)
        std::cerr << "hvdump: " << e << '\n';
    bool unreadable = !inputs.errors.empty() || symbolization.unreadable();
    bool hang = false;
    Json analyses = Json::array();
    std::vector<std::string> problems; // files not analysed or not filed, reported at the end
    BatchProgress progress(inputs.files.size());
    // the debug files' readers are not known to be thread-safe: symbolize on one thread
    const unsigned jobs = symbolization.active() ? 1u : options.jobs;
    using Analyzed = std::unique_ptr<AnalyzedFile>;
    const std::function<Analyzed(std::size_t)> work = [&](std::size_t i) {
        return std::make_unique<AnalyzedFile>(
            inputs.files[i], parseOptions, symbolization, loader.catalog(), store.has_value());
    };
    const std::function<void(std::size_t, Analyzed&)> consume = [&](std::size_t i, Analyzed& analyzed) {
        AnalyzedFile& f = *analyzed;
        const graph::Analysis& a = f.analysis;
        progress.clearForOutput();
        if (!a.diagnostics.empty())
            progress.clear();
        for (const Diagnostic& d : a.diagnostics) {
            std::cerr << formatDiagnostic(d) << '\n';
            unreadable = unreadable || d.code == codes::UnreadableFile;
        }
        hang = hang || !a.findings.empty();
        Json filing;
        std::string filed;
        if (store && f.caseInput) {
            casedb::Result<casedb::ImportResult> r = store->import(*f.caseInput);
            if (r) {
                filing = filingToJson(*r);
                filed = describeFiling(*r);
            } else {
                f.notFiled = r.error().message;
                unreadable = true;
            }
        }
        if (!f.notFiled.empty())
            problems.push_back(inputs.files[i] + ": " + f.notFiled);
        if (options.json) {
            analyses.push_back(analysisToJson(a));
            if (!filing.is_null())
                analyses.back()["case"] = std::move(filing);
        } else if (options.dot) {
            std::cout << graph::toDot(a.graph, a.dump, a.findings);
            if (!filed.empty()) {
                progress.clear();
                std::cerr << a.dump.source << ": " << filed << '\n';
            }
        } else {
            writeAnalysisText(std::cout, a, options.verbose);
            if (!filed.empty())
                std::cout << "  " << filed << '\n';
        }
        if (i + 1 < inputs.files.size())
            progress.update(i + 1, inputs.files[i + 1]);
    };
    runOrdered<Analyzed>(inputs.files.size(), jobs, work, consume);
    progress.clear();
    if (inputs.files.size() > 1 && !problems.empty()) {
        std::cerr << "hvdump: " << problems.size() << " of " << inputs.files.size() << " files "
                  << (store ? "not analysed or not filed:" : "not analysed:") << '\n';
        for (const std::string& p : problems)
            std::cerr << "  " << p << '\n';
    }
    if (options.json)
        std::cout << analysisDocument(std::move(analyses)).dump(2) << '\n';
    if (unreadable)
        return toInt(ExitCode::Unreadable);
    return toInt(hang ? ExitCode::HangFound : ExitCode::Clean);
}

} // namespace hvdump::cli
