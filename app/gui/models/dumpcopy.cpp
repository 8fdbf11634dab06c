// SPDX-License-Identifier: GPL-2.0-or-later
#include "dumpcopy.h"

namespace hvdump::gui {

parsers::Dump copyDump(const parsers::Dump& dump)
{
    parsers::Dump copy;
    copy.source = dump.source;
    // the table's strings are distinct and ids are handed out in order: interning them in id
    // order gives every string the id it had (id 0, the empty string, exists already)
    for (std::uint32_t i = 1; i < dump.strings.size(); ++i)
        copy.strings.intern(dump.str(parsers::StringId { i }));
    copy.threads = dump.threads;
    copy.samples = dump.samples;
    copy.reports = dump.reports;
    copy.objects = dump.objects;
    copy.counters = dump.counters;
    copy.regions = dump.regions;
    copy.lineCount = dump.lineCount;
    return copy;
}

} // namespace hvdump::gui
