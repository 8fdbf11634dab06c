// SPDX-License-Identifier: GPL-2.0-or-later
// Pieces of the informal frame lists people paste in mail: a line holding one bare function name
// ("__send_to_port", "ns::f()", "fn+0x1a/0x40 [mod]", optionally followed by an annotation such as
// "<- spinning for console lock"), and the header sentence above a list, from which the execution
// context ("Core 3", "cpu 2 (khvcd kernel thread)", "Thread 3 (vcpu0)") and the state are read.
// Code, diff lines and English prose must not read as frames.
#pragma once

#include "dump.h"

#include <cstdint>
#include <string_view>

namespace hvdump::parsers::informal {

struct FrameText
{
    std::string_view function;
    std::string_view module;
    std::string_view note; // "<- spinning for console lock", as written
    std::string_view file;
    std::uint32_t line = 0;
    std::uint64_t address = 0; // only from a kernel-style "[<ffffffff8104a2e5>]" line
    std::uint64_t offset = 0;
    std::uint64_t size = 0;
    bool hasAddress = false;
    bool hasOffset = false;
    bool hasSize = false;
    bool unreliable = false; // "? fn+0x10/0x20"
    bool functionLike = false; // has '_', "::", "()" or "+0x": not just an English word
};

/// One bare frame per line; false for prose, code, diff lines, annotations.
bool parseFrameText(std::string_view text, FrameText& out);

/// "  <- writev() syscall": a note on the frame above, not a frame.
bool isAnnotationLine(std::string_view text);

/// A line that can belong to a header sentence: not blank, not code, not a diff line.
bool isProseLine(std::string_view text);

enum class ContextKind : std::uint8_t { None, Cpu, VCpu, Thread, Lwp, Pid, Named };

struct HeaderInfo
{
    ContextKind kind = ContextKind::None;
    std::int64_t number = -1;
    std::string_view name; // "khvcd kernel thread" from "cpu 2 (khvcd kernel thread)"
    std::string_view stateText; // "spins forever in virtqueue_get_buf"
    ThreadState state = ThreadState::Unknown;
};

/// Reads the context, name and state from a header (its lines joined with single spaces).
HeaderInfo analyzeHeader(std::string_view header);

} // namespace hvdump::parsers::informal
