// SPDX-License-Identifier: GPL-2.0-or-later
// --debug-file FILE (repeatable) and --slide [MODULE=]HEX for every command that reads dumps
// (docs/symbolization.md). The debug files are opened once per run by Symbolization::load and then
// applied to each parsed dump; their problems are diagnostics like any other.
#pragma once

#include <hvdump/parsers/debuginfo.h>
#include <hvdump/parsers/dumpparser.h>
#include <hvdump/parsers/symbolizer.h>

#include <memory>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace hvdump::cli {

struct SymbolizeCliOptions
{
    std::vector<std::string> debugFiles;
    std::vector<std::string> slides; // "HEX" for the main file, "MODULE=HEX" for another
};

void addSymbolizeOptions(CLI::App* command, SymbolizeCliOptions& options);

/// The debug files of one run, loaded once.
class Symbolization
{
public:
    /// Reads --slide values and opens the debug files. False, with a message, on a usage error.
    bool load(const SymbolizeCliOptions& options, std::string& usageError);
    bool active() const
    {
        return !m_files.empty();
    }
    /// Problems met opening the debug files (each file once per run, not once per dump).
    const std::vector<parsers::Diagnostic>& loadDiagnostics() const
    {
        return m_loadDiagnostics;
    }
    /// A debug file could not be used at all.
    bool unreadable() const
    {
        return m_unreadable;
    }
    const parsers::SymbolizeOptions& options() const
    {
        return m_options;
    }
    std::vector<const parsers::DebugInfo*> files() const;

private:
    std::vector<std::unique_ptr<parsers::DebugInfo>> m_files;
    std::vector<parsers::Diagnostic> m_loadDiagnostics;
    parsers::SymbolizeOptions m_options;
    bool m_unreadable = false;
};

/// Symbolizes result.dump with the loaded files; its diagnostics join result.diagnostics.
void applySymbolization(parsers::ParseResult& result, const Symbolization& symbolization);

/// "0x1c000000", "1c000000", "-0x1000" (a slide below the link address) -> value; false if not hex.
bool parseSlide(std::string_view text, std::uint64_t& value);

} // namespace hvdump::cli
