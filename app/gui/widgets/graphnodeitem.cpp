// SPDX-License-Identifier: GPL-2.0-or-later
#include "graphnodeitem.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace hvdump::gui {
namespace {

    constexpr qreal margin = 16; // room for badges and the selection halo outside the shape

} // namespace

GraphNodeItem::GraphNodeItem(const ViewNode& node, int index, const GraphStyle& style, const NodeFonts& fonts)
    : m_node(node)
    , m_index(index)
    , m_style(style)
    , m_fonts(fonts)
{
    setFlags(ItemIsSelectable | ItemIsFocusable);
    setAcceptHoverEvents(true);
    setCursor(Qt::PointingHandCursor);
    setToolTip(node.toolTip);
    const QRectF r = rect();
    switch (node.shape) {
    case NodeShape::Context:
        m_outline.addRoundedRect(r, 8, 8);
        break;
    case NodeShape::Resource:
        m_outline.addEllipse(r);
        break;
    case NodeShape::External:
        m_outline.addPolygon(QPolygonF(
            { QPointF(r.center().x(), r.top()), QPointF(r.right(), r.center().y()), QPointF(r.center().x(), r.bottom()),
                QPointF(r.left(), r.center().y()), QPointF(r.center().x(), r.top()) }));
        break;
    }
}

QRectF GraphNodeItem::rect() const
{
    return QRectF(QPointF(-m_node.size.width() / 2, -m_node.size.height() / 2), m_node.size);
}

QRectF GraphNodeItem::boundingRect() const
{
    return rect().adjusted(-margin, -margin, margin + 12, margin);
}

QPainterPath GraphNodeItem::shape() const
{
    return m_outline;
}

void GraphNodeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    painter->setRenderHint(QPainter::Antialiasing);
    const bool selected = option->state & QStyle::State_Selected;
    if (selected) {
        painter->setPen(QPen(m_style.selection, 7, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(m_outline);
    }
    QColor fill = m_node.shape == NodeShape::Context ? m_style.contextFill
        : m_node.shape == NodeShape::Resource        ? m_style.resourceFill
                                                     : m_style.externalFill;
    QColor borderColor = m_node.member || m_node.root ? m_style.border : m_style.mutedBorder;
    qreal width = m_node.root ? 2.6 : m_node.member ? 1.6 : 1.1;
    if (m_node.spinning) {
        borderColor = m_style.alarm;
        width = 3;
    }
    if (m_hovered)
        width += 1;
    QPen pen(borderColor, width);
    if (m_node.shape == NodeShape::External)
        pen.setStyle(Qt::DashLine);
    painter->setPen(pen);
    painter->setBrush(fill);
    painter->drawPath(m_outline);
    if (m_node.root && m_node.shape == NodeShape::Context) {
        painter->setPen(QPen(borderColor, 1));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(rect().adjusted(4, 4, -4, -4), 5, 5);
    }

    // text block, centred
    const QFontMetricsF titleMetrics(m_fonts.title);
    const QFontMetricsF textMetrics(m_fonts.text);
    qreal blockHeight = 0;
    for (int i = 0; i < m_node.lines.size(); ++i)
        blockHeight += (i < m_node.titleLines ? titleMetrics : textMetrics).lineSpacing();
    qreal y = -blockHeight / 2;
    for (int i = 0; i < m_node.lines.size(); ++i) {
        const bool title = i < m_node.titleLines;
        const QFontMetricsF& m = title ? titleMetrics : textMetrics;
        painter->setFont(title ? m_fonts.title : m_fonts.text);
        // the id line of a context is secondary
        const bool secondary = (m_node.shape == NodeShape::Context && i == 1 && m_node.lines.size() > 2)
            || (m_node.shape == NodeShape::Resource && i >= m_node.titleLines && m_node.titleLines > 0);
        painter->setPen(secondary ? m_style.mutedText : m_style.text);
        const QRectF line(-m_node.size.width() / 2, y, m_node.size.width(), m.lineSpacing());
        painter->drawText(line, Qt::AlignHCenter | Qt::AlignVCenter, m_node.lines[i]);
        y += m.lineSpacing();
    }

    const QRectF r = rect();
    if (!m_node.badge.isEmpty())
        paintBadge(painter, m_node.badge, QPointF(0, r.top()), m_style.alarm, m_style.alarmText);
    if (m_node.count > 1)
        paintBadge(painter, QStringLiteral("\u00d7%1").arg(m_node.count), QPointF(r.right() - 4, r.top() + 2),
            m_style.countFill, m_style.background);
}

void GraphNodeItem::paintBadge(
    QPainter* painter, const QString& text, QPointF center, const QColor& fill, const QColor& textColor) const
{
    painter->setFont(m_fonts.badge);
    const QFontMetricsF m(m_fonts.badge);
    const QSizeF size(m.horizontalAdvance(text) + 12, m.height() + 2);
    const QRectF pill(center - QPointF(size.width() / 2, size.height() / 2), size);
    painter->setPen(Qt::NoPen);
    painter->setBrush(fill);
    painter->drawRoundedRect(pill, size.height() / 2, size.height() / 2);
    painter->setPen(textColor);
    painter->drawText(pill, Qt::AlignCenter, text);
}

void GraphNodeItem::hoverEnterEvent(QGraphicsSceneHoverEvent* event)
{
    m_hovered = true;
    update();
    QGraphicsItem::hoverEnterEvent(event);
}

void GraphNodeItem::hoverLeaveEvent(QGraphicsSceneHoverEvent* event)
{
    m_hovered = false;
    update();
    QGraphicsItem::hoverLeaveEvent(event);
}

} // namespace hvdump::gui
