// SPDX-License-Identifier: GPL-2.0-or-later
#include "consoleparser.h"

#include "consolelines.h"
#include "consolereader.h"
#include "consolereports.h"
#include "dumpbuilder.h"
#include "formatregistry.h"
#include "kernelframe.h"
#include "linecursor.h"
#include "linestream.h"

namespace hvdump::parsers {
namespace {

    constexpr std::size_t proseWindow = 32; // unrelated lines looked past for more console text

    enum class LineClass : std::uint8_t { None, Weak, Frame, Strong };

    bool isUpperAscii(char c)
    {
        return c >= 'A' && c <= 'Z';
    }

    LineClass classify(std::string_view text, bool kernel)
    {
        std::string_view t = trim(text);
        if (t.empty())
            return LineClass::None;
        ReportLine r;
        if (recognizeReport(t, r))
            return LineClass::Strong;
        if (startsWith(t, "Call Trace:") || t == "Call trace:")
            return LineClass::Strong;
        TaskHeader h;
        if (parseCpuLine(t, h))
            return h.pid >= 0 ? LineClass::Strong : LineClass::Weak;
        if (startsWith(t, "task:") && parseSchedTaskLine(t, h))
            return LineClass::Strong;
        std::uint32_t depth = 0;
        std::string_view lock;
        std::int64_t pid = 0;
        if (parseChainLinkHeader(t, depth, lock) || parseLocksHeldHeader(t, lock, pid))
            return LineClass::Strong;
        static constexpr std::string_view strong[] = {
            "Modules linked in:",
            "---[ end trace",
            "------------[ cut here ]",
            "sysrq: Show",
            "SysRq : Show",
            "Sending NMI from",
            "Showing all locks held",
            "stack backtrace:",
            "Hardware name: ",
            "RIP: 0010:",
            "Workqueue: ",
        };
        if (t[0] == '-' || t[0] == 's' || isUpperAscii(t[0]))
            for (auto s : strong)
                if (startsWith(t, s))
                    return LineClass::Strong;
        std::string_view rest = text;
        FrameContext context {};
        bool end = false;
        if (consumeContextMarker(rest, context, end) != ContextMarker::None)
            return LineClass::Frame;
        KernelFrameText frame;
        if (scanKernelFrameLine(t, frame))
            return LineClass::Frame;
        std::int32_t cpu = 0;
        if (isRegisterLine(t) || parseRcuCpuLine(t, cpu) || (t[0] == '#' && t.size() > 1 && isDigit(t[1]))
            || startsWith(t, "rcu: ") || startsWith(t, "RIP: ") || startsWith(t, "pc : ") || startsWith(t, "PC is at ")
            || (kernel && parseSchedTaskLine(t, h)))
            return LineClass::Weak;
        return LineClass::None;
    }

    // lines that open another format's block: the console region ends there
    bool foreignAt(LineStream& lines)
    {
        const Line* line = lines.peek();
        std::string_view t = trim(line->text);
        static constexpr std::string_view markers[] = { "crash> ", "(gdb) ", "==> ", "Attaching " };
        for (auto m : markers)
            if (startsWith(t, m))
                return true;
        LineCursor c(t);
        std::uint64_t v = 0;
        if (c.consumePrefix("Thread ") && c.consumeDecimal(v) && c.consumePrefix(" ("))
            return true; // gdb "Thread 1 (Thread 0x7f... (LWP 12)):"
        c.setPosition(0);
        if (c.consumeChar('#') && c.consumeDecimal(v) && c.skipSpaces() >= 1 && startsWith(c.rest(), "0x"))
            return true; // gdb/eu-stack "#0  0x00007f..."
        c.setPosition(0);
        if (c.consumePrefix("PID: ") && contains(t, "TASK: "))
            return true; // crash bt header
        for (const FormatParser& p : formatParsers())
            if (p.format != Format::Console && p.format != Format::Informal && p.sniff(lines))
                return true;
        return false;
    }

    // whether console text resumes within a few lines, so the unrelated lines before it are part of
    // the region (prose between stacks) rather than its end
    bool consoleAhead(LineStream& lines)
    {
        for (std::size_t i = 1; i <= proseWindow; ++i) {
            const Line* line = lines.peek(i);
            if (!line)
                return false;
            ConsoleLine cl = consoleLine(*line);
            if (cl.kernel && !trim(cl.text).empty())
                return true;
            LineClass c = classify(cl.text, cl.kernel);
            // a frame at column 0 without a timestamp is how /proc/PID/stack prints, not the console
            const bool procStyle = !cl.text.empty() && cl.text[0] == '[';
            if (c == LineClass::Strong || (c == LineClass::Frame && !procStyle))
                return true;
        }
        return false;
    }

} // namespace

bool sniffConsole(LineStream& lines)
{
    const Line* line = lines.peek();
    if (!line)
        return false;
    ConsoleLine cl = consoleLine(*line);
    // lockdep opens its reports with a rule of '=' over the WARNING line
    const std::string_view t = trim(cl.text);
    if (t.size() >= 20 && t.find_first_not_of('=') == std::string_view::npos) {
        const Line* next = lines.peek(1);
        ReportLine r;
        return next && recognizeReport(consoleLine(*next).text, r);
    }
    switch (classify(cl.text, cl.kernel)) {
    case LineClass::Strong:
        return true;
    case LineClass::Weak:
        return cl.kernel;
    case LineClass::Frame: {
        if (cl.kernel)
            return true;
        // bare frames without timestamps: at least two in a row
        const Line* next = lines.peek(1);
        if (!next)
            return false;
        ConsoleLine nc = consoleLine(*next);
        LineClass c = classify(nc.text, nc.kernel);
        return c == LineClass::Frame || c == LineClass::Strong;
    }
    case LineClass::None: {
        // sysrq-t (show_state) copied without timestamps: an old-style task line
        // "qemu-system-arm D 80330384     0   721    719 0x00000001" right above its frames
        TaskHeader h;
        const Line* next = lines.peek(1);
        if (!next || !parseSchedTaskLine(t, h))
            return false;
        ConsoleLine nc = consoleLine(*next);
        return classify(nc.text, nc.kernel) == LineClass::Frame;
    }
    }
    return false;
}

void parseConsole(LineStream& lines, DumpBuilder& out)
{
    ConsoleReader reader(out);
    LineSpan region;
    while (const Line* line = lines.peek()) {
        const ConsoleLine cl = consoleLine(*line);
        const Line* nextLine = lines.peek(1);
        ConsoleLine next;
        if (nextLine)
            next = consoleLine(*nextLine);
        const std::uint32_t number = line->number;
        bool joined = false;
        if (!cl.kernel && trim(cl.text).empty()) {
            if (!region.valid() || !consoleAhead(lines))
                break;
            reader.read(cl, nullptr, false, joined);
        } else {
            auto use = reader.read(cl, nextLine ? &next : nullptr, false, joined);
            if (use == ConsoleReader::Use::Orphan) {
                if (!cl.kernel && region.valid() && foreignAt(lines))
                    break;
                use = reader.read(cl, nextLine ? &next : nullptr, true, joined);
            }
            if (use == ConsoleReader::Use::Unrelated) {
                if (!cl.kernel && (!region.valid() || foreignAt(lines) || !consoleAhead(lines)))
                    break;
                reader.unrelated(cl);
            }
        }
        region.extend(number);
        if (joined)
            region.extend(number + 1);
        lines.advance(joined ? 2 : 1);
    }
    reader.finish();
    out.noteRegion(Format::Console, region);
}

} // namespace hvdump::parsers
