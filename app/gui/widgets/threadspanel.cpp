// SPDX-License-Identifier: GPL-2.0-or-later
#include "threadspanel.h"

#include <hvdump/app/gui/models/guitext.h>
#include <hvdump/app/gui/models/modelroles.h>
#include <hvdump/app/gui/models/stackmodel.h>
#include <hvdump/app/gui/models/threadgroupmodel.h>

#include <QHeaderView>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

namespace hvdump::gui {

ThreadsPanel::ThreadsPanel(QWidget* parent)
    : QWidget(parent)
    , m_groups(new ThreadGroupModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_stack(new StackModel(this))
    , m_filter(new QLineEdit(this))
    , m_tree(new QTreeView(this))
    , m_stackView(new QTableView(this))
{
    m_proxy->setSourceModel(m_groups);
    m_proxy->setSortRole(SortRole);
    m_proxy->setFilterRole(SearchRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setRecursiveFilteringEnabled(true);
    m_proxy->setAutoAcceptChildRows(true);
    m_filter->setPlaceholderText(QStringLiteral("Filter threads and functions"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setAccessibleName(QStringLiteral("Thread filter"));
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);

    m_tree->setModel(m_proxy);
    m_tree->setSortingEnabled(true);
    m_tree->sortByColumn(ThreadGroupModel::CountColumn, Qt::DescendingOrder);
    m_tree->setUniformRowHeights(true);
    m_tree->setAllColumnsShowFocus(true);
    m_tree->setAccessibleName(QStringLiteral("Threads grouped by stack"));
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(ThreadGroupModel::StackColumn, QHeaderView::Stretch);
    for (int c : { ThreadGroupModel::StateColumn, ThreadGroupModel::CpuColumn, ThreadGroupModel::CountColumn })
        m_tree->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    m_tree->setColumnHidden(ThreadGroupModel::TopFrameColumn, true);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, &ThreadsPanel::onCurrentChanged);

    m_stackView->setModel(m_stack);
    m_stackView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_stackView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_stackView->setShowGrid(false);
    m_stackView->setWordWrap(false);
    // the ends say most: the method of a long C++/Rust path, the file:line of a source path
    m_stackView->setTextElideMode(Qt::ElideLeft);
    m_stackView->setAccessibleName(QStringLiteral("Stack of the selected thread"));
    m_stackView->verticalHeader()->hide();
    m_stackView->verticalHeader()->setDefaultSectionSize(m_stackView->fontMetrics().height() + 4);
    m_stackView->horizontalHeader()->setStretchLastSection(true);
    m_stackView->horizontalHeader()->setSectionResizeMode(StackModel::NumberColumn, QHeaderView::ResizeToContents);
    connect(
        m_stackView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ThreadsPanel::onFrameChanged);

    auto* top = new QWidget(this);
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->setSpacing(2);
    topLayout->addWidget(m_filter);
    topLayout->addWidget(m_tree);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("threadsSplitter"));
    splitter->addWidget(top);
    splitter->addWidget(m_stackView);
    splitter->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
}

void ThreadsPanel::setAnalysis(std::shared_ptr<const graph::Analysis> analysis, ThreadGroupsPtr groups)
{
    m_analysis = std::move(analysis);
    m_groups->setAnalysis(m_analysis, std::move(groups));
    // columns the dump has nothing for (gdb prints no state or CPU) give their room to the names
    const ThreadGroups* shown = m_groups->groups();
    m_tree->setColumnHidden(ThreadGroupModel::StateColumn, !shown || !shown->hasStates);
    m_tree->setColumnHidden(ThreadGroupModel::CpuColumn, !shown || !shown->hasCpus);
    m_stack->setThread(m_analysis, {});
    // groups of one thread open by default so names are visible at once
    if (m_groups->groupCount() <= 64) {
        for (int row = 0; row < m_proxy->rowCount(); ++row) {
            // ask the source: the proxy would sort a big group's children just to count them
            const QModelIndex group = m_proxy->index(row, 0);
            if (m_groups->rowCount(m_proxy->mapToSource(group)) == 1)
                m_tree->expand(group);
        }
    }
}

void ThreadsPanel::rebind(std::shared_ptr<const graph::Analysis> analysis)
{
    m_analysis = analysis;
    m_groups->rebind(analysis);
    m_stack->rebind(std::move(analysis));
}

void ThreadsPanel::selectThread(parsers::ThreadId thread)
{
    const QModelIndex source = m_groups->indexOfThread(thread);
    if (!source.isValid())
        return;
    QModelIndex proxyIndex = m_proxy->mapFromSource(source);
    if (!proxyIndex.isValid()) {
        m_filter->clear(); // the filter hides it: show everything again
        proxyIndex = m_proxy->mapFromSource(source);
    }
    m_tree->expand(proxyIndex.parent());
    m_tree->setCurrentIndex(proxyIndex);
    m_tree->scrollTo(proxyIndex);
}

parsers::ThreadId ThreadsPanel::selectedThread() const
{
    return m_stack->thread();
}

void ThreadsPanel::focusFilter()
{
    m_filter->setFocus(Qt::ShortcutFocusReason);
    m_filter->selectAll();
}

void ThreadsPanel::onCurrentChanged(const QModelIndex& current)
{
    const QModelIndex source = m_proxy->mapToSource(current);
    parsers::ThreadId thread = m_groups->threadAt(source);
    if (!thread.valid() && source.isValid()) {
        // a group row: show the stack all its threads share
        const int first = m_groups->data(m_groups->index(0, 0, source.siblingAtColumn(0)), ThreadRole).toInt();
        if (m_groups->rowCount(source.siblingAtColumn(0)) > 0)
            thread = parsers::ThreadId { static_cast<std::uint32_t>(first) };
    }
    m_stack->setThread(m_analysis, thread);
    fitStackColumns();
    if (!thread.valid())
        return;
    Q_EMIT threadSelected(thread);
    Q_EMIT linesRequested(m_analysis->dump.thread(thread).span, {});
}

void ThreadsPanel::fitStackColumns()
{
    // columns this stack has nothing in (gdb names no module, crash no source) are hidden, and a
    // long C++ or Rust name may not push file:line out of sight
    for (int c : { StackModel::ModuleColumn, StackModel::SourceColumn, StackModel::FlagsColumn }) {
        bool any = false;
        for (int row = 0; row < m_stack->rowCount() && !any; ++row)
            any = !m_stack->index(row, c).data().toString().isEmpty();
        m_stackView->setColumnHidden(c, !any);
    }
    m_stackView->resizeColumnToContents(StackModel::FunctionColumn);
    const int cap = m_stackView->viewport()->width() * 3 / 5;
    if (cap > 0 && m_stackView->columnWidth(StackModel::FunctionColumn) > cap)
        m_stackView->setColumnWidth(StackModel::FunctionColumn, cap);
}

void ThreadsPanel::onFrameChanged(const QModelIndex& current)
{
    if (!current.isValid() || !m_stack->thread().valid())
        return;
    Q_EMIT linesRequested(
        m_analysis->dump.thread(m_stack->thread()).span, current.data(EvidenceRole).value<parsers::LineSpan>());
}

} // namespace hvdump::gui
