// SPDX-License-Identifier: GPL-2.0-or-later
#include "stackmodel.h"

#include "guitext.h"
#include "modelroles.h"

#include <QStringList>

namespace hvdump::gui {
namespace {

    QString flagsText(const parsers::Dump& dump, const parsers::Frame& f)
    {
        QStringList flags;
        if (f.unreliable)
            flags.append(QStringLiteral("?"));
        if (f.context != parsers::FrameContext::Task)
            flags.append(QString::fromLatin1(parsers::frameContextName(f.context)));
        if (f.inlined)
            flags.append(QStringLiteral("inlined"));
        if (f.symbolized)
            flags.append(QStringLiteral("symbolized"));
        if (f.note.valid())
            flags.append(toQString(dump.str(f.note)));
        return flags.join(QStringLiteral(", "));
    }

    QString sourceText(const parsers::Dump& dump, const parsers::Frame& f)
    {
        if (!f.file.valid())
            return {};
        const QString file = toQString(dump.str(f.file));
        return f.line ? file + QLatin1Char(':') + QString::number(f.line) : file;
    }

} // namespace

StackModel::StackModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void StackModel::setThread(std::shared_ptr<const graph::Analysis> analysis, parsers::ThreadId thread)
{
    beginResetModel();
    m_analysis = std::move(analysis);
    m_thread =
        m_analysis && thread.valid() && thread.value < m_analysis->dump.threads.size() ? thread : parsers::ThreadId {};
    endResetModel();
}

void StackModel::rebind(std::shared_ptr<const graph::Analysis> analysis)
{
    if (!m_analysis || !analysis || analysis->dump.threads.size() != m_analysis->dump.threads.size()) {
        setThread(std::move(analysis), {});
        return;
    }
    m_analysis = std::move(analysis);
}

const parsers::Frame& StackModel::frame(int row) const
{
    return m_analysis->dump.thread(m_thread).frames[static_cast<std::size_t>(row)];
}

int StackModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid() || !m_thread.valid())
        return 0;
    return static_cast<int>(m_analysis->dump.thread(m_thread).frames.size());
}

int StackModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StackModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const parsers::Dump& dump = m_analysis->dump;
    const parsers::Frame& f = frame(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NumberColumn:
            return index.row();
        case FunctionColumn:
            return f.function.valid() ? toQString(dump.str(f.function)) : QStringLiteral("0x%1").arg(f.address, 0, 16);
        case ModuleColumn:
            return toQString(dump.str(f.module));
        case SourceColumn:
            return sourceText(dump, f);
        case FlagsColumn:
            return flagsText(dump, f);
        }
        break;
    case SortRole:
        return index.column() == NumberColumn ? QVariant(index.row()) : data(index, Qt::DisplayRole);
    case Qt::ToolTipRole: {
        QString tip = data(index.siblingAtColumn(FunctionColumn), Qt::DisplayRole).toString();
        if (f.arguments.valid())
            tip += QLatin1Char('(') + toQString(dump.str(f.arguments)) + QLatin1Char(')');
        if (f.hasOffset)
            tip += QStringLiteral("+0x%1").arg(f.offset, 0, 16);
        if (f.hasAddress)
            tip += QStringLiteral("\naddress 0x%1").arg(f.address, 0, 16);
        const QString source = sourceText(dump, f);
        if (!source.isEmpty())
            tip += QStringLiteral("\nat ") + source;
        if (!f.locals.empty())
            tip += QStringLiteral("\n%1 locals").arg(f.locals.size());
        if (f.span.valid())
            tip += QStringLiteral("\n") + spanText(f.span);
        return tip;
    }
    case Qt::TextAlignmentRole:
        if (index.column() == NumberColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case EvidenceRole:
        return QVariant::fromValue(f.span);
    case IdRole:
        return index.row();
    case ThreadRole:
        return static_cast<int>(m_thread.value);
    case SearchRole:
        return data(index.siblingAtColumn(FunctionColumn), Qt::DisplayRole);
    default:
        break;
    }
    return {};
}

QVariant StackModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NumberColumn:
        return QStringLiteral("#");
    case FunctionColumn:
        return QStringLiteral("Function");
    case ModuleColumn:
        return QStringLiteral("Module");
    case SourceColumn:
        return QStringLiteral("Source");
    case FlagsColumn:
        return QStringLiteral("Flags");
    }
    return {};
}

} // namespace hvdump::gui
