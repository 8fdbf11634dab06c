// SPDX-License-Identifier: GPL-2.0-or-later
#include "rawtextview.h"

#include <hvdump/app/gui/models/guitext.h>

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QKeyEvent>
#include <QPainter>
#include <QScrollBar>

namespace hvdump::gui {
namespace {

    bool contains(parsers::LineSpan s, int line)
    {
        return s.valid() && line >= static_cast<int>(s.first) && line <= static_cast<int>(std::max(s.first, s.last));
    }

    QColor blend(const QColor& a, const QColor& b, qreal t)
    {
        return QColor::fromRgbF(a.redF() * (1 - t) + b.redF() * t, a.greenF() * (1 - t) + b.greenF() * t,
            a.blueF() * (1 - t) + b.blueF() * t);
    }

} // namespace

RawTextView::RawTextView(QWidget* parent)
    : QAbstractScrollArea(parent)
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setFocusPolicy(Qt::StrongFocus);
    setAccessibleName(QStringLiteral("Raw text of the dump"));
    viewport()->setCursor(Qt::IBeamCursor);
    horizontalScrollBar()->setSingleStep(fontMetrics().horizontalAdvance(QLatin1Char('x')) * 4);
}

void RawTextView::setText(RawTextPtr text)
{
    m_text = std::move(text);
    m_context = {};
    m_strong.clear();
    m_anchor = m_cursor = 0;
    updateScrollBars();
    verticalScrollBar()->setValue(0);
    viewport()->update();
}

void RawTextView::setHighlights(parsers::LineSpan context, std::vector<parsers::LineSpan> strong)
{
    m_context = context;
    m_strong = std::move(strong);
    viewport()->update();
}

int RawTextView::lineHeight() const
{
    return std::max(1, fontMetrics().lineSpacing());
}

int RawTextView::gutterWidth() const
{
    const int digits = QString::number(std::max(1, m_text ? m_text->lineCount() : 1)).size();
    return fontMetrics().horizontalAdvance(QLatin1Char('9')) * std::max(digits, 3) + 14;
}

int RawTextView::visibleLineCount() const
{
    return std::max(1, viewport()->height() / lineHeight());
}

int RawTextView::firstVisibleLine() const
{
    return verticalScrollBar()->value() + 1;
}

void RawTextView::updateScrollBars()
{
    const int lines = m_text ? m_text->lineCount() : 0;
    verticalScrollBar()->setRange(0, std::max(0, lines - visibleLineCount() + 1));
    verticalScrollBar()->setPageStep(visibleLineCount());
    const int charWidth = fontMetrics().horizontalAdvance(QLatin1Char('x'));
    const int width = m_text ? std::min(m_text->longestLine(), 4096) * charWidth + gutterWidth() + 8 : 0;
    horizontalScrollBar()->setRange(0, std::max(0, width - viewport()->width()));
    horizontalScrollBar()->setPageStep(viewport()->width());
}

void RawTextView::revealLine(int line)
{
    if (!m_text || line < 1)
        return;
    const int first = firstVisibleLine();
    if (line >= first && line < first + visibleLineCount() - 1)
        return;
    verticalScrollBar()->setValue(std::max(0, line - 1 - visibleLineCount() / 3));
    horizontalScrollBar()->setValue(0);
}

int RawTextView::lineAt(int y) const
{
    return firstVisibleLine() + y / lineHeight();
}

QString RawTextView::selectedText() const
{
    if (!m_text || m_anchor == 0)
        return {};
    QStringList lines;
    for (int i = std::min(m_anchor, m_cursor); i <= std::max(m_anchor, m_cursor); ++i)
        lines.append(toQString(m_text->lineBytes(i)));
    return lines.join(QLatin1Char('\n'));
}

void RawTextView::copy()
{
    const QString text = selectedText();
    if (!text.isEmpty())
        QApplication::clipboard()->setText(text);
}

void RawTextView::paintEvent(QPaintEvent*)
{
    QPainter p(viewport());
    const QPalette& pal = palette();
    const QColor base = pal.color(QPalette::Base);
    const QColor highlight = pal.color(QPalette::Highlight);
    p.fillRect(viewport()->rect(), base);
    if (!m_text)
        return;
    const int h = lineHeight();
    const int gutter = gutterWidth();
    const int ascent = fontMetrics().ascent();
    const int xOffset = horizontalScrollBar()->value();
    const QColor gutterBack = blend(base, pal.color(QPalette::Text), 0.06);
    const QColor soft = blend(base, highlight, 0.16);
    const QColor strong = blend(base, highlight, 0.42);
    const QColor selection = blend(base, highlight, 0.7);
    const int first = firstVisibleLine();
    const int last = std::min(m_text->lineCount(), first + visibleLineCount());
    const int selLow = m_anchor ? std::min(m_anchor, m_cursor) : 0;
    const int selHigh = m_anchor ? std::max(m_anchor, m_cursor) : -1;
    p.fillRect(QRect(0, 0, gutter - 4, viewport()->height()), gutterBack);
    for (int line = first, y = 0; line <= last; ++line, y += h) {
        const QRect row(gutter - 4, y, viewport()->width(), h);
        bool isStrong = false;
        for (const parsers::LineSpan& s : m_strong)
            isStrong = isStrong || contains(s, line);
        const bool selected = line >= selLow && line <= selHigh;
        if (selected)
            p.fillRect(row, selection);
        else if (isStrong)
            p.fillRect(row, strong);
        else if (contains(m_context, line))
            p.fillRect(row, soft);
        if (isStrong)
            p.fillRect(QRect(gutter - 4, y, 3, h), highlight);
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(QRect(0, y, gutter - 10, h), Qt::AlignRight | Qt::AlignVCenter, QString::number(line));
        p.setPen(selected ? pal.color(QPalette::HighlightedText) : pal.color(QPalette::Text));
        p.setClipRect(QRect(gutter, y, viewport()->width() - gutter, h));
        p.drawText(gutter + 2 - xOffset, y + ascent, m_text->line(line));
        p.setClipping(false);
    }
}

void RawTextView::resizeEvent(QResizeEvent* event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
}

void RawTextView::mousePressEvent(QMouseEvent* event)
{
    if (!m_text || event->button() != Qt::LeftButton)
        return;
    const int line = std::clamp(lineAt(event->position().toPoint().y()), 1, m_text->lineCount());
    if (!(event->modifiers() & Qt::ShiftModifier) || m_anchor == 0)
        m_anchor = line;
    m_cursor = line;
    viewport()->update();
}

void RawTextView::mouseMoveEvent(QMouseEvent* event)
{
    if (!m_text || !(event->buttons() & Qt::LeftButton) || m_anchor == 0)
        return;
    const int y = event->position().toPoint().y();
    if (y < 0)
        verticalScrollBar()->triggerAction(QAbstractSlider::SliderSingleStepSub);
    else if (y > viewport()->height())
        verticalScrollBar()->triggerAction(QAbstractSlider::SliderSingleStepAdd);
    m_cursor = std::clamp(lineAt(y), 1, m_text->lineCount());
    viewport()->update();
}

void RawTextView::keyPressEvent(QKeyEvent* event)
{
    if (event->matches(QKeySequence::Copy)) {
        copy();
        return;
    }
    if (event->matches(QKeySequence::SelectAll) && m_text && m_text->lineCount() > 0) {
        m_anchor = 1;
        m_cursor = m_text->lineCount();
        viewport()->update();
        return;
    }
    if (m_text && (event->modifiers() & Qt::ShiftModifier)
        && (event->key() == Qt::Key_Down || event->key() == Qt::Key_Up)) {
        if (m_anchor == 0)
            m_anchor = m_cursor = firstVisibleLine();
        m_cursor = std::clamp(m_cursor + (event->key() == Qt::Key_Down ? 1 : -1), 1, m_text->lineCount());
        revealLine(m_cursor);
        viewport()->update();
        return;
    }
    switch (event->key()) {
    case Qt::Key_Home:
        verticalScrollBar()->setValue(0);
        return;
    case Qt::Key_End:
        verticalScrollBar()->setValue(verticalScrollBar()->maximum());
        return;
    case Qt::Key_Escape:
        m_anchor = m_cursor = 0;
        viewport()->update();
        return;
    default:
        break;
    }
    QAbstractScrollArea::keyPressEvent(event); // arrows and page keys move the scroll bars
}

void RawTextView::changeEvent(QEvent* event)
{
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        updateScrollBars();
}

} // namespace hvdump::gui
