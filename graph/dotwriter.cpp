// SPDX-License-Identifier: GPL-2.0-or-later
#include "dotwriter.h"

#include "graphquery.h"
#include "signature.h"

#include <algorithm>
#include <set>

namespace hvdump::graph {
namespace {

    std::string vertexName(VertexId v)
    {
        return "v" + std::to_string(v);
    }

    std::string contextAttributes(const Graph& g, const parsers::Dump& dump, VertexId v, bool root)
    {
        const Vertex& x = g[v];
        std::string label = dotEscape(x.label);
        if (std::string key = contextKeyFrame(g, dump, v); !key.empty())
            label += "\\n" + dotEscape(key);
        if (x.count > 1)
            label += "\\n(x" + std::to_string(x.count) + ")";
        if (x.spinning)
            label += x.irqsOff ? "\\nspinning, IRQs off" : "\\nspinning";
        else if (x.irqsOff)
            label += "\\nIRQs off";
        std::string attrs = "shape=box, label=\"" + label + "\"";
        if (x.spinning)
            attrs += ", color=red, penwidth=2";
        if (root)
            attrs += ", peripheries=2";
        return attrs;
    }

    std::string resourceAttributes(const Graph& g, VertexId v, bool root)
    {
        const Vertex& x = g[v];
        std::string attrs = x.kind == ResourceKind::External ? "shape=diamond, style=dashed" : "shape=ellipse";
        attrs += ", label=\"" + dotEscape(x.label) + "\"";
        if (root)
            attrs += ", peripheries=2";
        return attrs;
    }

    std::string edgeAttributes(const Edge& e, bool inCycle)
    {
        std::string label, style;
        switch (e.kind) {
        case EdgeKind::Waits:
            label = e.spinning ? "spins" : "waits";
            if (e.mode != WaitMode::Exclusive)
                label += std::string(" (") + waitModeName(e.mode) + ")";
            if (e.timed)
                label += ", timed";
            if (!e.blocking)
                label += ", non-blocking";
            style = e.spinning ? "bold" : "solid";
            break;
        case EdgeKind::Holds:
            label = "holds";
            if (e.mode != WaitMode::Exclusive)
                label += std::string(" (") + waitModeName(e.mode) + ")";
            style = "dashed";
            break;
        case EdgeKind::Signals:
            label = "signals";
            style = "dotted";
            break;
        }
        label += std::string("\\n") + confidenceName(e.confidence);
        std::string attrs = "style=" + style + ", label=\"" + label + "\"";
        if (inCycle)
            attrs += ", color=red, fontcolor=red, penwidth=2";
        return attrs;
    }

} // namespace

std::string dotEscape(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (c == '\\' || c == '"')
            out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
    }
    return out;
}

std::string toDot(const Graph& g, const parsers::Dump& dump, const std::vector<Finding>& findings)
{
    std::set<VertexId> roots;
    std::set<const Edge*> cycleEdges;
    for (const Finding& f : findings) {
        if (f.root != noVertex)
            roots.insert(f.root);
        for (const std::vector<EdgeId>& cycle : f.cycles)
            for (EdgeId e : cycle)
                cycleEdges.insert(&g[e]);
    }
    std::string out = "digraph waitfor {\n"
                      "  graph [rankdir=LR, fontname=\"sans-serif\"];\n"
                      "  node [fontname=\"sans-serif\", fontsize=10];\n"
                      "  edge [fontname=\"sans-serif\", fontsize=9];\n";
    for (VertexId v : boost::make_iterator_range(boost::vertices(g))) {
        const bool root = roots.count(v) != 0;
        out += "  " + vertexName(v) + " ["
            + (isContext(g, v) ? contextAttributes(g, dump, v, root) : resourceAttributes(g, v, root)) + "];\n";
    }
    for (EdgeId e : boost::make_iterator_range(boost::edges(g))) {
        const bool inCycle = cycleEdges.count(&g[e]) != 0;
        out += "  " + vertexName(boost::source(e, g)) + " -> " + vertexName(boost::target(e, g)) + " ["
            + edgeAttributes(g[e], inCycle) + "];\n";
    }
    out += "}\n";
    return out;
}

} // namespace hvdump::graph
