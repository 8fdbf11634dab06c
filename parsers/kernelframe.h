// SPDX-License-Identifier: GPL-2.0-or-later
// One Linux kernel stack frame line as the kernel prints it, in all its eras: old x86
// " [<ffffffff8104a2e5>] ? foo+0x15/0x20 [mod]", new " ? foo+0x15/0x20 [mod]", /proc/PID/stack
// "[<0>] foo+0x60/0x90", syzbot "foo+0x1c/0x40 fs/x.c:12 [inline]", arm64 "foo+0x1c/0x40 (T)" and
// arm32 "[<c010e4f4>] (foo) from [<..>] (bar)". Shared by the console, /proc stack and crash parsers;
// also reads the stack context markers (<IRQ>, </TASK>, <EOI>, <<EOE>>, ...).
#pragma once

#include "dump.h"

#include <string_view>

namespace hvdump::parsers {

class DumpBuilder;

/// A frame line's parts as views into the line (nothing interned), for sniffers.
struct KernelFrameText
{
    std::string_view function, module, file;
    std::uint64_t address = 0, offset = 0, size = 0;
    std::uint32_t line = 0;
    bool hasAddress = false, hasOffset = false, hasSize = false, unreliable = false, inlined = false;
};

/// Reads one frame line (leading blanks allowed, context markers already taken off). False when
/// the line is not a well-formed kernel frame.
bool scanKernelFrameLine(std::string_view text, KernelFrameText& frame);

/// scanKernelFrameLine, then fills the frame's address, function, offset, size, module, file:line,
/// unreliable and inlined fields (names interned in out); leaves span and context alone.
bool parseKernelFrameLine(std::string_view text, DumpBuilder& out, Frame& frame);

/// True when text starts the way a kernel frame does ("[<", "? ", "symbol+0x"), so that a failure
/// to parse it is worth a diagnostic rather than the end of the stack.
bool looksLikeKernelFrame(std::string_view text);

/// True when text is a frame cut short: "fn+", "fn+0x1a/", "[<ffff", a dangling "[mod".
bool looksLikeCutKernelFrame(std::string_view text);

enum class ContextMarker : std::uint8_t {
    None,
    Enter, // <IRQ>, <NMI>, <SOFTIRQ>, <TASK>, <#DF>, ...
    Leave, // </IRQ>, </NMI>, </TASK>, <EOI>, <<EOE>>
};

/// Takes one leading stack context marker off text (after blanks) and tells which context the
/// frames that follow it run in. Returns None and leaves text alone when there is no marker.
ContextMarker consumeContextMarker(std::string_view& text, FrameContext& context, bool& taskEnd);

} // namespace hvdump::parsers
