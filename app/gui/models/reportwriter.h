// SPDX-License-Identifier: GPL-2.0-or-later
// The report of one analysis as a single self-contained HTML page (the findings in words, the
// wait-for graph as inline SVG, the diagnostics) or as JSON (schema "hvdump.report": the
// findings exactly as graph::findingToJson writes them for `hvdump analyze --json`).
#pragma once

#include <hvdump/graph/analysis.h>

#include <QByteArray>
#include <QString>

namespace hvdump::gui {

class ReportWriter
{
public:
    /// svg: an <svg> document of the graph (may be empty); its XML prologue is dropped.
    static QString html(const graph::Analysis& analysis, const QByteArray& svg);
    static QByteArray json(const graph::Analysis& analysis);
    /// One finding as HTML paragraphs, as the findings panel shows it; evidence lines become
    /// links "hvdump-lines:FIRST-LAST" when linkEvidence is set.
    static QString findingHtml(
        const graph::Analysis& analysis, const graph::Finding& finding, bool darkBackground, bool linkEvidence);
};

} // namespace hvdump::gui
