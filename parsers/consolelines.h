// SPDX-License-Identifier: GPL-2.0-or-later
// Single Linux console lines that are neither frames nor reports: the headers naming the task or
// CPU of the stack that follows (the "CPU: 3 PID: ..." line, sched_show_task lines old and new,
// 2.6's "Pid: N, comm:"), register dumps, instruction-pointer lines (RIP/pc/EIP is at) and lockdep's
// lock descriptions ("ffff... (&lock){+.+.}-{3:3}, at: fn+0x1a/0x40"). Pure functions, no state.
#pragma once

#include "dump.h"

#include <cstdint>
#include <string_view>

namespace hvdump::parsers {

class DumpBuilder;

/// What a header line says about the task whose stack follows.
struct TaskHeader
{
    std::string_view comm;
    std::int64_t pid = -1;
    std::int32_t cpu = -1;
    std::uint64_t taskAddress = 0;
    char state = 0; // sched_show_task's letter
    bool sameOops = false; // "Process x (pid: n, ...)": show_registers' line inside the oops it follows
};

/// "CPU: 3 PID: 1234 Comm: vhost-4321 Not tainted ...", "CPU: 3 UID: 0 PID: ...",
/// "Pid: 0, comm: swapper Not tainted ...", "Process bash (pid: 12, ...)", "CPU 3" alone.
bool parseCpuLine(std::string_view text, TaskHeader& header);
/// sched_show_task: "task:qemu-kvm state:D stack:0 pid:4321 tgid:4321 ppid:1 flags:0x4002" and
/// the older "qemu-kvm        D ffff88003fc13540     0  4321      1 0x00000000".
bool parseSchedTaskLine(std::string_view text, TaskHeader& header);
/// 3.x/4.x show_regs "task: ffff88003fc13540 ti: ffff88003e0a8000 task.ti: ...".
bool parseTaskAddressLine(std::string_view text, std::uint64_t& address);
ThreadState stateFromLetter(char letter);

/// Register dumps, "Code:", "Stack:" and raw stack words: part of a stack block, not frames.
bool isRegisterLine(std::string_view text);
/// "RIP: 0010:fn+0x1a/0x40", old "RIP: 0010:[<..>]  [<..>] fn+..", "pc : fn+..", "PC is at fn",
/// "EIP is at fn", "epc : fn": the interrupted instruction, the innermost frame of its context.
bool parseInstructionPointer(std::string_view text, DumpBuilder& out, Frame& frame);

/// A lockdep lock, with or without its "#N:" depth: "#0: ffff888... (&lock){+.+.}-{3:3}, at: fn",
/// 3.x "#0:  (&lock){+.+...}, at: [<ffffffff..>] fn+0x../0x..", 4.15's "(____ptrval____)".
bool parseLockLine(std::string_view text, DumpBuilder& out, HeldLock& lock, bool& hasDepth);
/// "2 locks held by kworker/0:1/12:" / "1 lock held by khungtaskd/51:".
bool parseLocksHeldHeader(std::string_view text, std::string_view& comm, std::int64_t& pid);
/// "-> #1 (&lock2){+.+.}-{3:3}:" of a circular dependency chain.
bool parseChainLinkHeader(std::string_view text, std::uint32_t& depth, std::string_view& lock);

/// Takes off timestamps the line cleaner leaves: dmesg -T "[Thu Mar 13 15:18:38 2025] ", dmesg -H
/// "[Jul25 00:44] " and "[  +0.000004] ", and an indented "    [  277.000573] ".
std::string_view stripExtraTimestamp(std::string_view text, bool& stripped);

/// Splits "comm:pid" or "comm/pid" at the last separator; comm may itself hold ':' or '/'.
bool splitCommPid(std::string_view text, char separator, std::string_view& comm, std::int64_t& pid);

} // namespace hvdump::parsers
