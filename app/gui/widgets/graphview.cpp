// SPDX-License-Identifier: GPL-2.0-or-later
#include "graphview.h"

#include "graphnodeitem.h"
#include "graphscene.h"

#include <QKeyEvent>
#include <QLabel>
#include <QScrollBar>
#include <QVBoxLayout>
#include <QWheelEvent>

namespace hvdump::gui {
namespace {

    constexpr qreal maxFitScale = 1.3;
    constexpr qreal minScale = 0.05;
    constexpr qreal maxScale = 6;

} // namespace

GraphView::GraphView(QWidget* parent)
    : QGraphicsView(parent)
{
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    setDragMode(ScrollHandDrag);
    setTransformationAnchor(AnchorUnderMouse);
    setResizeAnchor(AnchorViewCenter);
    // the legend is painted in view coordinates: repaint whole frames
    setViewportUpdateMode(FullViewportUpdate);
    setFocusPolicy(Qt::StrongFocus);
    setAccessibleName(QStringLiteral("Wait-for graph"));
    setToolTip(QString());
    m_banner = new QLabel(this);
    m_banner->setWordWrap(true);
    m_banner->setAutoFillBackground(true);
    m_banner->setBackgroundRole(QPalette::ToolTipBase);
    m_banner->setForegroundRole(QPalette::ToolTipText);
    m_banner->setMargin(6);
    m_banner->hide();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_banner);
    layout->addStretch();
}

void GraphView::setGraphScene(GraphScene* scene)
{
    m_scene = scene;
    setScene(scene);
    m_autoFit = true;
    fitGraph();
}

void GraphView::setMessage(const QString& message)
{
    m_banner->setText(message);
    m_banner->setVisible(!message.isEmpty());
}

QString GraphView::message() const
{
    return m_banner->text();
}

void GraphView::setPlaceholder(const QString& text)
{
    m_placeholder = text;
    viewport()->update();
}

void GraphView::zoomIn()
{
    zoomBy(1.25);
}

void GraphView::zoomOut()
{
    zoomBy(1 / 1.25);
}

qreal GraphView::zoom() const
{
    return transform().m11();
}

void GraphView::zoomBy(qreal factor)
{
    const qreal target = std::clamp(zoom() * factor, minScale, maxScale);
    m_autoFit = false;
    scale(target / zoom(), target / zoom());
}

void GraphView::fitGraph()
{
    m_autoFit = true;
    if (!m_scene || m_scene->sceneRect().isEmpty()) {
        resetTransform();
        return;
    }
    fitInView(m_scene->sceneRect(), Qt::KeepAspectRatio);
    // small graphs are not blown up beyond a comfortable size
    if (zoom() > maxFitScale) {
        resetTransform();
        scale(maxFitScale, maxFitScale);
    }
    centerOn(m_scene->sceneRect().center());
}

void GraphView::revealNode(int index)
{
    if (!m_scene)
        return;
    if (GraphNodeItem* item = m_scene->nodeItem(index))
        ensureVisible(item, 40, 40);
}

void GraphView::wheelEvent(QWheelEvent* event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        const int delta = event->angleDelta().y();
        if (delta != 0)
            zoomBy(std::pow(1.0015, delta));
        event->accept();
        return;
    }
    QGraphicsView::wheelEvent(event);
}

void GraphView::keyPressEvent(QKeyEvent* event)
{
    const int key = event->key();
    if (key == Qt::Key_Plus || key == Qt::Key_Equal) {
        zoomIn();
    } else if (key == Qt::Key_Minus) {
        zoomOut();
    } else if (key == Qt::Key_F || (key == Qt::Key_0 && (event->modifiers() & Qt::ControlModifier))) {
        fitGraph();
    } else if (m_scene && m_scene->nodeCount() > 0
        && (key == Qt::Key_Right || key == Qt::Key_Down || key == Qt::Key_Left || key == Qt::Key_Up)) {
        const int step = key == Qt::Key_Right || key == Qt::Key_Down ? 1 : -1;
        const int n = m_scene->nodeCount();
        const int current = m_scene->selectedNode();
        const int next = current < 0 ? (step > 0 ? 0 : n - 1) : (current + step + n) % n;
        m_scene->selectNode(next);
        revealNode(next);
    } else {
        QGraphicsView::keyPressEvent(event);
        return;
    }
    event->accept();
}

void GraphView::resizeEvent(QResizeEvent* event)
{
    QGraphicsView::resizeEvent(event);
    if (m_autoFit)
        fitGraph();
}

void GraphView::drawForeground(QPainter* painter, const QRectF&)
{
    painter->save();
    painter->resetTransform();
    if (!m_scene || m_scene->nodeCount() == 0) {
        if (!m_placeholder.isEmpty()) {
            painter->setPen(palette().color(QPalette::PlaceholderText));
            painter->drawText(
                viewport()->rect().adjusted(20, 20, -20, -20), Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
        }
    } else {
        drawLegend(painter);
    }
    painter->restore();
}

void GraphView::drawLegend(QPainter* painter)
{
    const GraphStyle& s = m_scene->style();
    QFont font = this->font();
    if (font.pointSizeF() > 0)
        font.setPointSizeF(font.pointSizeF() * 0.85);
    painter->setFont(font);
    const QFontMetricsF m(font);
    const qreal line = m.lineSpacing() + 2;
    struct Entry
    {
        int symbol; // 0 box, 1 ellipse, 2 diamond, 3 solid, 4 dashed, 5 dotted, 6 red
        QString text;
    };
    const Entry entries[] = {
        { 0, QStringLiteral("thread / CPU") },
        { 1, QStringLiteral("lock, event, queue") },
        { 2, QStringLiteral("outside the dump") },
        { 3, QStringLiteral("waits for") },
        { 4, QStringLiteral("held by") },
        { 5, QStringLiteral("woken only by") },
        { 6, QStringLiteral("cycle / spinning") },
    };
    qreal textWidth = 0;
    for (const Entry& e : entries)
        textWidth = std::max(textWidth, m.horizontalAdvance(e.text));
    const QSizeF box(textWidth + 44, line * std::size(entries) + 8);
    const QRectF frame(QPointF(8, viewport()->height() - box.height() - 8), box);
    QColor back = s.background;
    back.setAlpha(230);
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(s.mutedBorder, 1));
    painter->setBrush(back);
    painter->drawRoundedRect(frame, 4, 4);
    qreal y = frame.top() + 4;
    for (const Entry& e : entries) {
        const QRectF symbol(frame.left() + 8, y + 3, 24, line - 6);
        const qreal mid = symbol.center().y();
        painter->setBrush(Qt::NoBrush);
        QPen pen(s.edge, 1.5);
        switch (e.symbol) {
        case 0:
            painter->setPen(QPen(s.border, 1.2));
            painter->setBrush(s.contextFill);
            painter->drawRoundedRect(symbol, 3, 3);
            break;
        case 1:
            painter->setPen(QPen(s.border, 1.2));
            painter->setBrush(s.resourceFill);
            painter->drawEllipse(symbol);
            break;
        case 2:
            painter->setPen(QPen(s.border, 1.2, Qt::DashLine));
            painter->setBrush(s.externalFill);
            painter->drawPolygon(QPolygonF({ QPointF(symbol.center().x(), symbol.top()), QPointF(symbol.right(), mid),
                QPointF(symbol.center().x(), symbol.bottom()), QPointF(symbol.left(), mid) }));
            break;
        case 4:
            pen.setDashPattern({ 5, 3 });
            [[fallthrough]];
        case 3:
        case 5:
        case 6:
            if (e.symbol == 5) {
                pen.setDashPattern({ 0.5, 2.5 });
                pen.setWidthF(2.3);
                pen.setCapStyle(Qt::RoundCap);
            }
            if (e.symbol == 6) {
                pen.setColor(s.alarm);
                pen.setWidthF(2.6);
            }
            painter->setPen(pen);
            painter->drawLine(QPointF(symbol.left(), mid), QPointF(symbol.right(), mid));
            break;
        }
        painter->setPen(s.text);
        painter->drawText(QRectF(symbol.right() + 8, y, textWidth + 4, line), Qt::AlignVCenter | Qt::AlignLeft, e.text);
        y += line;
    }
}

} // namespace hvdump::gui
