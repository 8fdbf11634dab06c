// SPDX-License-Identifier: GPL-2.0-or-later
#include "mdbstacks.h"

#include "linecursor.h"
#include "mdbframe.h"
#include "mdbinput.h"

#include <array>
#include <string>
#include <vector>

namespace hvdump::parsers {
namespace {

    constexpr std::string_view findstackPrefix = "stack pointer for thread ";

    // Splits on blanks into at most out.size() tokens; returns the count, or out.size() + 1 if more.
    template <std::size_t N>
    std::size_t splitTokens(std::string_view text, std::array<std::string_view, N>& out)
    {
        LineCursor c(text);
        std::size_t n = 0;
        std::string_view token;
        while (c.skipSpaces(), c.consumeToken(token)) {
            if (n == N)
                return N + 1;
            out[n++] = token;
        }
        return n;
    }

    bool isDecimal(std::string_view s, bool allowSign)
    {
        if (allowSign && !s.empty() && s[0] == '-')
            s.remove_prefix(1);
        if (s.empty() || s.size() > 10)
            return false;
        for (char c : s)
            if (!isDigit(c))
                return false;
        return true;
    }

    // tstate names of mdb's thread_state_to_text, uppercased by ::stacks, plus its "panic"
    bool isStacksState(std::string_view s)
    {
        static constexpr std::array<std::string_view, 8> states = { "FREE", "SLEEP", "RUN", "ONPROC", "ZOMB", "STOPPED",
            "WAIT", "PANIC" };
        for (auto st : states)
            if (s == st)
                return true;
        return startsWith(s, "INVAL/");
    }

    ThreadState stateFromText(std::string_view s)
    {
        if (s == "SLEEP")
            return ThreadState::Sleeping;
        if (s == "ONPROC" || s == "PANIC")
            return ThreadState::Running;
        // TS_RUN is runnable on a dispatch queue, TS_WAIT waits for a CPU cap to let it run
        if (s == "RUN" || s == "WAIT")
            return ThreadState::Runnable;
        if (s == "STOPPED")
            return ThreadState::Stopped;
        if (s == "ZOMB")
            return ThreadState::Zombie;
        // TS_FREE: an interrupt thread (or a reaped one) that waits for nothing
        if (s == "FREE" || s == "TS_FREE")
            return ThreadState::Idle;
        return ThreadState::Unknown;
    }

    void setThreadId(DumpBuilder& out, Thread& t, std::string_view id)
    {
        t.id = out.intern(id);
        std::uint64_t v = 0;
        if (!parseHex(id, v))
            return;
        // kernel ::findstack prints kthread_t addresses; userland mdb prints small thread ids
        if (id.size() >= 8)
            t.taskAddress = v;
        else
            t.tid = static_cast<std::int64_t>(v);
    }

    Frame makeFrame(DumpBuilder& out, const MdbFrameText& f, std::uint32_t line, bool withArguments)
    {
        Frame fr;
        if (!f.function.empty())
            fr.function = out.intern(f.function);
        if (!f.module.empty())
            fr.module = out.intern(f.module);
        if (withArguments && !f.arguments.empty())
            fr.arguments = out.intern(f.arguments);
        fr.offset = f.offset;
        fr.hasOffset = f.hasOffset;
        fr.address = f.address;
        fr.hasAddress = f.hasAddress;
        fr.stackPointer = f.hasStackPointer ? f.stackPointer : 0;
        fr.span = { line, line };
        return fr;
    }

    // A continuation that closes a wrapped argument list: "..., fffff94616752e18)".
    bool closesArguments(std::string_view text)
    {
        std::string_view t = trim(text);
        if (t.empty() || t.back() != ')' || isMdbFindstackHeader(t) || isMdbCallFrameLine(t))
            return false;
        int depth = 0;
        for (char c : t) {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth < -1)
                return false;
        }
        return depth == -1;
    }

    // "fffff94616752730" or "fffff94616752730 rw_enter_sle": a $C line cut before its '('.
    bool isCutFrameLine(std::string_view text)
    {
        std::array<std::string_view, 2> tok;
        std::size_t n = splitTokens(text, tok);
        if (n == 0 || n > 2 || tok[0].size() < 8 || !isMdbHexToken(tok[0]))
            return false;
        return n == 1 || tok[1].find('(') == std::string_view::npos;
    }

    // a ::stacks frame from a paste that lost the table's indentation: "swtch+0x133", "vmm`vm_run"
    bool isUnindentedStacksFrame(std::string_view text)
    {
        MdbFrameText f;
        return !looksLikeMdbStacksRow(text) && parseMdbFrame(text, f) == MdbFrameParse::Frame && !f.hasParentheses
            && (f.hasOffset || !f.module.empty());
    }

    enum class FrameRule : std::uint8_t {
        Call, // $C/$c/::findstack: "fn+off(args)", any indentation
        IndentedCall, // the same, indented (under a ::threadlist -v row)
        Stacks, // ::stacks: "fn+off" indented; unindented only with an offset or module
    };

    // Reads the frame lines at the current line into t. ::stacks frames print without parentheses;
    // every other block prints them, which keeps prose out.
    void readFrames(MdbInput& in, Thread& t, FrameRule rule)
    {
        DumpBuilder& out = in.out();
        const bool requireParentheses = rule != FrameRule::Stacks;
        while (const Line* l = in.peek()) {
            const std::string_view text = l->text;
            const std::uint32_t number = l->number;
            const std::size_t indent = mdbIndent(text);
            if (trim(text).empty() || (rule == FrameRule::IndentedCall && indent == 0))
                return;
            if (rule == FrameRule::Stacks && indent == 0 && !isUnindentedStacksFrame(text))
                return;
            if (startsWith(trim(text), "mdb: ") && in.peek(1) && isMdbCallFrameLine(in.peek(1)->text)) {
                // mdb's own warning between two frames of this stack
                t.span.extend(number);
                in.take();
                continue;
            }
            MdbFrameText f;
            const MdbFrameParse r = parseMdbFrame(text, f);
            if (r == MdbFrameParse::Frame && (f.hasParentheses || !requireParentheses)) {
                t.frames.push_back(makeFrame(out, f, number, true));
                t.span.extend(number);
                in.take();
                continue;
            }
            if (r == MdbFrameParse::Open) {
                const Line* next = in.peek(1);
                if (next && closesArguments(next->text)) {
                    // a frame wrapped over two lines
                    const std::string joined = std::string(trimRight(text)) + " " + std::string(trim(next->text));
                    const std::uint32_t last = next->number;
                    MdbFrameText whole;
                    if (parseMdbFrame(joined, whole) == MdbFrameParse::Frame) {
                        Frame fr = makeFrame(out, whole, number, true);
                        fr.span.last = last;
                        t.frames.push_back(fr);
                        t.span.extend(last);
                        in.take();
                        in.take();
                        continue;
                    }
                }
                // function and offset are whole; the argument list is not
                out.diagnose(Severity::Warning, codes::TruncatedStack, number,
                    "frame '" + std::string(f.function) + "' is cut inside its argument list");
                t.frames.push_back(makeFrame(out, f, number, false));
                t.span.extend(number);
                in.take();
                continue;
            }
            if (requireParentheses && isCutFrameLine(text)) {
                out.diagnose(Severity::Warning, codes::TruncatedStack, number,
                    "frame line is cut before its function could be read");
                t.span.extend(number);
                in.take();
                continue;
            }
            return;
        }
    }

    struct FindstackHeader
    {
        std::string_view id;
        std::string_view name;
        bool free = false;
        bool idIsHex = false;
        bool hasStackPointer = false;
    };

    // ".../38 [viona_rx_fffffd6b1e186990]): fffff94617338d40": the rest of a header a mailer wrapped
    bool continuesHeader(std::string_view text)
    {
        std::string_view t = trim(text);
        std::size_t colon = t.rfind(':');
        return colon != std::string_view::npos && colon > 0 && t[colon - 1] == ')'
            && isMdbHexToken(trim(t.substr(colon + 1))) && !isMdbFindstackHeader(t);
    }

    bool parseFindstackHeader(std::string_view text, FindstackHeader& h)
    {
        std::string_view t = trim(text);
        if (!startsWith(t, findstackPrefix))
            return false;
        t.remove_prefix(findstackPrefix.size());
        std::size_t idEnd = 0;
        while (idEnd < t.size() && !isSpace(t[idEnd]) && t[idEnd] != ':')
            ++idEnd;
        h.id = t.substr(0, idEnd);
        h.idIsHex = isMdbHexToken(h.id);
        std::string_view middle = t.substr(idEnd);
        // the stack pointer follows the last ':'; the description may hold colons ("tq:zfs_...")
        std::size_t colon = middle.rfind(':');
        if (colon != std::string_view::npos && isMdbHexToken(trim(middle.substr(colon + 1)))) {
            middle = middle.substr(0, colon);
            h.hasStackPointer = true;
        }
        middle = trim(middle);
        if (startsWith(middle, "(TS_FREE)")) {
            h.free = true;
            middle = trim(middle.substr(9));
        }
        if (middle.size() >= 2 && middle.front() == '(' && middle.back() == ')')
            h.name = middle.substr(1, middle.size() - 2);
        return true;
    }

    // The header, the bracketed innermost frame and the frames of one ::findstack.
    void readFindstack(MdbInput& in, Thread& t)
    {
        DumpBuilder& out = in.out();
        const Line* l = in.peek();
        FindstackHeader h;
        parseFindstackHeader(l->text, h);
        std::string joined; // keeps the views of h alive when the header was wrapped
        if (const Line* next = in.peek(1); !h.hasStackPointer && next && continuesHeader(next->text)) {
            joined = std::string(trimRight(l->text)) + " " + std::string(trim(next->text));
            parseFindstackHeader(joined, h);
            t.span.extend(l->number);
            in.take();
            l = in.peek();
        }
        if (!h.idIsHex)
            out.diagnose(Severity::Warning, codes::MalformedHeader, l->number,
                "::findstack header names no thread address: '" + std::string(h.id) + "'");
        if (!h.id.empty())
            setThreadId(out, t, h.id);
        if (!h.name.empty())
            t.name = out.intern(h.name);
        if (h.free) {
            t.stateText = out.intern("TS_FREE");
            t.state = ThreadState::Idle;
        }
        t.span.extend(l->number);
        in.take();
        MdbFrameText f;
        if ((l = in.peek()) && parseMdbBracketFrame(l->text, f)) {
            t.frames.push_back(makeFrame(out, f, l->number, true));
            t.span.extend(l->number);
            in.take();
        }
        readFrames(in, t, FrameRule::Call);
    }

} // namespace

bool isMdbFindstackHeader(std::string_view text)
{
    return startsWith(trimLeft(text), findstackPrefix);
}

bool isMdbStacksHeader(std::string_view text)
{
    std::string buffer;
    text = mdbWithoutEscapes(text, buffer);
    std::array<std::string_view, 4> tok;
    return splitTokens(text, tok) == 4 && tok[0] == "THREAD" && tok[1] == "STATE" && tok[2] == "SOBJ"
        && tok[3] == "COUNT";
}

bool isMdbThreadlistHeader(std::string_view text)
{
    std::string buffer;
    text = mdbWithoutEscapes(text, buffer);
    std::array<std::string_view, 6> tok;
    return splitTokens(text, tok) == 6 && tok[0] == "ADDR" && tok[1] == "PROC" && tok[2] == "LWP" && tok[3] == "CLS"
        && tok[4] == "PRI" && tok[5] == "WCHAN";
}

bool looksLikeMdbStacksRow(std::string_view text)
{
    std::array<std::string_view, 4> tok;
    return mdbIndent(text) == 0 && splitTokens(text, tok) == 4 && isStacksState(tok[1])
        && (tok[3] == "-" || isDecimal(tok[3], false));
}

bool looksLikeMdbThreadlistRow(std::string_view text)
{
    std::array<std::string_view, 6> tok;
    return splitTokens(text, tok) == 6 && isMdbHexToken(tok[0]) && isMdbHexToken(tok[1]) && isMdbHexToken(tok[2])
        && isDecimal(tok[3], false) && isDecimal(tok[4], true) && isMdbHexToken(tok[5]);
}

bool isMdbCallFrameLine(std::string_view text)
{
    MdbFrameText f;
    return parseMdbFrame(text, f) == MdbFrameParse::Frame && f.hasParentheses;
}

bool isMdbTypicalFrameLine(std::string_view text)
{
    MdbFrameText f;
    return parseMdbFrame(text, f) == MdbFrameParse::Frame && f.hasParentheses
        && (f.hasStackPointer || f.hasOffset || f.hasAddress || !f.module.empty());
}

bool isMdbBracketFrameLine(std::string_view text)
{
    MdbFrameText f;
    return parseMdbBracketFrame(text, f);
}

void parseMdbFindstack(MdbInput& in)
{
    Thread t;
    t.format = Format::Mdb;
    readFindstack(in, t);
    in.out().addThread(std::move(t));
}

void parseMdbFrameList(MdbInput& in)
{
    Thread t;
    t.format = Format::Mdb;
    // a ::findstack whose header line was lost still starts with its bracketed frame
    MdbFrameText f;
    if (const Line* l = in.peek(); l && parseMdbBracketFrame(l->text, f)) {
        t.frames.push_back(makeFrame(in.out(), f, l->number, true));
        t.span.extend(l->number);
        in.take();
    }
    readFrames(in, t, FrameRule::Call);
    if (!t.frames.empty())
        in.out().addThread(std::move(t));
}

void parseMdbStacks(MdbInput& in)
{
    DumpBuilder& out = in.out();
    struct Row
    {
        std::string_view id, state, sobj;
        std::uint32_t count = 1;
        std::uint32_t line = 0;
    };
    std::vector<Row> rows;
    while (const Line* l = in.peek()) {
        if (isMdbStacksHeader(l->text)) {
            in.take();
            continue;
        }
        if (trim(l->text).empty()) {
            // blank lines separate the groups; the table goes on if a row or header follows
            const Line* next = in.peek(1);
            if (!next || !(looksLikeMdbStacksRow(next->text) || isMdbStacksHeader(next->text)))
                return;
            in.take();
            continue;
        }
        if (!looksLikeMdbStacksRow(l->text))
            return;
        // one group: its rows (several with ::stacks -a), an optional failure reason, the frames
        rows.clear();
        while ((l = in.peek()) && looksLikeMdbStacksRow(l->text)) {
            std::array<std::string_view, 4> tok;
            splitTokens(l->text, tok);
            if (!isMdbHexToken(tok[0])) {
                out.diagnose(Severity::Warning, codes::MalformedHeader, l->number,
                    "::stacks row with a thread address that is not hex: '" + std::string(tok[0]) + "'");
            } else {
                Row r { tok[0], tok[1], tok[2], 1, l->number };
                std::int64_t count = 1;
                if (tok[3] != "-" && parseInt(tok[3], count) && count > 0)
                    r.count = static_cast<std::uint32_t>(count < 0x7fffffff ? count : 0x7fffffff);
                rows.push_back(r);
            }
            in.take();
        }
        Thread shared;
        std::string_view reason;
        while ((l = in.peek()) && (mdbIndent(l->text) > 0 || isUnindentedStacksFrame(l->text))) {
            std::string_view t = trim(l->text);
            if (t.size() > 2 && t.front() == '<' && t.back() == '>') {
                reason = t.substr(1, t.size() - 2); // "<no consistent stack found>"
            } else if (t == "... truncated ...") {
                out.diagnose(Severity::Note, codes::TruncatedStack, l->number,
                    "::stacks shows only the innermost frames of this stack");
            } else {
                const std::uint32_t at = l->number;
                readFrames(in, shared, FrameRule::Stacks);
                if ((l = in.peek()) && l->number == at) {
                    out.diagnose(Severity::Warning, codes::MalformedFrame, l->number,
                        "::stacks frame could not be read: '" + std::string(t) + "'");
                    in.take();
                }
                continue;
            }
            in.take();
        }
        const std::size_t nrows = rows.size();
        for (std::size_t i = 0; i < nrows; ++i) {
            Thread t;
            t.format = Format::Mdb;
            setThreadId(out, t, rows[i].id);
            t.stateText = out.intern(rows[i].state);
            t.state = stateFromText(rows[i].state);
            if (rows[i].sobj != "<NONE>")
                t.waitObject = out.intern(rows[i].sobj);
            // with -a every thread of the group has its own row
            t.count = nrows == 1 ? rows[i].count : 1;
            if (!reason.empty())
                t.note = out.intern(reason);
            t.frames = shared.frames;
            t.span = { rows[i].line, shared.span.valid() ? shared.span.last : rows[nrows - 1].line };
            out.addThread(std::move(t));
        }
    }
}

void parseMdbThreadlist(MdbInput& in)
{
    DumpBuilder& out = in.out();
    while (const Line* l = in.peek()) {
        if (isMdbThreadlistHeader(l->text)) {
            in.take();
            continue;
        }
        if (trim(l->text).empty()) {
            const Line* next = in.peek(1);
            if (!next || !looksLikeMdbThreadlistRow(next->text))
                return;
            in.take();
            continue;
        }
        if (!looksLikeMdbThreadlistRow(l->text))
            return;
        std::array<std::string_view, 6> tok;
        splitTokens(l->text, tok);
        Thread t;
        t.format = Format::Mdb;
        setThreadId(out, t, tok[0]);
        std::uint64_t wchan = 0;
        if (parseHex(tok[5], wchan) && wchan != 0)
            t.waitObject = out.intern(tok[5]);
        t.span.extend(l->number);
        in.take();
        // "PC: swtch+0x133    CMD: /usr/sbin/bhyve ..." (or TASKQ: / THREAD: for kernel threads)
        if ((l = in.peek()) && startsWith(trim(l->text), "PC:")) {
            std::string_view rest = trim(l->text);
            for (std::string_view key : { "CMD: ", "TASKQ: ", "THREAD: " }) {
                std::size_t at = rest.find(key);
                if (at != std::string_view::npos) {
                    t.name = out.intern(trim(rest.substr(at + key.size())));
                    break;
                }
            }
            t.span.extend(l->number);
            in.take();
        }
        if ((l = in.peek()) && isMdbFindstackHeader(l->text)) {
            readFindstack(in, t); // its "(bhyve/36 [vcpu 0])" description, if any, names the thread
        } else {
            readFrames(in, t, FrameRule::IndentedCall);
        }
        out.addThread(std::move(t));
    }
}

} // namespace hvdump::parsers
