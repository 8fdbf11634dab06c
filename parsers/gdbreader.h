// SPDX-License-Identifier: GPL-2.0-or-later
// Reads one gdb region line by line: thread headers and their frames (bt, bt full with locals,
// thread apply all bt), "info threads" tables, printed values ($1 = {...}) with the command that
// printed them, and the noise around them. It stops at the first line that is no gdb output.
// Frames wrapped over several lines (by gdb's terminal width or by a mail client) are joined.
#pragma once

#include "dump.h"
#include "gdbframe.h"
#include "gdbnoise.h"

#include <string>
#include <vector>

namespace hvdump::parsers {

class DumpBuilder;
class LineStream;
struct Line;

class GdbReader
{
public:
    GdbReader(LineStream& lines, DumpBuilder& out);
    void run();

private:
    // gdbreader.cpp: threads and frames
    bool step(const Line& line, std::string_view t);
    bool blankRunContinues();
    bool isGdbLine(std::string_view t) const;
    void startThread(const GdbTargetId& target, std::string_view number, std::uint32_t line);
    void finishThread();
    void handleFrame(std::uint32_t number, std::uint32_t level, std::string_view body);
    GdbFrameStatus readFrame(std::uint32_t number, std::string_view body, GdbFrameText& frame, LineSpan& span);
    void reportBadFrame(GdbFrameStatus status, std::uint32_t level, LineSpan span);
    Frame makeFrame(const GdbFrameText& text, LineSpan span);
    void handleInfoThreadsRow(std::uint32_t number, const GdbInfoThreadsRow& row);
    void fillIdentity(Thread& thread, const GdbTargetId& target, std::string_view number);
    void handleCommand(const GdbCommand& command);
    void consumed(std::uint32_t line);

    // gdbreadervalues.cpp: printed values and bt full locals
    bool handleValue(std::uint32_t number, std::string_view t);
    bool handleLocal(std::uint32_t number, std::string_view t);
    bool collectValue(std::uint32_t number, std::string_view first, LineSpan& span);
    void addFields(std::vector<ObjectField>& fields, std::string_view valueText, std::string_view prefix);

    LineStream& m_lines;
    DumpBuilder& m_out;
    LineSpan m_region;

    Thread m_thread;
    bool m_inThread = false;
    bool m_lastWasFrame = false;
    std::uint32_t m_lastLevel = 0;

    GdbThreadHeader m_switched; // "[Switching to thread ...]": owner of a headerless bt
    bool m_haveSwitched = false;
    bool m_infoThreads = false; // inside an "info threads" table
    bool m_selectEcho = false; // the next frame line echoes a selection, not a backtrace
    bool m_signalEcho = false; // the next frame line is where a signal stopped the program
    bool m_examine = false; // lines of an "x" memory dump follow
    bool m_infoFrame = false; // the indented lines of "info frame" follow
    Thread m_location; // that signal location, kept unless a backtrace repeats it
    bool m_haveLocation = false;
    std::string_view m_expression; // what the last print command printed

    std::string m_join; // a frame joined from wrapped lines
    std::string m_valueText; // a value joined from its lines
    std::vector<std::pair<std::size_t, std::uint32_t>> m_valueLines; // offset in m_valueText -> line
    std::string m_scratch;
};

} // namespace hvdump::parsers
