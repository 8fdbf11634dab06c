// SPDX-License-Identifier: GPL-2.0-or-later
// The wait-for graph as interactive QGraphicsScene items: one GraphNodeItem per view node and
// one GraphEdgeItem per edge, placed where the layout put them. It keeps the laid-out graph,
// the style and the fonts alive for its items, and reports which node is selected.
#pragma once

#include "graphstyle.h"

#include <hvdump/app/gui/models/graphlayout.h>

#include <QGraphicsScene>

#include <memory>

namespace hvdump::gui {

class GraphNodeItem;

class GraphScene final : public QGraphicsScene
{
    Q_OBJECT
public:
    explicit GraphScene(QObject* parent = nullptr);

    void setGraph(std::shared_ptr<const LaidOutGraph> graph, const GraphStyle& style, const NodeFonts& fonts);
    const std::shared_ptr<const LaidOutGraph>& graph() const
    {
        return m_graph;
    }
    const GraphStyle& style() const
    {
        return m_style;
    }
    GraphNodeItem* nodeItem(int index) const;
    int nodeCount() const
    {
        return static_cast<int>(m_nodes.size());
    }
    /// The selected node, or -1.
    int selectedNode() const;
    /// Selects one node (-1 clears the selection); emits nodeSelected when it changes.
    void selectNode(int index);

Q_SIGNALS:
    void nodeSelected(int index);

private:
    std::shared_ptr<const LaidOutGraph> m_graph;
    GraphStyle m_style;
    NodeFonts m_fonts;
    std::vector<GraphNodeItem*> m_nodes;
    int m_lastSelected = -1;
};

} // namespace hvdump::gui
