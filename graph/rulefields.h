// SPDX-License-Identifier: GPL-2.0-or-later
// Reads one parsed rule file into the catalog, section by section, checking every key and
// value and reporting problems with the file's line numbers. Internal to the loader.
#pragma once

#include "rulecatalog.h"

#include <hvdump/parsers/diagnostic.h>

#include <set>
#include <string>
#include <vector>

namespace YAML {
class Node;
}

namespace hvdump::graph {

class RuleFileReader
{
public:
    RuleFileReader(std::string fileName, RuleCatalog& catalog, std::vector<parsers::Diagnostic>& diagnostics);
    void read(const YAML::Node& root);

private:
    bool readPrimitive(const YAML::Node& n, Primitive& p);
    bool readSite(const YAML::Node& n, ObjectSite& s);
    bool readHold(const YAML::Node& n, HoldRule& h);
    bool readSignal(const YAML::Node& n, SignalRule& s);
    bool readObjectHolder(const YAML::Node& n, ObjectHolder& o);
    bool readDiagnosis(const YAML::Node& n, Diagnosis& d);

    // field readers: false (and a diagnostic) when present with a bad value
    bool text(const YAML::Node& n, const char* key, std::string& out, bool required = false);
    bool patterns(const YAML::Node& n, const char* key, std::vector<NamePattern>& out, bool required = false);
    bool strings(const YAML::Node& n, const char* key, std::vector<std::string>& out);
    bool flag(const YAML::Node& n, const char* key, bool& out);
    bool triState(const YAML::Node& n, const char* key, int& out);
    bool kind(const YAML::Node& n, const char* key, ResourceKind& out, bool required = false);
    bool mode(const YAML::Node& n, const char* key, WaitMode& out);
    void checkKeys(const YAML::Node& n, std::initializer_list<const char*> known);
    bool claimId(const YAML::Node& n, const std::string& id);
    RuleLocation at(const YAML::Node& n) const;
    void report(parsers::Severity s, const char* code, const YAML::Node& n, std::string message);

    std::string m_file;
    std::string m_platform;
    RuleCatalog& m_catalog;
    std::vector<parsers::Diagnostic>& m_diagnostics;
};

} // namespace hvdump::graph
