// SPDX-License-Identifier: GPL-2.0-or-later
// Symbolization: frames that carry an address get, from the --debug-file ELF/DWARF files, the
// function they lack, their file:line and the inlined calls at that address (inserted as frames
// inner to the physical one, flagged inlined). Each frame is matched to the debug file of its
// module ("[vhost_net]", "from /lib/libc.so.6"); frames naming no module belong to the main file
// (the program or vmlinux). A frame printed as fn+off is found at symbol + offset, which needs no
// slide; an address-only frame at address - slide, where a file's slide (KASLR offset, PIE or
// module base) is given, or the majority of address - (symbol + offset) over its frames that
// carry both.
#pragma once

#include "debuginfo.h"
#include "diagnostic.h"
#include "dump.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hvdump::parsers {

struct SymbolizeOptions
{
    /// Slide of the main debug file: address in the dump minus address in the file.
    std::optional<std::uint64_t> slide;
    /// Slides of other debug files, by module name ("vhost_net", "libc"; see moduleKey()).
    std::vector<std::pair<std::string, std::uint64_t>> moduleSlides;
};

struct SymbolizeSummary
{
    struct File
    {
        std::uint64_t slide = 0;
        bool slideKnown = false; // inferred or given; frames of a file without one are left alone
        std::size_t slideVotes = 0; // fn+off frames whose symbol gave a slide
        std::size_t slideAgreeing = 0; // ... equal to the one used
        std::size_t symbolized = 0; // frames given a function or a file:line
        std::size_t inlinedAdded = 0;
        std::size_t notFound = 0; // addresses in no function of the file
        std::size_t mismatched = 0; // the frame's own function (or fn+off/size) is not the file's
        std::size_t needSlide = 0; // address-only frames left alone: no slide known
        std::size_t assumedUnslid = 0; // address-only frames of a fixed-address file with no slide known
    };
    std::vector<File> files; // parallel to the debug files passed in
};

/// "/lib/x86_64-linux-gnu/libc.so.6" -> "libc", "vhost_net.ko.debug" -> "vhost_net",
/// "[vhost-net]" -> "vhost_net": the name frames and debug files are matched by.
std::string moduleKey(std::string_view nameOrPath);

/// Symbolizes dump in place; what could not be done is reported into diagnostics (codes::DebugInfo).
SymbolizeSummary symbolize(Dump& dump, const std::vector<const DebugInfo*>& debugFiles, const SymbolizeOptions& options,
    std::vector<Diagnostic>& diagnostics);

} // namespace hvdump::parsers
