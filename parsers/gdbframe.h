// SPDX-License-Identifier: GPL-2.0-or-later
// Reads gdb's one-line forms: a backtrace frame "#N  0xADDR in FUNC (ARGS) at FILE:LINE" (or
// "from LIB"), a thread header "Thread 3 (Thread 0x7f.. (LWP 42) "name"):", the target id of a
// thread, and a row of the "info threads" table. Everything works on views of one logical line
// (the caller joins wrapped lines) and allocates nothing. C++ templates and operators, Rust
// paths, closures and trait impls in function names are handled by bracket-aware scanning.
#pragma once

#include <cstdint>
#include <string_view>

namespace hvdump::parsers {

struct GdbFrameText
{
    std::uint64_t address = 0;
    std::string_view function;
    std::string_view arguments; // raw text between the call's parentheses
    std::string_view file;
    std::string_view library; // "from LIB", or "at LIB" without a line number
    std::string_view note; // text after the location, e.g. a human annotation
    std::uint32_t line = 0;
    bool hasAddress = false;
    bool hasArguments = false;
    bool signalHandler = false; // "<signal handler called>"
};

enum class GdbFrameStatus : std::uint8_t {
    Ok,
    Incomplete, // an open bracket or a dangling "in"/"at"/"from": the rest may be on the next line
    Malformed, // looks like a frame, but no call could be read
};

/// Splits "#12 rest" into the level and the rest. False unless text starts with '#' and digits.
bool splitGdbFrameLevel(std::string_view text, std::uint32_t& level, std::string_view& body);
/// True when text starts with '#' but what follows is no level ("#x", "#").
bool looksLikeBrokenGdbLevel(std::string_view text);

/// Reads the part of a frame line after "#N ".
GdbFrameStatus parseGdbFrameBody(std::string_view body, GdbFrameText& out);

/// Whether `next` continues the frame `body` on another line (wrapped by gdb or by a mail client).
bool continuesGdbFrame(GdbFrameStatus status, const GdbFrameText& frame, std::string_view next);

/// What a target id says: "Thread 0x7f.. (LWP 42) "name"", "LWP 42", "process 42".
struct GdbTargetId
{
    std::string_view text; // as printed, for the record
    std::string_view name; // the quoted thread name, unescaped quotes excluded
    std::int64_t lwp = -1;
    std::int64_t process = -1;
    std::uint64_t handle = 0; // "Thread 0x7f3a5b7fe640 (LWP n)": the thread's pthread_t
};

/// Scans a target id for "LWP N", "process N" and a quoted name.
void scanGdbTargetId(std::string_view text, GdbTargetId& out);

struct GdbThreadHeader
{
    std::string_view number; // gdb's thread number, "3" or "2.1"
    GdbTargetId target;
};

/// "Thread 3 (Thread 0x7f1c2d7fa640 (LWP 4242) "qemu-kvm"):"
bool parseGdbThreadHeader(std::string_view text, GdbThreadHeader& out);

/// "[Switching to thread 2 (Thread 0x.. (LWP 7))]", "[Current thread is 1 (LWP 7)]",
/// "[Switching to Thread 0x.. (LWP 7)]": the thread the next headerless "bt" belongs to.
bool parseGdbThreadSwitch(std::string_view text, GdbThreadHeader& out);

struct GdbInfoThreadsRow
{
    GdbThreadHeader thread;
    std::string_view frame; // the Frame column, empty when the thread is "(running)"
    bool current = false; // marked '*'
    bool running = false;
};

/// "  Id   Target Id   Frame" (the header of "info threads").
bool isGdbInfoThreadsHeader(std::string_view text);
/// "* 1    Thread 0x7ff.. (LWP 1234) "qemu-kvm" 0x00007f.. in __GI___poll (...) at poll.c:29"
bool parseGdbInfoThreadsRow(std::string_view text, GdbInfoThreadsRow& out);

} // namespace hvdump::parsers
