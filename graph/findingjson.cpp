// SPDX-License-Identifier: GPL-2.0-or-later
#include "findingjson.h"

#include "graphquery.h"

namespace hvdump::graph {
namespace {

    using parsers::Json;

    Json threadJson(const Graph& g, const parsers::Dump& dump, VertexId v)
    {
        const parsers::Thread* t = v != noVertex ? threadOf(g, dump, v) : nullptr;
        if (!t)
            return nullptr;
        Json j;
        j["id"] = std::string(dump.str(t->id));
        j["name"] = std::string(dump.str(t->name));
        if (t->tid >= 0)
            j["tid"] = t->tid;
        if (t->cpu >= 0)
            j["cpu"] = t->cpu;
        j["state"] = parsers::threadStateName(t->state);
        return j;
    }

    Json contextJson(const Finding& f, const FindingMember& m, const Graph& g, const parsers::Dump& dump)
    {
        Json j;
        j["label"] = m.label;
        j["role"] = m.role;
        if (f.kind == FindingKind::Stall)
            j["depth"] = m.depth;
        if (m.vertex != noVertex && g[m.vertex].count > 1)
            j["count"] = g[m.vertex].count;
        j["thread"] = threadJson(g, dump, m.vertex);
        return j;
    }

    Json resourceJson(const FindingMember& m, const Graph& g)
    {
        Json j;
        j["label"] = m.label;
        j["role"] = m.role;
        if (m.vertex != noVertex && !isContext(g, m.vertex)) {
            j["kind"] = resourceKindName(g[m.vertex].kind);
            j["identity"] = g[m.vertex].identity;
        } else {
            j["kind"] = nullptr; // named by a report, not in the graph
            j["identity"] = nullptr;
        }
        return j;
    }

    Json stringList(const std::vector<std::string>& items)
    {
        Json a = Json::array();
        for (const std::string& s : items)
            a.push_back(s);
        return a;
    }

} // namespace

Json evidenceToJson(const Evidence& e)
{
    Json j;
    j["span"] = parsers::spanToJson(e.span);
    j["what"] = e.what;
    j["rule"] = e.ruleId.empty() ? Json(nullptr) : Json(e.ruleId);
    return j;
}

Json findingToJson(const Finding& f, const Graph& g, const parsers::Dump& dump)
{
    Json j;
    j["kind"] = findingKindName(f.kind);
    j["title"] = f.title;
    j["summary"] = f.summary;
    j["signature"] = f.signature;
    j["confidence"] = confidenceName(f.confidence);
    j["root"] = f.root != noVertex ? Json(g[f.root].label) : Json(nullptr);
    j["contexts"] = Json::array();
    for (const FindingMember& m : f.contexts)
        j["contexts"].push_back(contextJson(f, m, g, dump));
    j["resources"] = Json::array();
    for (const FindingMember& m : f.resources)
        j["resources"].push_back(resourceJson(m, g));
    j["cycles"] = Json::array();
    for (const std::vector<EdgeId>& cycle : f.cycles) {
        Json c = Json::array();
        for (EdgeId e : cycle)
            c.push_back(edgeText(g, e));
        j["cycles"].push_back(std::move(c));
    }
    j["blockedCount"] = f.blockedCount;
    j["evidence"] = Json::array();
    for (const Evidence& e : f.evidence)
        j["evidence"].push_back(evidenceToJson(e));
    j["keyFrames"] = stringList(f.keyFrames);
    j["ownerHint"] = f.ownerHint.empty() ? Json(nullptr) : Json(f.ownerHint);
    if (f.ruleId.empty()) {
        j["rule"] = nullptr;
    } else {
        Json r;
        r["id"] = f.ruleId;
        r["title"] = f.diagnosis;
        r["explanation"] = f.explanation;
        r["fix"] = f.fix;
        r["workaround"] = f.workaround;
        r["references"] = stringList(f.references);
        j["rule"] = std::move(r);
    }
    return j;
}

} // namespace hvdump::graph
