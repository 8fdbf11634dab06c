// SPDX-License-Identifier: GPL-2.0-or-later
// Text saved by Windows tools, made into the UTF-8 the parsers read: a UTF-8 byte order mark is
// dropped (Notepad), UTF-16 with its byte order mark (PowerShell's `>` and Out-File) is
// converted. Line breaks stay where they were, so line numbers do not change.
#pragma once

#include <string>

namespace hvdump::parsers {

enum class TextEncoding { Utf8, Utf8Bom, Utf16Le, Utf16Be };

/// Rewrites `bytes` in place when it starts with a byte order mark; returns what it found.
/// Invalid UTF-16 (a lone surrogate, an odd last byte) becomes U+FFFD.
TextEncoding normalizeEncoding(std::string& bytes);

const char* textEncodingName(TextEncoding encoding);

} // namespace hvdump::parsers
