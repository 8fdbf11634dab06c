// SPDX-License-Identifier: GPL-2.0-or-later
#include "rulecatalogloader.h"

#include "rulefields.h"

#include <hvdump/parsers/dumpparser.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <yaml-cpp/yaml.h>

namespace hvdump::graph {
namespace {

    constexpr std::size_t maxRuleFileBytes = 4 * 1024 * 1024; // a catalog file is text written by people

} // namespace

void RuleCatalogLoader::loadDirectory(const std::string& dir)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        m_diagnostics.push_back({ parsers::Severity::Error, rulecodes::Unreadable, dir, 0, 0, "not a folder" });
        return;
    }
    std::vector<std::string> files;
    for (fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
         !ec && it != end; it.increment(ec)) {
        const std::string ext = it->path().extension().string();
        if (it->is_regular_file(ec) && (ext == ".yaml" || ext == ".yml"))
            files.push_back(it->path().string());
    }
    if (ec)
        m_diagnostics.push_back({ parsers::Severity::Error, rulecodes::Unreadable, dir, 0, 0, ec.message() });
    std::sort(files.begin(), files.end());
    for (const std::string& f : files)
        loadFile(f);
}

void RuleCatalogLoader::loadFile(const std::string& path)
{
    // refuse a huge file before reading it into memory, not after
    std::error_code ec;
    if (std::uintmax_t size = std::filesystem::file_size(path, ec); !ec && size > maxRuleFileBytes) {
        m_diagnostics.push_back({ parsers::Severity::Error, rulecodes::Unreadable, path, 0, 0,
            "larger than " + std::to_string(maxRuleFileBytes) + " bytes; not a rule file" });
        return;
    }
    std::string text, error;
    if (!parsers::readWholeFile(path, text, error)) {
        m_diagnostics.push_back(
            { parsers::Severity::Error, rulecodes::Unreadable, path, 0, 0, "cannot read: " + error });
        return;
    }
    if (text.size() > maxRuleFileBytes) {
        m_diagnostics.push_back({ parsers::Severity::Error, rulecodes::Unreadable, path, 0, 0,
            "larger than " + std::to_string(maxRuleFileBytes) + " bytes; not a rule file" });
        return;
    }
    loadText(text, path);
}

void RuleCatalogLoader::loadText(const std::string& text, const std::string& fileName)
{
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
        m_diagnostics.push_back(
            { parsers::Severity::Error, rulecodes::Syntax, fileName, static_cast<std::uint32_t>(e.mark.line + 1),
                static_cast<std::uint32_t>(e.mark.column + 1), "not valid YAML: " + e.msg });
        return;
    }
    m_catalog.files.push_back(fileName);
    RuleFileReader reader(fileName, m_catalog, m_diagnostics);
    reader.read(root);
}

std::vector<std::string> defaultRuleDirectories()
{
    namespace fs = std::filesystem;
    std::vector<std::string> dirs;
    std::error_code ec;
    // installed layout: <prefix>/bin/hvdump and <prefix>/share/hvdump/rules
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    fs::path installed = exe.parent_path().parent_path() / "share" / "hvdump" / "rules";
    if (!ec && fs::is_directory(installed, ec))
        dirs.push_back(installed.string());
    else if (fs::is_directory(HVDUMP_RULES_DIR, ec))
        dirs.push_back(HVDUMP_RULES_DIR);
    if (const char* extra = std::getenv("HVDUMP_RULES_PATH")) {
        std::string_view rest = extra;
        while (!rest.empty()) {
            std::size_t colon = rest.find(':');
            std::string_view one = rest.substr(0, colon);
            if (!one.empty() && fs::is_directory(std::string(one), ec))
                dirs.emplace_back(one);
            rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
        }
    }
    fs::path user;
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
        user = fs::path(xdg) / "hvdump" / "rules";
    else if (const char* home = std::getenv("HOME"); home && *home)
        user = fs::path(home) / ".config" / "hvdump" / "rules";
    if (!user.empty() && fs::is_directory(user, ec))
        dirs.push_back(user.string());
    return dirs;
}

RuleCatalogLoader loadCatalog(const std::vector<std::string>& extraDirectories)
{
    namespace fs = std::filesystem;
    RuleCatalogLoader loader;
    // a folder named twice (--rules ~/.config/hvdump/rules) would define every rule in it twice
    std::set<std::string> loaded;
    auto once = [&](const std::string& d) {
        std::error_code ec;
        fs::path canonical = fs::weakly_canonical(d, ec);
        if (loaded.insert(ec ? d : canonical.string()).second)
            loader.loadDirectory(d);
    };
    for (const std::string& d : defaultRuleDirectories())
        once(d);
    for (const std::string& d : extraDirectories)
        once(d);
    return loader;
}

} // namespace hvdump::graph
