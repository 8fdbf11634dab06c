// SPDX-License-Identifier: GPL-2.0-or-later
// The main window's exports: the current dump's graph (PNG, SVG, DOT) and report (HTML, JSON),
// chosen by the file's suffix, with the file dialogs that ask for them.
#include "dumppage.h"
#include "graphexport.h"
#include "mainwindow.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>

namespace hvdump::gui {

bool MainWindow::exportGraph(const QString& path, QString& error)
{
    DumpPage* page = currentPage();
    if (!page || !page->analysis() || !page->graph()) {
        error = QStringLiteral("There is no analyzed graph to export yet.");
        return false;
    }
    const QString suffix = QFileInfo(path).suffix().toLower();
    const NodeFonts fonts = NodeFonts::fromBase(page->font());
    if (suffix == QStringLiteral("png"))
        return GraphExport::writePng(*page->graph(), fonts, path, error);
    if (suffix == QStringLiteral("svg"))
        return GraphExport::writeSvg(*page->graph(), fonts, path, error);
    if (suffix == QStringLiteral("dot") || suffix == QStringLiteral("gv"))
        return GraphExport::writeDot(*page->analysis(), path, error);
    error = QStringLiteral("Unknown graph format \"%1\": use .png, .svg or .dot").arg(suffix);
    return false;
}

bool MainWindow::exportReport(const QString& path, QString& error)
{
    DumpPage* page = currentPage();
    if (!page || !page->analysis() || page->state() != DumpPage::State::Ready) {
        error = QStringLiteral("There is no finished analysis to export yet.");
        return false;
    }
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QStringLiteral("html") || suffix == QStringLiteral("htm"))
        return GraphExport::writeHtml(
            *page->analysis(), page->graph().get(), NodeFonts::fromBase(page->font()), path, error);
    if (suffix == QStringLiteral("json"))
        return GraphExport::writeJson(*page->analysis(), path, error);
    error = QStringLiteral("Unknown report format \"%1\": use .html or .json").arg(suffix);
    return false;
}

void MainWindow::exportGraphDialog()
{
    DumpPage* page = currentPage();
    if (!page)
        return;
    QString filter;
    const QString base = QFileInfo(page->path()).completeBaseName();
    QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Export Graph"),
        QSettings().value(QStringLiteral("lastDirectory")).toString() + QLatin1Char('/') + base
            + QStringLiteral(".png"),
        QStringLiteral("PNG image (*.png);;SVG image (*.svg);;Graphviz DOT (*.dot)"), &filter);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += filter.contains(QStringLiteral("svg")) ? QStringLiteral(".svg")
            : filter.contains(QStringLiteral("dot"))   ? QStringLiteral(".dot")
                                                       : QStringLiteral(".png");
    QString error;
    if (exportGraph(path, error))
        statusBar()->showMessage(QStringLiteral("Graph written to %1").arg(path));
    else
        QMessageBox::warning(this, QStringLiteral("Export Graph"), error);
}

void MainWindow::exportReportDialog()
{
    DumpPage* page = currentPage();
    if (!page)
        return;
    QString filter;
    const QString base = QFileInfo(page->path()).completeBaseName();
    QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Export Report"),
        QSettings().value(QStringLiteral("lastDirectory")).toString() + QLatin1Char('/') + base
            + QStringLiteral(".html"),
        QStringLiteral("HTML report (*.html);;JSON (*.json)"), &filter);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += filter.contains(QStringLiteral("json")) ? QStringLiteral(".json") : QStringLiteral(".html");
    QString error;
    if (exportReport(path, error))
        statusBar()->showMessage(QStringLiteral("Report written to %1").arg(path));
    else
        QMessageBox::warning(this, QStringLiteral("Export Report"), error);
}

} // namespace hvdump::gui
