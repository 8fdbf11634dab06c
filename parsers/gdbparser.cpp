// SPDX-License-Identifier: GPL-2.0-or-later
#include "gdbparser.h"

#include "dumpbuilder.h"
#include "gdbframe.h"
#include "gdbnoise.h"
#include "gdbreader.h"
#include "linecursor.h"
#include "linestream.h"

namespace hvdump::parsers {
namespace {

    // ASan/TSan print "#0 0x4a in foo (/usr/lib/libasan.so+0x10a)": a module and offset, no arguments
    bool looksLikeSanitizerFrame(const GdbFrameText& f)
    {
        return !contains(f.arguments, "=") && (startsWith(f.arguments, "/") || contains(f.arguments, "+0x"));
    }

} // namespace

bool sniffGdb(LineStream& lines)
{
    const Line* line = lines.peek();
    if (!line)
        return false;
    std::string_view t = trim(line->text);
    if (t.size() < 2)
        return false;
    std::uint32_t level = 0;
    std::string_view body;
    if (splitGdbFrameLevel(t, level, body)) {
        GdbFrameText f;
        GdbFrameStatus status = parseGdbFrameBody(body, f);
        if (status == GdbFrameStatus::Ok)
            return (f.hasArguments && !looksLikeSanitizerFrame(f)) || f.signalHandler;
        // the first frame wrapped by a mail client: "#1  0x.. in qemu_poll_ns (fds=0x55d0,"
        return status == GdbFrameStatus::Incomplete && f.hasAddress && !f.function.empty();
    }
    switch (t[0]) {
    case 'T': {
        GdbThreadHeader header;
        return parseGdbThreadHeader(t, header);
    }
    case '$': {
        LineCursor c(t);
        std::uint64_t n = 0;
        return c.consumeChar('$') && c.consumeDecimal(n) && c.consumePrefix(" = ");
    }
    case '(':
        return startsWith(t, "(gdb)");
    case 'I':
        return isGdbInfoThreadsHeader(t);
    default:
        return classifyGdbNoise(t) == GdbNoise::Strong;
    }
}

void parseGdb(LineStream& lines, DumpBuilder& out)
{
    GdbReader reader(lines, out);
    reader.run();
}

} // namespace hvdump::parsers
