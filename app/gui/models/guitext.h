// SPDX-License-Identifier: GPL-2.0-or-later
// Words and colours the desktop app uses for the analysis core's enums, and the one place where
// the core's UTF-8 std::string_view text becomes QString. Confidence is always shown in words
// and colour together, so it stays readable for colour-blind users and in both palettes.
#pragma once

#include <hvdump/graph/finding.h>
#include <hvdump/parsers/dump.h>

#include <QColor>
#include <QMetaType>
#include <QString>

#include <string_view>

Q_DECLARE_METATYPE(hvdump::parsers::LineSpan)

namespace hvdump::gui {

inline QString toQString(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

/// "line 12" or "lines 12-15"; empty for an invalid span.
QString spanText(parsers::LineSpan span);
/// "L12" / "L12-15", the compact form used in tables.
QString spanShortText(parsers::LineSpan span);

QString confidenceWord(graph::Confidence c); // "stated", "derived", "inferred"
/// One sentence saying where the certainty comes from.
QString confidenceMeaning(graph::Confidence c);
/// Green / blue / amber, lighter on dark backgrounds.
QColor confidenceColor(graph::Confidence c, bool darkBackground);

QString findingKindWord(graph::FindingKind k); // "Deadlock", "Lost wakeup", ...
QString threadStateWord(parsers::ThreadState s);

/// A function name short enough for a node or a table cell: graph::shortFunction, then elided
/// in the middle beyond maxChars.
QString shortFunctionName(std::string_view function, int maxChars = 48);

/// Elides in the middle with an ellipsis when longer than maxChars.
QString elideMiddle(const QString& text, int maxChars);

/// True when the colour is a dark background (text on it should be light).
bool isDark(const QColor& background);

} // namespace hvdump::gui
