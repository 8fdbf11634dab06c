// SPDX-License-Identifier: GPL-2.0-or-later
// mdb ::print output as ObjectDumps: "name = value" lines, nested "name = {" ... "}" flattened to
// dotted paths ("vr_lock._opaque"), arrays of structs as "name[0].field". Pasted output often
// loses its closing braces or is cut; the nesting is then closed by indentation, with one Note.
#pragma once

#include <cstdint>
#include <string_view>

namespace hvdump::parsers {

class MdbInput;
struct MdbCommand;

/// The first line ::print prints: "{", "TYPE {", "ADDR {", or a member "name = value".
bool looksLikeMdbPrintOutput(std::string_view text);
/// Reads what a ::print command printed; the command line (commandLine) is already taken.
void parseMdbPrint(MdbInput& in, const MdbCommand& cmd, std::uint32_t commandLine);

} // namespace hvdump::parsers
