// SPDX-License-Identifier: GPL-2.0-or-later
#include "viewgraph.h"

#include "guitext.h"

#include <hvdump/graph/graphquery.h>
#include <hvdump/graph/signature.h>

#include <QFontMetricsF>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace hvdump::gui {
namespace {

    using graph::Graph;
    using graph::VertexId;

    // the whole graph leaves out contexts with no edge beyond this many vertices

    QStringList wrapWords(const QString& text, int maxChars)
    {
        QStringList lines;
        QString current;
        for (const QString& word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            if (!current.isEmpty() && current.size() + 1 + word.size() > maxChars) {
                lines.append(current);
                current.clear();
            }
            current += (current.isEmpty() ? QString() : QStringLiteral(" ")) + elideMiddle(word, maxChars);
        }
        if (!current.isEmpty())
            lines.append(current);
        return lines;
    }

    QString hexAddress(std::uint64_t address)
    {
        return QStringLiteral("0x%1").arg(address, 0, 16);
    }

    QString edgeLabel(const graph::Edge& e)
    {
        switch (e.kind) {
        case graph::EdgeKind::Waits: {
            QString label = e.spinning ? QStringLiteral("spins on") : QStringLiteral("waits for");
            if (e.mode == graph::WaitMode::Write)
                label += QStringLiteral(" (write)");
            else if (e.mode == graph::WaitMode::Read || e.mode == graph::WaitMode::Shared)
                label += QStringLiteral(" (read)");
            if (e.timed)
                label += QStringLiteral(", timed");
            return label;
        }
        case graph::EdgeKind::Holds:
            return e.mode == graph::WaitMode::Read || e.mode == graph::WaitMode::Shared ? QStringLiteral("read-held by")
                                                                                        : QStringLiteral("held by");
        case graph::EdgeKind::Signals:
            return QStringLiteral("woken only by");
        }
        return {};
    }

} // namespace

NodeFonts NodeFonts::fromBase(const QFont& base)
{
    NodeFonts fonts;
    fonts.text = base;
    fonts.title = base;
    fonts.title.setBold(true);
    fonts.badge = base;
    fonts.badge.setBold(true);
    if (base.pointSizeF() > 0)
        fonts.badge.setPointSizeF(base.pointSizeF() * 0.85);
    return fonts;
}

class ViewGraphBuilder
{
public:
    ViewGraphBuilder(const graph::Analysis& a, ViewGraph::Scope scope, const NodeFonts& fonts)
        : m_a(a)
        , m_g(a.graph)
        , m_fonts(fonts)
    {
        m_out.m_scope = a.findings.empty() ? ViewGraph::Scope::Whole : scope;
    }

    ViewGraph build()
    {
        markFindings();
        chooseVertices();
        makeNodes();
        makeEdges();
        for (ViewNode& n : m_out.m_nodes)
            n.size = ViewGraph::shapeSize(n.shape, ViewGraph::textSize(n, m_fonts));
        std::sort(m_out.m_nodeOfThread.begin(), m_out.m_nodeOfThread.end());
        return std::move(m_out);
    }

private:
    void markFindings()
    {
        const std::size_t n = boost::num_vertices(m_g);
        m_member.assign(n, false);
        m_root.assign(n, false);
        auto mark = [&](VertexId v) {
            if (v < n)
                m_member[v] = true;
        };
        for (const graph::Finding& f : m_a.findings) {
            for (const graph::FindingMember& m : f.contexts)
                mark(m.vertex);
            for (const graph::FindingMember& m : f.resources)
                mark(m.vertex);
            mark(f.root);
            if (f.root < n)
                m_root[f.root] = true;
            for (graph::EdgeId e : f.edges) {
                m_findingEdges.insert(&m_g[e]);
                mark(boost::source(e, m_g));
                mark(boost::target(e, m_g));
            }
            for (const auto& cycle : f.cycles)
                for (graph::EdgeId e : cycle)
                    m_cycleEdges.insert(&m_g[e]);
        }
    }

    void chooseVertices()
    {
        const std::size_t n = boost::num_vertices(m_g);
        m_included.assign(n, false);
        const bool whole = m_out.m_scope == ViewGraph::Scope::Whole;
        for (VertexId v = 0; v < n; ++v) {
            if (!whole) {
                m_included[v] = m_member[v];
                continue;
            }
            // a context that neither waits nor holds says nothing in a picture of waits: a row of
            // them would only bury the edges (the threads panel still lists them)
            const bool quiet = boost::out_degree(v, m_g) == 0 && boost::in_degree(v, m_g) == 0;
            if (quiet && graph::isContext(m_g, v)) {
                ++m_out.m_omitted;
                continue;
            }
            m_included[v] = true;
        }
    }

    // a context whose only drawn edge is one wait, and that nothing points at
    bool collapsible(VertexId v, graph::EdgeId& wait) const
    {
        if (!graph::isContext(m_g, v) || m_root[v])
            return false;
        for (auto [e, end] = boost::in_edges(v, m_g); e != end; ++e)
            if (m_included[boost::source(*e, m_g)])
                return false;
        int waits = 0;
        for (auto [e, end] = boost::out_edges(v, m_g); e != end; ++e) {
            if (!m_included[boost::target(*e, m_g)])
                continue;
            if (m_g[*e].kind != graph::EdgeKind::Waits || ++waits > 1)
                return false;
            wait = *e;
        }
        return waits == 1;
    }

    void makeNodes()
    {
        const std::size_t n = boost::num_vertices(m_g);
        m_out.m_nodeOfVertex.assign(n, -1);
        using Key = std::tuple<VertexId, std::string, bool, int, bool>;
        std::map<Key, std::vector<VertexId>> groups;
        std::vector<Key> keyOf(n);
        std::vector<bool> grouped(n, false);
        for (VertexId v = 0; v < n; ++v) {
            graph::EdgeId wait;
            if (!m_included[v] || !collapsible(v, wait))
                continue;
            const graph::Edge& e = m_g[wait];
            keyOf[v] = Key(boost::target(wait, m_g), graph::contextKeyFrame(m_g, m_a.dump, v), e.spinning,
                static_cast<int>(e.mode), m_member[v]);
            groups[keyOf[v]].push_back(v);
            grouped[v] = true;
        }
        for (VertexId v = 0; v < n; ++v) {
            if (!m_included[v] || m_out.m_nodeOfVertex[v] >= 0)
                continue;
            std::vector<VertexId> members { v };
            if (grouped[v] && groups[keyOf[v]].size() > 1)
                members = groups[keyOf[v]];
            const int index = static_cast<int>(m_out.m_nodes.size());
            m_out.m_nodes.push_back(graph::isContext(m_g, v) ? contextNode(members) : resourceNode(v));
            for (VertexId m : members)
                m_out.m_nodeOfVertex[m] = index;
            for (parsers::ThreadId t : m_out.m_nodes.back().threads)
                m_out.m_nodeOfThread.emplace_back(t.value, index);
        }
    }

    ViewNode contextNode(const std::vector<VertexId>& members) const
    {
        ViewNode node;
        node.shape = NodeShape::Context;
        node.count = 0;
        QStringList names;
        for (VertexId v : members) {
            const graph::Vertex& x = m_g[v];
            node.vertices.push_back(v);
            node.count += static_cast<int>(std::max<std::uint32_t>(x.count, 1));
            node.spinning = node.spinning || x.spinning;
            node.root = node.root || m_root[v];
            node.member = node.member || m_member[v];
            if (!x.snapshots.empty())
                node.threads.insert(node.threads.end(), x.snapshots.begin(), x.snapshots.end());
            else if (x.thread.valid())
                node.threads.push_back(x.thread);
            const parsers::Thread* t = graph::threadOf(m_g, m_a.dump, v);
            names.append(t && t->name.valid() ? toQString(m_a.dump.str(t->name)) : toQString(x.label));
        }
        const VertexId first = members.front();
        const graph::Vertex& x = m_g[first];
        const parsers::Thread* t = graph::threadOf(m_g, m_a.dump, first);
        node.lines.append(elideMiddle(names.join(QStringLiteral(", ")), 44));
        if (members.size() > 1) {
            node.lines.append(QStringLiteral("%1 identical waiters").arg(members.size()));
        } else if (t) {
            QString id = toQString(m_a.dump.str(t->id));
            if (id == names.front())
                id.clear();
            if (t->cpu >= 0 && !id.contains(QStringLiteral("CPU")))
                id += (id.isEmpty() ? QString() : QStringLiteral(" \u00b7 ")) + QStringLiteral("CPU %1").arg(t->cpu);
            if (!id.isEmpty())
                node.lines.append(elideMiddle(id, 44));
        }
        const std::string key = graph::contextKeyFrame(m_g, m_a.dump, first);
        if (!key.empty())
            node.lines.append(shortFunctionName(key, 44));
        if (node.spinning)
            node.badge = x.irqsOff ? QStringLiteral("spinning \u00b7 IRQs off") : QStringLiteral("spinning");
        if (t)
            node.span = t->span;
        node.thread = x.thread;
        node.toolTip = contextToolTip(first, members.size());
        return node;
    }

    QString contextToolTip(VertexId v, std::size_t collapsed) const
    {
        const graph::Vertex& x = m_g[v];
        QString tip = toQString(x.label);
        if (collapsed > 1)
            tip += QStringLiteral("  (and %1 more with the same wait)").arg(collapsed - 1);
        if (!x.waitWhat.empty())
            tip += QLatin1Char('\n') + toQString(x.waitWhat);
        for (auto [e, end] = boost::in_edges(v, m_g); e != end; ++e)
            if (m_g[*e].kind == graph::EdgeKind::Holds)
                tip += QStringLiteral("\nholds ") + toQString(m_g[boost::source(*e, m_g)].label);
        if (const parsers::Thread* t = graph::threadOf(m_g, m_a.dump, v)) {
            if (t->stateText.valid())
                tip += QStringLiteral("\nstate: ") + toQString(m_a.dump.str(t->stateText));
            tip += QStringLiteral("\n\ntop frames:");
            std::size_t shown = 0;
            for (const parsers::Frame& f : t->frames) {
                if (shown++ == 8) {
                    tip += QStringLiteral("\n  \u2026");
                    break;
                }
                tip += QStringLiteral("\n  ") + (f.unreliable ? QStringLiteral("? ") : QString())
                    + (f.function.valid() ? elideMiddle(toQString(m_a.dump.str(f.function)), 90)
                                          : hexAddress(f.address));
            }
        }
        return tip;
    }

    ViewNode resourceNode(VertexId v) const
    {
        const graph::Vertex& x = m_g[v];
        ViewNode node;
        node.vertices.push_back(v);
        node.member = m_member[v];
        node.root = m_root[v];
        const QString kind = QString::fromLatin1(graph::resourceKindName(x.kind));
        if (x.kind == graph::ResourceKind::External) {
            node.shape = NodeShape::External;
            QString text = toQString(x.name.empty() ? x.label : x.name);
            node.lines = wrapWords(text, 24);
            node.titleLines = 0;
        } else {
            node.shape = NodeShape::Resource;
            const QString label = toQString(x.label);
            if (!x.name.empty()) {
                // object names are prose ("vCPU pause acknowledgement (vcpu_run_interrupted)"): wrap them
                const QStringList name = wrapWords(toQString(x.name), 28);
                node.lines.append(name.mid(0, 3));
                node.titleLines = static_cast<int>(std::min<qsizetype>(name.size(), 3));
                node.lines.append(x.address ? kind + QLatin1Char(' ') + hexAddress(x.address) : kind);
            } else if (x.address) {
                node.lines.append(kind);
                node.lines.append(hexAddress(x.address));
            } else {
                node.lines.append(kind);
                QString rest = label.startsWith(kind) ? label.mid(kind.size()).trimmed() : label;
                if (!rest.isEmpty())
                    node.lines.append(elideMiddle(rest, 40));
            }
        }
        node.toolTip = toQString(x.label);
        if (!x.identity.empty())
            node.toolTip += QStringLiteral("\nidentity: ") + toQString(x.identity);
        if (!x.ownerHint.empty())
            node.toolTip += QStringLiteral("\nto find the owner: ") + toQString(x.ownerHint);
        for (auto [e, end] = boost::in_edges(v, m_g); e != end && !node.span.valid(); ++e)
            for (const graph::Evidence& ev : m_g[*e].evidence)
                if (ev.span.valid()) {
                    node.span = ev.span;
                    break;
                }
        return node;
    }

    void makeEdges()
    {
        std::map<std::tuple<int, int, int>, std::size_t> seen;
        for (auto [e, end] = boost::edges(m_g); e != end; ++e) {
            const int from = m_out.m_nodeOfVertex[boost::source(*e, m_g)];
            const int to = m_out.m_nodeOfVertex[boost::target(*e, m_g)];
            if (from < 0 || to < 0 || from == to)
                continue;
            const graph::Edge& x = m_g[*e];
            const bool cycle = m_cycleEdges.count(&x) > 0;
            const bool onFinding = m_findingEdges.count(&x) > 0 || cycle;
            auto key = std::make_tuple(from, to, static_cast<int>(x.kind));
            if (auto it = seen.find(key); it != seen.end()) {
                ViewEdge& merged = m_out.m_edges[it->second];
                merged.cycle = merged.cycle || cycle;
                merged.onFinding = merged.onFinding || onFinding;
                merged.confidence = graph::weakest(merged.confidence, x.confidence);
                continue;
            }
            ViewEdge edge;
            edge.from = from;
            edge.to = to;
            edge.kind = x.kind;
            edge.spinning = x.spinning;
            edge.cycle = cycle;
            edge.onFinding = onFinding;
            edge.confidence = x.confidence;
            edge.label = edgeLabel(x);
            edge.toolTip = toQString(graph::edgeText(m_g, *e)) + QStringLiteral("\n") + edge.label
                + QStringLiteral(" \u00b7 ") + confidenceWord(x.confidence);
            for (const graph::Evidence& ev : x.evidence)
                edge.toolTip += QStringLiteral("\n") + spanShortText(ev.span) + QStringLiteral(": ")
                    + elideMiddle(toQString(ev.what), 120);
            seen.emplace(key, m_out.m_edges.size());
            m_out.m_edges.push_back(std::move(edge));
        }
    }

    const graph::Analysis& m_a;
    const Graph& m_g;
    const NodeFonts& m_fonts;
    ViewGraph m_out;
    std::vector<bool> m_member;
    std::vector<bool> m_root;
    std::vector<bool> m_included;
    std::set<const graph::Edge*> m_findingEdges;
    std::set<const graph::Edge*> m_cycleEdges;
};

ViewGraph ViewGraph::build(const graph::Analysis& analysis, Scope scope, const NodeFonts& fonts)
{
    return ViewGraphBuilder(analysis, scope, fonts).build();
}

int ViewGraph::nodeOfThread(parsers::ThreadId thread) const
{
    auto it = std::lower_bound(m_nodeOfThread.begin(), m_nodeOfThread.end(), std::make_pair(thread.value, -1));
    return it != m_nodeOfThread.end() && it->first == thread.value ? it->second : -1;
}

int ViewGraph::nodeOfVertex(graph::VertexId vertex) const
{
    return vertex < m_nodeOfVertex.size() ? m_nodeOfVertex[vertex] : -1;
}

QSizeF ViewGraph::textSize(const ViewNode& node, const NodeFonts& fonts)
{
    const QFontMetricsF title(fonts.title);
    const QFontMetricsF text(fonts.text);
    qreal width = 0;
    qreal height = 0;
    for (int i = 0; i < node.lines.size(); ++i) {
        const bool isTitle = i < node.titleLines;
        const QFontMetricsF& m = isTitle ? title : text;
        width = std::max(width, m.horizontalAdvance(node.lines[i]));
        height += m.lineSpacing();
    }
    if (!node.badge.isEmpty())
        width = std::max(width, QFontMetricsF(fonts.badge).horizontalAdvance(node.badge) + 24);
    return { std::ceil(width), std::ceil(height) };
}

QSizeF ViewGraph::shapeSize(NodeShape shape, QSizeF text)
{
    switch (shape) {
    case NodeShape::Context:
        return { text.width() + 24, text.height() + 18 };
    case NodeShape::Resource:
        return { std::ceil(text.width() * 1.42 + 14), std::ceil(text.height() * 1.42 + 10) };
    case NodeShape::External:
        return { std::ceil(text.width() * 1.6 + 16), std::ceil(text.height() * 2.7 + 8) };
    }
    return text;
}

} // namespace hvdump::gui
