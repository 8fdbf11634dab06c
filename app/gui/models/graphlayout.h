// SPDX-License-Identifier: GPL-2.0-or-later
// Where the nodes and edges of a ViewGraph go. Layout is separate from drawing: Graphviz's
// `dot -Tplain` places the nodes (at the sizes the ViewGraph measured) and routes the edges as
// cubic B-splines; when dot is missing, fails or the graph is too large for it, a built-in
// layered layout of our own takes over and `message` says why. Coordinates are in points with
// y growing downwards; every edge is a chain of cubic Bézier segments p0 (c1 c2 p)*.
#pragma once

#include "viewgraph.h"

#include <QByteArray>
#include <QPointF>
#include <QRectF>
#include <QVector>

namespace hvdump::gui {

struct GraphLayout
{
    struct Node
    {
        QPointF center;
        QSizeF size;
    };
    struct Edge
    {
        QVector<QPointF> points; // p0, then (c1, c2, p) per cubic segment
        QPointF labelPos;
        bool hasLabel = false;
    };
    std::vector<Node> nodes;
    std::vector<Edge> edges;
    QRectF bounds;
    QString engine; // "dot" or "built-in"
    QString message; // why the built-in layout was used, empty otherwise
};

class GraphLayouter
{
public:
    /// Lays out with `dot` when it is found and the graph is not too large, else with the
    /// built-in layered layout. Blocks: call it off the GUI thread for large graphs.
    static GraphLayout layout(const ViewGraph& graph, const QString& dotProgram = QStringLiteral("dot"));

    /// The DOT text handed to Graphviz: fixed node sizes, no arrowheads (the view draws its own).
    static QByteArray layoutDot(const ViewGraph& graph);
    /// Reads `dot -Tplain` output into a layout; false when it does not match the graph.
    static bool readPlain(const QByteArray& plain, const ViewGraph& graph, GraphLayout& out);
    /// Runs dot; false with a reason when it is missing, fails or times out.
    static bool runDot(const ViewGraph& graph, const QString& dotProgram, GraphLayout& out, QString& error);
    /// The built-in layered (Sugiyama-style) layout: longest-path layers, barycentre ordering.
    static GraphLayout layered(const ViewGraph& graph);

    /// Node count above which dot is not asked (it would take minutes).
    static constexpr int dotNodeLimit = 1500;
};

} // namespace hvdump::gui

namespace hvdump::gui {

/// A view graph together with where its items go: what the graph view draws and exports.
struct LaidOutGraph
{
    ViewGraph graph;
    GraphLayout layout;
};

} // namespace hvdump::gui
