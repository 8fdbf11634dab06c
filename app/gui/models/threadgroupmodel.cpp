// SPDX-License-Identifier: GPL-2.0-or-later
#include "threadgroupmodel.h"

#include "guitext.h"
#include "modelroles.h"

#include <hvdump/graph/signature.h>

#include <map>
#include <set>

namespace hvdump::gui {
namespace {

    // a stack's identity: function ids, or the address for frames without a name
    std::vector<std::uint64_t> stackKey(const parsers::Thread& t)
    {
        std::vector<std::uint64_t> key;
        key.reserve(t.frames.size());
        for (const parsers::Frame& f : t.frames) {
            if (f.unreliable)
                continue;
            key.push_back(f.function.valid() ? f.function.value : (std::uint64_t(1) << 63) | f.address);
        }
        return key;
    }

    QString stateOf(const parsers::Dump& dump, const parsers::Thread& t)
    {
        QString word = threadStateWord(t.state);
        return word.isEmpty() ? toQString(dump.str(t.stateText)) : word;
    }

    QString frameName(const parsers::Dump& dump, const parsers::Frame& f)
    {
        if (f.function.valid())
            return toQString(dump.str(f.function));
        return QStringLiteral("0x%1").arg(f.address, 0, 16);
    }

    // `knownName`: the name an earlier snapshot of the same thread gave (mdb ::stacks rows only
    // carry the thread's address)
    QString threadLabel(const parsers::Dump& dump, const parsers::Thread& t, parsers::StringId knownName = {})
    {
        const QString name = toQString(dump.str(t.name.valid() ? t.name : knownName));
        const QString id = toQString(dump.str(t.id));
        QString label = name.isEmpty()   ? (id.isEmpty() ? QStringLiteral("(unnamed)") : id)
            : id.isEmpty() || id == name ? name
                                         : name + QStringLiteral(" (") + id + QLatin1Char(')');
        if (t.sample > 0 && dump.samples.size() > 1)
            label += QStringLiteral(" [snapshot %1]").arg(t.sample + 1);
        return label;
    }

    constexpr quintptr groupRowId = 0; // internal id of top-level rows; thread rows hold group + 1

} // namespace

ThreadGroupModel::ThreadGroupModel(QObject* parent)
    : QAbstractItemModel(parent)
{
}

ThreadGroupsPtr ThreadGroups::build(const parsers::Dump& dump)
{
    auto out = std::make_shared<ThreadGroups>();
    std::map<std::vector<std::uint64_t>, std::uint32_t> byKey;
    out->groupOfThread.resize(dump.threads.size());
    out->rowOfThread.resize(dump.threads.size());
    out->threadSearch.resize(dump.threads.size());
    out->threadLabels.resize(dump.threads.size());
    std::map<std::uint32_t, parsers::StringId> nameOfId; // thread id -> the first name given to it
    for (const parsers::Thread& t : dump.threads)
        if (t.id.valid() && t.name.valid())
            nameOfId.try_emplace(t.id.value, t.name);
    for (std::uint32_t i = 0; i < dump.threads.size(); ++i) {
        const parsers::Thread& t = dump.threads[i];
        auto [it, added] = byKey.try_emplace(stackKey(t), static_cast<std::uint32_t>(out->groups.size()));
        if (added)
            out->groups.emplace_back();
        Group& g = out->groups[it->second];
        out->groupOfThread[i] = it->second;
        out->rowOfThread[i] = static_cast<std::uint32_t>(g.threads.size());
        g.threads.push_back(parsers::ThreadId { i });
        g.count += static_cast<int>(std::max<std::uint32_t>(t.count, 1));
        const auto known = t.id.valid() ? nameOfId.find(t.id.value) : nameOfId.end();
        out->threadLabels[i] = threadLabel(dump, t, known == nameOfId.end() ? parsers::StringId {} : known->second);
        out->threadSearch[i] = out->threadLabels[i] + QLatin1Char(' ') + stateOf(dump, t)
            + (t.cpu >= 0 ? QStringLiteral(" cpu%1").arg(t.cpu) : QString());
    }
    for (Group& g : out->groups) {
        const parsers::Thread& first = dump.thread(g.threads.front());
        const int key = graph::keyFrameIndex(dump, first);
        if (key >= 0)
            g.keyFrame = shortFunctionName(dump.str(first.frames[static_cast<std::size_t>(key)].function), 60);
        if (!first.frames.empty())
            g.topFrame = elideMiddle(frameName(dump, first.frames.front()), 60);
        if (g.keyFrame.isEmpty())
            g.keyFrame = g.topFrame.isEmpty() ? QStringLiteral("(no stack)") : g.topFrame;
        std::set<QString> states;
        std::set<int> cpus;
        for (parsers::ThreadId id : g.threads) {
            const parsers::Thread& t = dump.thread(id);
            states.insert(stateOf(dump, t));
            if (t.cpu >= 0)
                cpus.insert(t.cpu);
        }
        g.state = states.size() == 1 ? *states.begin() : QStringLiteral("mixed");
        out->hasStates = out->hasStates || !g.state.isEmpty();
        out->hasCpus = out->hasCpus || !cpus.empty();
        QStringList cpuText;
        for (int cpu : cpus) {
            if (cpuText.size() == 4) {
                cpuText.append(QString(QChar(0x2026)));
                break;
            }
            cpuText.append(QString::number(cpu));
        }
        g.cpus = cpuText.join(QStringLiteral(", "));
        g.firstCpu = cpus.empty() ? -1 : *cpus.begin();
        QStringList frames;
        for (const parsers::Frame& f : first.frames) {
            if (frames.size() == 24) {
                frames.append(QStringLiteral("%1 more frames").arg(first.frames.size() - 24));
                break;
            }
            frames.append((f.unreliable ? QStringLiteral("? ") : QString()) + frameName(dump, f));
            g.search += frameName(dump, f) + QLatin1Char('\n');
        }
        g.stack = frames.join(QLatin1Char('\n'));
    }
    return out;
}

void ThreadGroupModel::setAnalysis(std::shared_ptr<const graph::Analysis> analysis, ThreadGroupsPtr groups)
{
    beginResetModel();
    m_analysis = std::move(analysis);
    m_data = !m_analysis ? nullptr : groups ? std::move(groups) : ThreadGroups::build(m_analysis->dump);
    endResetModel();
}

void ThreadGroupModel::rebind(std::shared_ptr<const graph::Analysis> analysis)
{
    if (!m_analysis || !analysis || analysis->dump.threads.size() != m_analysis->dump.threads.size()) {
        setAnalysis(std::move(analysis));
        return;
    }
    m_analysis = std::move(analysis);
}

int ThreadGroupModel::groupThreadCount(int group) const
{
    return group >= 0 && group < groupCount() ? m_data->groups[static_cast<std::size_t>(group)].count : 0;
}

QModelIndex ThreadGroupModel::indexOfThread(parsers::ThreadId thread) const
{
    if (!m_data || !thread.valid() || thread.value >= m_data->groupOfThread.size())
        return {};
    return createIndex(
        static_cast<int>(m_data->rowOfThread[thread.value]), 0, quintptr(m_data->groupOfThread[thread.value]) + 1);
}

parsers::ThreadId ThreadGroupModel::threadAt(const QModelIndex& index) const
{
    if (!index.isValid() || index.model() != this || index.internalId() == groupRowId)
        return {};
    const Group& g = m_data->groups[index.internalId() - 1];
    return g.threads[static_cast<std::size_t>(index.row())];
}

QModelIndex ThreadGroupModel::index(int row, int column, const QModelIndex& parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid())
        return row < groupCount() ? createIndex(row, column, groupRowId) : QModelIndex();
    if (parent.internalId() != groupRowId || parent.row() >= groupCount())
        return {};
    const Group& g = m_data->groups[static_cast<std::size_t>(parent.row())];
    if (row >= static_cast<int>(g.threads.size()))
        return {};
    return createIndex(row, column, quintptr(parent.row()) + 1);
}

QModelIndex ThreadGroupModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || child.internalId() == groupRowId)
        return {};
    return createIndex(static_cast<int>(child.internalId() - 1), 0, groupRowId);
}

int ThreadGroupModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return groupCount();
    if (parent.column() != 0 || parent.internalId() != groupRowId)
        return 0;
    return static_cast<int>(m_data->groups[static_cast<std::size_t>(parent.row())].threads.size());
}

int ThreadGroupModel::columnCount(const QModelIndex&) const
{
    return ColumnCount;
}

QVariant ThreadGroupModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (index.internalId() == groupRowId)
        return groupData(m_data->groups[static_cast<std::size_t>(index.row())], index.column(), role);
    const parsers::ThreadId id = threadAt(index);
    if (role == ThreadRole)
        return static_cast<int>(id.value);
    return threadData(m_analysis->dump.thread(id), index.column(), role);
}

QVariant ThreadGroupModel::groupData(const Group& g, int column, int role) const
{
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case StackColumn:
            return g.keyFrame;
        case TopFrameColumn:
            return g.topFrame;
        case StateColumn:
            return g.state;
        case CpuColumn:
            return g.cpus;
        case CountColumn:
            return g.count;
        }
        break;
    case SortRole:
        switch (column) {
        case CpuColumn:
            return g.firstCpu;
        case CountColumn:
            return g.count;
        default:
            return groupData(g, column, Qt::DisplayRole);
        }
    case Qt::ToolTipRole:
        return g.stack;
    case SearchRole:
        return g.search;
    case ThreadRole:
        return g.threads.size() == 1 ? static_cast<int>(g.threads.front().value) : -1;
    case EvidenceRole:
        return QVariant::fromValue(m_analysis->dump.thread(g.threads.front()).span);
    case IdRole:
        return static_cast<int>(&g - m_data->groups.data());
    default:
        break;
    }
    return {};
}

QVariant ThreadGroupModel::threadData(const parsers::Thread& t, int column, int role) const
{
    const parsers::Dump& dump = m_analysis->dump;
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case StackColumn:
            return m_data->threadLabels[static_cast<std::size_t>(&t - dump.threads.data())];
        case StateColumn:
            return stateOf(dump, t);
        case CpuColumn:
            return t.cpu >= 0 ? QVariant(t.cpu) : QVariant();
        case CountColumn:
            return static_cast<int>(std::max<std::uint32_t>(t.count, 1));
        default:
            break;
        }
        break;
    case SortRole:
        switch (column) {
        case CpuColumn:
            return t.cpu;
        case CountColumn:
            return static_cast<int>(std::max<std::uint32_t>(t.count, 1));
        default:
            return threadData(t, column, Qt::DisplayRole);
        }
    case Qt::ToolTipRole: {
        QString tip = m_data->threadLabels[static_cast<std::size_t>(&t - dump.threads.data())];
        if (t.state != parsers::ThreadState::Unknown || t.stateText.valid())
            tip += QStringLiteral("\nstate: ") + stateOf(dump, t);
        if (t.waitObject.valid())
            tip += QStringLiteral("\nwaits on: ") + toQString(dump.str(t.waitObject));
        if (t.span.valid())
            tip += QStringLiteral("\n") + spanText(t.span);
        return tip;
    }
    case SearchRole:
        return m_data->threadSearch[static_cast<std::size_t>(&t - dump.threads.data())];
    case EvidenceRole:
        return QVariant::fromValue(t.span);
    case IdRole:
        return static_cast<int>(&t - dump.threads.data());
    default:
        break;
    }
    return {};
}

QVariant ThreadGroupModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case StackColumn:
        return QStringLiteral("Stack / thread");
    case TopFrameColumn:
        return QStringLiteral("Top frame");
    case StateColumn:
        return QStringLiteral("State");
    case CpuColumn:
        return QStringLiteral("CPU");
    case CountColumn:
        return QStringLiteral("Count");
    }
    return {};
}

} // namespace hvdump::gui
