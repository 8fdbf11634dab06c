// SPDX-License-Identifier: GPL-2.0-or-later
#include "rulescommand.h"

#include "exitcode.h"
#include "rulesview.h"

#include <hvdump/graph/namepattern.h>
#include <hvdump/graph/rulecatalogloader.h>
#include <hvdump/parsers/dumpjson.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <iostream>

namespace hvdump::cli {
namespace {

    using parsers::Diagnostic;
    using parsers::Severity;

    bool isUnreadable(const Diagnostic& d)
    {
        return d.code == graph::rulecodes::Unreadable;
    }

    std::string plural(std::size_t n, const char* one, const char* many)
    {
        return std::to_string(n) + " " + (n == 1 ? one : many);
    }

    // "vhost" finds every id containing it; a pattern with '*' must match the whole id
    bool idMatches(const std::string& id, const std::string& filter)
    {
        if (filter.empty())
            return true;
        if (filter.find('*') != std::string::npos)
            return graph::NamePattern(filter).matches(id);
        return id.find(filter) != std::string::npos;
    }

    std::string padded(std::string s, std::size_t width)
    {
        if (s.size() < width)
            s.resize(width, ' ');
        return s;
    }

} // namespace

graph::RuleCatalog loadRuleCatalog(const std::vector<std::string>& extraDirs, std::ostream& err, bool* unreadable)
{
    graph::RuleCatalogLoader loader = graph::loadCatalog(extraDirs);
    for (const Diagnostic& d : loader.diagnostics()) {
        err << parsers::formatDiagnostic(d) << '\n';
        if (unreadable && isUnreadable(d))
            *unreadable = true;
    }
    return loader.takeCatalog();
}

void addRulesCommand(CLI::App& app, RulesCommandOptions& options, int& exitCode)
{
    CLI::App* rules =
        app.add_subcommand("rules", "Show the rule catalog, explain one rule, or check a folder of rules");
    rules->require_subcommand(1);

    CLI::App* list = rules->add_subcommand("list", "List every rule: id, section, platform and what it matches");
    list->add_option("filter", options.id, "Only ids containing this text (or matching this glob)");
    list->add_option("--rules", options.ruleDirs, "Also load the rule files in DIR (repeatable)")->type_name("DIR");
    list->add_flag("--json", options.json, "Print JSON");
    list->callback([&options, &exitCode] { exitCode = runRulesList(options, std::cout, std::cerr); });

    CLI::App* explain = rules->add_subcommand("explain", "Everything about one rule, with its file:line");
    explain->add_option("id", options.id, "The rule id (hvdump rules list shows them)")->required();
    explain->add_option("--rules", options.ruleDirs, "Also load the rule files in DIR (repeatable)")->type_name("DIR");
    explain->add_flag("--json", options.json, "Print JSON");
    explain->callback([&options, &exitCode] { exitCode = runRulesExplain(options, std::cout, std::cerr); });

    CLI::App* check = rules->add_subcommand(
        "check", "Load only the rule files in DIR and report every problem (exit 0 clean, 1 errors, 3 unreadable)");
    check->add_option("dir", options.checkDir, "A folder of *.yaml rule files")->required()->type_name("DIR");
    check->callback([&options, &exitCode] { exitCode = runRulesCheck(options, std::cout, std::cerr); });
}

int runRulesList(const RulesCommandOptions& options, std::ostream& out, std::ostream& err)
{
    bool unreadable = false;
    const graph::RuleCatalog catalog = loadRuleCatalog(options.ruleDirs, err, &unreadable);
    std::vector<RuleEntry> entries = catalogEntries(catalog);
    entries.erase(std::remove_if(
                      entries.begin(), entries.end(), [&](const RuleEntry& e) { return !idMatches(e.id, options.id); }),
        entries.end());
    if (options.json) {
        parsers::Json rules = parsers::Json::array();
        for (const RuleEntry& e : entries)
            rules.push_back(ruleToJson(e, false));
        parsers::Json files = catalog.files;
        out << parsers::Json { { "files", files }, { "rules", rules } }.dump(2) << '\n';
    } else {
        std::size_t idWidth = 2, platformWidth = 8;
        for (const RuleEntry& e : entries) {
            idWidth = std::max(idWidth, std::min<std::size_t>(e.id.size(), 48));
            platformWidth = std::max(platformWidth, std::min<std::size_t>(e.platform.size(), 20));
        }
        out << padded("ID", idWidth) << "  " << padded("SECTION", 13) << "  " << padded("PLATFORM", platformWidth)
            << "  TITLE / MATCHES\n";
        for (const RuleEntry& e : entries)
            out << padded(e.id, idWidth) << "  " << padded(sectionName(e.section), 13) << "  "
                << padded(e.platform, platformWidth) << "  " << e.summary << '\n';
        out << plural(entries.size(), "rule", "rules") << " from " << plural(catalog.files.size(), "file", "files")
            << '\n';
    }
    return toInt(unreadable ? ExitCode::Unreadable : ExitCode::Clean);
}

int runRulesExplain(const RulesCommandOptions& options, std::ostream& out, std::ostream& err)
{
    bool unreadable = false;
    const graph::RuleCatalog catalog = loadRuleCatalog(options.ruleDirs, err, &unreadable);
    const std::vector<RuleEntry> entries = catalogEntries(catalog);
    auto it = std::find_if(entries.begin(), entries.end(), [&](const RuleEntry& e) { return e.id == options.id; });
    if (it == entries.end()) {
        err << "hvdump: no rule '" << options.id << "'";
        std::vector<std::string> close;
        for (const RuleEntry& e : entries)
            if (close.size() < 8 && idMatches(e.id, options.id.substr(0, options.id.find('.'))))
                close.push_back(e.id);
        if (!close.empty()) {
            err << "; did you mean:";
            for (const std::string& c : close)
                err << ' ' << c;
        }
        err << "\n(hvdump rules list shows every rule)\n";
        return toInt(ExitCode::Usage);
    }
    if (options.json)
        out << ruleToJson(*it, true).dump(2) << '\n';
    else
        writeRuleText(out, *it);
    return toInt(unreadable ? ExitCode::Unreadable : ExitCode::Clean);
}

int runRulesCheck(const RulesCommandOptions& options, std::ostream& out, std::ostream& err)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(options.checkDir, ec)) {
        Diagnostic d { Severity::Error, graph::rulecodes::Unreadable, options.checkDir, 0, 0,
            fs::exists(options.checkDir, ec) ? "not a folder" : "no such folder" };
        err << parsers::formatDiagnostic(d) << '\n';
        return toInt(ExitCode::Unreadable);
    }
    // only that folder: a user checks what they wrote, not the shipped catalog
    graph::RuleCatalogLoader loader;
    loader.loadDirectory(options.checkDir);
    std::size_t errors = 0, warnings = 0, files = loader.catalog().files.size();
    for (const Diagnostic& d : loader.diagnostics()) {
        out << parsers::formatDiagnostic(d) << '\n';
        errors += d.severity == Severity::Error;
        warnings += d.severity == Severity::Warning;
        // a file that was not valid YAML or could not be read was still a file we looked at
        files += (d.code == graph::rulecodes::Syntax || (isUnreadable(d) && d.file != options.checkDir)) ? 1 : 0;
    }
    if (files == 0)
        out << options.checkDir << ": note: no rule files (*.yaml, *.yml) in this folder\n";
    out << plural(files, "file", "files") << ", " << plural(catalogEntries(loader.catalog()).size(), "rule", "rules")
        << ", " << plural(errors, "error", "errors") << ", " << plural(warnings, "warning", "warnings") << '\n';
    const bool folderUnreadable = std::any_of(loader.diagnostics().begin(), loader.diagnostics().end(),
        [&](const Diagnostic& d) { return isUnreadable(d) && d.file == options.checkDir; });
    if (folderUnreadable)
        return toInt(ExitCode::Unreadable);
    return toInt(errors ? ExitCode::HangFound : ExitCode::Clean); // 1: the folder has errors
}

} // namespace hvdump::cli
