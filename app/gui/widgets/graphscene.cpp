// SPDX-License-Identifier: GPL-2.0-or-later
#include "graphscene.h"

#include "graphedgeitem.h"
#include "graphnodeitem.h"

namespace hvdump::gui {

GraphScene::GraphScene(QObject* parent)
    : QGraphicsScene(parent)
    , m_style(GraphStyle::lightTheme())
{
    connect(this, &QGraphicsScene::selectionChanged, this, [this]() {
        const int selected = selectedNode();
        if (selected == m_lastSelected)
            return;
        m_lastSelected = selected;
        Q_EMIT nodeSelected(selected);
    });
}

void GraphScene::setGraph(std::shared_ptr<const LaidOutGraph> graph, const GraphStyle& style, const NodeFonts& fonts)
{
    // items hold references into the graph, the style and the fonts: clear them first
    const QSignalBlocker blocker(this);
    clear();
    m_nodes.clear();
    m_lastSelected = -1;
    m_graph = std::move(graph);
    m_style = style;
    m_fonts = fonts;
    setBackgroundBrush(m_style.background);
    if (!m_graph) {
        setSceneRect(QRectF());
        return;
    }
    const ViewGraph& g = m_graph->graph;
    const GraphLayout& layout = m_graph->layout;
    bool anyFindings = false;
    for (const ViewNode& n : g.nodes())
        anyFindings = anyFindings || n.member;
    for (std::size_t i = 0; i < g.edges().size() && i < layout.edges.size(); ++i)
        addItem(new GraphEdgeItem(g.edges()[i], layout.edges[i], anyFindings, m_style, m_fonts));
    for (std::size_t i = 0; i < g.nodes().size() && i < layout.nodes.size(); ++i) {
        auto* item = new GraphNodeItem(g.nodes()[i], static_cast<int>(i), m_style, m_fonts);
        item->setPos(layout.nodes[i].center);
        if (anyFindings && !g.nodes()[i].member)
            item->setOpacity(0.6); // the whole graph: what no finding involves steps back
        addItem(item);
        m_nodes.push_back(item);
    }
    setSceneRect(layout.bounds);
}

GraphNodeItem* GraphScene::nodeItem(int index) const
{
    return index >= 0 && index < nodeCount() ? m_nodes[static_cast<std::size_t>(index)] : nullptr;
}

int GraphScene::selectedNode() const
{
    for (QGraphicsItem* item : selectedItems())
        if (item->type() == GraphNodeItem::Type)
            return static_cast<GraphNodeItem*>(item)->index();
    return -1;
}

void GraphScene::selectNode(int index)
{
    if (index == selectedNode())
        return;
    clearSelection();
    if (GraphNodeItem* item = nodeItem(index)) {
        item->setSelected(true);
        setFocusItem(item);
    }
}

} // namespace hvdump::gui
