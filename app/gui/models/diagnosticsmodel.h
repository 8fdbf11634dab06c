// SPDX-License-Identifier: GPL-2.0-or-later
// The parse diagnostics of one dump (and of the rule files read for it) as a table (severity, file:line:col, message,
// code) in the order the parsers reported them. EvidenceRole gives the input line, so a click can jump there.
#pragma once

#include <hvdump/parsers/diagnostic.h>

#include <QAbstractTableModel>

#include <vector>

namespace hvdump::gui {

class DiagnosticsModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { SeverityColumn, LocationColumn, MessageColumn, CodeColumn, ColumnCount };

    explicit DiagnosticsModel(QObject* parent = nullptr);

    /// `dumpFile`: the dump's path; diagnostics about other files (rule files) get no line to jump to.
    void setDiagnostics(std::vector<parsers::Diagnostic> diagnostics, std::string dumpFile = {});
    const std::vector<parsers::Diagnostic>& diagnostics() const
    {
        return m_diagnostics;
    }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<parsers::Diagnostic> m_diagnostics;
    std::string m_dumpFile;
};

} // namespace hvdump::gui
