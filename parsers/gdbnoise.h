// SPDX-License-Identifier: GPL-2.0-or-later
// The lines gdb prints around the stacks that carry no stack: attach and symbol-loading messages,
// thread notifications, the banner, pager prompts, source listings; and the commands a session
// echoes ("(gdb) p bql", or "+p bql" with `set trace-commands on`), classified by what they do to
// the output that follows.
#pragma once

#include <cstdint>
#include <string_view>

namespace hvdump::parsers {

enum class GdbNoise : std::uint8_t {
    None,
    Plain, // skip it
    Signal, // "Program terminated with signal ...": the next frame line is a location echo
    Strong, // plain, and specific enough to start a gdb region on its own
};

/// Classifies a trimmed line that is not a frame, header, value or command.
GdbNoise classifyGdbNoise(std::string_view t);

/// "29\t../sysdeps/unix/sysv/linux/poll.c: No such file or directory." (a source listing line).
bool isGdbSourceLine(std::string_view raw);

/// "...", "[...]", "<snip>", "... OUTPUT CUT ...": text removed by whoever pasted the dump.
bool isElisionLine(std::string_view t);

enum class GdbCommandKind : std::uint8_t {
    Other,
    Print, // p / print / inspect / output / call: expression holds what is printed
    Backtrace, // bt / backtrace / where / thread apply ... bt
    Select, // frame / up / down / thread N: echoes one frame line that is no backtrace
    InfoThreads,
    InfoLocals,
    Examine, // x/...: memory lines follow
};

struct GdbCommand
{
    GdbCommandKind kind = GdbCommandKind::Other;
    std::string_view expression; // Print: the expression, options removed
};

/// Reads "(gdb) p bql" / "(gdb)" / "+p bql". For '+' lines only known commands count (a diff
/// line in a mail is no command). False when the line is no command echo.
bool parseGdbCommand(std::string_view t, GdbCommand& out);

} // namespace hvdump::parsers
