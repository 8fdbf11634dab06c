// SPDX-License-Identifier: GPL-2.0-or-later
#include "mdbprint.h"

#include "linecursor.h"
#include "mdbcommand.h"
#include "mdbframe.h"
#include "mdbinput.h"

#include <string>
#include <vector>

namespace hvdump::parsers {
namespace {

    bool isMemberName(std::string_view s)
    {
        if (s == "<<HOLE>>") // ::print -h padding
            return true;
        if (s.empty() || isDigit(s[0]))
            return false;
        for (char c : s)
            if (!isIdentChar(c) || c == '.')
                return false;
        return true;
    }

    // "[ADDR ][TYPE ]name[ :bits] = value" (-a adds ADDR, -t adds TYPE)
    bool splitField(std::string_view t, std::string_view& name, std::string_view& value)
    {
        std::string_view left;
        std::size_t eq = t.find(" = ");
        if (eq != std::string_view::npos) {
            left = t.substr(0, eq);
            value = trim(t.substr(eq + 3));
        } else if (endsWith(t, " =")) {
            left = t.substr(0, t.size() - 2);
            value = {};
        } else {
            return false;
        }
        left = trimRight(left);
        while (!left.empty()) {
            std::size_t sp = left.find_last_of(" \t");
            std::string_view tok = sp == std::string_view::npos ? left : left.substr(sp + 1);
            if (tok.size() > 1 && tok[0] == ':' && sp != std::string_view::npos) { // bitfield width
                left = trimRight(left.substr(0, sp));
                continue;
            }
            while (!tok.empty() && tok[0] == '*')
                tok.remove_prefix(1);
            name = tok;
            return isMemberName(name);
        }
        return false;
    }

    // "{", "TYPE {", "ADDR {", "ADDR TYPE {": the line that opens a whole object
    bool splitTop(std::string_view t, std::string_view& address, std::string_view& type)
    {
        address = type = {};
        if (t == "{")
            return true;
        if (t.size() < 3 || !endsWith(t, " {") || t.find('=') != std::string_view::npos)
            return false;
        std::string_view head = trimRight(t.substr(0, t.size() - 2));
        std::size_t sp = head.find(' ');
        if (isMdbHexToken(head.substr(0, sp))) {
            address = head.substr(0, sp);
            head = sp == std::string_view::npos ? std::string_view {} : trim(head.substr(sp));
        }
        for (char c : head)
            if (!isIdentChar(c) && c != ' ' && c != '*')
                return false;
        type = head;
        return head.size() < 256;
    }

    struct Level
    {
        std::size_t indent = 0;
        std::size_t pathLength = 0; // path length before this level's name was appended
        std::uint32_t nextIndex = 0;
        bool array = false;
        bool root = false;
    };

    class PrintReader
    {
    public:
        PrintReader(MdbInput& in, ObjectDump& obj)
            : m_in(in)
            , m_out(in.out())
            , m_obj(obj)
        {
        }

        /// Reads one object; true when its outermost "}" closed it.
        bool read();

    private:
        // pops the levels at or deeper than indent; true if any was popped
        bool popTo(std::size_t indent)
        {
            bool popped = false;
            while (!m_levels.empty() && !m_levels.back().root && m_levels.back().indent >= indent) {
                m_path.resize(m_levels.back().pathLength);
                m_levels.pop_back();
                popped = true;
            }
            return popped;
        }
        void push(std::size_t indent, std::string_view name, bool array)
        {
            Level level;
            level.indent = indent;
            level.pathLength = m_path.size();
            level.array = array;
            m_levels.push_back(level);
            if (!m_path.empty() && name.front() != '[')
                m_path += '.';
            m_path += name;
        }
        void addField(std::string_view name, std::string_view value, std::uint32_t line)
        {
            m_scratch = m_path;
            if (!m_scratch.empty())
                m_scratch += '.';
            m_scratch += name;
            m_obj.fields.push_back({ m_out.intern(m_scratch), m_out.intern(value), line });
        }
        bool continuesObject(const Line* next, std::size_t outer) const
        {
            std::string_view name, value;
            return next && mdbIndent(next->text) > outer && splitField(trim(next->text), name, value);
        }
        void take(std::uint32_t line)
        {
            m_obj.span.extend(line);
            m_in.take();
        }

        MdbInput& m_in;
        DumpBuilder& m_out;
        ObjectDump& m_obj;
        std::vector<Level> m_levels;
        std::string m_path;
        std::string m_scratch;
        std::uint32_t m_lostBraceLine = 0;
    };

    bool PrintReader::read()
    {
        const Line* l = m_in.peek();
        std::string_view address, type;
        bool haveRoot = false;
        std::size_t rootIndent = 0;
        std::size_t baseline = std::string_view::npos;
        if (l && splitTop(trim(l->text), address, type)) {
            haveRoot = true;
            rootIndent = mdbIndent(l->text);
            std::uint64_t a = 0;
            if (!address.empty() && parseHex(address, a))
                m_obj.address = a;
            if (!type.empty())
                m_obj.type = m_out.intern(type);
            Level root;
            root.indent = rootIndent;
            root.root = true;
            m_levels.push_back(root);
            take(l->number);
        }
        bool closed = false;
        while ((l = m_in.peek())) {
            const std::string_view t = trim(l->text);
            const std::size_t indent = mdbIndent(l->text);
            const std::uint32_t number = l->number;
            const std::size_t outer = haveRoot ? rootIndent : baseline == std::string_view::npos ? 0 : baseline;
            if (t.empty())
                break;
            if (t == "}" || t == "},") {
                if ((haveRoot && indent <= rootIndent)
                    || (!haveRoot && baseline != std::string_view::npos && indent < baseline)) {
                    take(number); // the object's own closing brace (its opening one may be lost)
                    closed = true;
                    break;
                }
                popTo(indent);
                take(number);
                continue;
            }
            if (t == "]" || t == "... ]") {
                popTo(indent);
                take(number);
                continue;
            }
            if (t == "{" && !m_levels.empty() && m_levels.back().array && indent > m_levels.back().indent) {
                const std::string index = "[" + std::to_string(m_levels.back().nextIndex++) + "]";
                push(indent, index, false);
                take(number);
                continue;
            }
            if (haveRoot ? indent <= rootIndent : (baseline != std::string_view::npos && indent < baseline))
                break;
            std::string_view name, value;
            if (splitField(t, name, value)) {
                if (baseline == std::string_view::npos)
                    baseline = indent;
                // a struct whose "}" never came is closed by a shallower member
                if (popTo(indent) && m_lostBraceLine == 0)
                    m_lostBraceLine = number;
                if (value == "{")
                    push(indent, name, false);
                else if (value == "[")
                    push(indent, name, true);
                else
                    addField(name, value, number);
                take(number);
                continue;
            }
            if (indent > outer && continuesObject(m_in.peek(1), outer)) {
                m_out.diagnose(Severity::Warning, codes::MalformedObject, number,
                    "::print member could not be read: '" + std::string(t.substr(0, 80)) + "'");
                take(number);
                continue;
            }
            break;
        }
        bool open = false;
        for (const Level& level : m_levels)
            open = open || !level.root || !closed;
        if (open && m_lostBraceLine == 0)
            m_lostBraceLine = m_obj.span.last;
        if (m_lostBraceLine != 0 && !m_obj.fields.empty())
            m_out.diagnose(Severity::Note, codes::MalformedObject, m_lostBraceLine,
                "::print output has lost closing braces or is cut; nesting closed by indentation");
        m_levels.clear();
        m_path.clear();
        return closed;
    }

} // namespace

bool looksLikeMdbPrintOutput(std::string_view text)
{
    std::string_view t = trim(text), a, b;
    return splitTop(t, a, b) || splitField(t, a, b);
}

void parseMdbPrint(MdbInput& in, const MdbCommand& cmd, std::uint32_t commandLine)
{
    DumpBuilder& out = in.out();
    const std::string_view type = mdbPrintType(cmd.arguments);
    bool first = true;
    while (const Line* l = in.peek()) {
        std::string_view a, b;
        // after the first object, only another whole object (::walk ... | ::print) continues
        if (!first && !splitTop(trim(l->text), a, b))
            break;
        ObjectDump obj;
        obj.format = Format::Mdb;
        obj.expression = out.intern(cmd.text);
        if (!type.empty())
            obj.type = out.intern(type);
        std::uint64_t address = 0;
        if (first && !cmd.piped && parseHex(cmd.address, address))
            obj.address = address;
        if (first)
            obj.span = { commandLine, commandLine };
        PrintReader reader(in, obj);
        const bool closed = reader.read();
        if (obj.fields.empty() && !closed)
            break;
        out.addObject(std::move(obj));
        first = false;
        if (!closed)
            break;
    }
}

} // namespace hvdump::parsers
