// SPDX-License-Identifier: GPL-2.0-or-later
// The catalog as a flat list of rules for `hvdump rules`: one entry per rule with its section,
// platform, location and a one-line summary; and the text and JSON forms of one rule in full.
#pragma once

#include <hvdump/graph/rulecatalog.h>
#include <hvdump/parsers/dumpjson.h>

#include <ostream>
#include <string>
#include <vector>

namespace hvdump::cli {

struct RuleEntry
{
    enum class Section : std::uint8_t { Primitive, Site, Hold, Signal, ObjectHolder, Diagnosis };
    Section section = Section::Primitive;
    std::string id;
    std::string platform;
    graph::RuleLocation where;
    std::string summary; // a diagnosis's title, else what it matches and names
    const void* rule = nullptr; // the catalog's Primitive, ObjectSite, ... (by section)
};

const char* sectionName(RuleEntry::Section s);

/// Every rule of the catalog, section by section, each in load order.
std::vector<RuleEntry> catalogEntries(const graph::RuleCatalog& catalog);

/// "file:line" as compilers print it.
std::string locationText(const graph::RuleLocation& where);

void writeRuleText(std::ostream& out, const RuleEntry& e);
parsers::Json ruleToJson(const RuleEntry& e, bool full);

} // namespace hvdump::cli
