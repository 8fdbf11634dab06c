// SPDX-License-Identifier: GPL-2.0-or-later
#include "eustackparser.h"

#include "dumpbuilder.h"
#include "linecursor.h"
#include "linestream.h"

#include <cstdio>

namespace hvdump::parsers {
namespace {

    // "PID 1234 - process", "PID 1234 - core", "PID 1234 - process module memory map"
    bool parsePidLine(std::string_view t, bool& moduleMap)
    {
        LineCursor c(t);
        std::uint64_t pid = 0;
        if (!c.consumePrefix("PID ") || !c.consumeDecimal(pid) || !c.consumePrefix(" - "))
            return false;
        std::string_view rest = c.rest();
        moduleMap = endsWith(rest, "module memory map");
        return startsWith(rest, "process") || startsWith(rest, "core");
    }

    // "TID 1235:"
    bool parseTidLine(std::string_view t, std::int64_t& tid)
    {
        LineCursor c(t);
        std::uint64_t v = 0;
        if (!c.consumePrefix("TID ") || !c.consumeDecimal(v) || !c.consumeChar(':') || !trim(c.rest()).empty())
            return false;
        tid = static_cast<std::int64_t>(v);
        return v < (1ull << 62);
    }

    struct EuFrame
    {
        std::uint64_t address = 0;
        std::string_view function;
        std::string_view module;
    };

    bool isModuleName(std::string_view m)
    {
        return !m.empty() && m.find('(') == std::string_view::npos
            && (m[0] == '/' || m[0] == '[' || m.find(' ') == std::string_view::npos);
    }

    // "#3  0x00007f.. [- 1] [symbol] [- module]": a frame as eu-stack prints it (-a, -m optional)
    bool parseFrameLine(std::string_view t, std::uint32_t& level, EuFrame& out)
    {
        out = EuFrame {};
        LineCursor c(t);
        std::uint64_t v = 0;
        if (!c.consumeChar('#') || !c.consumeDecimal(v) || v > 0xffffffffu || c.skipSpaces() == 0)
            return false;
        level = static_cast<std::uint32_t>(v);
        std::size_t addressStart = c.position();
        if (!startsWith(c.rest(), "0x") || !c.consumeHex(out.address))
            return false;
        const std::size_t digits = c.position() - addressStart - 2;
        if ((digits != 16 && digits != 8) || (!c.atEnd() && !isSpace(c.peek())))
            return false; // eu-stack zero-pads addresses to 8 or 16 digits
        std::string_view rest = c.rest();
        if (startsWith(rest, " - 1") && (rest.size() == 4 || rest[4] == ' '))
            rest = rest.substr(4); // -a: the pc is a return address, not an activation
        rest = trim(rest);
        if (startsWith(rest, "in "))
            return false; // a gdb frame, not eu-stack
        if (startsWith(rest, "- ") && isModuleName(trim(rest.substr(2)))) {
            out.module = trim(rest.substr(2));
            return true;
        }
        std::size_t dash = rest.rfind(" - ");
        if (dash != std::string_view::npos && isModuleName(trim(rest.substr(dash + 3)))) {
            out.module = trim(rest.substr(dash + 3));
            rest = trimRight(rest.substr(0, dash));
        }
        out.function = rest;
        return true;
    }

    // "    ./nptl/futex-internal.c:57:12" (-s): file, line and column
    bool parseSourceLine(std::string_view text, std::string_view& file, std::uint32_t& line)
    {
        if (text.empty() || !isSpace(text[0]))
            return false;
        std::string_view t = trim(text);
        if (t.empty() || t[0] == '[' || t[0] == '#')
            return false;
        std::int64_t number = 0, column = 0;
        std::size_t colon = t.rfind(':');
        if (colon == std::string_view::npos || colon == 0)
            return false;
        std::size_t colon2 = t.rfind(':', colon - 1);
        if (colon2 != std::string_view::npos && colon2 > 0 && parseInt(t.substr(colon2 + 1, colon - colon2 - 1), number)
            && parseInt(t.substr(colon + 1), column)) {
            file = t.substr(0, colon2);
        } else if (parseInt(t.substr(colon + 1), number)) {
            file = t.substr(0, colon);
        } else {
            return false;
        }
        line = number > 0 && number < 100000000 ? static_cast<std::uint32_t>(number) : 0;
        return true;
    }

    // "    [93ac61ec..]@0x7fa95eae0000+0x85f16" (-b) and the module map lines of -l
    bool isBuildIdLine(std::string_view text)
    {
        std::string_view t = trim(text);
        return !text.empty() && isSpace(text[0]) && t.size() > 2 && t[0] == '[' && contains(t, "]");
    }

    class EuStackReader
    {
    public:
        EuStackReader(LineStream& lines, DumpBuilder& out)
            : m_lines(lines)
            , m_out(out)
        {
        }

        void run()
        {
            while (const Line* line = m_lines.peek()) {
                if (!step(*line))
                    break;
            }
            finishThread();
            m_out.noteRegion(Format::EuStack, m_region);
        }

    private:
        bool step(const Line& line)
        {
            const std::uint32_t number = line.number;
            std::string_view t = trim(line.text);
            std::uint32_t level = 0;
            EuFrame frame;
            std::int64_t tid = -1;
            bool moduleMap = false;
            if (parseFrameLine(t, level, frame)) {
                addFrame(number, level, frame);
            } else if (parseTidLine(t, tid)) {
                finishThread();
                startThread(number, tid);
                m_inModuleMap = false;
            } else if (parsePidLine(t, moduleMap)) {
                finishThread();
                m_inModuleMap = moduleMap;
            } else if (m_inThread && !m_thread.frames.empty() && parseSourceLine(line.text, m_file, m_line)) {
                Frame& f = m_thread.frames.back();
                f.file = m_out.intern(m_file);
                f.line = m_line;
                f.span.extend(number);
                m_thread.span.extend(number);
            } else if (isBuildIdLine(line.text) || (m_inModuleMap && isModuleMapLine(line.text, t))) {
                // build ids and the module map carry no stack
            } else if (startsWith(t, "eu-stack: ")) {
                errorLine(number, t);
            } else if (t.empty()) {
                if (!blankRunContinues())
                    return false;
            } else if (m_inThread && t.size() > 1 && t[0] == '#') {
                m_out.diagnose(Severity::Warning, codes::MalformedFrame, number,
                    "eu-stack frame line could not be read: " + std::string(t.substr(0, 80)));
            } else if (startsWith(t, "TID ") || startsWith(t, "PID ")) {
                finishThread();
                m_out.diagnose(Severity::Warning, codes::MalformedHeader, number,
                    "eu-stack thread or process line could not be read: " + std::string(t.substr(0, 80)));
            } else {
                return false;
            }
            if (!t.empty())
                m_region.extend(number);
            m_lines.advance();
            return true;
        }

        static bool isModuleMapLine(std::string_view text, std::string_view t)
        {
            // "0x000055..-0x000055.. abba", then "  /tmp/abba" and "  -" for its ELF and debug file
            return (startsWith(t, "0x") && contains(t, "-0x")) || (!text.empty() && isSpace(text[0]));
        }

        bool blankRunContinues()
        {
            for (std::size_t ahead = 1; ahead < 8; ++ahead) {
                const Line* l = m_lines.peek(ahead);
                if (!l)
                    return false;
                std::string_view t = trim(l->text);
                if (t.empty())
                    continue;
                std::int64_t tid = -1;
                std::uint32_t level = 0;
                EuFrame frame;
                bool moduleMap = false;
                return parseTidLine(t, tid) || parsePidLine(t, moduleMap) || parseFrameLine(t, level, frame)
                    || startsWith(t, "eu-stack: ");
            }
            return false;
        }

        void startThread(std::uint32_t number, std::int64_t tid)
        {
            m_thread = Thread {};
            m_thread.format = Format::EuStack;
            if (tid >= 0) {
                char id[32];
                std::snprintf(id, sizeof id, "TID %lld", static_cast<long long>(tid));
                m_thread.id = m_out.intern(id);
                m_thread.tid = tid;
            }
            m_thread.span.extend(number);
            m_inThread = true;
            m_lastLevel = 0;
        }

        void addFrame(std::uint32_t number, std::uint32_t level, const EuFrame& text)
        {
            if (!m_inThread || (!m_thread.frames.empty() && level <= m_lastLevel)) {
                finishThread();
                startThread(number, -1); // frames without a "TID n:" line before them
            }
            Frame f;
            f.address = text.address;
            f.hasAddress = true;
            if (!text.function.empty())
                f.function = m_out.intern(text.function);
            if (!text.module.empty())
                f.module = m_out.intern(text.module);
            f.span = LineSpan { number, number };
            m_thread.frames.push_back(f);
            m_thread.span.extend(number);
            m_lastLevel = level;
        }

        void finishThread()
        {
            if (!m_inThread)
                return;
            m_inThread = false;
            // eu-stack -i prints an inlined function with the pc of the function it was inlined into
            auto& frames = m_thread.frames;
            for (std::size_t i = 0; i + 1 < frames.size(); ++i)
                if (frames[i].address == frames[i + 1].address)
                    frames[i].inlined = true;
            m_out.addThread(std::move(m_thread));
            m_thread = Thread {};
        }

        // "eu-stack: tid 1235: shown max number of frames (256, use -n 0 for unlimited)"
        // "eu-stack: dwfl_thread_getframes tid 1235 at 0x7f.. in libc.so.6: No DWARF information found"
        void errorLine(std::uint32_t number, std::string_view t)
        {
            std::int64_t tid = -1;
            std::size_t at = t.find("tid ");
            if (at != std::string_view::npos) {
                LineCursor c(t.substr(at + 4));
                std::uint64_t v = 0;
                if (c.consumeDecimal(v))
                    tid = static_cast<std::int64_t>(v);
            }
            const bool maxFrames = contains(t, "shown max number of frames");
            if (m_inThread && tid == m_thread.tid) {
                m_thread.note = m_out.intern(t);
                m_thread.span.extend(number);
            }
            m_out.diagnose(maxFrames ? Severity::Warning : Severity::Note,
                maxFrames ? codes::TruncatedStack : codes::MalformedFrame, number,
                maxFrames ? "eu-stack stopped at its frame limit; the outer frames are missing"
                          : "eu-stack could not unwind further: " + std::string(t.substr(10, 160)));
        }

        LineStream& m_lines;
        DumpBuilder& m_out;
        LineSpan m_region;
        Thread m_thread;
        bool m_inThread = false;
        bool m_inModuleMap = false;
        std::uint32_t m_lastLevel = 0;
        std::string_view m_file;
        std::uint32_t m_line = 0;
    };

} // namespace

bool sniffEuStack(LineStream& lines)
{
    const Line* line = lines.peek();
    if (!line)
        return false;
    std::string_view t = trim(line->text);
    bool moduleMap = false;
    std::int64_t tid = -1;
    std::uint32_t level = 0;
    EuFrame frame;
    if (parsePidLine(t, moduleMap))
        return true;
    if (parseTidLine(t, tid)) {
        const Line* next = lines.peek(1);
        return next && parseFrameLine(trim(next->text), level, frame);
    }
    // a paste without the headers: the frame must carry a symbol or module, or be followed by one
    return parseFrameLine(t, level, frame) && (!frame.function.empty() || !frame.module.empty())
        && !contains(frame.function, " (") && !contains(frame.function, " + 0x");
}

void parseEuStack(LineStream& lines, DumpBuilder& out)
{
    EuStackReader reader(lines, out);
    reader.run();
}

} // namespace hvdump::parsers
