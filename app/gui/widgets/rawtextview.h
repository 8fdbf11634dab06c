// SPDX-License-Identifier: GPL-2.0-or-later
// The input text of a dump, read-only, with line numbers and highlighted spans: the selected
// thread's lines in a soft colour and the selected frame or evidence in a strong one. Only the
// visible lines are drawn, so a 100 MB dump scrolls as fast as a small one. Lines can be
// selected with the mouse or Shift+arrows and copied (Ctrl+C).
#pragma once

#include <hvdump/app/gui/models/rawtext.h>
#include <hvdump/parsers/dump.h>

#include <QAbstractScrollArea>

#include <vector>

namespace hvdump::gui {

class RawTextView final : public QAbstractScrollArea
{
    Q_OBJECT
public:
    explicit RawTextView(QWidget* parent = nullptr);

    void setText(RawTextPtr text);
    const RawText* text() const
    {
        return m_text.get();
    }
    /// Soft highlight (the context) and strong highlight (the item); either may be invalid.
    void setHighlights(parsers::LineSpan context, std::vector<parsers::LineSpan> strong);
    parsers::LineSpan contextHighlight() const
    {
        return m_context;
    }
    const std::vector<parsers::LineSpan>& strongHighlights() const
    {
        return m_strong;
    }
    /// Scrolls so that `line` is visible, near the top third of the view.
    void revealLine(int line);
    int firstVisibleLine() const;
    int visibleLineCount() const;
    /// The selected lines as text (empty when nothing is selected).
    QString selectedText() const;

public Q_SLOTS:
    void copy();

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void updateScrollBars();
    int lineAt(int y) const;
    int lineHeight() const;
    int gutterWidth() const;

    RawTextPtr m_text;
    parsers::LineSpan m_context;
    std::vector<parsers::LineSpan> m_strong;
    int m_anchor = 0; // selection, in lines; 0 = none
    int m_cursor = 0;
};

} // namespace hvdump::gui
