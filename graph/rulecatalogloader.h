// SPDX-License-Identifier: GPL-2.0-or-later
// Loads rule catalog YAML files (format: resources/rules/README.md). A broken file or rule is
// reported with file:line and skipped; everything else still loads. Loading never runs code.
#pragma once

#include "rulecatalog.h"

#include <hvdump/parsers/diagnostic.h>

#include <string>
#include <vector>

namespace hvdump::graph {

namespace rulecodes {
    inline constexpr const char* Syntax = "HVR001"; // the file is not valid YAML
    inline constexpr const char* UnknownKey = "HVR002"; // a key this version does not know (ignored)
    inline constexpr const char* BadValue = "HVR003"; // a value of the wrong type or unknown name
    inline constexpr const char* Missing = "HVR004"; // a required key is missing
    inline constexpr const char* Duplicate = "HVR005"; // a rule id defined twice (the later one is skipped)
    inline constexpr const char* Unreadable = "HVR006"; // a file or folder cannot be read
} // namespace rulecodes

class RuleCatalogLoader
{
public:
    /// Loads every *.yaml / *.yml below dir, in sorted order.
    void loadDirectory(const std::string& dir);
    void loadFile(const std::string& path);
    void loadText(const std::string& text, const std::string& fileName);

    const RuleCatalog& catalog() const
    {
        return m_catalog;
    }
    RuleCatalog takeCatalog()
    {
        return std::move(m_catalog);
    }
    const std::vector<parsers::Diagnostic>& diagnostics() const
    {
        return m_diagnostics;
    }

private:
    RuleCatalog m_catalog;
    std::vector<parsers::Diagnostic> m_diagnostics;
};

/// The built-in catalog folder (installed or in the source tree), then the per-user folder
/// ($HVDUMP_RULES_PATH entries, $XDG_CONFIG_HOME/hvdump/rules or ~/.config/hvdump/rules) if present.
std::vector<std::string> defaultRuleDirectories();

/// Loads the default folders plus extra ones (--rules DIR).
RuleCatalogLoader loadCatalog(const std::vector<std::string>& extraDirectories);

} // namespace hvdump::graph
