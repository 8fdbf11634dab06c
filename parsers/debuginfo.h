// SPDX-License-Identifier: GPL-2.0-or-later
// One ELF file with DWARF (a --debug-file): its symbol table (libelf) and, through libdwarf, the
// function, inlined calls and source line of an address. The unit address table is built when the
// file is opened; a unit's functions and line table are read on its first lookup and kept, sorted,
// so every lookup is a binary search. Problems are returned as codes::DebugInfo diagnostics: a
// missing, foreign or corrupt file never aborts and never prints. Addresses are the file's own
// (unslid); lookup() is safe to call from several threads.
#pragma once

#include "diagnostic.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hvdump::parsers {

struct ElfSymbol
{
    std::string_view name;
    std::uint64_t value = 0;
    std::uint64_t size = 0;
};

/// One inlined function on the way to an address, with the place its caller called it from.
struct InlinedCall
{
    std::string_view function;
    std::string_view callFile;
    std::uint32_t callLine = 0;
};

struct SourceLookup
{
    bool found = false; // the address lies in a known function (DWARF or symbol table)
    std::string_view function; // the out-of-line function holding the address
    std::string_view symbol; // the ELF symbol covering the address, if any
    std::uint64_t symbolValue = 0;
    std::string_view file; // the line table's file:line for the address
    std::uint32_t line = 0;
    std::vector<InlinedCall> inlined; // innermost first; inlined[0] is the code at the address
};

class DebugInfo
{
public:
    /// Opens path; nullptr (with an Error diagnostic) when nothing in it is usable.
    static std::unique_ptr<DebugInfo> open(const std::string& path, std::vector<Diagnostic>& diagnostics);
    ~DebugInfo();
    DebugInfo(const DebugInfo&) = delete;
    DebugInfo& operator=(const DebugInfo&) = delete;

    const std::string& path() const;
    /// The module whose frames this file symbolizes ("vhost_net", "libc.so.6"): the file's name
    /// unless set, e.g. for a debug file named by build-id.
    const std::string& moduleName() const;
    void setModuleName(std::string name);
    bool hasDwarf() const;
    /// ET_REL, e.g. a kernel module (.ko): addresses are section offsets.
    bool isRelocatable() const;
    /// ET_EXEC, or ET_DYN with a main (a PIE): the program, not a library.
    bool isProgram() const;
    /// ET_EXEC: linked at its run-time addresses (a non-PIE program, vmlinux before KASLR).
    bool hasFixedAddresses() const;
    std::size_t symbolCount() const;
    std::size_t unitCount() const;

    /// The function symbol called name; nullopt when missing or defined more than once at different values.
    std::optional<ElfSymbol> findSymbol(std::string_view name) const;
    /// The function symbol covering address.
    std::optional<ElfSymbol> symbolAt(std::uint64_t address) const;
    /// Function, inlined calls and source line of address. A unit whose DWARF turns out to be
    /// corrupt on first use is reported once into problems (when given) and then skipped.
    SourceLookup lookup(std::uint64_t address, std::vector<Diagnostic>* problems = nullptr) const;

    struct Impl;

private:
    explicit DebugInfo(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace hvdump::parsers
