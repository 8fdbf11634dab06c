// SPDX-License-Identifier: GPL-2.0-or-later
// The threads of one dump grouped by identical stacks, with a filter box (matches thread names,
// ids, states and any function of the stack), and below it the stack of the selected thread,
// frame by frame. Selecting a thread or a frame asks for its lines in the raw text.
#pragma once

#include <hvdump/app/gui/models/threadgroupmodel.h>
#include <hvdump/graph/analysis.h>

#include <QWidget>

#include <memory>

class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class QTreeView;

namespace hvdump::gui {

class StackModel;
class ThreadGroupModel;

class ThreadsPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit ThreadsPanel(QWidget* parent = nullptr);

    void setAnalysis(std::shared_ptr<const graph::Analysis> analysis, ThreadGroupsPtr groups = nullptr);
    /// A later stage of the same dump: keeps the selection and the scroll position.
    void rebind(std::shared_ptr<const graph::Analysis> analysis);
    /// Selects a thread's row (expanding its group) and shows its stack.
    void selectThread(parsers::ThreadId thread);
    parsers::ThreadId selectedThread() const;
    void focusFilter();

    ThreadGroupModel* groupModel() const
    {
        return m_groups;
    }
    QSortFilterProxyModel* proxy() const
    {
        return m_proxy;
    }
    StackModel* stackModel() const
    {
        return m_stack;
    }
    QTreeView* tree() const
    {
        return m_tree;
    }
    QTableView* stackView() const
    {
        return m_stackView;
    }
    QLineEdit* filter() const
    {
        return m_filter;
    }

Q_SIGNALS:
    void threadSelected(hvdump::parsers::ThreadId thread);
    /// context: the thread's lines; item: the selected frame's (may be invalid)
    void linesRequested(hvdump::parsers::LineSpan context, hvdump::parsers::LineSpan item);

private:
    void onCurrentChanged(const QModelIndex& current);
    void onFrameChanged(const QModelIndex& current);
    void fitStackColumns();

    std::shared_ptr<const graph::Analysis> m_analysis;
    ThreadGroupModel* m_groups = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    StackModel* m_stack = nullptr;
    QLineEdit* m_filter = nullptr;
    QTreeView* m_tree = nullptr;
    QTableView* m_stackView = nullptr;
};

} // namespace hvdump::gui
