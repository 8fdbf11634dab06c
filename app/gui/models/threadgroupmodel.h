// SPDX-License-Identifier: GPL-2.0-or-later
// The dump's threads grouped by identical stacks, as mdb's ::stacks does: one top-level row per
// distinct stack (same functions in the same order; unreliable "?" frames ignored) with its key
// frame, top frame, state, CPUs and count, and one child row per thread. Groups come in input
// order of their first thread; a QSortFilterProxyModel sorts them (SortRole) and filters them
// recursively (SearchRole). The grouping (ThreadGroups) is built off the GUI thread for large
// dumps and adopted by the model.
#pragma once

#include <hvdump/graph/analysis.h>

#include <QAbstractItemModel>

#include <memory>
#include <vector>

namespace hvdump::gui {

/// The grouping itself, immutable once built, so it can be built on a worker thread.
struct ThreadGroups
{
    struct Group
    {
        std::vector<parsers::ThreadId> threads;
        QString keyFrame;
        QString topFrame;
        QString state;
        QString cpus;
        QString stack; // tooltip: the whole stack, one frame a line
        QString search;
        int count = 0;
        int firstCpu = -1;
    };
    std::vector<Group> groups;
    std::vector<std::uint32_t> groupOfThread; // thread index -> group
    std::vector<std::uint32_t> rowOfThread; // thread index -> row within its group
    std::vector<QString> threadLabels; // thread index -> name (id), with its snapshot when there are several
    std::vector<QString> threadSearch; // thread index -> what the filter matches
    bool hasStates = false; // some thread has a state word (gdb prints none)
    bool hasCpus = false; // some thread has a CPU

    static std::shared_ptr<const ThreadGroups> build(const parsers::Dump& dump);
};
using ThreadGroupsPtr = std::shared_ptr<const ThreadGroups>;

class ThreadGroupModel final : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { StackColumn, TopFrameColumn, StateColumn, CpuColumn, CountColumn, ColumnCount };

    explicit ThreadGroupModel(QObject* parent = nullptr);

    /// Shows the threads of analysis->dump (graph and findings may still be empty), grouped by
    /// `groups` when given (built elsewhere from the same dump), else grouped here.
    void setAnalysis(std::shared_ptr<const graph::Analysis> analysis, ThreadGroupsPtr groups = nullptr);
    /// Swaps in a later stage of the same dump (same threads) without resetting the views.
    void rebind(std::shared_ptr<const graph::Analysis> analysis);
    const graph::Analysis* analysis() const
    {
        return m_analysis.get();
    }

    /// The grouping shown (null before an analysis).
    const ThreadGroups* groups() const
    {
        return m_data.get();
    }
    int groupCount() const
    {
        return m_data ? static_cast<int>(m_data->groups.size()) : 0;
    }
    /// Contexts in a group: the sum of its threads' counts (an mdb ::stacks row may stand for many).
    int groupThreadCount(int group) const;
    /// The child row of a thread, or an invalid index.
    QModelIndex indexOfThread(parsers::ThreadId thread) const;
    /// The thread of a child row, or an invalid id for group rows.
    parsers::ThreadId threadAt(const QModelIndex& index) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    using Group = ThreadGroups::Group;
    QVariant groupData(const Group& group, int column, int role) const;
    QVariant threadData(const parsers::Thread& thread, int column, int role) const;

    std::shared_ptr<const graph::Analysis> m_analysis;
    ThreadGroupsPtr m_data;
};

} // namespace hvdump::gui
