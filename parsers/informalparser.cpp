// SPDX-License-Identifier: GPL-2.0-or-later
#include "informalparser.h"

#include "dumpbuilder.h"
#include "informalline.h"
#include "linecursor.h"
#include "linestream.h"

#include <charconv>
#include <string>

namespace hvdump::parsers {
namespace {

    using namespace informal;

    constexpr std::size_t maxHeaderLines = 6;
    constexpr std::size_t maxGapLines = 2;
    constexpr std::size_t maxRunLines = 200; // below LineStream::maxLookahead
    constexpr std::size_t maxNoteLength = 300;

    // where a list starts and ends, relative to the current line
    struct Shape
    {
        std::size_t headerLines = 0;
        std::size_t frameStart = 0;
        std::size_t runEnd = 0;
        std::size_t frames = 0;
        std::size_t functionLike = 0; // frames that look like functions, not English words
    };

    bool isBlank(const Line* l)
    {
        return !l || trim(l->text).empty();
    }

    bool isElisionLine(std::string_view text)
    {
        std::string_view t = trim(text);
        return t == "..." || t == "[...]" || t == "(...)" || t == "\xe2\x80\xa6";
    }

    bool namesExecutionContext(const HeaderInfo& h)
    {
        return h.kind != ContextKind::None && h.kind != ContextKind::Named;
    }

    void joinHeader(LineStream& lines, std::size_t count, std::string& out)
    {
        out.clear();
        for (std::size_t i = 0; i < count; ++i) {
            const Line* l = lines.peek(i);
            if (!l)
                break;
            if (!out.empty())
                out += ' ';
            out.append(trim(l->text));
        }
    }

    // The shape of a list starting at the current line, or false when there is none. header and info
    // receive the header sentence (joined) and what it says; without wantInfo they are only built
    // when needed to decide.
    bool detect(LineStream& lines, Shape& s, std::string& header, HeaderInfo& info, bool wantInfo)
    {
        s = {};
        FrameText frame;
        std::size_t i = 0;
        for (; i < maxHeaderLines; ++i) {
            const Line* l = lines.peek(i);
            if (isBlank(l) || parseFrameText(l->text, frame))
                break;
            // a line with a dmesg timestamp or kernel tag is the console's report, not a sentence
            // introducing a list
            if (l->kernelLog || !isProseLine(l->text) || isAnnotationLine(l->text))
                return false;
        }
        if (i == maxHeaderLines)
            return false; // a long paragraph: its last lines are tried as a header later
        s.headerLines = i;
        std::size_t gap = 0;
        if (s.headerLines > 0)
            while (gap < maxGapLines && lines.peek(i) && isBlank(lines.peek(i)))
                ++gap, ++i;
        s.frameStart = i;
        for (; i < s.frameStart + maxRunLines; ++i) {
            const Line* l = lines.peek(i);
            if (isBlank(l))
                break;
            if (parseFrameText(l->text, frame)) {
                ++s.frames;
                s.functionLike += frame.functionLike ? 1 : 0;
            } else if (s.frames == 0 || (!isAnnotationLine(l->text) && !isElisionLine(l->text))) {
                break;
            }
        }
        s.runEnd = i;
        if (s.frames == 0)
            return false;
        info = {};
        if (s.headerLines == 0) {
            // no header: mostly function-like names, so that short lines of prose do not qualify
            return s.frames >= 3 && s.functionLike * 2 >= s.frames;
        }
        const bool endsWithColon = endsWith(trimRight(lines.peek(s.headerLines - 1)->text), ":");
        if (s.frames < 2 || (gap > 0 && !endsWithColon))
            return false; // a paragraph, then a list on its own: the list is tried by itself
        if (!wantInfo && endsWithColon && s.functionLike > 0)
            return true;
        joinHeader(lines, s.headerLines, header);
        info = analyzeHeader(header);
        if (!endsWithColon && !namesExecutionContext(info))
            return false;
        return s.functionLike > 0 || namesExecutionContext(info);
    }

    StringId idFor(DumpBuilder& out, const HeaderInfo& h, std::uint32_t firstLine)
    {
        std::string_view prefix;
        std::int64_t number = h.number;
        switch (h.kind) {
        case ContextKind::Cpu:
            prefix = "CPU ";
            break;
        case ContextKind::VCpu:
            prefix = "vCPU ";
            break;
        case ContextKind::Thread:
            prefix = "Thread ";
            break;
        case ContextKind::Lwp:
            prefix = "LWP ";
            break;
        case ContextKind::Pid:
            prefix = "pid ";
            break;
        case ContextKind::Named:
            return out.intern(h.name);
        case ContextKind::None:
            prefix = "list at line ";
            number = firstLine;
            break;
        }
        char buf[40];
        std::size_t n = prefix.copy(buf, sizeof buf);
        char* end = std::to_chars(buf + n, buf + sizeof buf, number).ptr;
        return out.intern(std::string_view(buf, static_cast<std::size_t>(end - buf)));
    }

    std::string_view shortened(std::string_view text)
    {
        if (text.size() <= maxNoteLength)
            return text;
        std::size_t cut = text.rfind(' ', maxNoteLength);
        return trimRight(
            text.substr(0, cut == std::string_view::npos || cut < maxNoteLength / 2 ? maxNoteLength : cut));
    }

    void addNote(DumpBuilder& out, Frame& frame, std::string_view note)
    {
        std::string_view existing = out.dump().str(frame.note);
        if (existing.empty()) {
            frame.note = out.intern(note);
            return;
        }
        std::string joined(existing);
        joined.append("; ").append(note);
        frame.note = out.intern(joined);
    }

} // namespace

bool sniffInformal(LineStream& lines)
{
    Shape shape;
    std::string header;
    HeaderInfo info;
    return detect(lines, shape, header, info, false);
}

void parseInformal(LineStream& lines, DumpBuilder& out)
{
    Shape shape;
    std::string header;
    HeaderInfo info;
    if (!detect(lines, shape, header, info, true)) {
        lines.advance();
        return;
    }
    const Line* first = lines.peek();
    Thread t;
    t.format = Format::Informal;
    t.span.extend(first->number);
    t.id = idFor(out, info, first->number);
    if (info.kind == ContextKind::Cpu && info.number >= 0 && info.number < 0x7fffffff)
        t.cpu = static_cast<std::int32_t>(info.number);
    if (info.kind == ContextKind::Lwp || info.kind == ContextKind::Pid)
        t.tid = info.number;
    t.name = out.intern(info.name);
    t.state = info.state;
    t.stateText = out.intern(info.stateText);
    if (!header.empty())
        t.note = out.intern(shortened(header));

    FrameText text;
    for (std::size_t i = shape.frameStart; i < shape.runEnd; ++i) {
        const Line* l = lines.peek(i);
        if (!l)
            break;
        if (parseFrameText(l->text, text)) {
            Frame f;
            f.function = out.intern(text.function);
            if (!text.module.empty())
                f.module = out.intern(text.module);
            if (!text.note.empty())
                f.note = out.intern(text.note);
            if (!text.file.empty())
                f.file = out.intern(text.file);
            f.line = text.line;
            f.address = text.address;
            f.hasAddress = text.hasAddress;
            f.offset = text.offset;
            f.hasOffset = text.hasOffset;
            f.size = text.size;
            f.hasSize = text.hasSize;
            f.unreliable = text.unreliable;
            f.span.extend(l->number);
            t.frames.push_back(f);
        } else if (isAnnotationLine(l->text) && !t.frames.empty()) {
            // "  <- writev() syscall" under a list says who called its outermost frame
            addNote(out, t.frames.back(), trim(l->text));
            t.frames.back().span.extend(l->number);
        } else if (isElisionLine(l->text)) {
            out.diagnose(Severity::Note, codes::OutputCut, l->number, "frames left out of this list");
        }
        t.span.extend(l->number);
    }
    LineSpan region = t.span;
    out.addThread(std::move(t));
    out.noteRegion(Format::Informal, region);
    lines.advance(shape.runEnd);
}

} // namespace hvdump::parsers
