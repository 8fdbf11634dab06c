// SPDX-License-Identifier: GPL-2.0-or-later
// What the graph view draws, built from the wait-for graph: one node per context, resource or
// external party, except that identical waiters (contexts whose only edge is the same wait, from
// the same key frame, on the same resource) collapse into one node with a count. The scope is
// either what matters (the findings' members and chains) or the whole graph. Nodes carry their
// text lines and measured size, so a layout engine can place them without knowing about fonts.
#pragma once

#include <hvdump/graph/analysis.h>

#include <QFont>
#include <QSizeF>
#include <QStringList>

#include <vector>

namespace hvdump::gui {

enum class NodeShape : std::uint8_t { Context, Resource, External };

struct ViewNode
{
    NodeShape shape = NodeShape::Context;
    QStringList lines; // the first titleLines lines are the title (bold)
    int titleLines = 1;
    QString badge; // "spinning", "spinning · IRQs off"
    int count = 1; // contexts the node stands for (collapsed waiters, ::stacks counts)
    bool spinning = false;
    bool root = false; // the root of a finding
    bool member = false; // part of a finding
    std::vector<graph::VertexId> vertices;
    std::vector<parsers::ThreadId> threads; // every dump thread (snapshot) behind the node
    parsers::ThreadId thread; // the one to show: the first context's latest snapshot
    QString toolTip;
    parsers::LineSpan span; // the lines to highlight when the node is selected
    QSizeF size; // outer size of the drawn shape, in points
};

struct ViewEdge
{
    int from = 0;
    int to = 0;
    graph::EdgeKind kind = graph::EdgeKind::Waits;
    bool spinning = false;
    bool cycle = false; // on a deadlock cycle
    bool onFinding = false; // one of the edges a finding stands on
    graph::Confidence confidence = graph::Confidence::Inferred;
    QString label; // "waits for", "held by", "woken only by"
    QString toolTip;
};

/// The fonts nodes are measured and drawn with.
struct NodeFonts
{
    QFont title;
    QFont text;
    QFont badge;
    static NodeFonts fromBase(const QFont& base);
};

class ViewGraph
{
public:
    enum class Scope { WhatMatters, Whole };

    /// WhatMatters on an analysis without findings gives the whole graph (scope() says so).
    static ViewGraph build(const graph::Analysis& analysis, Scope scope, const NodeFonts& fonts);

    const std::vector<ViewNode>& nodes() const
    {
        return m_nodes;
    }
    const std::vector<ViewEdge>& edges() const
    {
        return m_edges;
    }
    Scope scope() const
    {
        return m_scope;
    }
    /// Contexts without any wait or hold that the whole graph leaves out when it is large.
    int omittedContexts() const
    {
        return m_omitted;
    }
    /// The node that shows a thread (any of its snapshots), or -1.
    int nodeOfThread(parsers::ThreadId thread) const;
    int nodeOfVertex(graph::VertexId vertex) const;

    /// Size of the text block of a node (all lines), and the outer size of its shape.
    static QSizeF textSize(const ViewNode& node, const NodeFonts& fonts);
    static QSizeF shapeSize(NodeShape shape, QSizeF text);

private:
    std::vector<ViewNode> m_nodes;
    std::vector<ViewEdge> m_edges;
    std::vector<int> m_nodeOfVertex;
    std::vector<std::pair<std::uint32_t, int>> m_nodeOfThread; // sorted by thread index
    Scope m_scope = Scope::Whole;
    int m_omitted = 0;
    friend class ViewGraphBuilder;
};

} // namespace hvdump::gui
