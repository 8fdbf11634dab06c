// SPDX-License-Identifier: GPL-2.0-or-later
#include "crashps.h"

#include "linecursor.h"
#include "linestream.h"

#include <array>

namespace hvdump::parsers::crash {
namespace {

    constexpr int maxColumns = 24;

    bool isStateWord(std::string_view s)
    {
        if (s == "??")
            return true;
        return s.size() == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
    }

} // namespace

bool parsePsHeader(std::string_view text, PsColumns& columns)
{
    columns = {};
    LineCursor c(trim(text));
    std::string_view token;
    int index = 0;
    while (c.skipSpaces(), c.consumeToken(token)) {
        if (index >= maxColumns)
            return false;
        if (token == "PID")
            columns.pid = index;
        else if (token == "CPU")
            columns.cpu = index;
        else if (token == "TASK")
            columns.task = index;
        else if (token == "ST")
            columns.state = index;
        else if (token == "COMM")
            columns.comm = index;
        else if (token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ%_") != std::string_view::npos)
            return false; // not a header of capitals: prose mentioning PID and COMM
        ++index;
    }
    columns.count = index;
    // COMM is printed last; a table without it (or without PID/TASK/ST) is not crash's ps
    return columns.pid == 0 && columns.task > 0 && columns.state > 0 && columns.comm == index - 1;
}

PsColumns defaultPsColumns()
{
    PsColumns c;
    c.pid = 0;
    c.cpu = 2;
    c.task = 3;
    c.state = 4;
    c.comm = 8;
    c.count = 9;
    return c;
}

Parse parsePsRow(std::string_view text, const PsColumns& columns, bool markedActive, PsRow& row)
{
    row = {};
    row.active = markedActive;
    std::string_view t = trim(text);
    if (!t.empty() && t[0] == '>') {
        row.active = true;
        t = trimLeft(t.substr(1));
    }
    std::array<std::string_view, maxColumns> tokens {};
    LineCursor c(t);
    int index = 0;
    std::size_t commStart = 0;
    while (index < columns.count && index < maxColumns) {
        c.skipSpaces();
        if (index == columns.comm) {
            commStart = c.position();
            break;
        }
        if (!c.consumeToken(tokens[index]))
            break;
        ++index;
    }
    if (index != columns.comm || commStart >= t.size())
        return Parse::No;
    std::int64_t pid = 0;
    if (!parseInt(tokens[columns.pid], pid) || pid < 0)
        return Parse::No;
    if (!parseHex(tokens[columns.task], row.task) || tokens[columns.task].size() < 6)
        return Parse::No;
    if (!isStateWord(tokens[columns.state]))
        return Parse::No;
    row.pid = pid;
    row.state = tokens[columns.state];
    if (columns.cpu >= 0) {
        std::int64_t cpu = -1;
        if (parseInt(tokens[columns.cpu], cpu) && cpu >= 0 && cpu < 0x7fffffff)
            row.cpu = static_cast<std::int32_t>(cpu);
        else if (tokens[columns.cpu] != "-")
            return Parse::No;
    }
    row.comm = trimRight(t.substr(commStart));
    return Parse::Ok;
}

ThreadState psState(std::string_view st, bool active)
{
    if (st == "RU")
        return active ? ThreadState::Running : ThreadState::Runnable;
    if (st == "IN" || st == "PA") // a parked kthread sleeps in TASK_PARKED
        return ThreadState::Sleeping;
    if (st == "UN")
        return ThreadState::Uninterruptible;
    if (st == "ID")
        return ThreadState::Idle;
    if (st == "ST" || st == "TR")
        return ThreadState::Stopped;
    if (st == "ZO" || st == "DE")
        return ThreadState::Zombie;
    if (st == "WA")
        return ThreadState::Runnable;
    return ThreadState::Unknown;
}

std::string_view psCommandName(std::string_view comm)
{
    if (comm.size() > 2 && comm.front() == '[' && comm.back() == ']')
        return comm.substr(1, comm.size() - 2);
    return comm;
}

std::size_t peekTaskContext(LineStream& lines, TaskContext& out)
{
    out = {};
    bool sawCommand = false;
    bool sawTask = false;
    std::size_t n = 0;
    for (; n < 5; ++n) {
        const Line* l = lines.peek(n);
        if (!l)
            break;
        LineCursor c(trim(l->text));
        std::string_view key;
        if (!c.consumeUntil(':', key) || !c.consumeChar(':'))
            break;
        c.skipSpaces();
        std::string_view value = trimRight(c.rest());
        if (n == 0) {
            if (key != "PID" || !parseInt(value, out.pid) || out.pid < 0)
                return 0;
        } else if (key == "COMMAND" && value.size() >= 2 && value.front() == '"' && value.back() == '"') {
            out.command = value.substr(1, value.size() - 2);
            sawCommand = true;
        } else if (key == "TASK") {
            LineCursor v(value);
            if (!v.consumeHex(out.task))
                return 0;
            sawTask = true;
        } else if (key == "CPU") {
            std::int64_t cpu = -1;
            if (parseInt(value, cpu) && cpu >= 0 && cpu < 0x7fffffff)
                out.cpu = static_cast<std::int32_t>(cpu);
        } else if (key == "STATE") {
            out.state = value;
        } else {
            break;
        }
    }
    return sawCommand && sawTask ? n : 0;
}

ThreadState taskStateName(std::string_view state)
{
    if (startsWith(state, "TASK_RUNNING"))
        return contains(state, "(") ? ThreadState::Running : ThreadState::Runnable;
    if (startsWith(state, "TASK_INTERRUPTIBLE") || startsWith(state, "TASK_PARKED"))
        return ThreadState::Sleeping;
    if (startsWith(state, "TASK_IDLE"))
        return ThreadState::Idle;
    if (startsWith(state, "TASK_UNINTERRUPTIBLE"))
        return contains(state, "TASK_NOLOAD") ? ThreadState::Idle : ThreadState::Uninterruptible;
    if (startsWith(state, "TASK_STOPPED") || startsWith(state, "TASK_TRACED") || startsWith(state, "__TASK_"))
        return ThreadState::Stopped;
    if (startsWith(state, "EXIT_") || startsWith(state, "TASK_DEAD"))
        return ThreadState::Zombie;
    if (startsWith(state, "TASK_WAKING"))
        return ThreadState::Runnable;
    return ThreadState::Unknown;
}

} // namespace hvdump::parsers::crash
