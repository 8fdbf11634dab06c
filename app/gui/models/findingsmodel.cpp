// SPDX-License-Identifier: GPL-2.0-or-later
#include "findingsmodel.h"

#include "guitext.h"
#include "modelroles.h"

#include <QFont>

namespace hvdump::gui {

FindingsModel::FindingsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void FindingsModel::setAnalysis(std::shared_ptr<const graph::Analysis> analysis)
{
    beginResetModel();
    m_analysis = std::move(analysis);
    m_rows.clear();
    if (m_analysis) {
        const graph::Graph& g = m_analysis->graph;
        for (const graph::Finding& f : m_analysis->findings) {
            Row row;
            row.kind = findingKindWord(f.kind);
            row.title = toQString(f.title);
            row.summary = toQString(f.summary);
            std::uint32_t contexts = 0;
            for (const graph::FindingMember& m : f.contexts)
                contexts += m.vertex < boost::num_vertices(g) ? g[m.vertex].count : 1;
            row.contexts = static_cast<int>(std::max(contexts, f.blockedCount));
            m_rows.push_back(std::move(row));
        }
    }
    endResetModel();
}

void FindingsModel::setDarkBackground(bool dark)
{
    if (m_dark == dark)
        return;
    m_dark = dark;
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, ConfidenceColumn), index(rowCount() - 1, ConfidenceColumn), { Qt::ForegroundRole });
}

int FindingsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int FindingsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FindingsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows[static_cast<std::size_t>(index.row())];
    const graph::Finding& f = m_analysis->findings[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case KindColumn:
            return row.kind;
        case TitleColumn:
            return row.title;
        case ConfidenceColumn:
            return confidenceWord(f.confidence);
        case ContextsColumn:
            return row.contexts;
        }
        break;
    case SortRole:
        switch (index.column()) {
        case KindColumn:
            return index.row(); // the core orders findings by severity
        case TitleColumn:
            return row.title;
        case ConfidenceColumn:
            return static_cast<int>(f.confidence);
        case ContextsColumn:
            return row.contexts;
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == ConfidenceColumn)
            return QString(confidenceWord(f.confidence) + QStringLiteral(": ") + confidenceMeaning(f.confidence));
        return row.summary.isEmpty() ? row.title : row.summary;
    case Qt::ForegroundRole:
        if (index.column() == ConfidenceColumn)
            return confidenceColor(f.confidence, m_dark);
        break;
    case Qt::FontRole:
        if (index.column() == TitleColumn) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        break;
    case ConfidenceRole:
        return static_cast<int>(f.confidence);
    case IdRole:
        return index.row();
    case EvidenceRole: {
        parsers::LineSpan all;
        for (const graph::Evidence& e : f.evidence) {
            if (e.span.valid()) {
                all.extend(e.span.first);
                all.extend(e.span.last);
            }
        }
        return QVariant::fromValue(all);
    }
    case SearchRole:
        return QString(row.kind + QLatin1Char(' ') + row.title + QLatin1Char(' ') + row.summary);
    default:
        break;
    }
    return {};
}

QVariant FindingsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case KindColumn:
        return QStringLiteral("Kind");
    case TitleColumn:
        return QStringLiteral("Finding");
    case ConfidenceColumn:
        return QStringLiteral("Confidence");
    case ContextsColumn:
        return QStringLiteral("Contexts");
    }
    return {};
}

} // namespace hvdump::gui
