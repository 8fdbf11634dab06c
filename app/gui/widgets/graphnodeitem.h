// SPDX-License-Identifier: GPL-2.0-or-later
// One node of the wait-for graph view: a context (rounded box), a resource (ellipse) or a party
// outside the dump (dashed diamond), with its text lines, a red border and "spinning" badge for
// spinning contexts, a double border for a finding's root and a "×N" badge for collapsed
// waiters. Selectable and focusable; hovering shows the top frames as a tooltip.
#pragma once

#include "graphstyle.h"

#include <QGraphicsItem>

namespace hvdump::gui {

class GraphNodeItem final : public QGraphicsItem
{
public:
    enum { Type = UserType + 1 };

    GraphNodeItem(const ViewNode& node, int index, const GraphStyle& style, const NodeFonts& fonts);

    int index() const
    {
        return m_index;
    }
    const ViewNode& node() const
    {
        return m_node;
    }
    int type() const override
    {
        return Type;
    }
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

protected:
    void hoverEnterEvent(QGraphicsSceneHoverEvent* event) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent* event) override;

private:
    QRectF rect() const;
    void paintBadge(
        QPainter* painter, const QString& text, QPointF center, const QColor& fill, const QColor& textColor) const;

    const ViewNode& m_node;
    int m_index;
    const GraphStyle& m_style;
    const NodeFonts& m_fonts;
    QPainterPath m_outline;
    bool m_hovered = false;
};

} // namespace hvdump::gui
