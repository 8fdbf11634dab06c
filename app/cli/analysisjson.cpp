// SPDX-License-Identifier: GPL-2.0-or-later
#include "analysisjson.h"

#include <hvdump/graph/findingjson.h>

namespace hvdump::cli {
using parsers::Json;
using namespace hvdump::graph;

namespace {

    Json graphToJson(const Graph& g, const parsers::Dump& dump)
    {
        Json nodes = Json::array();
        for (auto [v, end] = boost::vertices(g); v != end; ++v) {
            const Vertex& x = g[*v];
            Json n { { "id", *v }, { "label", x.label } };
            if (x.type == Vertex::Type::Context) {
                n["type"] = "context";
                if (x.thread.valid())
                    n["thread"] = std::string(dump.str(dump.thread(x.thread).id));
                n["spinning"] = x.spinning;
                n["live"] = x.live;
                if (x.irqsOff)
                    n["irqsOff"] = true;
                if (x.count > 1)
                    n["count"] = x.count;
                if (!x.keyFrame.empty())
                    n["keyFrame"] = x.keyFrame;
            } else {
                n["type"] = "resource";
                n["kind"] = resourceKindName(x.kind);
                n["identity"] = x.identity;
                if (!x.ownerHint.empty())
                    n["ownerHint"] = x.ownerHint;
            }
            nodes.push_back(std::move(n));
        }
        Json edges = Json::array();
        for (auto [e, end] = boost::edges(g); e != end; ++e) {
            const Edge& x = g[*e];
            Json j { { "from", boost::source(*e, g) }, { "to", boost::target(*e, g) }, { "kind", edgeKindName(x.kind) },
                { "confidence", confidenceName(x.confidence) } };
            if (x.kind == EdgeKind::Waits) {
                j["mode"] = waitModeName(x.mode);
                j["spinning"] = x.spinning;
                j["timed"] = x.timed;
            }
            if (!x.ruleId.empty())
                j["rule"] = x.ruleId;
            Json evidence = Json::array();
            for (const Evidence& ev : x.evidence)
                evidence.push_back({ { "span", parsers::spanToJson(ev.span) }, { "what", ev.what } });
            j["evidence"] = std::move(evidence);
            edges.push_back(std::move(j));
        }
        return { { "nodes", std::move(nodes) }, { "edges", std::move(edges) } };
    }

} // namespace

Json analysisToJson(const Analysis& a)
{
    Json j;
    j["source"] = a.dump.source;
    j["status"] = parsers::parseStatusName(a.status);
    j["lines"] = a.dump.lineCount;
    j["threads"] = a.dump.threads.size();
    j["samples"] = a.dump.samples.size();
    Json regions = Json::array();
    for (const parsers::Region& r : a.dump.regions)
        regions.push_back({ { "format", parsers::formatName(r.format) }, { "span", parsers::spanToJson(r.span) } });
    j["regions"] = std::move(regions);
    Json diagnostics = Json::array();
    for (const parsers::Diagnostic& d : a.diagnostics)
        diagnostics.push_back(parsers::diagnosticToJson(d));
    j["diagnostics"] = std::move(diagnostics);
    Json findings = Json::array();
    for (const Finding& f : a.findings)
        findings.push_back(findingToJson(f, a.graph, a.dump));
    j["findings"] = std::move(findings);
    j["graph"] = graphToJson(a.graph, a.dump);
    return j;
}

Json analysisDocument(Json analyses)
{
    Json doc;
    doc["schema"] = "hvdump.analysis";
    doc["version"] = analysisSchemaVersion;
    doc["analyses"] = std::move(analyses);
    return doc;
}

} // namespace hvdump::cli
