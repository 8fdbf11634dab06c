// SPDX-License-Identifier: GPL-2.0-or-later
#include "findingtextwriter.h"

#include <algorithm>
#include <map>

namespace hvdump::cli {
using namespace hvdump::graph;
namespace {

    std::string lines(parsers::LineSpan s)
    {
        if (!s.valid())
            return "-";
        return s.first == s.last ? "L" + std::to_string(s.first)
                                 : "L" + std::to_string(s.first) + "-" + std::to_string(s.last);
    }

    // wraps prose at 100 columns under an indent
    void writeWrapped(std::ostream& out, std::string_view label, const std::string& text)
    {
        if (text.empty())
            return;
        const std::string indent(6 + label.size() + 2, ' ');
        out << "      " << label << ": ";
        std::size_t column = indent.size();
        std::size_t pos = 0;
        while (pos < text.size()) {
            std::size_t end = text.find(' ', pos);
            if (end == std::string::npos)
                end = text.size();
            std::string_view word(text.data() + pos, end - pos);
            if (column + word.size() > 100 && column > indent.size()) {
                out << '\n' << indent;
                column = indent.size();
            }
            out << word << ' ';
            column += word.size() + 1;
            pos = end + 1;
        }
        out << '\n';
    }

    std::string describeWait(const Graph& g, VertexId context)
    {
        std::string out;
        for (auto [e, end] = boost::out_edges(context, g); e != end; ++e) {
            const Edge& edge = g[*e];
            if (edge.kind != EdgeKind::Waits)
                continue;
            out += edge.spinning ? "spins on " : "waits for ";
            out += g[boost::target(*e, g)].label;
            out += edge.timed ? " (with a timeout)" : "";
            if (edge.mode != WaitMode::Exclusive)
                out += std::string(" [") + waitModeName(edge.mode) + "]";
            break;
        }
        if (out.empty() && !g[context].waitWhat.empty())
            out = g[context].waitWhat;
        std::vector<std::string> held;
        for (auto [e, end] = boost::in_edges(context, g); e != end; ++e)
            if (g[*e].kind == EdgeKind::Holds)
                held.push_back(g[boost::source(*e, g)].label);
        if (!held.empty()) {
            out += out.empty() ? "holds " : "; holds ";
            for (std::size_t i = 0; i < held.size(); ++i)
                out += (i ? ", " : "") + held[i];
        }
        if (g[context].irqsOff)
            out += " (IRQs off)";
        return out;
    }

    void writeFinding(std::ostream& out, const Analysis& a, const Finding& f, bool verbose)
    {
        const Graph& g = a.graph;
        out << "  [" << findingKindName(f.kind) << "] " << f.title << "   (" << confidenceName(f.confidence)
            << ", signature " << f.signature << ")\n";
        if (!f.diagnosis.empty())
            out << "      known hang: " << f.diagnosis << "  [" << f.ruleId << "]\n";
        if (!f.summary.empty())
            writeWrapped(out, "summary", f.summary);
        if (f.root != boost::graph_traits<Graph>::null_vertex()) {
            out << "      root: " << g[f.root].label;
            if (g[f.root].type == Vertex::Type::Context) {
                std::string wait = describeWait(g, f.root);
                if (!wait.empty())
                    out << " — " << wait;
            }
            out << '\n';
        }
        for (const auto& cycle : f.cycles) {
            out << "      cycle: ";
            for (std::size_t i = 0; i < cycle.size(); ++i) {
                const EdgeId e = cycle[i];
                if (i == 0)
                    out << g[boost::source(e, g)].label;
                out << " -" << edgeKindName(g[e].kind) << "-> " << g[boost::target(e, g)].label;
            }
            out << '\n';
        }
        std::size_t shown = 0;
        for (const FindingMember& m : f.contexts) {
            if (m.vertex == f.root)
                continue;
            if (!verbose && shown == 8) {
                out << "      ... " << f.contexts.size() - 1 - shown << " more (use --verbose)\n";
                break;
            }
            out << "      " << m.role << ": " << m.label;
            if (g[m.vertex].count > 1)
                out << " x" << g[m.vertex].count;
            std::string wait = describeWait(g, m.vertex);
            if (!wait.empty())
                out << " — " << wait;
            out << '\n';
            ++shown;
        }
        if (f.kind == FindingKind::Stall && f.blockedCount > 0)
            out << "      blocked behind the root: " << f.blockedCount << '\n';
        writeWrapped(out, "why", f.explanation);
        writeWrapped(out, "fix", f.fix);
        writeWrapped(out, "workaround", f.workaround);
        for (const std::string& r : f.references)
            out << "      see: " << r << '\n';
        writeWrapped(out, "owner unknown", f.ownerHint);
        std::size_t evidence = 0;
        for (const Evidence& e : f.evidence) {
            if (!verbose && evidence == 6) {
                out << "      evidence: ... " << f.evidence.size() - evidence << " more lines (use --verbose)\n";
                break;
            }
            out << "      evidence " << lines(e.span) << ": " << e.what;
            if (!e.ruleId.empty())
                out << "  (rule " << e.ruleId << ")";
            out << '\n';
            ++evidence;
        }
    }

} // namespace

void writeAnalysisText(std::ostream& out, const Analysis& a, bool verbose)
{
    std::size_t contexts = 0;
    for (auto [v, end] = boost::vertices(a.graph); v != end; ++v)
        contexts += a.graph[*v].type == Vertex::Type::Context;
    std::map<std::string, int> formats;
    for (const parsers::Region& r : a.dump.regions)
        ++formats[parsers::formatName(r.format)];
    out << a.dump.source << ": ";
    if (a.findings.empty())
        out << "no hang found";
    else
        out << a.findings.size() << (a.findings.size() == 1 ? " finding" : " findings");
    out << "  (" << a.dump.threads.size() << " stacks, " << contexts << " contexts";
    for (const auto& [name, n] : formats)
        out << ", " << name;
    out << ")\n";
    for (const Finding& f : a.findings)
        writeFinding(out, a, f, verbose);
}

} // namespace hvdump::cli
