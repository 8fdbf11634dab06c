// SPDX-License-Identifier: GPL-2.0-or-later
#include "symbolizeoptions.h"

#include <CLI/CLI.hpp>
#include <filesystem>

namespace hvdump::cli {
using namespace hvdump::parsers;

void addSymbolizeOptions(CLI::App* command, SymbolizeCliOptions& options)
{
    command->add_option("--debug-file", options.debugFiles,
        "[MODULE=]FILE: an ELF file with DWARF (vmlinux, a .ko, a program or library, a .debug file) that "
        "gives frames their function, inlined calls and file:line; MODULE names the frames' module when the "
        "file's name does not (a build-id .debug file); repeatable");
    command->add_option("--slide", options.slides,
        "Load offset (KASLR, PIE base) as HEX for the main debug file, or MODULE=HEX for another; "
        "inferred from fn+off frames when not given; repeatable");
}

bool parseSlide(std::string_view text, std::uint64_t& value)
{
    bool negative = !text.empty() && text.front() == '-';
    if (negative)
        text.remove_prefix(1);
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
        text.remove_prefix(2);
    if (text.empty() || text.size() > 16)
        return false;
    std::uint64_t v = 0;
    for (char c : text) {
        int digit = c >= '0' && c <= '9' ? c - '0'
            : c >= 'a' && c <= 'f'       ? c - 'a' + 10
            : c >= 'A' && c <= 'F'       ? c - 'A' + 10
                                         : -1;
        if (digit < 0)
            return false;
        v = v << 4 | static_cast<std::uint64_t>(digit);
    }
    value = negative ? ~v + 1 : v; // addresses wrap: a negative slide is its two's complement
    return true;
}

bool Symbolization::load(const SymbolizeCliOptions& options, std::string& usageError)
{
    for (const std::string& s : options.slides) {
        std::size_t eq = s.find('=');
        std::uint64_t value = 0;
        if (!parseSlide(eq == std::string::npos ? std::string_view(s) : std::string_view(s).substr(eq + 1), value)) {
            usageError = "--slide '" + s + "': expected HEX or MODULE=HEX";
            return false;
        }
        if (eq == std::string::npos)
            m_options.slide = value;
        else
            m_options.moduleSlides.emplace_back(s.substr(0, eq), value);
    }
    for (const std::string& argument : options.debugFiles) {
        // "libc=/usr/lib/debug/.build-id/93/ac61.debug"; a path that exists as given wins
        std::size_t eq = argument.find('=');
        std::error_code ignored;
        bool named =
            eq != std::string::npos && eq > 0 && argument.find('/') > eq && !std::filesystem::exists(argument, ignored);
        std::string path = named ? argument.substr(eq + 1) : argument;
        std::unique_ptr<DebugInfo> info = DebugInfo::open(path, m_loadDiagnostics);
        if (!info) {
            m_unreadable = true;
            continue;
        }
        if (named)
            info->setModuleName(argument.substr(0, eq));
        m_files.push_back(std::move(info));
    }
    return true;
}

std::vector<const DebugInfo*> Symbolization::files() const
{
    std::vector<const DebugInfo*> out;
    for (const auto& f : m_files)
        out.push_back(f.get());
    return out;
}

void applySymbolization(ParseResult& result, const Symbolization& symbolization)
{
    if (symbolization.active())
        symbolize(result.dump, symbolization.files(), symbolization.options(), result.diagnostics);
}

} // namespace hvdump::cli
