// SPDX-License-Identifier: GPL-2.0-or-later
// The built-in half of GraphLayouter: a small layered layout for when Graphviz cannot be used.
// Cycles are broken by reversing DFS back edges, layers come from the longest path, the order
// within a layer from a few barycentre sweeps; edges are single Bézier curves.
#include "graphlayout.h"

#include <QLineF>

#include <algorithm>
#include <numeric>

namespace hvdump::gui {
namespace {

    constexpr qreal nodeGap = 28;
    constexpr qreal layerGap = 56;

    // where the segment from the centre towards `towards` leaves the node's box
    QPointF boxExit(const GraphLayout::Node& n, QPointF towards)
    {
        const QPointF d = towards - n.center;
        if (qFuzzyIsNull(d.x()) && qFuzzyIsNull(d.y()))
            return n.center;
        const qreal sx = d.x() != 0 ? (n.size.width() / 2) / std::abs(d.x()) : 1e9;
        const qreal sy = d.y() != 0 ? (n.size.height() / 2) / std::abs(d.y()) : 1e9;
        return n.center + d * std::min({ sx, sy, 1.0 });
    }

    std::vector<int> layersOf(const ViewGraph& graph)
    {
        const std::size_t n = graph.nodes().size();
        std::vector<std::vector<int>> out(n);
        for (const ViewEdge& e : graph.edges())
            out[static_cast<std::size_t>(e.from)].push_back(e.to);
        // iterative DFS marks back edges, which are dropped for layering
        std::vector<int> state(n, 0); // 0 new, 1 on stack, 2 done
        std::vector<std::vector<int>> dag(n);
        for (std::size_t root = 0; root < n; ++root) {
            if (state[root])
                continue;
            std::vector<std::pair<int, std::size_t>> stack { { static_cast<int>(root), 0 } };
            state[root] = 1;
            while (!stack.empty()) {
                auto& [v, next] = stack.back();
                if (next < out[static_cast<std::size_t>(v)].size()) {
                    const int w = out[static_cast<std::size_t>(v)][next++];
                    if (state[static_cast<std::size_t>(w)] == 1)
                        continue; // back edge
                    dag[static_cast<std::size_t>(v)].push_back(w);
                    if (state[static_cast<std::size_t>(w)] == 0) {
                        state[static_cast<std::size_t>(w)] = 1;
                        stack.emplace_back(w, 0);
                    }
                } else {
                    state[static_cast<std::size_t>(v)] = 2;
                    stack.pop_back();
                }
            }
        }
        std::vector<int> indegree(n, 0);
        for (const auto& targets : dag)
            for (int w : targets)
                ++indegree[static_cast<std::size_t>(w)];
        std::vector<int> layer(n, 0);
        std::vector<int> ready;
        for (std::size_t v = 0; v < n; ++v)
            if (indegree[v] == 0)
                ready.push_back(static_cast<int>(v));
        while (!ready.empty()) {
            const int v = ready.back();
            ready.pop_back();
            for (int w : dag[static_cast<std::size_t>(v)]) {
                layer[static_cast<std::size_t>(w)] =
                    std::max(layer[static_cast<std::size_t>(w)], layer[static_cast<std::size_t>(v)] + 1);
                if (--indegree[static_cast<std::size_t>(w)] == 0)
                    ready.push_back(w);
            }
        }
        return layer;
    }

} // namespace

GraphLayout GraphLayouter::layered(const ViewGraph& graph)
{
    GraphLayout out;
    out.engine = QStringLiteral("built-in");
    const std::size_t n = graph.nodes().size();
    if (n == 0)
        return out;
    const std::vector<int> layer = layersOf(graph);
    const int layerCount = *std::max_element(layer.begin(), layer.end()) + 1;
    std::vector<std::vector<int>> rows(static_cast<std::size_t>(layerCount));
    for (std::size_t v = 0; v < n; ++v)
        rows[static_cast<std::size_t>(layer[v])].push_back(static_cast<int>(v));

    // barycentre ordering: a node moves towards the mean position of its neighbours
    std::vector<double> position(n, 0);
    auto renumber = [&]() {
        for (const auto& row : rows)
            for (std::size_t i = 0; i < row.size(); ++i)
                position[static_cast<std::size_t>(row[i])] = static_cast<double>(i);
    };
    renumber();
    std::vector<std::vector<int>> neighbours(n);
    for (const ViewEdge& e : graph.edges()) {
        neighbours[static_cast<std::size_t>(e.from)].push_back(e.to);
        neighbours[static_cast<std::size_t>(e.to)].push_back(e.from);
    }
    for (int sweep = 0; sweep < 6; ++sweep) {
        for (auto& row : rows) {
            std::vector<double> key(n, 0);
            for (int v : row) {
                double sum = 0;
                int count = 0;
                for (int w : neighbours[static_cast<std::size_t>(v)]) {
                    sum += position[static_cast<std::size_t>(w)];
                    ++count;
                }
                key[static_cast<std::size_t>(v)] = count ? sum / count : position[static_cast<std::size_t>(v)];
            }
            std::stable_sort(row.begin(), row.end(),
                [&](int a, int b) { return key[static_cast<std::size_t>(a)] < key[static_cast<std::size_t>(b)]; });
        }
        renumber();
    }

    // coordinates: rows stacked top to bottom, each centred on the widest
    out.nodes.assign(n, {});
    std::vector<qreal> rowWidth(rows.size(), 0);
    qreal widest = 0;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        for (int v : rows[r])
            rowWidth[r] += graph.nodes()[static_cast<std::size_t>(v)].size.width() + nodeGap;
        widest = std::max(widest, rowWidth[r]);
    }
    qreal y = 0;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        qreal rowHeight = 0;
        for (int v : rows[r])
            rowHeight = std::max(rowHeight, graph.nodes()[static_cast<std::size_t>(v)].size.height());
        qreal x = (widest - rowWidth[r]) / 2;
        for (int v : rows[r]) {
            const QSizeF size = graph.nodes()[static_cast<std::size_t>(v)].size;
            out.nodes[static_cast<std::size_t>(v)] = { QPointF(x + size.width() / 2, y + rowHeight / 2), size };
            x += size.width() + nodeGap;
        }
        y += rowHeight + layerGap;
    }

    for (const ViewEdge& e : graph.edges()) {
        const GraphLayout::Node& a = out.nodes[static_cast<std::size_t>(e.from)];
        const GraphLayout::Node& b = out.nodes[static_cast<std::size_t>(e.to)];
        const QPointF p0 = boxExit(a, b.center);
        const QPointF p3 = boxExit(b, a.center);
        const qreal bend = (p3.y() - p0.y()) / 3;
        GraphLayout::Edge edge;
        edge.points = { p0, QPointF(p0.x(), p0.y() + bend), QPointF(p3.x(), p3.y() - bend), p3 };
        edge.labelPos = (p0 + p3) / 2 + QPointF(6, 0);
        edge.hasLabel = !e.label.isEmpty();
        out.edges.push_back(edge);
    }
    QRectF bounds;
    for (const GraphLayout::Node& node : out.nodes)
        bounds |= QRectF(node.center - QPointF(node.size.width(), node.size.height()) / 2, node.size);
    out.bounds = bounds.adjusted(-16, -16, 16, 16);
    return out;
}

} // namespace hvdump::gui
