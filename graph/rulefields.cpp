// SPDX-License-Identifier: GPL-2.0-or-later
#include "rulefields.h"

#include "rulecatalogloader.h"

#include <algorithm>
#include <unordered_set>
#include <yaml-cpp/yaml.h>

namespace hvdump::graph {
namespace {

    using parsers::Severity;

    bool findingKindFromName(std::string_view name, FindingKind& out)
    {
        for (FindingKind k : { FindingKind::Deadlock, FindingKind::Spin, FindingKind::LostWakeup, FindingKind::Stall })
            if (name == findingKindName(k)) {
                out = k;
                return true;
            }
        return false;
    }

    bool reportKindFromName(std::string_view name, parsers::ReportKind& out)
    {
        for (int i = 0; i <= static_cast<int>(parsers::ReportKind::Watchdog); ++i) {
            auto k = static_cast<parsers::ReportKind>(i);
            if (name == parsers::reportKindName(k)) {
                out = k;
                return true;
            }
        }
        return false;
    }

    bool actionFromName(std::string_view name, PrimitiveAction& out)
    {
        for (PrimitiveAction a : { PrimitiveAction::Acquire, PrimitiveAction::Wait, PrimitiveAction::Spin,
                 PrimitiveAction::Loop, PrimitiveAction::Signal })
            if (name == primitiveActionName(a)) {
                out = a;
                return true;
            }
        return false;
    }

} // namespace

RuleFileReader::RuleFileReader(
    std::string fileName, RuleCatalog& catalog, std::vector<parsers::Diagnostic>& diagnostics)
    : m_file(std::move(fileName))
    , m_catalog(catalog)
    , m_diagnostics(diagnostics)
{
}

RuleLocation RuleFileReader::at(const YAML::Node& n) const
{
    return { m_file, static_cast<std::uint32_t>(n.Mark().line + 1) };
}

void RuleFileReader::report(Severity s, const char* code, const YAML::Node& n, std::string message)
{
    const YAML::Mark mark = n.Mark();
    m_diagnostics.push_back({ s, code, m_file, static_cast<std::uint32_t>(mark.line + 1),
        static_cast<std::uint32_t>(mark.column + 1), std::move(message) });
}

void RuleFileReader::checkKeys(const YAML::Node& n, std::initializer_list<const char*> known)
{
    for (const auto& kv : n) {
        const std::string key = kv.first.Scalar();
        if (std::none_of(known.begin(), known.end(), [&](const char* k) { return key == k; }))
            report(Severity::Warning, rulecodes::UnknownKey, kv.first, "unknown key '" + key + "' ignored");
    }
}

bool RuleFileReader::text(const YAML::Node& n, const char* key, std::string& out, bool required)
{
    const YAML::Node v = n[key];
    if (!v) {
        if (required)
            report(Severity::Error, rulecodes::Missing, n, std::string("missing '") + key + "'");
        return !required;
    }
    if (!v.IsScalar()) {
        report(Severity::Error, rulecodes::BadValue, v, std::string("'") + key + "' must be text");
        return false;
    }
    out = v.Scalar();
    return true;
}

bool RuleFileReader::strings(const YAML::Node& n, const char* key, std::vector<std::string>& out)
{
    const YAML::Node v = n[key];
    if (!v)
        return true;
    if (v.IsScalar()) {
        out.push_back(v.Scalar());
        return true;
    }
    if (!v.IsSequence()) {
        report(Severity::Error, rulecodes::BadValue, v, std::string("'") + key + "' must be a list of text");
        return false;
    }
    for (const YAML::Node& item : v) {
        if (!item.IsScalar()) {
            report(Severity::Error, rulecodes::BadValue, item, std::string("'") + key + "' items must be text");
            return false;
        }
        out.push_back(item.Scalar());
    }
    return true;
}

bool RuleFileReader::patterns(const YAML::Node& n, const char* key, std::vector<NamePattern>& out, bool required)
{
    std::vector<std::string> items;
    if (!strings(n, key, items))
        return false;
    if (required && items.empty()) {
        report(Severity::Error, rulecodes::Missing, n, std::string("missing '") + key + "'");
        return false;
    }
    for (std::string& s : items)
        out.emplace_back(std::move(s));
    return true;
}

bool RuleFileReader::flag(const YAML::Node& n, const char* key, bool& out)
{
    const YAML::Node v = n[key];
    if (!v)
        return true;
    try {
        out = v.as<bool>();
        return true;
    } catch (const YAML::Exception&) {
        report(Severity::Error, rulecodes::BadValue, v, std::string("'") + key + "' must be true or false");
        return false;
    }
}

bool RuleFileReader::triState(const YAML::Node& n, const char* key, int& out)
{
    bool value = false;
    if (!n[key])
        return true;
    if (!flag(n, key, value))
        return false;
    out = value ? 1 : 0;
    return true;
}

bool RuleFileReader::kind(const YAML::Node& n, const char* key, ResourceKind& out, bool required)
{
    std::string name;
    if (!text(n, key, name, required))
        return false;
    if (name.empty())
        return true;
    out = resourceKindFromName(name);
    if (out == ResourceKind::Unknown && name != "unknown") {
        report(Severity::Error, rulecodes::BadValue, n[key], "unknown resource kind '" + name + "'");
        return false;
    }
    return true;
}

bool RuleFileReader::mode(const YAML::Node& n, const char* key, WaitMode& out)
{
    std::string name;
    if (!n[key])
        return true;
    if (!text(n, key, name))
        return false;
    if (!waitModeFromName(name, out)) {
        report(Severity::Error, rulecodes::BadValue, n[key], "unknown mode '" + name + "'");
        return false;
    }
    return true;
}

bool RuleFileReader::claimId(const YAML::Node& n, const std::string& id)
{
    auto exists = [&](const auto& list) {
        return std::any_of(list.begin(), list.end(), [&](const auto& r) { return r.id == id; });
    };
    if (exists(m_catalog.primitives) || exists(m_catalog.sites) || exists(m_catalog.holds) || exists(m_catalog.signals)
        || exists(m_catalog.objectHolders) || exists(m_catalog.diagnoses)) {
        report(
            Severity::Error, rulecodes::Duplicate, n, "rule id '" + id + "' is already defined; this one is skipped");
        return false;
    }
    return true;
}

void RuleFileReader::read(const YAML::Node& root)
{
    if (root.IsNull())
        return;
    if (!root.IsMap()) {
        report(Severity::Error, rulecodes::BadValue, root,
            "a rule file is a map of sections (primitives:, diagnoses:, ...)");
        return;
    }
    checkKeys(root,
        { "platform", "description", "transparent", "primitives", "sites", "holds", "signals", "object_holders",
            "diagnoses" });
    text(root, "platform", m_platform);
    patterns(root, "transparent", m_catalog.transparent);

    auto section = [&](const char* key, auto& list, auto readOne) {
        const YAML::Node items = root[key];
        if (!items)
            return;
        if (!items.IsSequence()) {
            report(Severity::Error, rulecodes::BadValue, items, std::string("'") + key + "' must be a list of rules");
            return;
        }
        for (const YAML::Node& item : items) {
            if (!item.IsMap()) {
                report(
                    Severity::Error, rulecodes::BadValue, item, std::string("a rule in '") + key + "' must be a map");
                continue;
            }
            typename std::decay_t<decltype(list)>::value_type rule;
            if (!text(item, "id", rule.id, true) || !claimId(item, rule.id))
                continue;
            rule.where = at(item);
            rule.platform = m_platform;
            if ((this->*readOne)(item, rule))
                list.push_back(std::move(rule));
        }
    };
    section("primitives", m_catalog.primitives, &RuleFileReader::readPrimitive);
    section("sites", m_catalog.sites, &RuleFileReader::readSite);
    section("holds", m_catalog.holds, &RuleFileReader::readHold);
    section("signals", m_catalog.signals, &RuleFileReader::readSignal);
    section("object_holders", m_catalog.objectHolders, &RuleFileReader::readObjectHolder);
    section("diagnoses", m_catalog.diagnoses, &RuleFileReader::readDiagnosis);
}

bool RuleFileReader::readPrimitive(const YAML::Node& n, Primitive& p)
{
    checkKeys(n,
        { "id", "frames", "callers", "action", "kind", "mode", "mode_argument", "mode_values", "object_argument",
            "object", "explains", "spinning", "irqs_off", "innermost", "timeout", "timeout_argument", "infinite_values",
            "object_is_thread" });
    p.platform = m_platform;
    std::string action, timeout;
    bool ok = patterns(n, "frames", p.frames, true) && patterns(n, "callers", p.callers)
        && text(n, "action", action, true) && kind(n, "kind", p.kind) && mode(n, "mode", p.mode)
        && text(n, "mode_argument", p.modeArgument) && text(n, "object_argument", p.objectArgument)
        && text(n, "object", p.object) && text(n, "explains", p.explains) && flag(n, "spinning", p.spinning)
        && flag(n, "irqs_off", p.irqsOff) && flag(n, "innermost", p.innermost)
        && flag(n, "object_is_thread", p.objectIsThread) && text(n, "timeout", timeout)
        && text(n, "timeout_argument", p.timeout.argument) && strings(n, "infinite_values", p.timeout.infinite);
    if (!ok)
        return false;
    if (!actionFromName(action, p.action)) {
        report(Severity::Error, rulecodes::BadValue, n["action"],
            "unknown action '" + action + "' (acquire, wait, spin, loop, signal)");
        return false;
    }
    if (timeout == "never")
        p.timeout.kind = TimeoutSpec::Kind::Never;
    else if (timeout == "always")
        p.timeout.kind = TimeoutSpec::Kind::Always;
    else if (!timeout.empty() && timeout != "unknown") {
        report(Severity::Error, rulecodes::BadValue, n["timeout"], "timeout is never, always or unknown");
        return false;
    }
    if (!p.timeout.argument.empty())
        p.timeout.kind = TimeoutSpec::Kind::Argument;
    if (const YAML::Node mv = n["mode_values"]) {
        if (!mv.IsMap()) {
            report(Severity::Error, rulecodes::BadValue, mv, "mode_values maps argument values to modes");
            return false;
        }
        for (const auto& kv : mv) {
            WaitMode m;
            if (!kv.second.IsScalar() || !waitModeFromName(kv.second.Scalar(), m)) {
                report(Severity::Error, rulecodes::BadValue, kv.second, "unknown mode in mode_values");
                return false;
            }
            p.modeValues.emplace_back(kv.first.Scalar(), m);
        }
    }
    return true;
}

bool RuleFileReader::readSite(const YAML::Node& n, ObjectSite& s)
{
    checkKeys(n, { "id", "callers", "kind", "object", "mode" });
    s.hasMode = static_cast<bool>(n["mode"]);
    return patterns(n, "callers", s.callers, true) && kind(n, "kind", s.kind) && text(n, "object", s.object, true)
        && mode(n, "mode", s.mode);
}

bool RuleFileReader::readHold(const YAML::Node& n, HoldRule& h)
{
    checkKeys(n, { "id", "frames", "unless", "thread_names", "kind", "mode", "object", "irqs_off" });
    return patterns(n, "frames", h.frames, true) && patterns(n, "unless", h.unless)
        && patterns(n, "thread_names", h.threadNames) && kind(n, "kind", h.kind) && mode(n, "mode", h.mode)
        && text(n, "object", h.object, true) && flag(n, "irqs_off", h.irqsOff);
}

bool RuleFileReader::readSignal(const YAML::Node& n, SignalRule& s)
{
    checkKeys(n, { "id", "objects", "thread_names", "frames", "unless" });
    bool ok = patterns(n, "objects", s.objects, true) && patterns(n, "thread_names", s.threadNames)
        && patterns(n, "frames", s.frames) && patterns(n, "unless", s.unless);
    if (ok && s.threadNames.empty() && s.frames.empty()) {
        report(Severity::Error, rulecodes::Missing, n, "a signal rule needs thread_names or frames");
        return false;
    }
    return ok;
}

bool RuleFileReader::readObjectHolder(const YAML::Node& n, ObjectHolder& o)
{
    checkKeys(n, { "id", "type", "owner_field", "owner_is", "nonzero", "object", "kind", "mode" });
    std::string type = "*", field, ownerIs = "tid";
    bool ok = text(n, "type", type) && text(n, "owner_field", field, true) && text(n, "owner_is", ownerIs)
        && strings(n, "nonzero", o.nonzero) && text(n, "object", o.object) && kind(n, "kind", o.kind)
        && mode(n, "mode", o.mode);
    if (!ok)
        return false;
    o.type = NamePattern(type);
    o.ownerField = NamePattern(field);
    if (ownerIs == "tid")
        o.ownerIs = ObjectHolder::OwnerIs::Tid;
    else if (ownerIs == "task")
        o.ownerIs = ObjectHolder::OwnerIs::TaskAddress;
    else {
        report(Severity::Error, rulecodes::BadValue, n["owner_is"], "owner_is is tid or task");
        return false;
    }
    return true;
}

bool RuleFileReader::readDiagnosis(const YAML::Node& n, Diagnosis& d)
{
    checkKeys(n,
        { "id", "title", "explanation", "fix", "workaround", "references", "generic", "kinds", "root_frames", "frames",
            "objects", "resource_kinds", "reports", "object_fields", "root_irqs_off", "root_holds", "root_spinning",
            "root_stack", "root_holds_kinds", "min_contexts", "max_contexts" });
    std::vector<std::string> kinds, resourceKinds, reports, holdsKinds;
    bool ok = text(n, "title", d.title, true) && text(n, "explanation", d.explanation, true) && text(n, "fix", d.fix)
        && text(n, "workaround", d.workaround) && strings(n, "references", d.references)
        && flag(n, "generic", d.generic) && strings(n, "kinds", kinds) && patterns(n, "root_frames", d.rootFrames)
        && patterns(n, "frames", d.frames) && patterns(n, "objects", d.objects)
        && strings(n, "resource_kinds", resourceKinds) && strings(n, "reports", reports)
        && triState(n, "root_irqs_off", d.rootIrqsOff) && triState(n, "root_holds", d.rootHolds)
        && triState(n, "root_spinning", d.rootSpinning) && triState(n, "root_stack", d.rootStack)
        && strings(n, "root_holds_kinds", holdsKinds);
    if (!ok)
        return false;
    for (const std::string& k : kinds) {
        FindingKind fk;
        if (!findingKindFromName(k, fk)) {
            report(Severity::Error, rulecodes::BadValue, n["kinds"], "unknown finding kind '" + k + "'");
            return false;
        }
        d.kinds.push_back(fk);
    }
    for (const std::string& k : resourceKinds) {
        ResourceKind rk = resourceKindFromName(k);
        if (rk == ResourceKind::Unknown) {
            report(Severity::Error, rulecodes::BadValue, n["resource_kinds"], "unknown resource kind '" + k + "'");
            return false;
        }
        d.resourceKinds.push_back(rk);
    }
    for (const std::string& k : holdsKinds) {
        ResourceKind rk = resourceKindFromName(k);
        if (rk == ResourceKind::Unknown) {
            report(Severity::Error, rulecodes::BadValue, n["root_holds_kinds"], "unknown resource kind '" + k + "'");
            return false;
        }
        d.rootHoldsKinds.push_back(rk);
    }
    for (const std::string& r : reports) {
        parsers::ReportKind rk;
        if (!reportKindFromName(r, rk)) {
            report(Severity::Error, rulecodes::BadValue, n["reports"], "unknown report kind '" + r + "'");
            return false;
        }
        d.reports.push_back(rk);
    }
    for (auto [key, out] :
        { std::pair { "min_contexts", &d.minContexts }, std::pair { "max_contexts", &d.maxContexts } }) {
        if (const YAML::Node v = n[key]) {
            try {
                *out = v.as<int>();
            } catch (const YAML::Exception&) {
                report(Severity::Error, rulecodes::BadValue, v, std::string(key) + " must be a number");
                return false;
            }
        }
    }
    if (const YAML::Node fields = n["object_fields"]) {
        if (!fields.IsSequence()) {
            report(Severity::Error, rulecodes::BadValue, fields, "object_fields is a list of {type, field, value}");
            return false;
        }
        for (const YAML::Node& f : fields) {
            std::string type = "*", field, value = "*";
            if (!f.IsMap()) {
                report(Severity::Error, rulecodes::BadValue, f, "an object_fields item is a map {type, field, value}");
                return false;
            }
            checkKeys(f, { "type", "field", "value" });
            if (!text(f, "type", type) || !text(f, "field", field, true) || !text(f, "value", value))
                return false;
            d.objectFields.push_back({ NamePattern(type), NamePattern(field), NamePattern(value) });
        }
    }
    return true;
}

} // namespace hvdump::graph
