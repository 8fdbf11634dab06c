// SPDX-License-Identifier: GPL-2.0-or-later
#include "graphedgeitem.h"

#include <QFontMetricsF>
#include <QLineF>
#include <QPainter>
#include <QPainterPathStroker>

#include <cmath>

namespace hvdump::gui {

GraphEdgeItem::GraphEdgeItem(const ViewEdge& edge, const GraphLayout::Edge& geometry, bool anyFindings,
    const GraphStyle& style, const NodeFonts& fonts)
    : m_edge(edge)
    , m_style(style)
    , m_labelFont(fonts.text)
{
    setZValue(-1);
    setToolTip(edge.toolTip);
    setAcceptHoverEvents(true);
    m_muted = anyFindings && !edge.onFinding;
    if (m_labelFont.pointSizeF() > 0)
        m_labelFont.setPointSizeF(m_labelFont.pointSizeF() * 0.85);
    const QVector<QPointF>& p = geometry.points;
    if (p.isEmpty())
        return;
    m_path.moveTo(p.front());
    if ((p.size() - 1) % 3 == 0) {
        for (qsizetype i = 1; i + 2 < p.size(); i += 3)
            m_path.cubicTo(p[i], p[i + 1], p[i + 2]);
    } else {
        for (qsizetype i = 1; i < p.size(); ++i)
            m_path.lineTo(p[i]);
    }
    // the arrowhead points along the last piece of the curve that has a length
    const QPointF tip = p.back();
    QPointF from = tip;
    for (qsizetype i = p.size() - 2; i >= 0 && QLineF(from, tip).length() < 1; --i)
        from = p[i];
    if (QLineF(from, tip).length() >= 1) {
        const double angle = std::atan2(tip.y() - from.y(), tip.x() - from.x());
        const qreal size = edge.cycle || edge.spinning ? 12 : 10;
        const QPointF left = tip - QPointF(std::cos(angle - 0.4), std::sin(angle - 0.4)) * size;
        const QPointF right = tip - QPointF(std::cos(angle + 0.4), std::sin(angle + 0.4)) * size;
        m_arrow = QPolygonF({ tip, left, right });
    }
    if (geometry.hasLabel && !edge.label.isEmpty()) {
        const QFontMetricsF m(m_labelFont);
        const QSizeF size(m.horizontalAdvance(edge.label) + 8, m.height() + 2);
        m_labelRect = QRectF(geometry.labelPos - QPointF(size.width() / 2, size.height() / 2), size);
    }
}

QPen GraphEdgeItem::pen() const
{
    QColor color = m_muted ? m_style.mutedEdge : m_style.edge;
    qreal width = m_muted ? 1.1 : 1.7;
    if (m_edge.cycle || m_edge.spinning) {
        color = m_style.alarm;
        width = 2.6;
    }
    QPen pen(color, width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    switch (m_edge.kind) {
    case graph::EdgeKind::Waits:
        break;
    case graph::EdgeKind::Holds:
        pen.setDashPattern({ 5, 3 });
        break;
    case graph::EdgeKind::Signals:
        pen.setDashPattern({ 0.5, 2.5 });
        pen.setWidthF(width + 0.8);
        break;
    }
    return pen;
}

QRectF GraphEdgeItem::boundingRect() const
{
    return (m_path.boundingRect() | m_arrow.boundingRect() | m_labelRect).adjusted(-4, -4, 4, 4);
}

QPainterPath GraphEdgeItem::shape() const
{
    QPainterPathStroker stroker;
    stroker.setWidth(8);
    QPainterPath shape = stroker.createStroke(m_path);
    shape.addRect(m_labelRect);
    return shape;
}

void GraphEdgeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*)
{
    painter->setRenderHint(QPainter::Antialiasing);
    const QPen linePen = pen();
    painter->setPen(linePen);
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(m_path);
    if (!m_arrow.isEmpty()) {
        painter->setPen(QPen(linePen.color(), 1));
        painter->setBrush(linePen.color());
        painter->drawPolygon(m_arrow);
    }
    if (!m_labelRect.isEmpty()) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(m_style.labelBackground);
        painter->drawRoundedRect(m_labelRect, 3, 3);
        painter->setFont(m_labelFont);
        painter->setPen(m_edge.cycle || m_edge.spinning ? m_style.alarm : m_muted ? m_style.mutedText : m_style.text);
        painter->drawText(m_labelRect, Qt::AlignCenter, m_edge.label);
    }
}

} // namespace hvdump::gui
