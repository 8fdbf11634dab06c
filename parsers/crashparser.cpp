// SPDX-License-Identifier: GPL-2.0-or-later
#include "crashparser.h"

#include "crashline.h"
#include "crashps.h"
#include "crashstack.h"
#include "dumpbuilder.h"
#include "linecursor.h"
#include "linestream.h"

#include <string>

namespace hvdump::parsers {
namespace {

    using namespace crash;

    enum class CommandKind : std::uint8_t { None, Bt, Ps, Foreign };

    struct Command
    {
        CommandKind kind = CommandKind::None;
        StackDefaults defaults;
    };

    // "bt -a", "bt -c 1,3", "bt -p": the stacks of tasks on their CPUs
    bool btShowsActiveTasks(std::string_view args)
    {
        LineCursor c(args);
        std::string_view token;
        while (c.skipSpaces(), c.consumeToken(token)) {
            if (token.size() < 2 || token[0] != '-')
                continue;
            for (char ch : token.substr(1))
                if (ch == 'a' || ch == 'A' || ch == 'c' || ch == 'p')
                    return true;
        }
        return false;
    }

    Command classifyCommand(std::string_view line)
    {
        Command cmd;
        std::size_t pipe = line.find('|');
        std::string_view text = trim(pipe == std::string_view::npos ? line : line.substr(0, pipe));
        LineCursor c(text);
        std::string_view verb;
        if (!c.consumeToken(verb))
            return cmd;
        std::string_view args = c.rest();
        if (verb == "bt") {
            cmd.kind = CommandKind::Bt;
            cmd.defaults.active = btShowsActiveTasks(args);
            return cmd;
        }
        if (verb == "ps") {
            cmd.kind = CommandKind::Ps;
            cmd.defaults.keepFrameless = false; // ps -p / ps -c print trees of bare task headers
            return cmd;
        }
        if (verb == "foreach") {
            cmd.kind = CommandKind::Foreign;
            std::string_view token;
            LineCursor a(args);
            while (a.skipSpaces(), a.consumeToken(token)) {
                if (token == "bt") {
                    cmd.kind = CommandKind::Bt;
                } else if (token == "active") {
                    cmd.defaults.active = true;
                } else if (token.size() == 2 && psState(token, false) != ThreadState::Unknown
                    && cmd.kind != CommandKind::Bt) {
                    // "foreach UN bt": only tasks in that state are shown
                    cmd.defaults.state = psState(token, false);
                    cmd.defaults.stateText = token;
                }
            }
            if (cmd.defaults.state == ThreadState::Runnable)
                cmd.defaults.state = ThreadState::Unknown; // RU may be on a CPU or waiting for one
            return cmd;
        }
        cmd.kind = CommandKind::Foreign;
        return cmd;
    }

    bool isBtMessage(std::string_view text)
    {
        std::string_view t = trimLeft(text);
        return startsWith(t, "bt: ") || startsWith(t, "crash: ") || startsWith(t, "foreach: ");
    }

    bool isMessageDetail(std::string_view text)
    {
        std::size_t colon = text.find(": ");
        if (text.empty() || (text[0] != ' ' && text[0] != '\t') || colon == std::string_view::npos)
            return false;
        std::string_view value = trimLeft(text.substr(colon + 2));
        return !value.empty() && isHexDigit(value[0]);
    }

    bool isExceptionBanner(std::string_view text)
    {
        std::string_view t = trim(text);
        return startsWith(t, "KERNEL-MODE EXCEPTION FRAME AT") || startsWith(t, "USER-MODE EXCEPTION FRAME AT")
            || endsWith(t, "exception frame:");
    }

    bool looksLikePsHeader(std::string_view text, PsColumns& columns)
    {
        return contains(text, "PID") && contains(text, "COMM") && parsePsHeader(text, columns);
    }

    class Reader
    {
    public:
        Reader(LineStream& lines, DumpBuilder& out)
            : m_lines(lines)
            , m_out(out)
            , m_table(out)
            , m_stack(out)
        {
        }

        void run()
        {
            while (const Line* line = m_lines.peek()) {
                m_softBreak = false;
                const Line* next = m_lines.peek(1);
                if (next && joinSoftBreak(*line, *next)) {
                    Line joined = *line;
                    joined.text = m_softJoined;
                    m_softBreak = true;
                    if (!step(joined))
                        break;
                    continue;
                }
                if (!step(*line))
                    break;
            }
            endTask();
            m_out.noteRegion(Format::Crash, m_region);
        }

    private:
        void take(const Line& line)
        {
            m_region.extend(line.number);
            m_lines.advance();
            if (m_softBreak) {
                // the continuation of a quoted-printable soft line break is part of this line
                if (const Line* rest = m_lines.peek())
                    m_region.extend(rest->number);
                m_lines.advance();
                m_softBreak = false;
            }
        }

        // quoted-printable mail cuts long lines with a trailing "=": "RFLAGS: 0000000=" / "2"
        bool joinSoftBreak(const Line& line, const Line& next)
        {
            std::string_view first = trimRight(line.text);
            std::string_view second = trim(next.text);
            if (first.size() < 2 || first.back() != '=' || second.empty() || second.size() > 24
                || second.find(' ') != std::string_view::npos || next.quoteDepth > line.quoteDepth)
                return false;
            m_softJoined.assign(first.substr(0, first.size() - 1)).append(second);
            return true;
        }

        /// nextIsHeader: a header right after a bare header is a ps -p/-c tree, not a backtrace
        void endTask(bool nextIsHeader = false)
        {
            StackDefaults defaults = m_command.defaults;
            if (nextIsHeader)
                defaults.keepFrameless = false;
            m_stack.finish(defaults, m_table);
        }

        // after a blank line the region goes on only if crash output follows
        bool crashFollowsBlank()
        {
            for (std::size_t ahead = 1; ahead < 16; ++ahead) {
                const Line* l = m_lines.peek(ahead);
                if (!l)
                    return false;
                if (trim(l->text).empty())
                    continue;
                return startsCrashBlock(*l);
            }
            return false;
        }

        bool startsCrashBlock(const Line& l)
        {
            std::string_view cmd, state;
            TaskHeader h;
            FrameLine f;
            PsColumns columns;
            PsRow row;
            if (parsePrompt(l.text, cmd) || parseTaskHeader(l.text, h) != Parse::No
                || parsePsTimedLine(l.text, state, h) == Parse::Ok || looksLikePsHeader(l.text, columns))
                return true;
            if (parseFrameLine(l.text, f) == Parse::Ok && (f.hasStack || f.textSymbol))
                return true;
            if (m_psOpen && parsePsRow(l.text, m_ps, l.quoteDepth > m_psQuote, row) == Parse::Ok)
                return true;
            return false;
        }

        bool step(const Line& line)
        {
            std::string_view text = line.text;
            std::string_view command;
            if (parsePrompt(text, command)) {
                endTask();
                m_psOpen = false;
                Command next = classifyCommand(command);
                if (next.kind != CommandKind::None)
                    m_command = next;
                take(line);
                if (m_command.kind == CommandKind::Ps) {
                    m_ps = defaultPsColumns(); // "ps | grep x" rows come without the header
                    m_psOpen = true;
                    m_psQuote = line.quoteDepth;
                }
                // the output of log, struct, ... belongs to other formats
                return m_command.kind != CommandKind::Foreign;
            }
            if (trim(text).empty()) {
                endTask();
                if (!crashFollowsBlank())
                    return false;
                m_lines.advance();
                return true;
            }
            TaskContext context;
            if (startsWith(trimLeft(text), "PID:") && !m_softBreak) {
                if (std::size_t n = peekTaskContext(m_lines, context)) {
                    // "set PID" / the startup banner: a task and its state, no stack
                    endTask();
                    m_psOpen = false;
                    addTask(context.pid, context.cpu, context.task, context.state, taskStateName(context.state),
                        context.command, line.number, line.number + std::uint32_t(n) - 1);
                    for (std::size_t i = 0; i < n; ++i)
                        take(*m_lines.peek());
                    return true;
                }
            }
            TaskHeader header;
            if (Parse p = parseTaskHeader(text, header); p != Parse::No) {
                endTask(true);
                m_psOpen = false;
                if (p == Parse::Malformed) {
                    m_out.diagnose(Severity::Warning, codes::MalformedHeader, line.number,
                        "crash task header: the " + std::string(header.problem) + " field cannot be read");
                }
                if (header.pid >= 0)
                    m_stack.begin(header, line.number);
                take(line);
                return true;
            }
            std::string_view psStateWord;
            if (parsePsTimedLine(text, psStateWord, header) == Parse::Ok) {
                endTask();
                addPsThread(header.pid, header.cpu, header.task, psStateWord, header.command, false, line.number);
                take(line);
                return true;
            }
            PsColumns columns;
            if (!m_stack.open() && looksLikePsHeader(text, columns)) {
                endTask();
                m_ps = columns;
                m_psOpen = true;
                m_psQuote = line.quoteDepth;
                take(line);
                return true;
            }
            if (m_psOpen && !m_stack.open()) {
                PsRow row;
                if (parsePsRow(text, m_ps, line.quoteDepth > m_psQuote, row) == Parse::Ok) {
                    addPsThread(
                        row.pid, row.cpu, row.task, row.state, psCommandName(row.comm), row.active, line.number);
                    take(line);
                    return true;
                }
            }
            return stackLine(line);
        }

        bool stackLine(const Line& line)
        {
            std::string_view text = line.text;
            FrameLine frame;
            Parse p = parseFrameLine(text, frame);
            if (p == Parse::Malformed) {
                // a frame wrapped by a mail client: "... fn at" / "ffffffff8106b5a3 [mod]"
                const Line* next = m_softBreak ? nullptr : m_lines.peek(1);
                if (next && joinWrapped(text, *next, frame)) {
                    m_stack.addFrame(frame, line.number);
                    m_stack.touch(next->number);
                    take(line);
                    take(*m_lines.peek());
                    return true;
                }
            }
            if (p == Parse::Ok) {
                if (!m_stack.open() && !frame.hasStack && !frame.textSymbol)
                    return false; // "#2 fn at addr" alone is too loose to start a region on
                m_psOpen = false;
                m_stack.addFrame(frame, line.number);
                take(line);
                return true;
            }
            if (!m_stack.open()) {
                if (isBtMessage(text) || ((m_psOpen || m_command.kind == CommandKind::Bt) && isElision(text))) {
                    if (isElision(text))
                        m_out.diagnose(Severity::Note, codes::OutputCut, line.number, "crash output elided here");
                    take(line);
                    return true;
                }
                return false;
            }
            if (p == Parse::Malformed) {
                m_out.diagnose(Severity::Warning, codes::MalformedFrame, line.number,
                    "crash backtrace frame is cut or garbled; skipped");
                m_stack.touch(line.number);
                take(line);
                return true;
            }
            const bool afterMessage = m_inMessage;
            m_inMessage = false;
            FrameContext context;
            ExceptionLine exception;
            std::uint64_t ip = 0;
            bool hasIp = false;
            std::string_view file;
            std::uint32_t sourceLine = 0;
            if (parseStackMarker(text, context)) {
                m_stack.marker(context, line.number);
            } else if (parseExceptionLine(text, exception)) {
                m_stack.exception(exception, line.number);
            } else if (isRegisterLine(text, ip, hasIp)) {
                m_stack.registers(ip, hasIp, line.number);
            } else if (parseSourceLine(text, file, sourceLine)) {
                m_stack.source(file, sourceLine, line.number);
            } else if (trim(text) == "(active)") {
                m_stack.markActive(line.number);
            } else if (isStackDataLine(text) || isExceptionBanner(text)) {
                m_stack.touch(line.number);
            } else if (isBtMessage(text)) {
                m_out.diagnose(Severity::Note, codes::TruncatedStack, line.number,
                    "crash reports a problem with this backtrace; it may be incomplete");
                m_stack.touch(line.number);
                m_inMessage = true;
                take(line);
                return true;
            } else if (afterMessage && isMessageDetail(text)) {
                // "bt: cannot transition from IRQ stack to current process stack:" is followed by
                // "      IRQ stack pointer: ffff..." lines
                m_stack.touch(line.number);
                m_inMessage = true;
                take(line);
                return true;
            } else if (isElision(text)) {
                m_out.diagnose(Severity::Note, codes::OutputCut, line.number, "crash output elided here");
            } else {
                return false;
            }
            take(line);
            return true;
        }

        // "#5 [sp] fn at" + "ffffffff8106b5a3 [mod]" (wrapped), or quoted-printable "...ffff=" + "ffba0f"
        bool joinWrapped(std::string_view text, const Line& next, FrameLine& frame)
        {
            std::string_view first = trimRight(text);
            std::string_view second = trim(next.text);
            if (second.empty() || !isHexDigit(second[0]))
                return false;
            m_joined.clear();
            if (!first.empty() && first.back() == '=') {
                m_joined.append(first.substr(0, first.size() - 1)).append(second);
            } else {
                m_joined.append(first).append(" ").append(second);
            }
            if (m_joined.size() > 4096)
                return false;
            return parseFrameLine(m_joined, frame) == Parse::Ok && frame.hasAddress;
        }

        void addPsThread(std::int64_t pid, std::int32_t cpu, std::uint64_t task, std::string_view st,
            std::string_view comm, bool active, std::uint32_t line)
        {
            addTask(pid, cpu, task, st, psState(st, active), comm, line, line);
        }

        void addTask(std::int64_t pid, std::int32_t cpu, std::uint64_t task, std::string_view stateText,
            ThreadState state, std::string_view comm, std::uint32_t first, std::uint32_t last)
        {
            Thread t;
            t.format = Format::Crash;
            t.id = taskId(m_out, pid, cpu);
            t.tid = pid;
            t.cpu = cpu;
            t.taskAddress = task;
            t.name = m_out.intern(comm);
            t.stateText = m_out.intern(stateText);
            t.state = state;
            t.span.extend(first);
            t.span.extend(last);
            m_table.addPsRow(std::move(t));
        }

        LineStream& m_lines;
        DumpBuilder& m_out;
        TaskTable m_table;
        StackBuilder m_stack;
        Command m_command;
        PsColumns m_ps;
        bool m_psOpen = false;
        std::uint8_t m_psQuote = 0;
        LineSpan m_region;
        std::string m_joined; // reused buffer for wrapped frame lines
        std::string m_softJoined;
        bool m_softBreak = false; // the current line continues on the next one
        bool m_inMessage = false; // the previous line was a "bt: ..." message
    };

} // namespace

bool sniffCrash(LineStream& lines)
{
    const Line* line = lines.peek();
    if (!line)
        return false;
    std::string_view text = line->text;
    std::string_view command, state;
    if (parsePrompt(text, command))
        return true;
    TaskHeader header;
    FrameLine frame;
    TaskContext context;
    if (startsWith(trimLeft(text), "PID:") && peekTaskContext(lines, context) > 0)
        return true;
    const Line* next = lines.peek(1);
    if (Parse p = parseTaskHeader(text, header); p == Parse::Ok) {
        return true;
    } else if (p == Parse::Malformed) {
        // a garbled header still counts when a backtrace follows it
        return next && parseFrameLine(next->text, frame) != Parse::No;
    }
    if (parsePsTimedLine(text, state, header) == Parse::Ok)
        return true;
    PsColumns columns;
    if (looksLikePsHeader(text, columns)) {
        PsRow row;
        return next && parsePsRow(next->text, columns, next->quoteDepth > line->quoteDepth, row) == Parse::Ok;
    }
    // a backtrace pasted without its header: two crash frame lines in a row
    if (parseFrameLine(text, frame) == Parse::Ok && (frame.hasStack || frame.textSymbol) && next) {
        FrameLine second;
        return parseFrameLine(next->text, second) == Parse::Ok;
    }
    return false;
}

void parseCrash(LineStream& lines, DumpBuilder& out)
{
    Reader reader(lines, out);
    reader.run();
}

} // namespace hvdump::parsers
