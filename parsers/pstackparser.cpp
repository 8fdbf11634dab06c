// SPDX-License-Identifier: GPL-2.0-or-later
#include "pstackparser.h"

#include "dumpbuilder.h"
#include "linecursor.h"
#include "linestream.h"

#include <cstdio>

namespace hvdump::parsers {
namespace {

    // "-----------------  lwp# 1 / thread# 1  --------------------"; older releases print
    // "thread# 2 / lwp# 2"
    bool parseSeparator(std::string_view text, std::int64_t& lwp)
    {
        std::string_view t = trim(text);
        if (!startsWith(t, "---") || !endsWith(t, "---"))
            return false;
        std::size_t at = t.find("lwp# ");
        if (at == std::string_view::npos || !contains(t, "thread# "))
            return false;
        LineCursor c(t.substr(at + 5));
        std::uint64_t v = 0;
        if (!c.consumeDecimal(v))
            return false;
        lwp = static_cast<std::int64_t>(v);
        return true;
    }

    // "14069:\t/usr/bin/qemu-system-x86_64 -m 1024" or "core 'core' of 14069:\tqemu-system-..."
    bool parseProcessLine(std::string_view text)
    {
        std::string_view t = trim(text);
        if (startsWith(t, "core '")) {
            std::size_t of = t.find("' of ");
            if (of == std::string_view::npos)
                return false;
            t = t.substr(of + 5);
        }
        LineCursor c(t);
        std::uint64_t pid = 0;
        return c.consumeDecimal(pid) && c.consumeChar(':') && (c.atEnd() || isSpace(c.peek()));
    }

    struct PstackFrame
    {
        std::uint64_t address = 0;
        std::string_view function, arguments;
        std::uint64_t offset = 0;
        bool hasOffset = false;
    };

    enum class FrameRead : std::uint8_t { No, Ok, Cut };

    // " fffffd7fff191e81 mutex_lock_impl (6f4c80, 0) + 181": pc, symbol, the first arguments
    // as bare hex words, and the offset in hex without 0x; "????????" for an unknown symbol
    FrameRead readFrame(std::string_view text, PstackFrame& f)
    {
        std::string_view t = trim(text);
        LineCursor c(t);
        const std::size_t start = c.position();
        while (!c.atEnd() && isHexDigit(c.peek()))
            c.setPosition(c.position() + 1);
        const std::size_t digits = c.position() - start;
        if (digits != 8 && digits != 16) {
            // a copy cut inside the pc ("fffffd") is a frame that lost its symbol
            return digits > 0 && c.atEnd() ? FrameRead::Cut : FrameRead::No;
        }
        LineCursor pc(t.substr(0, digits));
        if (!pc.consumeHex(f.address) || !c.consumeChar(' '))
            return c.atEnd() ? FrameRead::Cut : FrameRead::No;
        c.skipSpaces();
        std::string_view rest = c.rest();
        const std::size_t open = rest.find(" (");
        if (open == std::string_view::npos || open == 0)
            return rest.empty() || rest.find(' ') == std::string_view::npos ? FrameRead::Cut : FrameRead::No;
        f.function = trim(rest.substr(0, open)); // pstack pads short names: "worker   (8066f00)"
        const std::size_t close = rest.find(')', open);
        if (close == std::string_view::npos)
            return FrameRead::Cut;
        f.arguments = trim(rest.substr(open + 2, close - open - 2));
        LineCursor tail(trim(rest.substr(close + 1)));
        if (tail.atEnd())
            return FrameRead::Ok;
        if (!tail.consumePrefix("+ ") || !tail.consumeHex(f.offset) || !tail.atEnd())
            return FrameRead::No;
        f.hasOffset = true;
        return FrameRead::Ok;
    }

    bool isPstackLine(std::string_view text)
    {
        std::int64_t lwp = 0;
        PstackFrame f;
        return parseSeparator(text, lwp) || parseProcessLine(text) || readFrame(text, f) == FrameRead::Ok;
    }

    class PstackReader
    {
    public:
        PstackReader(LineStream& lines, DumpBuilder& out)
            : m_lines(lines)
            , m_out(out)
        {
        }
        void run();

    private:
        void start(std::int64_t lwp, std::uint32_t n)
        {
            flush();
            m_thread = Thread {};
            m_thread.format = Format::Pstack;
            m_thread.span = { n, n };
            if (lwp >= 0) {
                char id[40];
                std::snprintf(id, sizeof id, "LWP %lld", static_cast<long long>(lwp));
                m_thread.id = m_out.intern(id);
                m_thread.tid = lwp;
            }
            m_open = true;
        }
        void flush()
        {
            if (m_open)
                m_out.addThread(std::move(m_thread));
            m_open = false;
        }
        bool blankInside() const;

        LineStream& m_lines;
        DumpBuilder& m_out;
        Thread m_thread;
        bool m_open = false;
        LineSpan m_region;
    };

    // a blank line belongs to the block only when the block goes on after it
    bool PstackReader::blankInside() const
    {
        for (std::size_t i = 1; i < 4; ++i) {
            const Line* l = m_lines.peek(i);
            if (!l || l->kernelLog)
                return false;
            if (!trim(l->text).empty())
                return isPstackLine(l->text);
        }
        return false;
    }

    void PstackReader::run()
    {
        while (const Line* line = m_lines.peek()) {
            if (line->kernelLog)
                break;
            const std::uint32_t n = line->number;
            const std::string_view t = trim(line->text);
            std::int64_t lwp = -1;
            PstackFrame f;
            if (t.empty()) {
                if (!blankInside())
                    break;
            } else if (parseSeparator(t, lwp)) {
                start(lwp, n);
            } else if (parseProcessLine(t)) {
                flush(); // a new process: its first thread has no separator when it is the only one
            } else if (FrameRead r = readFrame(t, f); r != FrameRead::No) {
                if (!m_open)
                    start(-1, n);
                m_thread.span.extend(n);
                if (r == FrameRead::Cut) {
                    m_out.diagnose(Severity::Warning, codes::TruncatedStack, n,
                        "the stack ends in the middle of a frame: " + std::string(t.substr(0, 80)));
                    m_region.extend(n);
                    m_lines.advance();
                    flush();
                    break;
                }
                Frame frame;
                frame.address = f.address;
                frame.hasAddress = true;
                if (f.function != "????????")
                    frame.function = m_out.intern(f.function);
                if (!f.arguments.empty())
                    frame.arguments = m_out.intern(f.arguments);
                frame.offset = f.offset;
                frame.hasOffset = f.hasOffset;
                frame.span = { n, n };
                m_thread.frames.push_back(frame);
            } else {
                break;
            }
            m_region.extend(n);
            m_lines.advance();
        }
        flush();
        m_out.noteRegion(Format::Pstack, m_region);
    }

} // namespace

bool sniffPstack(LineStream& lines)
{
    const Line* line = lines.peek();
    const Line* next = lines.peek(1);
    if (!line || line->kernelLog || !next || next->kernelLog)
        return false;
    std::int64_t lwp = 0;
    PstackFrame f, g;
    if (parseSeparator(line->text, lwp))
        return readFrame(next->text, f) != FrameRead::No;
    if (parseProcessLine(line->text))
        return parseSeparator(next->text, lwp) || readFrame(next->text, f) == FrameRead::Ok;
    // a bare stack: two frames in a row, each "pc symbol (args)"
    return readFrame(line->text, f) == FrameRead::Ok && readFrame(next->text, g) == FrameRead::Ok;
}

void parsePstack(LineStream& lines, DumpBuilder& out)
{
    PstackReader reader(lines, out);
    reader.run();
}

} // namespace hvdump::parsers
