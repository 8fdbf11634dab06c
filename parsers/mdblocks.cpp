// SPDX-License-Identifier: GPL-2.0-or-later
#include "mdblocks.h"

#include "linecursor.h"
#include "mdbframe.h"
#include "mdbinput.h"

#include <array>
#include <string>

namespace hvdump::parsers {
namespace {

    constexpr std::array<std::string_view, 4> rwlockColumns = { "ADDR", "OWNER/COUNT", "FLAGS", "WAITERS" };
    constexpr std::array<std::string_view, 6> mutexColumns = { "ADDR", "TYPE", "HELD", "MINSPL", "OLDSPL", "WAITERS" };

    template <std::size_t N>
    bool matchesColumns(std::string_view text, const std::array<std::string_view, N>& columns)
    {
        LineCursor c(text);
        std::string_view token;
        for (std::string_view col : columns) {
            c.skipSpaces();
            if (!c.consumeToken(token) || token != col)
                return false;
        }
        c.skipSpaces();
        return c.atEnd();
    }

    // " fffffd6b04d27c00 (W)" at the end of a ::rwlock line: a thread blocked on the lock
    std::string_view trailingWaiter(std::string_view t)
    {
        t = trimRight(t);
        if (t.size() < 5 || t.back() != ')' || t[t.size() - 4] != ' ' || t[t.size() - 3] != '(')
            return {};
        std::string_view head = trimRight(t.substr(0, t.size() - 4));
        std::size_t sp = head.find_last_of(" \t");
        std::string_view addr = sp == std::string_view::npos ? head : head.substr(sp + 1);
        if (!isMdbHexToken(addr))
            return {};
        return t.substr(static_cast<std::size_t>(addr.data() - t.data()));
    }

    // the flag diagram under a ::rwlock row: "||", "WRITE_WANTED -------+|"
    bool isDiagramLine(std::string_view t)
    {
        if (t.empty())
            return false;
        for (char c : t)
            if (!(c == '|' || c == '+' || c == '-' || c == ' ' || c == '_' || (c >= 'A' && c <= 'Z')))
                return false;
        return true;
    }

} // namespace

bool isMdbLockTableHeader(std::string_view text)
{
    std::string buffer;
    text = mdbWithoutEscapes(text, buffer);
    return matchesColumns(text, rwlockColumns) || matchesColumns(text, mutexColumns);
}

void parseMdbLockTable(MdbInput& in, std::string_view expression, std::uint32_t commandLine)
{
    DumpBuilder& out = in.out();
    const Line* l = in.peek();
    if (!l || !isMdbLockTableHeader(l->text))
        return;
    std::string buffer;
    const bool rwlock = matchesColumns(mdbWithoutEscapes(l->text, buffer), rwlockColumns);
    const std::size_t ncolumns = rwlock ? rwlockColumns.size() : mutexColumns.size();
    const std::string_view* columns = rwlock ? rwlockColumns.data() : mutexColumns.data();
    const std::uint32_t headerLine = l->number;
    in.take();
    bool first = true;
    while ((l = in.peek())) {
        LineCursor c(l->text);
        std::array<std::string_view, 6> cells;
        std::size_t n = 0;
        c.skipSpaces();
        while (n + 1 < ncolumns && c.consumeToken(cells[n])) {
            ++n;
            c.skipSpaces();
        }
        cells[n] = trim(c.rest()); // the last column keeps its blanks: "fffffd6b04d27c00 (W)"
        std::uint64_t address = 0;
        if (n + 1 != ncolumns || !parseHex(cells[0], address))
            break;
        ObjectDump obj;
        obj.format = Format::Mdb;
        obj.address = address;
        obj.type = out.intern(rwlock ? "krwlock_t" : "kmutex_t");
        if (!expression.empty())
            obj.expression = out.intern(expression);
        obj.span = { first && commandLine ? commandLine : headerLine, l->number };
        const std::uint32_t rowLine = l->number;
        std::uint32_t waiters = 0;
        for (std::size_t i = 1; i < ncolumns; ++i) {
            if (rwlock && i == ncolumns - 1) {
                if (!cells[i].empty())
                    obj.fields.push_back({ out.intern("WAITERS[0]"), out.intern(cells[i]), rowLine });
                waiters = cells[i].empty() ? 0 : 1;
                continue;
            }
            obj.fields.push_back({ out.intern(columns[i]), out.intern(cells[i]), rowLine });
        }
        in.take();
        // ::rwlock prints one more waiter at the end of each diagram line
        while (rwlock && (l = in.peek()) && mdbIndent(l->text) > 0) {
            std::string_view t = trim(l->text);
            std::string_view waiter = trailingWaiter(t);
            std::string_view diagram = waiter.empty() ? t : trimRight(t.substr(0, t.size() - waiter.size()));
            if (!diagram.empty() && !isDiagramLine(diagram))
                break;
            if (!waiter.empty()) {
                const std::string path = "WAITERS[" + std::to_string(waiters++) + "]";
                obj.fields.push_back({ out.intern(path), out.intern(waiter), l->number });
            }
            obj.span.extend(l->number);
            in.take();
        }
        out.addObject(std::move(obj));
        first = false;
    }
}

} // namespace hvdump::parsers
