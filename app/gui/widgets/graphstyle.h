// SPDX-License-Identifier: GPL-2.0-or-later
// The colours and pens of the wait-for graph, chosen for the palette it is drawn on: a light
// set for light palettes and for exports, a dark set for dark palettes. Red always means a
// deadlock cycle or a context spinning without progress.
#pragma once

#include <hvdump/app/gui/models/viewgraph.h>

#include <QColor>
#include <QPalette>

namespace hvdump::gui {

struct GraphStyle
{
    QColor background;
    QColor text;
    QColor mutedText;
    QColor contextFill;
    QColor resourceFill;
    QColor externalFill;
    QColor border;
    QColor mutedBorder;
    QColor edge;
    QColor mutedEdge;
    QColor alarm; // cycle edges, spinning contexts
    QColor alarmText; // text on an alarm-coloured badge
    QColor countFill; // the "×N" badge
    QColor selection;
    QColor labelBackground;
    bool dark = false;

    static GraphStyle lightTheme();
    static GraphStyle darkTheme();
    static GraphStyle forPalette(const QPalette& palette);
};

} // namespace hvdump::gui
