// SPDX-License-Identifier: GPL-2.0-or-later
// crash(8) task listings: the ps table header (read by column name, so columns that newer crash
// versions add are skipped), its rows ("> 1234  1  3  ffff888103a5c000  RU  0.0 ...", where ">"
// marks the task active on its CPU), the mapping of the ST column to ThreadState, and the task
// context block that "set PID" and the startup banner print ("PID: 1234" / "COMMAND:" / "STATE:").
#pragma once

#include "crashline.h"
#include "dump.h"

#include <cstdint>
#include <string_view>

namespace hvdump::parsers {
class LineStream;
}

namespace hvdump::parsers::crash {

struct PsColumns
{
    int pid = -1;
    int cpu = -1;
    int task = -1;
    int state = -1;
    int comm = -1; // always the last column: a comm may hold spaces ("tmux: client")
    int count = 0;
};

/// "   PID    PPID  CPU       TASK        ST  %MEM     VSZ    RSS  COMM".
bool parsePsHeader(std::string_view text, PsColumns& columns);
/// The columns of crash's default ps output, for "ps | grep ..." pastes that lost the header.
PsColumns defaultPsColumns();

struct PsRow
{
    std::int64_t pid = -1;
    std::int32_t cpu = -1;
    std::uint64_t task = 0;
    std::string_view state;
    std::string_view comm;
    bool active = false;
};

/// One row. markedActive: the line lost a leading ">" to mail-quote stripping (the caller knows
/// from the quote depth). No when the line is not a row of this table.
Parse parsePsRow(std::string_view text, const PsColumns& columns, bool markedActive, PsRow& row);

/// ST (RU IN UN ID ST TR ZO DE PA WA NE) to a state; RU is Running only for an active task.
ThreadState psState(std::string_view st, bool active);

/// ps shows kernel threads as "[kworker/3:1]"; bt's COMMAND shows "kworker/3:1".
std::string_view psCommandName(std::string_view comm);

struct TaskContext
{
    std::int64_t pid = -1;
    std::uint64_t task = 0;
    std::int32_t cpu = -1;
    std::string_view command;
    std::string_view state; // "TASK_UNINTERRUPTIBLE", "TASK_RUNNING (PANIC)"
};

/// The task context block starting at the current line ("    PID: 1234", "COMMAND: \"bash\"",
/// "   TASK: ffff...  [THREAD_INFO: ...]", "    CPU: 3", "  STATE: TASK_RUNNING (ACTIVE)").
/// Returns how many lines it holds, 0 when the current line does not start one. Does not advance.
std::size_t peekTaskContext(LineStream& lines, TaskContext& out);

/// "TASK_INTERRUPTIBLE" and friends; TASK_RUNNING is Running only when crash marks it (ACTIVE),
/// (PANIC) or the like: then it was on its CPU.
ThreadState taskStateName(std::string_view state);

} // namespace hvdump::parsers::crash
