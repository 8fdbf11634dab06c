// SPDX-License-Identifier: GPL-2.0-or-later
// Errors are data: a parser reports what it could not read as a Diagnostic with the input line
// and a stable code, keeps going, and never prints. The codes are listed here, in one place, and
// documented in docs/diagnostics.md.
#pragma once

#include <cstdint>
#include <string>

namespace hvdump::parsers {

enum class Severity : std::uint8_t { Note, Warning, Error };
const char* severityName(Severity s);

namespace codes {
    inline constexpr const char* UnreadableFile = "HVP001"; // the file could not be opened or read
    inline constexpr const char* EmptyInput = "HVP002"; // nothing in the input
    inline constexpr const char* BinaryData = "HVP003"; // a run of lines that are not text
    inline constexpr const char* LineTooLong = "HVP004"; // a line longer than the parser reads
    inline constexpr const char* NoStacks = "HVP005"; // text, but no stack in any known format
    inline constexpr const char* MalformedFrame = "HVP010"; // looked like a frame, could not be read
    inline constexpr const char* TruncatedStack = "HVP011"; // a stack ends mid-frame or is cut
    inline constexpr const char* MalformedHeader = "HVP012"; // a thread/task header could not be read
    inline constexpr const char* OutputCut = "HVP013"; // "... OUTPUT CUT ..." or similar elision
    inline constexpr const char* MalformedReport = "HVP014"; // a console report missing its parts
    inline constexpr const char* MalformedObject = "HVP015"; // an object dump could not be read
    inline constexpr const char* LimitReached = "HVP020"; // a size limit stopped reading (frames/threads)
    inline constexpr const char* Cancelled = "HVP021"; // the parse was cancelled
    inline constexpr const char* DebugInfo = "HVP030"; // a --debug-file could not be used
} // namespace codes

struct Diagnostic
{
    Severity severity = Severity::Warning;
    std::string code;
    std::string file;
    std::uint32_t line = 0; // 1-based input line, 0 when the whole input is meant
    std::uint32_t column = 0; // 1-based, 0 when unknown
    std::string message;
};

/// "file:line:col: warning: message [HVP012]" as compilers print it.
std::string formatDiagnostic(const Diagnostic& d);

} // namespace hvdump::parsers
