// SPDX-License-Identifier: GPL-2.0-or-later
#include "graphstyle.h"

#include <hvdump/app/gui/models/guitext.h>

namespace hvdump::gui {

GraphStyle GraphStyle::lightTheme()
{
    GraphStyle s;
    s.background = QColor(0xff, 0xff, 0xff);
    s.text = QColor(0x1d, 0x1d, 0x1f);
    s.mutedText = QColor(0x6b, 0x6b, 0x70);
    s.contextFill = QColor(0xe8, 0xf0, 0xfb);
    s.resourceFill = QColor(0xfd, 0xf3, 0xd8);
    s.externalFill = QColor(0xf1, 0xf1, 0xf1);
    s.border = QColor(0x3a, 0x4a, 0x5e);
    s.mutedBorder = QColor(0xa8, 0xb0, 0xba);
    s.edge = QColor(0x2e, 0x35, 0x3d);
    s.mutedEdge = QColor(0xa0, 0xa6, 0xad);
    s.alarm = QColor(0xd0, 0x1f, 0x1f);
    s.alarmText = QColor(0xff, 0xff, 0xff);
    s.countFill = QColor(0x3a, 0x4a, 0x5e);
    s.selection = QColor(0x1f, 0x7a, 0xe0);
    s.labelBackground = QColor(0xff, 0xff, 0xff, 0xdd);
    s.dark = false;
    return s;
}

GraphStyle GraphStyle::darkTheme()
{
    GraphStyle s;
    s.background = QColor(0x1e, 0x1f, 0x22);
    s.text = QColor(0xee, 0xee, 0xf0);
    s.mutedText = QColor(0xa0, 0xa3, 0xa8);
    s.contextFill = QColor(0x26, 0x35, 0x4a);
    s.resourceFill = QColor(0x4a, 0x3f, 0x22);
    s.externalFill = QColor(0x36, 0x36, 0x38);
    s.border = QColor(0xc4, 0xcf, 0xdc);
    s.mutedBorder = QColor(0x6a, 0x70, 0x78);
    s.edge = QColor(0xd8, 0xdc, 0xe2);
    s.mutedEdge = QColor(0x74, 0x7a, 0x82);
    s.alarm = QColor(0xff, 0x5a, 0x52);
    s.alarmText = QColor(0x1e, 0x1f, 0x22);
    s.countFill = QColor(0xc4, 0xcf, 0xdc);
    s.selection = QColor(0x5a, 0xa9, 0xff);
    s.labelBackground = QColor(0x1e, 0x1f, 0x22, 0xdd);
    s.dark = true;
    return s;
}

GraphStyle GraphStyle::forPalette(const QPalette& palette)
{
    GraphStyle s = isDark(palette.color(QPalette::Base)) ? darkTheme() : lightTheme();
    s.background = palette.color(QPalette::Base);
    return s;
}

} // namespace hvdump::gui
