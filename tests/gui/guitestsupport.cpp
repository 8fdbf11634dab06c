// SPDX-License-Identifier: GPL-2.0-or-later
#include "guitestsupport.h"

#include <hvdump/app/gui/models/sharedanalysis.h>
#include <hvdump/graph/rulecatalogloader.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace hvdump::gui::test {
namespace {

    const graph::RuleCatalog& catalog()
    {
        static const graph::RuleCatalog loaded = graph::loadCatalog({}).takeCatalog();
        return loaded;
    }

} // namespace

QString sourcePath(const QString& relative)
{
    return QString::fromUtf8(HVDUMP_SOURCE_DIR) + QLatin1Char('/') + relative;
}

QString samplePath(const QString& fileName)
{
    return sourcePath(QStringLiteral("samples/") + fileName);
}

std::shared_ptr<const graph::Analysis> analyzeFile(const QString& path)
{
    parsers::ParseOptions options;
    options.source = QFile::encodeName(path).toStdString();
    return makeSharedAnalysis([&]() { return graph::analyzeFile(options.source, options, catalog()); });
}

std::shared_ptr<const graph::Analysis> analyzeText(const QByteArray& text, const QString& source)
{
    parsers::ParseOptions options;
    options.source = source.toStdString();
    const std::string_view bytes(text.constData(), static_cast<std::size_t>(text.size()));
    return makeSharedAnalysis([&]() { return graph::analyzeText(bytes, options, catalog()); });
}

QStringList dumpModel(const QAbstractItemModel& model, const QModelIndex& parent, int depth)
{
    QStringList lines;
    if (!parent.isValid()) {
        QStringList header;
        for (int c = 0; c < model.columnCount(); ++c)
            header.append(model.headerData(c, Qt::Horizontal).toString());
        lines.append(QStringLiteral("# ") + header.join(QStringLiteral(" | ")));
    }
    for (int row = 0; row < model.rowCount(parent); ++row) {
        QStringList cells;
        for (int c = 0; c < model.columnCount(parent); ++c)
            cells.append(model.index(row, c, parent).data().toString());
        lines.append(QString(depth * 2, QLatin1Char(' ')) + cells.join(QStringLiteral(" | ")));
        const QModelIndex child = model.index(row, 0, parent);
        if (model.hasChildren(child))
            lines += dumpModel(model, child, depth + 1);
    }
    return lines;
}

bool matchesGolden(const QStringList& lines, const QString& name, QString& message)
{
    const QString path = sourcePath(QStringLiteral("tests/data/gui/") + name + QStringLiteral(".expected"));
    QString actual = lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
    // golden files are machine-independent: the source tree's location is not part of them
    actual.replace(QString::fromUtf8(HVDUMP_SOURCE_DIR), QStringLiteral("$SRC"));
    if (qEnvironmentVariableIntValue("HVDUMP_UPDATE_GOLDEN") == 1) {
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile out(path);
        if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            message = QStringLiteral("cannot write %1").arg(path);
            return false;
        }
        out.write(actual.toUtf8());
        return true;
    }
    QFile in(path);
    if (!in.open(QIODevice::ReadOnly)) {
        message = QStringLiteral("missing golden file %1 (run with HVDUMP_UPDATE_GOLDEN=1)").arg(path);
        return false;
    }
    const QStringList expected = QString::fromUtf8(in.readAll()).split(QLatin1Char('\n'));
    const QStringList got = actual.split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < std::max(expected.size(), got.size()); ++i) {
        if (expected.value(i) != got.value(i)) {
            message = QStringLiteral("%1:%2:\n  expected: %3\n  actual:   %4")
                          .arg(path)
                          .arg(i + 1)
                          .arg(expected.value(i), got.value(i));
            return false;
        }
    }
    return true;
}

} // namespace hvdump::gui::test
