// SPDX-License-Identifier: GPL-2.0-or-later
#include "rulesview.h"

#include <hvdump/graph/diagnosismatcher.h>

namespace hvdump::cli {
namespace {

    using graph::NamePattern;
    using Json = parsers::Json;
    using Section = RuleEntry::Section;

    std::string join(const std::vector<NamePattern>& patterns, std::size_t limit = 0)
    {
        std::string out;
        for (std::size_t i = 0; i < patterns.size(); ++i) {
            if (limit && i == limit) {
                out += ", +" + std::to_string(patterns.size() - limit) + " more";
                break;
            }
            out += (i ? ", " : "") + patterns[i].text();
        }
        return out;
    }

    std::string join(const std::vector<std::string>& items)
    {
        std::string out;
        for (const std::string& s : items)
            out += (out.empty() ? "" : ", ") + s;
        return out;
    }

    template <typename T, typename NameOf>
    std::string joinNames(const std::vector<T>& items, NameOf nameOf)
    {
        std::string out;
        for (const T& k : items)
            out += (out.empty() ? "" : ", ") + std::string(nameOf(k));
        return out;
    }

    Json patternsJson(const std::vector<NamePattern>& patterns)
    {
        Json a = Json::array();
        for (const NamePattern& p : patterns)
            a.push_back(p.text());
        return a;
    }

    template <typename T, typename NameOf>
    Json namesJson(const std::vector<T>& items, NameOf nameOf)
    {
        Json a = Json::array();
        for (const T& k : items)
            a.push_back(nameOf(k));
        return a;
    }

    const char* triName(int v)
    {
        return v < 0 ? "any" : v ? "yes" : "no";
    }

    std::string timeoutText(const graph::TimeoutSpec& t)
    {
        using Kind = graph::TimeoutSpec::Kind;
        switch (t.kind) {
        case Kind::Never:
            return "never (waits without timeout)";
        case Kind::Always:
            return "always (a timed wait)";
        case Kind::Argument:
            return "argument '" + t.argument + "'"
                + (t.infinite.empty() ? "" : "; no timeout when " + join(t.infinite));
        case Kind::Unknown:
            break;
        }
        return "unknown";
    }

    const char* timeoutName(const graph::TimeoutSpec& t)
    {
        using Kind = graph::TimeoutSpec::Kind;
        return t.kind == Kind::Never   ? "never"
            : t.kind == Kind::Always   ? "always"
            : t.kind == Kind::Argument ? "argument"
                                       : "unknown";
    }

    std::string objectText(const graph::Primitive& p)
    {
        if (!p.objectArgument.empty())
            return "argument '" + p.objectArgument + "' (address or symbol)"
                + (p.object.empty() ? "" : ", also named '" + p.object + "'");
        if (!p.object.empty())
            return "'" + p.object + "'";
        return "named by a site rule, else by the acquire site";
    }

    // prints "label: text" with text wrapped under the label's column
    void field(std::ostream& out, const char* label, const std::string& text)
    {
        if (text.empty())
            return;
        constexpr std::size_t width = 100, indent = 16;
        std::string line = std::string("  ") + label + ":";
        line.resize(std::max(line.size() + 1, indent), ' ');
        std::size_t column = line.size();
        out << line;
        std::size_t at = 0;
        bool first = true;
        while (at < text.size()) {
            std::size_t end = text.find(' ', at);
            if (end == std::string::npos)
                end = text.size();
            const std::string word = text.substr(at, end - at);
            if (!first && column + 1 + word.size() > width) {
                out << '\n' << std::string(indent, ' ');
                column = indent;
                first = true;
            }
            out << (first ? "" : " ") << word;
            column += word.size() + (first ? 0 : 1);
            first = false;
            at = end + 1;
        }
        out << '\n';
    }

    std::string conditionsText(const graph::Diagnosis& d)
    {
        std::vector<std::string> parts;
        if (!d.kinds.empty())
            parts.push_back("finding is " + joinNames(d.kinds, graph::findingKindName));
        if (!d.rootFrames.empty())
            parts.push_back("root's stack has " + join(d.rootFrames));
        if (!d.frames.empty())
            parts.push_back("some member's stack has " + join(d.frames));
        if (!d.objects.empty())
            parts.push_back("resources named " + join(d.objects));
        if (!d.resourceKinds.empty())
            parts.push_back("a resource of kind " + joinNames(d.resourceKinds, graph::resourceKindName));
        if (!d.reports.empty())
            parts.push_back("the dump has a " + joinNames(d.reports, parsers::reportKindName) + " report");
        for (const graph::FieldCondition& c : d.objectFields)
            parts.push_back("object dump " + c.type.text() + "." + c.field.text() + " = " + c.value.text());
        if (d.rootIrqsOff >= 0)
            parts.push_back(std::string("root has interrupts ") + (d.rootIrqsOff ? "off" : "on"));
        if (d.rootSpinning >= 0)
            parts.push_back(std::string("root is ") + (d.rootSpinning ? "spinning" : "not spinning"));
        if (d.rootStack >= 0)
            parts.push_back(std::string("root's stack ") + (d.rootStack ? "is" : "is not") + " in the dump");
        if (d.rootHolds >= 0)
            parts.push_back(
                std::string("root ") + (d.rootHolds ? "holds" : "does not hold") + " what another context waits for");
        if (!d.rootHoldsKinds.empty())
            parts.push_back("root holds a " + joinNames(d.rootHoldsKinds, graph::resourceKindName));
        if (d.minContexts > 0)
            parts.push_back("at least " + std::to_string(d.minContexts) + " contexts");
        if (d.maxContexts > 0)
            parts.push_back("at most " + std::to_string(d.maxContexts) + " contexts");
        std::string out;
        for (const std::string& p : parts)
            out += (out.empty() ? "" : "; ") + p;
        return out.empty() ? std::string("none (matches every finding)") : out;
    }

    template <typename T>
    void add(std::vector<RuleEntry>& out, Section s, const std::vector<T>& rules, std::string (*summary)(const T&))
    {
        for (const T& r : rules)
            out.push_back({ s, r.id, r.platform, r.where, summary(r), &r });
    }

} // namespace

const char* sectionName(Section s)
{
    switch (s) {
    case Section::Primitive:
        return "primitive";
    case Section::Site:
        return "site";
    case Section::Hold:
        return "hold";
    case Section::Signal:
        return "signal";
    case Section::ObjectHolder:
        return "object_holder";
    case Section::Diagnosis:
        return "diagnosis";
    }
    return "primitive";
}

std::string locationText(const graph::RuleLocation& where)
{
    return where.file + ":" + std::to_string(where.line);
}

std::vector<RuleEntry> catalogEntries(const graph::RuleCatalog& c)
{
    std::vector<RuleEntry> out;
    add<graph::Primitive>(out, Section::Primitive, c.primitives, [](const graph::Primitive& p) {
        return std::string(graph::primitiveActionName(p.action)) + " " + graph::resourceKindName(p.kind) + ": "
            + join(p.frames, 4);
    });
    add<graph::ObjectSite>(out, Section::Site, c.sites,
        [](const graph::ObjectSite& s) { return "'" + s.object + "' when called from " + join(s.callers, 4); });
    add<graph::HoldRule>(out, Section::Hold, c.holds,
        [](const graph::HoldRule& h) { return "'" + h.object + "' held under " + join(h.frames, 4); });
    add<graph::SignalRule>(out, Section::Signal, c.signals, [](const graph::SignalRule& s) {
        std::string who = join(s.threadNames, 3);
        if (!s.frames.empty())
            who += (who.empty() ? "" : " / ") + join(s.frames, 3);
        return join(s.objects, 3) + " woken by " + who;
    });
    add<graph::ObjectHolder>(out, Section::ObjectHolder, c.objectHolders, [](const graph::ObjectHolder& o) {
        return (o.type.text().empty() ? std::string("*") : o.type.text()) + " owner in " + o.ownerField.text();
    });
    add<graph::Diagnosis>(out, Section::Diagnosis, c.diagnoses,
        [](const graph::Diagnosis& d) { return (d.generic ? "[generic] " : "") + d.title; });
    return out;
}

void writeRuleText(std::ostream& out, const RuleEntry& e)
{
    out << e.id << "  (" << sectionName(e.section) << (e.platform.empty() ? "" : ", platform " + e.platform) << ")\n";
    field(out, "file", locationText(e.where));
    switch (e.section) {
    case Section::Primitive: {
        const auto& p = *static_cast<const graph::Primitive*>(e.rule);
        field(out, "frames", join(p.frames));
        field(out, "callers", p.callers.empty() ? std::string("any") : join(p.callers));
        field(out, "action", graph::primitiveActionName(p.action));
        field(out, "kind", graph::resourceKindName(p.kind));
        std::string mode = graph::waitModeName(p.mode);
        if (!p.modeArgument.empty()) {
            mode += "; argument '" + p.modeArgument + "' decides:";
            for (const auto& [value, m] : p.modeValues)
                mode += " " + value + "=" + graph::waitModeName(m);
        }
        field(out, "mode", mode);
        field(out, "object", objectText(p));
        field(out, "spinning", p.spinning ? "yes" : "no");
        field(out, "irqs off", p.irqsOff ? "yes" : "no");
        field(out, "innermost", p.innermost ? "only as the innermost frame" : "no");
        field(out, "timeout", timeoutText(p.timeout));
        field(out, "explains", p.explains);
        break;
    }
    case Section::Site: {
        const auto& s = *static_cast<const graph::ObjectSite*>(e.rule);
        field(out, "callers", join(s.callers));
        field(out, "object", s.object);
        field(
            out, "kind", s.kind == graph::ResourceKind::Unknown ? "the primitive's" : graph::resourceKindName(s.kind));
        field(out, "mode", s.hasMode ? graph::waitModeName(s.mode) : "the primitive's");
        break;
    }
    case Section::Hold: {
        const auto& h = *static_cast<const graph::HoldRule*>(e.rule);
        field(out, "frames", join(h.frames));
        field(out, "unless", join(h.unless));
        field(out, "thread names", h.threadNames.empty() ? std::string("any") : join(h.threadNames));
        field(out, "object", h.object);
        field(out, "kind", graph::resourceKindName(h.kind));
        field(out, "mode", graph::waitModeName(h.mode));
        field(out, "irqs off", h.irqsOff ? "yes" : "no");
        break;
    }
    case Section::Signal: {
        const auto& s = *static_cast<const graph::SignalRule*>(e.rule);
        field(out, "objects", join(s.objects));
        field(out, "thread names", s.threadNames.empty() ? std::string("any") : join(s.threadNames));
        field(out, "frames", s.frames.empty() ? std::string("any") : join(s.frames));
        field(out, "unless", join(s.unless));
        break;
    }
    case Section::ObjectHolder: {
        const auto& o = *static_cast<const graph::ObjectHolder*>(e.rule);
        field(out, "type", o.type.text().empty() ? std::string("*") : o.type.text());
        field(out, "owner field", o.ownerField.text());
        field(out, "owner is", o.ownerIs == graph::ObjectHolder::OwnerIs::Tid ? "tid" : "task");
        field(out, "nonzero", join(o.nonzero));
        field(out, "object", o.object.empty() ? std::string("the dumped object itself") : o.object);
        field(out, "kind", graph::resourceKindName(o.kind));
        field(out, "mode", graph::waitModeName(o.mode));
        break;
    }
    case Section::Diagnosis: {
        const auto& d = *static_cast<const graph::Diagnosis*>(e.rule);
        field(out, "title", d.title);
        field(out, "generic", d.generic ? "yes (only when no specific diagnosis matches)" : "no");
        field(out, "matches when", conditionsText(d));
        field(out, "specificity", std::to_string(graph::diagnosisSpecificity(d)));
        field(out, "explanation", d.explanation);
        field(out, "fix", d.fix);
        field(out, "workaround", d.workaround);
        for (const std::string& r : d.references)
            field(out, "reference", r);
        break;
    }
    }
}

Json ruleToJson(const RuleEntry& e, bool full)
{
    Json j;
    j["id"] = e.id;
    j["section"] = sectionName(e.section);
    j["platform"] = e.platform;
    j["file"] = e.where.file;
    j["line"] = e.where.line;
    j["summary"] = e.summary;
    if (!full)
        return j;
    switch (e.section) {
    case Section::Primitive: {
        const auto& p = *static_cast<const graph::Primitive*>(e.rule);
        j["frames"] = patternsJson(p.frames);
        j["callers"] = patternsJson(p.callers);
        j["action"] = graph::primitiveActionName(p.action);
        j["kind"] = graph::resourceKindName(p.kind);
        j["mode"] = graph::waitModeName(p.mode);
        j["mode_argument"] = p.modeArgument;
        Json values = Json::object();
        for (const auto& [value, m] : p.modeValues)
            values[value] = graph::waitModeName(m);
        j["mode_values"] = values;
        j["object_argument"] = p.objectArgument;
        j["object"] = p.object;
        j["spinning"] = p.spinning;
        j["irqs_off"] = p.irqsOff;
        j["innermost"] = p.innermost;
        j["timeout"] = timeoutName(p.timeout);
        j["timeout_argument"] = p.timeout.argument;
        j["infinite_values"] = p.timeout.infinite;
        j["explains"] = p.explains;
        break;
    }
    case Section::Site: {
        const auto& s = *static_cast<const graph::ObjectSite*>(e.rule);
        j["callers"] = patternsJson(s.callers);
        j["object"] = s.object;
        j["kind"] = graph::resourceKindName(s.kind);
        j["mode"] = s.hasMode ? Json(graph::waitModeName(s.mode)) : Json();
        break;
    }
    case Section::Hold: {
        const auto& h = *static_cast<const graph::HoldRule*>(e.rule);
        j["frames"] = patternsJson(h.frames);
        j["unless"] = patternsJson(h.unless);
        j["thread_names"] = patternsJson(h.threadNames);
        j["object"] = h.object;
        j["kind"] = graph::resourceKindName(h.kind);
        j["mode"] = graph::waitModeName(h.mode);
        j["irqs_off"] = h.irqsOff;
        break;
    }
    case Section::Signal: {
        const auto& s = *static_cast<const graph::SignalRule*>(e.rule);
        j["objects"] = patternsJson(s.objects);
        j["thread_names"] = patternsJson(s.threadNames);
        j["frames"] = patternsJson(s.frames);
        j["unless"] = patternsJson(s.unless);
        break;
    }
    case Section::ObjectHolder: {
        const auto& o = *static_cast<const graph::ObjectHolder*>(e.rule);
        j["type"] = o.type.text();
        j["owner_field"] = o.ownerField.text();
        j["owner_is"] = o.ownerIs == graph::ObjectHolder::OwnerIs::Tid ? "tid" : "task";
        j["nonzero"] = o.nonzero;
        j["object"] = o.object;
        j["kind"] = graph::resourceKindName(o.kind);
        j["mode"] = graph::waitModeName(o.mode);
        break;
    }
    case Section::Diagnosis: {
        const auto& d = *static_cast<const graph::Diagnosis*>(e.rule);
        j["title"] = d.title;
        j["generic"] = d.generic;
        j["specificity"] = graph::diagnosisSpecificity(d);
        j["kinds"] = namesJson(d.kinds, graph::findingKindName);
        j["root_frames"] = patternsJson(d.rootFrames);
        j["frames"] = patternsJson(d.frames);
        j["objects"] = patternsJson(d.objects);
        j["resource_kinds"] = namesJson(d.resourceKinds, graph::resourceKindName);
        j["reports"] = namesJson(d.reports, parsers::reportKindName);
        Json fields = Json::array();
        for (const graph::FieldCondition& c : d.objectFields)
            fields.push_back({ { "type", c.type.text() }, { "field", c.field.text() }, { "value", c.value.text() } });
        j["object_fields"] = fields;
        j["root_irqs_off"] = triName(d.rootIrqsOff);
        j["root_spinning"] = triName(d.rootSpinning);
        j["root_stack"] = triName(d.rootStack);
        j["root_holds"] = triName(d.rootHolds);
        j["root_holds_kinds"] = namesJson(d.rootHoldsKinds, graph::resourceKindName);
        j["min_contexts"] = d.minContexts;
        j["max_contexts"] = d.maxContexts;
        j["explanation"] = d.explanation;
        j["fix"] = d.fix;
        j["workaround"] = d.workaround;
        j["references"] = d.references;
        break;
    }
    }
    return j;
}

} // namespace hvdump::cli
