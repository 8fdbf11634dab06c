// SPDX-License-Identifier: GPL-2.0-or-later
#include "procstackparser.h"

#include "consolelines.h"
#include "dumpbuilder.h"
#include "kernelframe.h"
#include "linecursor.h"
#include "linestream.h"

#include <string>
#include <unordered_map>

namespace hvdump::parsers {
namespace {

    enum class File : std::uint8_t { None, Stack, Comm, Status, Wchan, Other, Command };

    // what a header line names: "/proc/1234/task/1235/stack" and friends, or a bare "1235:"
    struct Header
    {
        std::int64_t pid = -1;
        std::int64_t tid = -1;
        File file = File::None;
        std::string_view after; // text after "path:" on the same line (grep -r output)
    };

    bool parseProcPath(std::string_view s, Header& h, std::size_t& end)
    {
        LineCursor c(s);
        std::uint64_t v = 0;
        if (!c.consumePrefix("/proc/") || !c.consumeDecimal(v))
            return false;
        h.pid = static_cast<std::int64_t>(v);
        if (c.consumePrefix("/task/")) {
            if (!c.consumeDecimal(v))
                return false;
            h.tid = static_cast<std::int64_t>(v);
        }
        if (!c.consumeChar('/'))
            return false;
        std::size_t start = c.position();
        while (!c.atEnd() && (isIdentChar(c.peek()) && c.peek() != '.'))
            c.setPosition(c.position() + 1);
        std::string_view name = s.substr(start, c.position() - start);
        h.file = name == "stack" ? File::Stack
            : name == "comm"     ? File::Comm
            : name == "status"   ? File::Status
            : name == "wchan"    ? File::Wchan
                                 : File::Other;
        end = c.position();
        return !name.empty();
    }

    bool parseHeader(std::string_view text, Header& h)
    {
        std::string_view t = trim(text);
        std::size_t end = 0;
        if (startsWith(t, "==> ") && endsWith(t, " <==")) // tail/head over several files
            return parseProcPath(trim(t.substr(4, t.size() - 8)), h, end);
        std::size_t cat = t.find("cat /proc/"); // "# cat /proc/1234/stack", "$ sudo cat ..."
        if (cat != std::string_view::npos && t.find("/proc/", cat + 10) == std::string_view::npos)
            return parseProcPath(t.substr(cat + 4), h, end) && h.file != File::Other;
        if (startsWith(t, "/proc/")) { // "/proc/1234/task/1235/stack:" alone or grep's "path:[<0>] fn"
            if (!parseProcPath(t, h, end) || end >= t.size() || t[end] != ':')
                return false;
            h.after = trim(t.substr(end + 1));
            return true;
        }
        std::size_t proc = t.find("/proc/");
        if (proc != std::string_view::npos && contains(t, "/stack") && contains(t, "; ")) {
            // a shell loop over the threads ("for t in /proc/48213/task/*; do echo $t:; cat $t/stack; done")
            LineCursor p(t.substr(proc + 6));
            std::uint64_t pid = 0;
            if (p.consumeDecimal(pid))
                h.pid = static_cast<std::int64_t>(pid);
            h.file = File::Command;
            return true;
        }
        LineCursor c(t); // "1235:" on its own, from a shell loop
        std::uint64_t v = 0;
        if (c.consumeDecimal(v) && c.consumeChar(':') && c.atEnd()) {
            h.tid = static_cast<std::int64_t>(v);
            h.file = File::Stack;
            return true;
        }
        return false;
    }

    // /proc/PID/stack prints "[<%pK>] %pB": no indentation, no "? " (that is the console's style)
    bool isProcFrame(std::string_view text)
    {
        std::string_view t = trim(text);
        KernelFrameText f;
        return startsWith(t, "[<") && scanKernelFrameLine(t, f) && !f.unreliable;
    }

    bool isEndMarker(const Frame& f)
    {
        return f.address == ~std::uint64_t(0) && !f.function.valid(); // "[<ffffffffffffffff>] 0xffffffffffffffff"
    }

    class ProcStackReader
    {
    public:
        ProcStackReader(LineStream& lines, DumpBuilder& out)
            : m_lines(lines)
            , m_out(out)
        {
        }
        void run();

    private:
        struct Info
        {
            StringId name, stateText, wchan;
            ThreadState state = ThreadState::Unknown;
        };
        void start(std::int64_t pid, std::int64_t tid, std::uint32_t n);
        void flush();
        bool frame(std::string_view text, std::uint32_t n);
        bool moreAhead();
        void apply(std::int64_t tid, const Info& info);

        LineStream& m_lines;
        DumpBuilder& m_out;
        Thread m_thread;
        bool m_open = false;
        File m_file = File::None;
        std::int64_t m_fileTid = -1; // whose comm/status/wchan is being read
        std::int64_t m_pid = -1; // the process a shell loop walks
        bool m_grep = false; // the open stack came as grep -H "path:frame" lines
        std::unordered_map<std::int64_t, Info> m_info;
        std::unordered_map<std::int64_t, ThreadId> m_threads;
        LineSpan m_region;
    };

    void ProcStackReader::start(std::int64_t pid, std::int64_t tid, std::uint32_t n)
    {
        flush();
        m_thread = Thread {};
        m_thread.tid = tid >= 0 ? tid : pid;
        m_thread.span = { n, n };
        m_open = true;
    }

    void ProcStackReader::flush()
    {
        if (!m_open)
            return;
        m_open = false;
        Thread& t = m_thread;
        t.format = Format::ProcStack;
        if (t.tid >= 0)
            t.id = m_out.intern("pid " + std::to_string(t.tid));
        // an empty stack file is real: a task running on a CPU has none to show
        const std::int64_t tid = t.tid;
        ThreadId id = m_out.addThread(std::move(t));
        if (id.valid() && tid >= 0) {
            m_threads[tid] = id;
            auto info = m_info.find(tid);
            if (info != m_info.end())
                apply(tid, info->second);
        }
    }

    void ProcStackReader::apply(std::int64_t tid, const Info& info)
    {
        auto it = m_threads.find(tid);
        if (it == m_threads.end())
            return;
        Thread& t = m_out.dump().threads[it->second.value];
        if (info.name.valid())
            t.name = info.name;
        if (info.stateText.valid()) {
            t.stateText = info.stateText;
            t.state = info.state;
        }
        if (info.wchan.valid())
            t.waitObject = info.wchan;
    }

    bool ProcStackReader::frame(std::string_view text, std::uint32_t n)
    {
        std::string_view t = trim(text);
        if (!startsWith(t, "[<"))
            return false;
        Frame f;
        if (!parseKernelFrameLine(t, m_out, f)) {
            m_out.diagnose(Severity::Warning, codes::MalformedFrame, n, "unreadable /proc stack frame");
            return true;
        }
        if (isEndMarker(f)) { // old kernels end each stack with it; a `cat` of several stacks splits there
            if (m_open)
                m_thread.span.extend(n);
            flush();
            return true;
        }
        if (!m_open)
            start(-1, -1, n);
        f.span = { n, n };
        m_thread.frames.push_back(f);
        m_thread.span.extend(n);
        return true;
    }

    // a blank line belongs to the region only when more of it follows
    bool ProcStackReader::moreAhead()
    {
        for (std::size_t i = 1; i < 4; ++i) {
            const Line* l = m_lines.peek(i);
            if (!l || l->kernelLog)
                return false;
            if (trim(l->text).empty())
                continue;
            Header h;
            return isProcFrame(l->text) || parseHeader(l->text, h);
        }
        return false;
    }

    void ProcStackReader::run()
    {
        while (const Line* line = m_lines.peek()) {
            if (line->kernelLog)
                break;
            const std::uint32_t n = line->number;
            std::string_view t = trim(line->text);
            Header h;
            if (t.empty()) {
                if (!moreAhead())
                    break;
                flush();
            } else if (parseHeader(t, h)) {
                if (h.file == File::Command) {
                    m_pid = h.pid;
                    flush();
                    m_file = File::None;
                    m_region.extend(n);
                    m_lines.advance();
                    continue;
                }
                if (h.pid < 0)
                    h.pid = m_pid;
                m_file = h.file;
                m_fileTid = h.tid >= 0 ? h.tid : h.pid;
                const std::int64_t tid = h.tid >= 0 ? h.tid : h.pid;
                if (h.file == File::Stack) {
                    // grep -H prints the path on every line: the same path continues the same stack
                    if (!(m_open && !h.after.empty() && m_grep && m_thread.tid == tid))
                        start(h.pid, h.tid, n);
                    m_grep = !h.after.empty();
                    if (m_grep)
                        frame(h.after, n);
                } else {
                    flush();
                    if (!h.after.empty() && m_fileTid >= 0 && h.file == File::Comm) // grep: "/proc/1/comm:systemd"
                        m_info[m_fileTid].name = m_out.intern(h.after);
                }
            } else if (frame(t, n)) {
            } else if (m_file == File::Comm && m_fileTid >= 0) {
                m_info[m_fileTid].name = m_out.intern(t);
                apply(m_fileTid, m_info[m_fileTid]);
                m_file = File::None;
            } else if (m_file == File::Wchan && m_fileTid >= 0) {
                m_info[m_fileTid].wchan = m_out.intern(t);
                apply(m_fileTid, m_info[m_fileTid]);
                m_file = File::None;
            } else if (m_file == File::Status && m_fileTid >= 0 && t.find(':') != std::string_view::npos) {
                Info& info = m_info[m_fileTid];
                std::string_view key = t.substr(0, t.find(':'));
                std::string_view value = trim(t.substr(t.find(':') + 1));
                if (key == "Name")
                    info.name = m_out.intern(value);
                else if (key == "State" && !value.empty()) { // "S (sleeping)"
                    info.stateText = m_out.intern(value);
                    info.state = stateFromLetter(value[0]);
                }
                apply(m_fileTid, info);
            } else {
                break;
            }
            m_region.extend(n);
            m_lines.advance();
        }
        flush();
        m_out.noteRegion(Format::ProcStack, m_region);
    }

} // namespace

bool sniffProcStack(LineStream& lines)
{
    const Line* line = lines.peek();
    if (!line || line->kernelLog)
        return false;
    Header h;
    if (parseHeader(line->text, h)) {
        if (h.file == File::Stack) {
            const Line* next = lines.peek(1);
            return isProcFrame(h.after) || (next && !next->kernelLog && isProcFrame(next->text));
        }
        if (h.file == File::Command) {
            const Line* next = lines.peek(1);
            Header nh;
            return next && parseHeader(next->text, nh) && nh.file == File::Stack;
        }
        if (h.file == File::Comm || h.file == File::Status || h.file == File::Wchan) {
            // a comm/status snippet counts when a stack follows within a few lines
            for (std::size_t i = 1; i < 12; ++i) {
                const Line* l = lines.peek(i);
                Header nh;
                if (!l)
                    break;
                if (parseHeader(l->text, nh) && nh.file == File::Stack)
                    return true;
            }
        }
        return false;
    }
    // headerless: frames at column 0 (the console indents its frames and marks "? " ones)
    return !line->text.empty() && line->text[0] == '[' && isProcFrame(line->text);
}

void parseProcStack(LineStream& lines, DumpBuilder& out)
{
    ProcStackReader reader(lines, out);
    reader.run();
}

} // namespace hvdump::parsers
