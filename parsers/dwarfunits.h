// SPDX-License-Identifier: GPL-2.0-or-later
// The DWARF side of DebugInfo (internal to hvdump_parsers: it includes libdwarf.h). scan() reads
// every compilation unit's address ranges into one sorted table; a unit's function scopes
// (subprograms and the inlined subroutines inside them) and its line table are read the first time
// an address falls in it, then kept sorted. Every libdwarf call takes a Dwarf_Error out-parameter,
// so a corrupt section becomes a returned problem, never libdwarf's abort().
#pragma once

#include "stringtable.h"

#include <cstdint>
#include <libdwarf.h>
#include <string>
#include <unordered_map>
#include <vector>

namespace hvdump::parsers {

/// True for an interned, non-empty string (id 0 is the empty string).
inline bool hasText(StringId id)
{
    return id.valid() && id.value != 0;
}

/// A Dwarf_Error that is freed when reused or destroyed: pass out() to every libdwarf call.
class DwarfError
{
public:
    explicit DwarfError(Dwarf_Debug dbg)
        : m_dbg(dbg)
    {
    }
    ~DwarfError()
    {
        reset();
    }
    DwarfError(const DwarfError&) = delete;
    DwarfError& operator=(const DwarfError&) = delete;
    Dwarf_Error* out()
    {
        reset();
        return &m_err;
    }
    std::string message() const;

private:
    void reset()
    {
        if (m_err)
            dwarf_dealloc_error(m_dbg, m_err);
        m_err = nullptr;
    }
    Dwarf_Debug m_dbg;
    Dwarf_Error m_err = nullptr;
};

struct ResolvedScope
{
    StringId function; // the out-of-line function
    StringId linkage; // its raw linkage name, when DWARF has one
    std::uint64_t functionLow = 0; // the range of the function that holds the address
    std::uint64_t functionHigh = 0;
    struct Inlined
    {
        StringId function;
        StringId callFile;
        std::uint32_t callLine = 0;
    };
    std::vector<Inlined> inlined; // innermost first
    StringId file; // line table
    std::uint32_t line = 0;
    bool inUnit = false; // a unit covers the address
};

class DwarfUnits
{
public:
    static constexpr std::uint32_t none = UINT32_MAX;

    DwarfUnits(Dwarf_Debug dbg, StringTable& names);
    ~DwarfUnits();
    DwarfUnits(const DwarfUnits&) = delete;
    DwarfUnits& operator=(const DwarfUnits&) = delete;

    /// Reads the unit headers and their ranges. False with a reason when .debug_info is unreadable;
    /// units read before the error stay usable.
    bool scan(std::string& error);
    std::size_t unitCount() const
    {
        return m_units.size();
    }
    /// Fills scope for address. symbolHint (the ELF symbol covering it) picks between overlapping
    /// candidates, as in a kernel module where every section starts at 0. A unit that fails to load
    /// is reported once through problem.
    void resolve(std::uint64_t address, std::string_view symbolHint, ResolvedScope& scope, std::string& problem);

private:
    struct Range
    {
        std::uint64_t low = 0;
        std::uint64_t high = 0; // exclusive
        std::uint32_t index = 0;
    };
    struct Scope
    {
        StringId name;
        StringId linkage;
        StringId callFile;
        std::uint32_t callLine = 0;
        std::uint32_t parent = none; // enclosing scope; none for an out-of-line function
        std::uint32_t depth = 0;
        std::uint32_t inlinedBegin = 0; // an out-of-line function's inlined ranges: [begin, end)
        std::uint32_t inlinedEnd = 0;
    };
    struct LineRow
    {
        std::uint64_t address = 0;
        StringId file;
        std::uint32_t line = 0;
        bool end = false;
    };
    struct Sequence
    {
        std::uint64_t low = 0;
        std::uint64_t high = 0;
        std::uint32_t first = 0; // rows [first, last)
        std::uint32_t last = 0;
    };
    struct Unit
    {
        Dwarf_Off dieOffset = 0;
        std::uint16_t version = 0;
        std::uint16_t lineVersion = 0; // file numbers start at 0 from line table version 5, at 1 before
        bool loaded = false;
        bool failed = false;
        bool gnuProducer = false; // GCC or GNU as: never names file 0 in a DWARF 5 line program
        std::vector<StringId> files; // file table index -> name
        std::vector<Scope> scopes;
        std::vector<Range> functions; // out-of-line function ranges, sorted by low
        std::vector<Range> inlined; // inlined ranges grouped by their function (Range::index = scope)
        std::vector<LineRow> rows;
        std::vector<Sequence> sequences; // sorted by low
    };

    bool loadUnit(Unit& unit, std::string& problem);
    bool readScopes(Unit& unit, Dwarf_Die cu, std::string& problem);
    bool readLines(Unit& unit, Dwarf_Die cu, std::string& problem);
    void readRanges(Dwarf_Die die, std::uint16_t version, std::uint64_t base, std::vector<Range>& out);
    std::pair<StringId, StringId> scopeName(Dwarf_Die die, int depth); // display name, linkage name
    std::uint32_t findFunction(
        const Unit& unit, std::uint64_t address, std::string_view symbolHint, Range& range, bool& matchesHint) const;
    static StringId fileName(const Unit& unit, std::uint64_t number);
    void lineFor(const Unit& unit, std::uint64_t address, ResolvedScope& scope) const;

    Dwarf_Debug m_dbg;
    StringTable& m_names;
    std::vector<Unit> m_units;
    std::vector<Range> m_unitRanges; // sorted by low; index = unit
    std::vector<std::uint32_t> m_unboundedUnits; // units with no address range: searched last
    std::unordered_map<Dwarf_Off, std::pair<StringId, StringId>> m_nameCache; // origin DIE -> names
};

} // namespace hvdump::parsers
