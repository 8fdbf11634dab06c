// SPDX-License-Identifier: GPL-2.0-or-later
#include "graphexport.h"

#include "graphscene.h"

#include <hvdump/app/gui/models/guitext.h>
#include <hvdump/app/gui/models/reportwriter.h>
#include <hvdump/graph/dotwriter.h>

#include <QBuffer>
#include <QFileInfo>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>

namespace hvdump::gui {
namespace {

    // a scene of its own in the light style: the view's scene may be dark or mid-selection
    std::unique_ptr<GraphScene> exportScene(const LaidOutGraph& graph, const NodeFonts& fonts)
    {
        auto scene = std::make_unique<GraphScene>();
        // the scene shares ownership only for its lifetime; the caller keeps `graph` alive
        scene->setGraph(
            std::shared_ptr<const LaidOutGraph>(&graph, [](const LaidOutGraph*) {}), GraphStyle::lightTheme(), fonts);
        return scene;
    }

} // namespace

QImage GraphExport::image(const LaidOutGraph& graph, const NodeFonts& fonts, qreal scale)
{
    auto scene = exportScene(graph, fonts);
    const QRectF source = scene->sceneRect();
    const QSize size = (source.size() * scale).toSize().expandedTo(QSize(1, 1));
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(GraphStyle::lightTheme().background);
    QPainter painter(&image);
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    scene->render(&painter, QRectF(QPointF(0, 0), size), source);
    painter.end();
    return image;
}

QByteArray GraphExport::svg(const LaidOutGraph& graph, const NodeFonts& fonts, const QString& title)
{
    auto scene = exportScene(graph, fonts);
    const QRectF source = scene->sceneRect();
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator generator;
    generator.setOutputDevice(&buffer);
    generator.setSize(source.size().toSize());
    generator.setViewBox(QRectF(QPointF(0, 0), source.size()));
    generator.setTitle(title);
    generator.setDescription(QStringLiteral("wait-for graph drawn by hvdump"));
    QPainter painter(&generator);
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    scene->render(&painter, QRectF(QPointF(0, 0), source.size()), source);
    painter.end();
    return buffer.data();
}

bool GraphExport::writeFile(const QString& path, const QByteArray& data, QString& error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit()) {
        error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool GraphExport::writePng(const LaidOutGraph& graph, const NodeFonts& fonts, const QString& path, QString& error)
{
    QByteArray data;
    QBuffer buffer(&data);
    buffer.open(QIODevice::WriteOnly);
    if (!image(graph, fonts).save(&buffer, "PNG")) {
        error = QStringLiteral("%1: the image could not be encoded").arg(path);
        return false;
    }
    return writeFile(path, data, error);
}

bool GraphExport::writeSvg(const LaidOutGraph& graph, const NodeFonts& fonts, const QString& path, QString& error)
{
    return writeFile(path, svg(graph, fonts, QFileInfo(path).completeBaseName()), error);
}

bool GraphExport::writeDot(const graph::Analysis& analysis, const QString& path, QString& error)
{
    const std::string dot = graph::toDot(analysis.graph, analysis.dump, analysis.findings);
    return writeFile(path, QByteArray(dot.data(), static_cast<qsizetype>(dot.size())), error);
}

bool GraphExport::writeHtml(const graph::Analysis& analysis, const LaidOutGraph* graph, const NodeFonts& fonts,
    const QString& path, QString& error)
{
    const QByteArray picture = graph && !graph->graph.nodes().empty()
        ? svg(*graph, fonts, QFileInfo(toQString(analysis.dump.source)).fileName())
        : QByteArray();
    return writeFile(path, ReportWriter::html(analysis, picture).toUtf8(), error);
}

bool GraphExport::writeJson(const graph::Analysis& analysis, const QString& path, QString& error)
{
    return writeFile(path, ReportWriter::json(analysis), error);
}

} // namespace hvdump::gui
