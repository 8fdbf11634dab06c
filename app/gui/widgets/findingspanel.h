// SPDX-License-Identifier: GPL-2.0-or-later
// The findings of one dump: a list (kind, title, confidence, contexts) above the selected
// finding in words: what is stuck, the fix, why, the workaround, references and the evidence
// lines, which are links that highlight those lines in the raw text.
#pragma once

#include <hvdump/graph/analysis.h>
#include <hvdump/parsers/dump.h>

#include <QWidget>

#include <memory>
#include <vector>

class QTextBrowser;
class QTreeView;
class QUrl;

namespace hvdump::gui {

class FindingsModel;

class FindingsPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit FindingsPanel(QWidget* parent = nullptr);

    void setAnalysis(std::shared_ptr<const graph::Analysis> analysis);
    /// Before the analysis arrives: a line saying what is going on.
    void setPlaceholder(const QString& text);
    FindingsModel* model() const
    {
        return m_model;
    }
    QTreeView* list() const
    {
        return m_list;
    }
    QTextBrowser* details() const
    {
        return m_details;
    }
    int currentFinding() const;
    void selectFinding(int index);

Q_SIGNALS:
    void findingSelected(int index);
    /// The lines of one piece of evidence (a click on it in the details).
    void evidenceActivated(hvdump::parsers::LineSpan span);

protected:
    void changeEvent(QEvent* event) override;

private:
    void showFinding(int index);
    void onAnchor(const QUrl& url);
    bool darkPalette() const;

    std::shared_ptr<const graph::Analysis> m_analysis;
    FindingsModel* m_model = nullptr;
    QTreeView* m_list = nullptr;
    QTextBrowser* m_details = nullptr;
};

} // namespace hvdump::gui
