// SPDX-License-Identifier: GPL-2.0-or-later
#include "guitext.h"

#include <hvdump/graph/signature.h>

namespace hvdump::gui {

QString spanText(parsers::LineSpan span)
{
    if (!span.valid())
        return {};
    if (span.last <= span.first)
        return QStringLiteral("line %1").arg(span.first);
    return QStringLiteral("lines %1-%2").arg(span.first).arg(span.last);
}

QString spanShortText(parsers::LineSpan span)
{
    if (!span.valid())
        return {};
    if (span.last <= span.first)
        return QStringLiteral("L%1").arg(span.first);
    return QStringLiteral("L%1-%2").arg(span.first).arg(span.last);
}

QString confidenceWord(graph::Confidence c)
{
    return QString::fromLatin1(graph::confidenceName(c));
}

QString confidenceMeaning(graph::Confidence c)
{
    switch (c) {
    case graph::Confidence::Stated:
        return QStringLiteral("the dump says it (an owner field, a held-locks list, an \"owned by\" line)");
    case graph::Confidence::Derived:
        return QStringLiteral("derived from a catalogued primitive and its arguments");
    case graph::Confidence::Inferred:
        return QStringLiteral("inferred from a domain rule or heuristic: check the evidence");
    }
    return {};
}

QColor confidenceColor(graph::Confidence c, bool darkBackground)
{
    switch (c) {
    case graph::Confidence::Stated:
        return darkBackground ? QColor(0x6f, 0xd0, 0x8c) : QColor(0x1b, 0x7a, 0x3a);
    case graph::Confidence::Derived:
        return darkBackground ? QColor(0x7c, 0xb7, 0xff) : QColor(0x1f, 0x5f, 0xbf);
    case graph::Confidence::Inferred:
        return darkBackground ? QColor(0xff, 0xc0, 0x5c) : QColor(0xa8, 0x5a, 0x00);
    }
    return {};
}

QString findingKindWord(graph::FindingKind k)
{
    switch (k) {
    case graph::FindingKind::Deadlock:
        return QStringLiteral("Deadlock");
    case graph::FindingKind::Spin:
        return QStringLiteral("Spin without progress");
    case graph::FindingKind::LostWakeup:
        return QStringLiteral("Lost wakeup");
    case graph::FindingKind::Stall:
        return QStringLiteral("Hang chain");
    }
    return {};
}

QString threadStateWord(parsers::ThreadState s)
{
    switch (s) {
    case parsers::ThreadState::Unknown:
        return {};
    case parsers::ThreadState::Running:
        return QStringLiteral("running");
    case parsers::ThreadState::Runnable:
        return QStringLiteral("runnable");
    case parsers::ThreadState::Sleeping:
        return QStringLiteral("sleeping");
    case parsers::ThreadState::Uninterruptible:
        return QStringLiteral("uninterruptible (D)");
    case parsers::ThreadState::Idle:
        return QStringLiteral("idle");
    case parsers::ThreadState::Stopped:
        return QStringLiteral("stopped");
    case parsers::ThreadState::Zombie:
        return QStringLiteral("zombie");
    }
    return {};
}

QString elideMiddle(const QString& text, int maxChars)
{
    if (maxChars < 5 || text.size() <= maxChars)
        return text;
    const int head = (maxChars - 1) / 2;
    const int tail = maxChars - 1 - head;
    return text.left(head) + QChar(0x2026) + text.right(tail);
}

QString shortFunctionName(std::string_view function, int maxChars)
{
    std::string shortName = graph::shortFunction(function);
    if (shortName.empty())
        shortName = std::string(function);
    return elideMiddle(toQString(shortName), maxChars);
}

bool isDark(const QColor& background)
{
    return background.lightnessF() < 0.5;
}

} // namespace hvdump::gui
