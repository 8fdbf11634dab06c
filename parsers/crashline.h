// SPDX-License-Identifier: GPL-2.0-or-later
// Classifiers for single lines of crash(8) output: the "PID: ... TASK: ..." task header, backtrace
// frame lines ("#3 [sp] fn at addr [mod]", bt -t's "[sp] fn at addr"), stack markers
// ("--- <IRQ stack> ---"), exception and register lines, bt -l source lines, bt -f stack data and
// the "crash> " prompt. Each function looks at one cleaned line and never allocates.
#pragma once

#include "dump.h"

#include <cstdint>
#include <string_view>

namespace hvdump::parsers::crash {

enum class Parse : std::uint8_t { No, Ok, Malformed };

struct TaskHeader
{
    std::int64_t pid = -1;
    std::uint64_t task = 0;
    std::int32_t cpu = -1;
    std::string_view command;
    bool hasTask = false;
    std::string_view problem; // what was garbled, for the diagnostic
};

/// "PID: 1234  TASK: ffff888103a5c000  CPU: 3  COMMAND: "kworker/3:1"" (any spacing, extra
/// fields skipped). No when the line is not a header; Malformed when it is one with a bad field.
Parse parseTaskHeader(std::string_view text, TaskHeader& out);

/// ps -l / ps -m: "[120809143834] [IN]  PID: ..." or "[0 00:00:00.123] [UN]  PID: ...".
Parse parsePsTimedLine(std::string_view text, std::string_view& state, TaskHeader& out);

struct FrameLine
{
    std::uint64_t stack = 0;
    std::uint64_t address = 0;
    std::uint64_t offset = 0;
    std::string_view function;
    std::string_view module;
    bool hasStack = false;
    bool hasAddress = false;
    bool hasOffset = false;
    bool textSymbol = false; // bt -t "[sp] fn at addr": found on the stack, not unwound
};

/// " #0 [ffffc90000003e48] machine_kexec at ffffffff8106b5a3 [mod]", "#5 [sp] fn+0x1b1 at addr",
/// bt -t "  [sp] fn at addr" and "START: fn at addr". Malformed when the line starts like a
/// frame but is cut or garbled (its symbol may be cut too, so the caller drops it).
Parse parseFrameLine(std::string_view text, FrameLine& out);

/// "--- <NMI exception stack> ---": the context of the frames printed above the marker.
bool parseStackMarker(std::string_view text, FrameContext& context);

struct ExceptionLine
{
    std::string_view function; // empty for "unknown or invalid address"
    std::uint64_t offset = 0;
    std::uint64_t address = 0;
    bool hasOffset = false;
    bool hasAddress = false;
};

/// x86 "[exception RIP: fn+685]" (no address) or arm64 kernel-mode "PC: addr  [fn+0x1f4]".
bool parseExceptionLine(std::string_view text, ExceptionLine& out);

/// A register dump line: "RIP: ffffffff810...  RSP: ...", "X29: ...", "ORIG_RAX: ...  CS: 0010".
/// ip receives the value of RIP/EIP/NIP/PC when the line carries one.
bool isRegisterLine(std::string_view text, std::uint64_t& ip, bool& hasIp);

/// bt -l: "/usr/src/debug/kernel/drivers/char/virtio_console.c: 632".
bool parseSourceLine(std::string_view text, std::string_view& file, std::uint32_t& line);

/// bt -f / -F stack data: "ffffc90000003e50: ffffffff8106b5a3 0000000000000000".
bool isStackDataLine(std::string_view text);

/// "crash> bt -a" -> true with command "bt -a" (may be empty).
bool parsePrompt(std::string_view text, std::string_view& command);

/// "...", "[...]", "<snip>", "... OUTPUT CUT ..." and the like.
bool isElision(std::string_view text);

/// "fn+685" (decimal, crash's default radix) or "fn+0x2ad"; fn may hold '.', e.g. "f.constprop.0".
bool splitSymbolOffset(std::string_view text, std::string_view& function, std::uint64_t& offset, bool& hasOffset);

} // namespace hvdump::parsers::crash
