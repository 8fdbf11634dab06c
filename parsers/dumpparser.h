// SPDX-License-Identifier: GPL-2.0-or-later
// The parsing entry point: text (or a file) in, a Dump plus diagnostics out. Bad input never
// aborts the parse: what can be read is read, and the rest is reported with line numbers.
#pragma once

#include "diagnostic.h"
#include "dump.h"
#include "dumpbuilder.h"

#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace hvdump::parsers {

class ProgressSink;

enum class ParseStatus { Complete, Partial, Cancelled };
const char* parseStatusName(ParseStatus s);

struct ParseOptions
{
    std::string source = "-"; // name used in diagnostics
    Format forced = Format::Unknown; // --format: only this parser is asked
    std::size_t maxLineLength = 64 * 1024;
    ParseLimits limits;
};

struct ParseResult
{
    Dump dump;
    std::vector<Diagnostic> diagnostics;
    ParseStatus status = ParseStatus::Complete;
};

ParseResult parseText(
    std::string_view text, const ParseOptions& options, ProgressSink* progress = nullptr, std::stop_token stop = {});

/// Reads path ("-" for standard input) and parses it; an unreadable file gives an HVP001 error.
ParseResult parseFile(
    const std::string& path, ParseOptions options, ProgressSink* progress = nullptr, std::stop_token stop = {});

/// Reads a whole file (or stdin for "-") as UTF-8: byte order marks and UTF-16 are normalized
/// (textencoding.h). False with a reason on failure.
bool readWholeFile(const std::string& path, std::string& contents, std::string& error);

} // namespace hvdump::parsers
