// SPDX-License-Identifier: GPL-2.0-or-later
// The frames of one thread, innermost first: number, function (with its arguments in the
// tooltip), module, source file:line where known, and flags (unreliable "?", IRQ/NMI context,
// inlined, symbolized from DWARF). EvidenceRole gives each frame's input lines.
#pragma once

#include <hvdump/graph/analysis.h>

#include <QAbstractTableModel>

#include <memory>

namespace hvdump::gui {

class StackModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NumberColumn, FunctionColumn, ModuleColumn, SourceColumn, FlagsColumn, ColumnCount };

    explicit StackModel(QObject* parent = nullptr);

    /// Shows the frames of `thread` (an invalid id clears the view).
    void setThread(std::shared_ptr<const graph::Analysis> analysis, parsers::ThreadId thread);
    /// Swaps in a later stage of the same dump without resetting the view.
    void rebind(std::shared_ptr<const graph::Analysis> analysis);
    parsers::ThreadId thread() const
    {
        return m_thread;
    }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    const parsers::Frame& frame(int row) const;

    std::shared_ptr<const graph::Analysis> m_analysis;
    parsers::ThreadId m_thread;
};

} // namespace hvdump::gui
