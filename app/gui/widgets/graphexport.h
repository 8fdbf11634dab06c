// SPDX-License-Identifier: GPL-2.0-or-later
// Writes what a dump page shows to files: the graph as PNG (at twice its size, for high-DPI
// screens and print) or SVG (drawn through QSvgGenerator), the wait-for graph as Graphviz DOT
// (graph::toDot, the same as `hvdump analyze --dot`), and the report as self-contained HTML or
// JSON. Exports always use the light graph style, whatever the screen's palette. Files are
// written atomically (QSaveFile); failures come back as a message, never a dialog.
#pragma once

#include "analysisjob.h"

#include <QImage>

namespace hvdump::gui {

class GraphExport
{
public:
    static QImage image(const LaidOutGraph& graph, const NodeFonts& fonts, qreal scale = 2);
    static QByteArray svg(const LaidOutGraph& graph, const NodeFonts& fonts, const QString& title);

    static bool writePng(const LaidOutGraph& graph, const NodeFonts& fonts, const QString& path, QString& error);
    static bool writeSvg(const LaidOutGraph& graph, const NodeFonts& fonts, const QString& path, QString& error);
    static bool writeDot(const graph::Analysis& analysis, const QString& path, QString& error);
    /// graph may be null: the report then has no picture.
    static bool writeHtml(const graph::Analysis& analysis, const LaidOutGraph* graph, const NodeFonts& fonts,
        const QString& path, QString& error);
    static bool writeJson(const graph::Analysis& analysis, const QString& path, QString& error);

private:
    static bool writeFile(const QString& path, const QByteArray& data, QString& error);
};

} // namespace hvdump::gui
