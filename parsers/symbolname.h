// SPDX-License-Identifier: GPL-2.0-or-later
// Function names as a person reads them in a backtrace: a C++ or legacy Rust linkage name is
// demangled, its parameter list and cv-qualifiers dropped and a Rust hash suffix removed, so that
// "_ZNK3foo3BarIiE4readEv" reads "foo::Bar<int>::read", as gdb prints it in a frame.
#pragma once

#include <string>
#include <string_view>

namespace hvdump::parsers {

/// The readable form of a linkage name; the name itself when it is not mangled (C) or cannot be demangled.
std::string readableFunctionName(std::string_view linkageName);

/// "handle_rx.isra.0" -> "handle_rx", "main.cold" -> "main": GCC's clone and split suffixes.
std::string_view withoutCloneSuffix(std::string_view name);

} // namespace hvdump::parsers
