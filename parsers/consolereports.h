// SPDX-License-Identifier: GPL-2.0-or-later
// Recognises the first line of the kernel's own hang reports as printed by kernel/watchdog.c,
// kernel/hung_task.c, kernel/rcu/tree_stall.h, kernel/locking/lockdep.c, lib/nmi_backtrace.c,
// panic() and the oops paths, across kernel versions (2.6 to 6.x wordings and prefixes), and the
// RCU stall detail lines. Pure functions over one cleaned line.
#pragma once

#include "dump.h"

#include <cstdint>
#include <string_view>

namespace hvdump::parsers {

struct ReportLine
{
    ReportKind kind = ReportKind::Watchdog;
    std::int32_t cpu = -1;
    std::int64_t pid = -1;
    std::string_view task;
    double seconds = 0;
    std::string_view ownerTask; // BlockedOnOwner
    std::int64_t ownerPid = -1;
    std::string_view cpuList; // RCU "{ 3 5}" / expedited "{ 3-.... }" CPU lists printed inline
    std::string_view idleAt; // "NMI backtrace for cpu 2 skipped: idling at intel_idle+0x62/0xc0"
    bool stackFollows = false; // the kernel prints the reported context's stack right after
};

/// True when text (trimmed) is the headline of a console report; fills r.
bool recognizeReport(std::string_view text, ReportLine& r);

/// RCU per-CPU stall line "rcu: \t3-....: (1 GPs behind) idle=..." (also 3.x "\t3: (...)").
bool parseRcuCpuLine(std::string_view text, std::int32_t& cpu);
/// RCU "Tasks blocked on level-0 rcu_node (CPUs 0-7): P1234 P5678"; returns the list after ':'.
bool parseRcuBlockedTasks(std::string_view text, std::string_view& pids);

} // namespace hvdump::parsers
