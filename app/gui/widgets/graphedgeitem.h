// SPDX-License-Identifier: GPL-2.0-or-later
// One edge of the wait-for graph view, drawn along the spline the layout routed: waits solid,
// holds dashed, "woken only by" dotted; red on a deadlock cycle or a spin; muted when it is not
// part of any finding. A short label ("waits for", "held by") sits where the layout put it.
#pragma once

#include "graphstyle.h"

#include <hvdump/app/gui/models/graphlayout.h>

#include <QGraphicsItem>
#include <QPainterPath>

namespace hvdump::gui {

class GraphEdgeItem final : public QGraphicsItem
{
public:
    enum { Type = UserType + 2 };

    GraphEdgeItem(const ViewEdge& edge, const GraphLayout::Edge& geometry, bool anyFindings, const GraphStyle& style,
        const NodeFonts& fonts);

    int type() const override
    {
        return Type;
    }
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    QPen pen() const;

    const ViewEdge& m_edge;
    const GraphStyle& m_style;
    QFont m_labelFont;
    QPainterPath m_path;
    QPolygonF m_arrow;
    QRectF m_labelRect;
    bool m_muted = false;
};

} // namespace hvdump::gui
