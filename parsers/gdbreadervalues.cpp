// SPDX-License-Identifier: GPL-2.0-or-later
// GdbReader, second part: values printed with "$N = ..." and the locals of "bt full" frames.
#include "dumpbuilder.h"
#include "gdbreader.h"
#include "gdbvalue.h"
#include "linecursor.h"
#include "linestream.h"

namespace hvdump::parsers {
namespace {

    constexpr std::size_t maxValueBytes = 4u << 20;
    constexpr std::size_t maxValueLines = 200000;

    // lines that end a value even while its braces are still open: it was cut
    bool endsValue(std::string_view t)
    {
        std::uint32_t level = 0;
        std::string_view body;
        GdbThreadHeader header;
        GdbCommand command;
        LineCursor c(t);
        std::uint64_t n = 0;
        bool valueStart = c.consumeChar('$') && c.consumeDecimal(n) && c.consumePrefix(" = ");
        return t.empty() || valueStart || splitGdbFrameLevel(t, level, body) || parseGdbThreadHeader(t, header)
            || parseGdbCommand(t, command) || isGdbInfoThreadsHeader(t) || classifyGdbNoise(t) == GdbNoise::Strong;
    }

    // "*(pthread_mutex_t *) 0x55d0c6e1a2c0", "*0x55d0..": the object's address is in the expression
    std::uint64_t addressInExpression(std::string_view e, std::string_view& type)
    {
        e = trim(e);
        if (!startsWith(e, "*"))
            return 0;
        e = trim(e.substr(1));
        if (startsWith(e, "(")) {
            std::size_t close = e.find(')');
            if (close == std::string_view::npos)
                return 0;
            std::string_view cast = trim(e.substr(1, close - 1));
            if (!endsWith(cast, "*"))
                return 0;
            type = trim(cast.substr(0, cast.size() - 1));
            e = trim(e.substr(close + 1));
        }
        std::uint64_t address = 0;
        return parseHex(e, address) && startsWith(e, "0x") ? address : 0;
    }

    // a reference prints as "(QemuMutex &) @0x55d0c6e1a2c0: {...}"
    std::uint64_t addressOfReference(std::string_view value)
    {
        std::size_t at = value.find(") @0x");
        if (at == std::string_view::npos || at > 256)
            return 0;
        LineCursor c(value.substr(at + 3));
        std::uint64_t address = 0;
        return c.consumeHex(address) && c.peek() == ':' ? address : 0;
    }

    class FieldSink : public GdbValueSink
    {
    public:
        FieldSink(DumpBuilder& out, std::vector<ObjectField>& fields, const std::string& text,
            const std::vector<std::pair<std::size_t, std::uint32_t>>& lines, std::string& scratch)
            : m_out(out)
            , m_fields(fields)
            , m_text(text)
            , m_lines(lines)
            , m_scratch(scratch)
        {
        }

        void field(std::string_view path, std::string_view value, const char* where) override
        {
            m_fields.push_back({ m_out.intern(path), internValue(value), lineAt(where) });
        }

    private:
        std::uint32_t lineAt(const char* where)
        {
            if (m_lines.empty())
                return 0;
            const std::size_t offset = static_cast<std::size_t>(where - m_text.data());
            // fields come in text order: walk forward from the last hit
            if (m_hint >= m_lines.size() || m_lines[m_hint].first > offset)
                m_hint = 0;
            while (m_hint + 1 < m_lines.size() && m_lines[m_hint + 1].first <= offset)
                ++m_hint;
            return m_lines[m_hint].second;
        }

        // a value spread over lines reads as one: newlines and their indentation become one blank
        StringId internValue(std::string_view value)
        {
            if (value.find('\n') == std::string_view::npos)
                return m_out.intern(value);
            m_scratch.clear();
            for (std::size_t i = 0; i < value.size(); ++i) {
                if (value[i] != '\n') {
                    m_scratch += value[i];
                    continue;
                }
                while (!m_scratch.empty() && isSpace(m_scratch.back()))
                    m_scratch.pop_back();
                while (i + 1 < value.size() && isSpace(value[i + 1]))
                    ++i;
                if (!m_scratch.empty() && m_scratch.back() != '{' && i + 1 < value.size() && value[i + 1] != '}')
                    m_scratch += ' ';
            }
            return m_out.intern(m_scratch);
        }

        DumpBuilder& m_out;
        std::vector<ObjectField>& m_fields;
        const std::string& m_text;
        const std::vector<std::pair<std::size_t, std::uint32_t>>& m_lines;
        std::string& m_scratch;
        std::size_t m_hint = 0;
    };

} // namespace

bool GdbReader::collectValue(std::uint32_t number, std::string_view first, LineSpan& span)
{
    m_valueText.assign(first);
    m_valueLines.assign(1, { 0, number });
    span = LineSpan { number, number };
    consumed(number);
    m_lines.advance();
    int depth = GdbValueFlattener::braceDepth(first);
    while (depth > 0 && m_valueText.size() < maxValueBytes && m_valueLines.size() < maxValueLines) {
        const Line* next = m_lines.peek();
        if (!next)
            break;
        std::string_view t = trim(next->text);
        if (startsWith(t, "warning: ")) {
            // gdb's stderr interleaved into the value it was printing
            span.last = next->number;
            consumed(next->number);
            m_lines.advance();
            continue;
        }
        if (endsValue(t))
            break;
        // pretty-printed members are indented; an unindented line only continues a value
        // that a mail client wrapped after a comma, a brace or an '='
        const char last = trimRight(m_valueText).back();
        if (!isSpace(next->text[0]) && t[0] != '}' && last != ',' && last != '{' && last != '=')
            break;
        m_valueText += '\n';
        m_valueLines.push_back({ m_valueText.size(), next->number });
        m_valueText += next->text;
        depth = GdbValueFlattener::braceDepth(next->text, depth);
        span.last = next->number;
        consumed(next->number);
        m_lines.advance();
    }
    return depth == 0;
}

void GdbReader::addFields(std::vector<ObjectField>& fields, std::string_view valueText, std::string_view prefix)
{
    FieldSink sink(m_out, fields, m_valueText, m_valueLines, m_scratch);
    GdbValueFlattener(sink).flatten(valueText, prefix);
}

bool GdbReader::handleValue(std::uint32_t number, std::string_view t)
{
    finishThread();
    m_infoThreads = m_selectEcho = m_signalEcho = m_examine = false;
    std::string_view history = t.substr(0, t.find(' '));
    LineSpan span;
    const bool closed = collectValue(number, t.substr(t.find(" = ") + 3), span);
    std::string_view value = m_valueText;

    ObjectDump object;
    object.format = Format::Gdb;
    object.span = span;
    object.expression = m_out.intern(m_expression.empty() ? history : m_expression);
    std::string_view type = GdbValueFlattener::statedType(value);
    std::string_view castType;
    object.address = addressInExpression(m_expression, castType);
    if (object.address == 0)
        object.address = addressOfReference(value);
    if (type.empty() || startsWith(value, "{"))
        type = castType.empty() ? type : castType;
    if (endsWith(type, "&"))
        type = trim(type.substr(0, type.size() - 1)); // the referenced object's type
    object.type = m_out.intern(type);
    m_expression = {};
    addFields(object.fields, value, {});
    if (!closed) {
        m_out.diagnose(Severity::Warning, codes::MalformedObject, number,
            "the value of " + std::string(history) + " is cut before its closing brace; "
                + std::to_string(object.fields.size()) + " field(s) read");
    }
    m_out.addObject(std::move(object));
    return true;
}

bool GdbReader::handleLocal(std::uint32_t number, std::string_view t)
{
    std::string_view name, value;
    if (!GdbValueFlattener::splitAssignment(t, name, value))
        return false;
    LineSpan span;
    const bool closed = collectValue(number, t, span);
    if (!GdbValueFlattener::splitAssignment(m_valueText, name, value))
        return true;
    Frame& frame = m_thread.frames.back();
    std::string_view nameCopy = name; // a view into m_valueText, which stays put while flattening
    addFields(frame.locals, value, nameCopy);
    if (!closed) {
        m_out.diagnose(Severity::Warning, codes::MalformedObject, number,
            "local '" + std::string(name) + "' is cut before its closing brace");
    }
    m_thread.span.extend(span.last);
    m_lastWasFrame = true;
    return true;
}

} // namespace hvdump::parsers
