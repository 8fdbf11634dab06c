// SPDX-License-Identifier: GPL-2.0-or-later
// The findings of one analysis as a table: kind, title, confidence (in words; colour through
// ForegroundRole) and how many contexts the hang holds. Reads the immutable Analysis it shares;
// strings are converted once when the analysis is set.
#pragma once

#include <hvdump/graph/analysis.h>

#include <QAbstractTableModel>
#include <QStringList>

#include <memory>

namespace hvdump::gui {

class FindingsModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { KindColumn, TitleColumn, ConfidenceColumn, ContextsColumn, ColumnCount };

    explicit FindingsModel(QObject* parent = nullptr);

    void setAnalysis(std::shared_ptr<const graph::Analysis> analysis);
    const graph::Analysis* analysis() const
    {
        return m_analysis.get();
    }
    /// Whether foreground colours are chosen for a dark background.
    void setDarkBackground(bool dark);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        QString kind;
        QString title;
        QString summary;
        int contexts = 0;
    };
    std::shared_ptr<const graph::Analysis> m_analysis;
    std::vector<Row> m_rows;
    bool m_dark = false;
};

} // namespace hvdump::gui
