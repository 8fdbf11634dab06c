// SPDX-License-Identifier: GPL-2.0-or-later
// An mdb command line as it appears in a pasted session: "> ::stacks -m vmm", "[0]> $C",
// "fffffd6b1e186ab8::print viona_vring_t", "::walk thread | ::findstack -v". The prompt may already
// have been taken off as mail quoting by the line cleaner. Only commands whose output hvdump
// reads are recognised, so C++/Rust paths in prose ("Foo::print") are left alone.
#pragma once

#include <cstdint>
#include <string_view>

namespace hvdump::parsers {

enum class MdbCommandKind : std::uint8_t { Print, Findstack, Stacks, Threadlist, Frames, Rwlock, Mutex };

struct MdbCommand
{
    std::string_view text; // the whole command, prompt removed
    std::string_view address; // expression before "::" or "$" in the last pipeline stage ("" if none)
    std::string_view arguments; // what follows the last stage's dcmd
    MdbCommandKind kind = MdbCommandKind::Print;
    bool piped = false;
};

/// Recognises a command line whose last pipeline stage is a dcmd hvdump reads.
bool parseMdbCommand(std::string_view text, MdbCommand& cmd);

/// The type named by ::print's arguments ("viona_vring_t", "struct vmm_lease"), options skipped.
std::string_view mdbPrintType(std::string_view arguments);

} // namespace hvdump::parsers
