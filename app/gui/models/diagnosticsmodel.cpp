// SPDX-License-Identifier: GPL-2.0-or-later
#include "diagnosticsmodel.h"

#include "guitext.h"
#include "modelroles.h"

#include <QFileInfo>

namespace hvdump::gui {
namespace {

    QString location(const parsers::Diagnostic& d)
    {
        QString text = QFileInfo(toQString(d.file)).fileName();
        if (d.line)
            text += QLatin1Char(':') + QString::number(d.line);
        if (d.line && d.column)
            text += QLatin1Char(':') + QString::number(d.column);
        return text;
    }

} // namespace

DiagnosticsModel::DiagnosticsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void DiagnosticsModel::setDiagnostics(std::vector<parsers::Diagnostic> diagnostics, std::string dumpFile)
{
    m_dumpFile = std::move(dumpFile);
    beginResetModel();
    m_diagnostics = std::move(diagnostics);
    endResetModel();
}

int DiagnosticsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_diagnostics.size());
}

int DiagnosticsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DiagnosticsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const parsers::Diagnostic& d = m_diagnostics[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SeverityColumn:
            return QString::fromLatin1(parsers::severityName(d.severity));
        case LocationColumn:
            return location(d);
        case MessageColumn:
            return toQString(d.message);
        case CodeColumn:
            return toQString(d.code);
        }
        break;
    case SortRole:
        switch (index.column()) {
        case SeverityColumn:
            return static_cast<int>(d.severity);
        case LocationColumn:
            return static_cast<int>(d.line);
        default:
            return data(index, Qt::DisplayRole);
        }
    case Qt::ToolTipRole:
        return toQString(parsers::formatDiagnostic(d));
    case EvidenceRole: {
        // a line of another file (a broken rule file) is not a line of the dump
        parsers::LineSpan span;
        if (d.line && (d.file.empty() || m_dumpFile.empty() || d.file == m_dumpFile))
            span.extend(d.line);
        return QVariant::fromValue(span);
    }
    case IdRole:
        return index.row();
    case SearchRole:
        return toQString(parsers::formatDiagnostic(d));
    default:
        break;
    }
    return {};
}

QVariant DiagnosticsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SeverityColumn:
        return QStringLiteral("Severity");
    case LocationColumn:
        return QStringLiteral("Location");
    case MessageColumn:
        return QStringLiteral("Message");
    case CodeColumn:
        return QStringLiteral("Code");
    }
    return {};
}

} // namespace hvdump::gui
