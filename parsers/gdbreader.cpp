// SPDX-License-Identifier: GPL-2.0-or-later
#include "gdbreader.h"

#include "dumpbuilder.h"
#include "linecursor.h"
#include "linestream.h"

#include <algorithm>
#include <cstdio>

namespace hvdump::parsers {
namespace {

    constexpr int maxJoinedLines = 12; // a frame wrapped over more lines than this is cut
    constexpr std::size_t maxJoinedBytes = 1 << 16;

    bool isUnknownFunction(std::string_view f)
    {
        return f.empty() || f == "??" || f == "???";
    }

    bool isValueStart(std::string_view t)
    {
        LineCursor c(t);
        std::uint64_t n = 0;
        return c.consumeChar('$') && c.consumeDecimal(n) && c.consumePrefix(" = ");
    }

} // namespace

GdbReader::GdbReader(LineStream& lines, DumpBuilder& out)
    : m_lines(lines)
    , m_out(out)
{
}

void GdbReader::run()
{
    while (const Line* line = m_lines.peek()) {
        std::string_view t = trim(line->text);
        if (t.empty()) {
            if (!blankRunContinues())
                break;
            m_lines.advance();
            continue;
        }
        if (!step(*line, t))
            break;
    }
    finishThread();
    if (m_haveLocation) {
        m_out.addThread(std::move(m_location));
        m_haveLocation = false;
    }
    m_out.noteRegion(Format::Gdb, m_region);
}

void GdbReader::consumed(std::uint32_t line)
{
    m_region.extend(line);
}

bool GdbReader::isGdbLine(std::string_view t) const
{
    std::uint32_t level = 0;
    std::string_view body;
    GdbThreadHeader header;
    GdbCommand command;
    return splitGdbFrameLevel(t, level, body) || parseGdbThreadHeader(t, header) || isValueStart(t)
        || parseGdbCommand(t, command) || isGdbInfoThreadsHeader(t) || parseGdbThreadSwitch(t, header)
        || classifyGdbNoise(t) != GdbNoise::None || isElisionLine(t) || startsWith(t, "Backtrace stopped:");
}

// blank lines belong to the region when gdb output follows them
bool GdbReader::blankRunContinues()
{
    for (std::size_t ahead = 1; ahead < 16; ++ahead) {
        const Line* l = m_lines.peek(ahead);
        if (!l)
            return false;
        std::string_view t = trim(l->text);
        if (!t.empty())
            return isGdbLine(t);
    }
    return false;
}

bool GdbReader::step(const Line& line, std::string_view t)
{
    const std::uint32_t number = line.number;
    std::uint32_t level = 0;
    std::string_view body;
    if (splitGdbFrameLevel(t, level, body)) {
        handleFrame(number, level, body);
        return true;
    }
    auto skip = [&] {
        consumed(number);
        m_lines.advance();
        return true;
    };
    GdbThreadHeader header;
    if (parseGdbThreadHeader(t, header)) {
        finishThread();
        m_infoThreads = m_selectEcho = m_signalEcho = m_examine = false;
        startThread(header.target, header.number, number);
        return skip();
    }
    if (t[0] == '$' && isValueStart(t))
        return handleValue(number, t);
    GdbCommand command;
    if (parseGdbCommand(t, command)) {
        handleCommand(command);
        return skip();
    }
    if (m_inThread && m_lastWasFrame) {
        if (t == "No locals." || startsWith(t, "No symbol table info available"))
            return skip();
        if (handleLocal(number, t))
            return true;
    }
    m_lastWasFrame = false;
    if (!isSpace(line.text[0]))
        m_infoFrame = false;
    if (startsWith(t, "Backtrace stopped:") || startsWith(t, "(More stack frames follow")) {
        if (m_inThread) {
            m_thread.note = m_out.intern(t);
            m_thread.span.extend(number);
        }
        return skip();
    }
    if (isGdbInfoThreadsHeader(t)) {
        finishThread();
        m_infoThreads = true;
        return skip();
    }
    GdbInfoThreadsRow row;
    if (m_infoThreads && parseGdbInfoThreadsRow(line.text, row)) {
        handleInfoThreadsRow(number, row);
        return true;
    }
    if (parseGdbThreadSwitch(t, header)) {
        m_switched = header;
        m_haveSwitched = true;
        // "thread N" prints "[Switching to thread N (...)]" and then the selected frame
        if (startsWith(t, "[Switching to thread "))
            m_selectEcho = !m_inThread || !m_thread.frames.empty();
        finishThread();
        if (m_haveLocation && !m_location.id.valid())
            fillIdentity(m_location, header.target, header.number);
        return skip();
    }
    if (looksLikeBrokenGdbLevel(t) && (m_inThread || contains(t, " in ") || contains(t, " ("))) {
        m_out.diagnose(Severity::Warning, codes::MalformedFrame, number,
            "frame line without a readable frame number: " + std::string(t.substr(0, 80)));
        return skip();
    }
    if (isElisionLine(t)) {
        m_out.diagnose(Severity::Warning, codes::OutputCut, number,
            "part of the gdb output was removed here: " + std::string(t.substr(0, 80)));
        return skip();
    }
    if (isGdbSourceLine(line.text))
        return skip();
    if (GdbNoise noise = classifyGdbNoise(t); noise != GdbNoise::None) {
        // a core file or a signal: gdb then prints the frame it stopped in, as "#0 ..."
        if (noise == GdbNoise::Signal || startsWith(t, "Core was generated by")) {
            finishThread();
            m_signalEcho = true;
        }
        return skip();
    }
    if (m_examine && startsWith(t, "0x") && contains(t, ":"))
        return skip();
    // "info frame": "Stack level 1, frame at 0x..:" and its indented lines (" inlined into frame 2")
    if (startsWith(t, "Stack level ") && contains(t, ", frame at ")) {
        finishThread();
        m_infoFrame = true;
        return skip();
    }
    if (m_infoFrame && isSpace(line.text[0]))
        return skip();
    // where gdb stopped on attach: "0x00007f.. in __GI___poll (...) at poll.c:29", no '#'; it
    // repeats frame #0 of the current thread, so it is read (with its wrapped lines) and dropped
    GdbFrameText f;
    GdbFrameStatus status = m_inThread ? GdbFrameStatus::Malformed : parseGdbFrameBody(t, f);
    const bool call =
        status == GdbFrameStatus::Ok && f.hasArguments && (f.hasAddress || !f.file.empty() || !f.library.empty());
    const bool wrappedCall =
        status == GdbFrameStatus::Incomplete && !f.function.empty() && t.find(" (") != std::string_view::npos;
    if (call || wrappedCall) {
        LineSpan span;
        readFrame(number, t, f, span);
        return true;
    }
    return false;
}

void GdbReader::handleCommand(const GdbCommand& command)
{
    const bool awaitingFrames = m_inThread && m_thread.frames.empty();
    if (!(command.kind == GdbCommandKind::Backtrace && awaitingFrames))
        finishThread(); // "+bt" after a "thread apply" header belongs to that header
    m_infoThreads = false;
    m_signalEcho = false;
    m_selectEcho = command.kind == GdbCommandKind::Select;
    m_examine = command.kind == GdbCommandKind::Examine;
    if (command.kind == GdbCommandKind::Print)
        m_expression = command.expression;
}

void GdbReader::fillIdentity(Thread& thread, const GdbTargetId& target, std::string_view number)
{
    // "LWP N" when gdb names the LWP, else gdb's own "Thread N"; "process N" only without both
    char id[64];
    if (target.handle)
        thread.taskAddress = target.handle; // what pthread_join(threadid=...) names
    if (target.lwp >= 0) {
        std::snprintf(id, sizeof id, "LWP %lld", static_cast<long long>(target.lwp));
        thread.tid = target.lwp;
    } else if (!number.empty()) {
        std::snprintf(
            id, sizeof id, "Thread %.*s", static_cast<int>(std::min<std::size_t>(number.size(), 40)), number.data());
        thread.tid = target.process;
    } else if (target.process >= 0) {
        std::snprintf(id, sizeof id, "process %lld", static_cast<long long>(target.process));
        thread.tid = target.process;
    } else {
        return;
    }
    thread.id = m_out.intern(id);
    if (!target.name.empty())
        thread.name = m_out.intern(target.name);
}

void GdbReader::startThread(const GdbTargetId& target, std::string_view number, std::uint32_t line)
{
    m_thread = Thread {};
    m_thread.format = Format::Gdb;
    fillIdentity(m_thread, target, number);
    m_thread.span.extend(line);
    m_inThread = true;
    m_lastWasFrame = false;
    m_lastLevel = 0;
    // a backtrace of the thread a signal stopped in repeats that location
    if (m_haveLocation && m_thread.id.valid() && m_location.id == m_thread.id)
        m_haveLocation = false;
}

void GdbReader::finishThread()
{
    if (!m_inThread)
        return;
    m_inThread = false;
    m_lastWasFrame = false;
    auto& frames = m_thread.frames;
    bool anyAddress = false;
    for (const Frame& f : frames)
        anyAddress = anyAddress || f.hasAddress;
    // a frame printed without its pc (or with the pc of the frame before it) is the one the
    // previous frame was inlined into; without any pc at all ("set print address off") nothing
    // can be told
    for (std::size_t i = 1; anyAddress && i < frames.size(); ++i) {
        if (m_out.dump().str(frames[i].function) == "<signal handler called>"
            || m_out.dump().str(frames[i - 1].function) == "<signal handler called>")
            continue;
        if (!frames[i].hasAddress || (frames[i - 1].hasAddress && frames[i].address == frames[i - 1].address))
            frames[i - 1].inlined = true;
    }
    m_out.addThread(std::move(m_thread));
    m_thread = Thread {};
}

Frame GdbReader::makeFrame(const GdbFrameText& text, LineSpan span)
{
    Frame f;
    f.address = text.address;
    f.hasAddress = text.hasAddress;
    if (!isUnknownFunction(text.function))
        f.function = m_out.intern(text.function);
    if (text.hasArguments)
        f.arguments = m_out.intern(trim(text.arguments));
    if (!text.file.empty())
        f.file = m_out.intern(text.file);
    f.line = text.line;
    if (!text.library.empty())
        f.module = m_out.intern(text.library);
    if (!text.note.empty())
        f.note = m_out.intern(text.note);
    f.span = span;
    return f;
}

GdbFrameStatus GdbReader::readFrame(std::uint32_t number, std::string_view body, GdbFrameText& frame, LineSpan& span)
{
    GdbFrameStatus status = parseGdbFrameBody(body, frame);
    span = LineSpan { number, number };
    consumed(number);
    m_lines.advance();
    for (int joined = 0; joined < maxJoinedLines && status != GdbFrameStatus::Ok; ++joined) {
        const Line* next = m_lines.peek();
        if (!next || !continuesGdbFrame(status, frame, next->text) || m_join.size() > maxJoinedBytes)
            break;
        if (joined == 0)
            m_join.assign(body);
        if (!m_join.empty() && m_join.back() != ' ')
            m_join += ' ';
        m_join += trim(next->text);
        span.last = next->number;
        consumed(next->number);
        m_lines.advance();
        body = m_join;
        status = parseGdbFrameBody(body, frame);
    }
    // "at FILE:LINE" / "from LIB" alone on the next line after a complete call
    const Line* next = m_lines.peek();
    if (status == GdbFrameStatus::Ok && next && continuesGdbFrame(status, frame, next->text)) {
        if (body.data() != m_join.data())
            m_join.assign(body);
        m_join += ' ';
        m_join += trim(next->text);
        span.last = next->number;
        consumed(next->number);
        m_lines.advance();
        status = parseGdbFrameBody(m_join, frame);
    }
    return status;
}

void GdbReader::reportBadFrame(GdbFrameStatus status, std::uint32_t level, LineSpan span)
{
    std::string what = "frame #" + std::to_string(level);
    if (status == GdbFrameStatus::Incomplete) {
        const Line* next = m_lines.peek();
        if (!next || !isGdbLine(trim(next->text)))
            m_out.diagnose(Severity::Warning, codes::TruncatedStack, span.first,
                "the stack ends in the middle of " + what + "; its arguments are not kept");
        else
            m_out.diagnose(Severity::Warning, codes::MalformedFrame, span.first,
                what + " is cut before its call is complete; its arguments are not kept");
    } else {
        m_out.diagnose(Severity::Warning, codes::MalformedFrame, span.first,
            what + " could not be read as a call (no argument list)");
    }
}

void GdbReader::handleFrame(std::uint32_t number, std::uint32_t level, std::string_view body)
{
    GdbFrameText text;
    LineSpan span;
    GdbFrameStatus status = readFrame(number, body, text, span);
    if (m_selectEcho && !m_inThread) {
        m_selectEcho = false; // "frame 3" / "thread 2" print the selected frame: no backtrace
        return;
    }
    m_selectEcho = false;
    if (status != GdbFrameStatus::Ok) {
        reportBadFrame(status, level, span);
        text.arguments = {};
        text.hasArguments = false;
    }
    Frame frame = makeFrame(text, span);
    if (m_signalEcho && !m_inThread) {
        m_signalEcho = false;
        if (m_haveLocation)
            m_out.addThread(std::move(m_location));
        m_location = Thread {};
        m_location.format = Format::Gdb;
        if (m_haveSwitched)
            fillIdentity(m_location, m_switched.target, m_switched.number);
        m_location.frames.push_back(std::move(frame));
        m_location.span = span;
        m_haveLocation = true;
        return;
    }
    m_signalEcho = false;
    if (!m_inThread || (!m_thread.frames.empty() && (level == 0 || level <= m_lastLevel))) {
        finishThread();
        GdbTargetId none;
        startThread(m_haveSwitched ? m_switched.target : none, m_haveSwitched ? m_switched.number : "", number);
    }
    m_thread.frames.push_back(std::move(frame));
    m_thread.span.extend(span.last);
    m_lastLevel = level;
    m_lastWasFrame = true;
}

void GdbReader::handleInfoThreadsRow(std::uint32_t number, const GdbInfoThreadsRow& row)
{
    Thread thread;
    thread.format = Format::Gdb;
    fillIdentity(thread, row.thread.target, row.thread.number);
    if (row.current)
        thread.note = m_out.intern("current thread (*) in gdb's info threads");
    if (row.running) {
        thread.state = ThreadState::Running;
        thread.stateText = m_out.intern("running");
    }
    LineSpan span { number, number };
    if (!row.frame.empty()) {
        GdbFrameText text;
        GdbFrameStatus status = readFrame(number, row.frame, text, span);
        if (status != GdbFrameStatus::Ok) {
            reportBadFrame(status, 0, span);
            text.arguments = {};
            text.hasArguments = false;
        }
        thread.frames.push_back(makeFrame(text, span));
    } else {
        consumed(number);
        m_lines.advance();
    }
    thread.span = span;
    m_out.addThread(std::move(thread));
}

} // namespace hvdump::parsers
