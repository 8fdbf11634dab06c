// SPDX-License-Identifier: GPL-2.0-or-later
// Helpers shared by the GUI tests: analyze a sample with the shipped rule catalog, print any
// item model as indented text (hotspot's printTree), and compare text with a golden file under
// tests/data/gui/ (rewritten instead when HVDUMP_UPDATE_GOLDEN=1).
#pragma once

#include <hvdump/graph/analysis.h>

#include <QAbstractItemModel>
#include <QStringList>

#include <memory>

namespace hvdump::gui::test {

QString sourcePath(const QString& relative);
QString samplePath(const QString& fileName);

/// Parses and analyzes a file with the default rule catalog (loaded once).
std::shared_ptr<const graph::Analysis> analyzeFile(const QString& path);
std::shared_ptr<const graph::Analysis> analyzeText(const QByteArray& text, const QString& source);

/// One line per row: indentation by depth, then the DisplayRole of every column joined by " | ".
QStringList dumpModel(const QAbstractItemModel& model, const QModelIndex& parent = {}, int depth = 0);

/// Compares lines with tests/data/gui/<name>.expected; true when equal (or rewritten).
/// On a difference `message` names the first differing line.
bool matchesGolden(const QStringList& lines, const QString& name, QString& message);

} // namespace hvdump::gui::test

/// QVERIFY2 around matchesGolden.
#define HVDUMP_COMPARE_GOLDEN(lines, name)                                                                             \
    do {                                                                                                               \
        QString goldenMessage_;                                                                                        \
        QVERIFY2(hvdump::gui::test::matchesGolden((lines), (name), goldenMessage_), qPrintable(goldenMessage_));       \
    } while (false)
