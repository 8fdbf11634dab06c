// SPDX-License-Identifier: GPL-2.0-or-later
#include "gdbvalue.h"

#include "linecursor.h"

namespace hvdump::parsers {
namespace {

    constexpr std::size_t npos = std::string_view::npos;
    constexpr int maxDepth = 48; // deeper values stay raw text: bounded recursion on hostile input

    bool isWordChar(char c)
    {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '_';
    }

    // index after a string starting at i ("..." with escapes); s.size() when unterminated
    std::size_t skipString(std::string_view s, std::size_t i)
    {
        for (++i; i < s.size(); ++i) {
            if (s[i] == '\\')
                ++i;
            else if (s[i] == '"')
                return i + 1;
        }
        return s.size();
    }

    // index after a char literal at i ('x', '\000'); i + 1 when the quote opens no literal
    std::size_t skipCharLiteral(std::string_view s, std::size_t i)
    {
        if (i + 2 < s.size() && s[i + 1] != '\\' && s[i + 2] == '\'')
            return i + 3;
        if (i + 1 < s.size() && s[i + 1] == '\\') {
            for (std::size_t j = i + 2; j < s.size() && j < i + 8; ++j)
                if (s[j] == '\'')
                    return j + 1;
        }
        return i + 1;
    }

    // Walks s tracking (), [], {} and <> (the latter loosely: "<lock_a>", "Vec<u8, Global>", but not
    // "a < b", "->" or "operator<"), skipping strings. Calls stop(i) at each top-level char; a true
    // return ends the walk at i. Returns s.size() when it never stopped.
    template <typename Stop>
    std::size_t walk(std::string_view s, std::size_t i, Stop stop)
    {
        int depth = 0, angle = 0, angleBase = 0;
        while (i < s.size()) {
            char c = s[i];
            if (depth == 0 && angle == 0 && stop(i))
                return i;
            if (c == '"') {
                i = skipString(s, i);
                continue;
            }
            if (c == '\'') {
                i = skipCharLiteral(s, i);
                continue;
            }
            if (c == 'o' && s.compare(i, 8, "operator") == 0 && (i == 0 || !isWordChar(s[i - 1]))) {
                i += 8;
                while (i < s.size() && std::string_view("<>=!+-*/%^&|~").find(s[i]) != npos)
                    ++i;
                continue;
            }
            switch (c) {
            case '(':
            case '[':
            case '{':
                ++depth;
                break;
            case ')':
            case ']':
            case '}':
                if (depth > 0)
                    --depth;
                if (depth < angleBase)
                    angle = angleBase = 0; // a runaway '<' ends with the bracket around it
                break;
            case '<':
                if (i + 1 < s.size() && (s[i + 1] == ' ' || s[i + 1] == '=' || s[i + 1] == '<'))
                    break;
                if (angle++ == 0)
                    angleBase = depth;
                break;
            case '>':
                if (angle > 0 && !(i > 0 && s[i - 1] == '-'))
                    --angle;
                break;
            default:
                break;
            }
            ++i;
        }
        return s.size();
    }

    // index of the '}' closing the '{' at open, npos when the text ends first
    std::size_t matchBrace(std::string_view s, std::size_t open)
    {
        int depth = 0;
        for (std::size_t i = open; i < s.size();) {
            char c = s[i];
            if (c == '"') {
                i = skipString(s, i);
                continue;
            }
            if (c == '\'') {
                i = skipCharLiteral(s, i);
                continue;
            }
            if (c == '{')
                ++depth;
            else if (c == '}' && --depth == 0)
                return i;
            ++i;
        }
        return npos;
    }

    // The '{' that makes text a composite value (after an optional type prefix), or npos for a scalar.
    std::size_t compositeOpen(std::string_view text)
    {
        for (std::size_t i = 0; i < text.size(); ++i) {
            char c = text[i];
            if (c == '"' || c == '\'')
                return npos;
            if (c == '{') {
                std::size_t close = matchBrace(text, i);
                return close == npos || close == text.size() - 1 ? i : npos;
            }
            if (c == '(') {
                // a cast "(Derived) {..}" or "(T &) @0x..: {..}"; a call-like scalar otherwise
                std::size_t close = text.find(')', i);
                if (close == npos)
                    return npos;
                i = close;
            }
        }
        return npos;
    }

    bool isContinuationItem(std::string_view item)
    {
        return item[0] == '"' || item[0] == '\'' || startsWith(item, "<repeats ") || item == "...";
    }

} // namespace

bool GdbValueFlattener::splitAssignment(std::string_view text, std::string_view& name, std::string_view& value)
{
    text = trimLeft(text);
    if (startsWith(text, "static "))
        text = trimLeft(text.substr(7));
    std::size_t i = 0;
    if (!text.empty() && (text[0] == '<' || text[0] == '[')) {
        // C++ base class "<std::__mutex_base> = {..}", index "[3] = 5", map key "["a"] = 1"
        const char close = text[0] == '<' ? '>' : ']';
        std::size_t end = walk(text, 0, [&](std::size_t at) { return at > 0 && text[at] == ' '; });
        if (end == 0 || end > text.size() || text[end - 1] != close)
            return false;
        i = end;
    } else {
        while (i < text.size() && (isWordChar(text[i]) || text[i] == '$' || text[i] == '.'))
            ++i;
        if (i == 0 || isDigit(text[0]))
            return false;
        if (text.compare(i, 2, "()") == 0) // pretty printer child "get()"
            i += 2;
    }
    if (text.compare(i, 3, " = ") == 0) {
        name = text.substr(0, i);
        value = trim(text.substr(i + 3));
        return true;
    }
    if (text.compare(i, 2, ": ") == 0 && text[0] != '<' && text[0] != '[') {
        name = text.substr(0, i);
        value = trim(text.substr(i + 2));
        return true;
    }
    if (text.compare(i, 2, " =") == 0 && i + 2 == trimRight(text).size()) {
        name = text.substr(0, i); // "name =" with the value on the next lines
        value = {};
        return true;
    }
    return false;
}

int GdbValueFlattener::braceDepth(std::string_view text, int depth)
{
    for (std::size_t i = 0; i < text.size();) {
        char c = text[i];
        if (c == '"') {
            i = skipString(text, i);
            continue;
        }
        if (c == '\'') {
            i = skipCharLiteral(text, i);
            continue;
        }
        if (c == '{')
            ++depth;
        else if (c == '}' && depth > 0)
            --depth;
        ++i;
    }
    return depth;
}

std::string_view GdbValueFlattener::statedType(std::string_view value)
{
    value = trim(value);
    if (startsWith(value, "(")) {
        std::size_t close = value.find(')');
        if (close != npos)
            return trim(value.substr(1, close - 1));
        return {};
    }
    std::size_t open = compositeOpen(value);
    if (open == npos || open == 0)
        return {};
    std::string_view prefix = trim(value.substr(0, open));
    if (endsWith(prefix, "="))
        prefix = trim(prefix.substr(0, prefix.size() - 1)); // "std::vector of length 2 = {..}"
    return prefix;
}

void GdbValueFlattener::flatten(std::string_view value, std::string_view prefix)
{
    m_path.assign(prefix);
    this->value(value, 0);
}

void GdbValueFlattener::push(std::string_view component)
{
    if (!m_path.empty() && component[0] != '[')
        m_path += '.';
    m_path += component;
}

void GdbValueFlattener::value(std::string_view text, int depth)
{
    text = trim(text);
    std::size_t open = depth < maxDepth ? compositeOpen(text) : npos;
    if (open == npos) {
        if (!text.empty())
            m_sink.field(m_path, text, text.data());
        return;
    }
    std::size_t close = matchBrace(text, open);
    std::string_view inner = close == npos ? text.substr(open + 1) : text.substr(open + 1, close - open - 1);
    items(inner, text.substr(open), depth + 1);
}

void GdbValueFlattener::items(std::string_view inner, std::string_view whole, int depth)
{
    const std::size_t base = m_path.size();
    std::string_view pending; // a scalar member, emitted once no continuation follows it
    const char* pendingWhere = nullptr;
    bool named = false;
    std::size_t index = 0;
    auto flush = [&] {
        if (pendingWhere)
            m_sink.field(m_path, trim(pending), pendingWhere);
        pendingWhere = nullptr;
        m_path.resize(base);
    };
    for (std::size_t start = 0; start <= inner.size();) {
        std::size_t end = walk(inner, start, [&](std::size_t at) { return inner[at] == ','; });
        std::string_view item = trim(inner.substr(start, end - start));
        start = end + 1;
        if (item.empty() || item == "<No data fields>")
            continue;
        std::string_view name, value;
        if (splitAssignment(item, name, value)) {
            flush();
            named = true;
            push(name);
            if (compositeOpen(value) != npos && depth < maxDepth) {
                this->value(value, depth);
                m_path.resize(base);
            } else {
                pending = value;
                pendingWhere = item.data();
            }
            continue;
        }
        if (named && pendingWhere && isContinuationItem(item)) {
            // "__size = "\002\000", '\000' <repeats 26 times>": one value with a top-level comma
            pending =
                std::string_view(pending.data(), static_cast<std::size_t>(item.data() + item.size() - pending.data()));
            continue;
        }
        flush();
        if (!named && index == 0 && compositeOpen(item) == npos) {
            // an array of scalars stays one field: "{1, 2, 3}"
            if (!whole.empty())
                m_sink.field(m_path, whole, whole.data());
            return;
        }
        push("[" + std::to_string(index++) + "]");
        this->value(item, depth);
        m_path.resize(base);
    }
    flush();
}

} // namespace hvdump::parsers
