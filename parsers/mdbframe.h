// SPDX-License-Identifier: GPL-2.0-or-later
// One illumos mdb stack frame as $C, $c, ::findstack and ::stacks print it:
//   "[SP ][module`]function[+off][(args)]" or "[SP ]0xADDR[(args)]".
// SP is the frame/stack pointer column of $C, never the code address. Pure text functions: the
// thread-level parsers (mdbstacks.cpp) decide what a frame line means in its block.
#pragma once

#include <cstdint>
#include <string_view>

namespace hvdump::parsers {

struct MdbFrameText
{
    std::uint64_t stackPointer = 0;
    std::uint64_t offset = 0;
    std::uint64_t address = 0; // only for frames printed as a bare 0xADDR
    std::string_view module; // "genunix" of "genunix`cv_wait"
    std::string_view function; // empty when the frame is a bare address
    std::string_view arguments; // raw text between the parentheses
    bool hasStackPointer = false;
    bool hasOffset = false;
    bool hasAddress = false;
    bool hasParentheses = false;
    bool panicStyle = false; // "unix:trap+e08 ()": a kernel panic stack's module:function
};

enum class MdbFrameParse : std::uint8_t {
    Frame, // a whole frame
    Open, // a frame whose argument list is not closed on this line (cut or wrapped)
    NotFrame, // anything else
};

/// Parses a frame line (leading/trailing blanks allowed). With Open, `frame` holds everything up
/// to the open parenthesis and `frame.arguments` the argument text read so far.
MdbFrameParse parseMdbFrame(std::string_view text, MdbFrameText& frame);

/// "[ fffff946167525f0 _resume_from_idle+0x12b() ]": the innermost frame ::findstack prints.
bool parseMdbBracketFrame(std::string_view text, MdbFrameText& frame);

/// True for an all-hex token of at least one digit, with an optional 0x.
bool isMdbHexToken(std::string_view token);

} // namespace hvdump::parsers
