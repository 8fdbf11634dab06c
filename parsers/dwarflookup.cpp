// SPDX-License-Identifier: GPL-2.0-or-later
// DwarfUnits, second half: a unit's line table, and the lookups over the sorted tables.
#include "dwarfunits.h"
#include "symbolname.h"

#include <algorithm>
#include <dwarf.h>

namespace hvdump::parsers {
namespace {

    constexpr std::size_t maxRowsPerUnit = 20'000'000;
    constexpr std::size_t maxUnboundedUnits = 256;
    constexpr std::size_t maxOverlapScan = 64; // candidates examined backwards from a binary search hit

    template <typename T>
    bool lowerStart(std::uint64_t address, const T& item)
    {
        return address < item.low;
    }

} // namespace

StringId DwarfUnits::fileName(const Unit& unit, std::uint64_t number)
{
    // DWARF 5 numbers the file table from 0, earlier versions from 1
    std::uint64_t index = unit.lineVersion >= 5 ? number : number - 1;
    return index < unit.files.size() ? unit.files[index] : StringId();
}

bool DwarfUnits::readLines(Unit& unit, Dwarf_Die cu, std::string& problem)
{
    DwarfError err(m_dbg);

    Dwarf_Unsigned version = 0;
    Dwarf_Small tableCount = 0;
    Dwarf_Line_Context context = nullptr;
    int res = dwarf_srclines_b(cu, &version, &tableCount, &context, err.out());
    if (res == DW_DLV_NO_ENTRY)
        return true; // a unit without a line table
    if (res != DW_DLV_OK) {
        problem = "line table: " + err.message();
        return false;
    }
    unit.lineVersion = static_cast<std::uint16_t>(std::min<Dwarf_Unsigned>(version, UINT16_MAX));
    char** files = nullptr;
    Dwarf_Signed fileCount = 0;
    if (dwarf_srcfiles(cu, &files, &fileCount, err.out()) == DW_DLV_OK) {
        for (Dwarf_Signed i = 0; i < fileCount; ++i) {
            unit.files.push_back(m_names.intern(files[i] ? std::string_view(files[i]) : std::string_view()));
            dwarf_dealloc(m_dbg, files[i], DW_DLA_STRING);
        }
        dwarf_dealloc(m_dbg, files, DW_DLA_LIST);
    }
    Dwarf_Line* lines = nullptr;
    Dwarf_Signed count = 0;
    bool ok = true;
    if (dwarf_srclines_from_linecontext(context, &lines, &count, err.out()) == DW_DLV_OK) {
        std::vector<LineRow> sequence;
        auto flush = [&unit, &sequence] {
            // a sequence is rows in address order closed by an end row; a hostile one may be unordered
            if (sequence.size() >= 2) {
                std::stable_sort(sequence.begin(), sequence.end(),
                    [](const LineRow& a, const LineRow& b) { return a.address < b.address; });
                Sequence s { sequence.front().address, sequence.back().address,
                    static_cast<std::uint32_t>(unit.rows.size()), 0 };
                if (s.high > s.low && unit.rows.size() + sequence.size() <= maxRowsPerUnit) {
                    sequence.back().end = true;
                    unit.rows.insert(unit.rows.end(), sequence.begin(), sequence.end());
                    s.last = static_cast<std::uint32_t>(unit.rows.size());
                    unit.sequences.push_back(s);
                }
            }
            sequence.clear();
        };
        for (Dwarf_Signed i = 0; i < count; ++i) {
            Dwarf_Addr address = 0;
            Dwarf_Unsigned line = 0, file = 0;
            Dwarf_Bool end = false;
            if (dwarf_lineaddr(lines[i], &address, err.out()) != DW_DLV_OK
                || dwarf_lineno(lines[i], &line, err.out()) != DW_DLV_OK
                || dwarf_line_srcfileno(lines[i], &file, err.out()) != DW_DLV_OK
                || dwarf_lineendsequence(lines[i], &end, err.out()) != DW_DLV_OK) {
                problem = "line table row: " + err.message();
                ok = false;
                break;
            }
            LineRow row;
            row.address = address;
            row.end = end;
            if (!end) {
                // libdwarf 20210528 starts a DWARF 5 line program's file register at 0, not 1: rows
                // before the first DW_LNS_set_file land in entry 0. GCC never uses entry 0 itself
                // (it repeats the unit's file as entry 1 or 2), so for it 0 is that unset register
                if (file == 0 && unit.lineVersion >= 5 && unit.gnuProducer)
                    file = 1;
                row.file = fileName(unit, file);
                row.line = static_cast<std::uint32_t>(std::min<Dwarf_Unsigned>(line, UINT32_MAX));
            }
            sequence.push_back(row);
            if (end)
                flush();
        }
        flush(); // an unterminated last sequence ends at its last row
    } else {
        problem = "line table rows: " + err.message();
        ok = false;
    }
    dwarf_srclines_dealloc_b(context);
    std::sort(unit.sequences.begin(), unit.sequences.end(),
        [](const Sequence& a, const Sequence& b) { return a.low < b.low; });
    return ok;
}

void DwarfUnits::lineFor(const Unit& unit, std::uint64_t address, ResolvedScope& scope) const
{
    // sequences overlap only in relocatable files (every section starts at 0) or for code the
    // linker dropped: prefer one that holds the whole function
    auto it = std::upper_bound(unit.sequences.begin(), unit.sequences.end(), address, lowerStart<Sequence>);
    const Sequence* best = nullptr;
    for (std::size_t n = 0; it != unit.sequences.begin() && n < maxOverlapScan; ++n) {
        const Sequence& s = *--it;
        if (address >= s.high)
            continue;
        if (!best)
            best = &s;
        if (s.low <= scope.functionLow && scope.functionHigh <= s.high) {
            best = &s;
            break;
        }
    }
    if (!best)
        return;
    auto first = unit.rows.begin() + best->first;
    auto last = unit.rows.begin() + best->last;
    auto row = std::upper_bound(first, last, address, [](std::uint64_t a, const LineRow& r) { return a < r.address; });
    if (row == first)
        return;
    --row;
    if (row->end)
        return;
    scope.file = row->file;
    scope.line = row->line;
}

std::uint32_t DwarfUnits::findFunction(
    const Unit& unit, std::uint64_t address, std::string_view symbolHint, Range& range, bool& matchesHint) const
{
    std::string_view hintBase = withoutCloneSuffix(symbolHint);
    auto it = std::upper_bound(unit.functions.begin(), unit.functions.end(), address, lowerStart<Range>);
    std::uint32_t found = none;
    for (std::size_t n = 0; it != unit.functions.begin() && n < maxOverlapScan; ++n) {
        const Range& r = *--it;
        if (address >= r.high)
            continue;
        const Scope& s = unit.scopes[r.index];
        bool matches = symbolHint.empty() || m_names.str(s.linkage) == symbolHint || m_names.str(s.name) == symbolHint
            || m_names.str(s.name) == hintBase;
        if (found == none || matches) {
            found = r.index;
            range = r;
            matchesHint = matches;
        }
        if (matches)
            break;
    }
    return found;
}

void DwarfUnits::resolve(std::uint64_t address, std::string_view symbolHint, ResolvedScope& scope, std::string& problem)
{
    std::vector<std::uint32_t> candidates;
    auto it = std::upper_bound(m_unitRanges.begin(), m_unitRanges.end(), address, lowerStart<Range>);
    for (std::size_t n = 0; it != m_unitRanges.begin() && n < maxOverlapScan; ++n) {
        const Range& r = *--it;
        if (address < r.high && std::find(candidates.begin(), candidates.end(), r.index) == candidates.end())
            candidates.push_back(r.index);
    }
    // units without ranges must be read to be searched: only the first few of them
    candidates.insert(candidates.end(), m_unboundedUnits.begin(),
        m_unboundedUnits.begin() + std::min(m_unboundedUnits.size(), maxUnboundedUnits));

    const Unit* chosen = nullptr;
    std::uint32_t function = none;
    Range range;
    for (std::uint32_t index : candidates) {
        Unit& unit = m_units[index];
        if (!unit.loaded) {
            std::string unitProblem;
            if (!loadUnit(unit, unitProblem) && problem.empty())
                problem = unitProblem;
        }
        Range unitRange;
        bool matches = false;
        std::uint32_t f = findFunction(unit, address, symbolHint, unitRange, matches);
        if (f != none && (function == none || matches)) {
            chosen = &unit;
            function = f;
            range = unitRange;
        } else if (!chosen && !unit.sequences.empty()) {
            chosen = &unit; // no function DIE (assembler), but maybe a line
        }
        if (matches)
            break;
    }
    if (!chosen)
        return;
    scope.inUnit = true;
    if (function != none) {
        const Scope& outer = chosen->scopes[function];
        scope.function = outer.name;
        scope.linkage = outer.linkage;
        scope.functionLow = range.low;
        scope.functionHigh = range.high;
        // the innermost inlined scope holding the address, then its callers out to the function
        std::uint32_t deepest = none;
        for (std::uint32_t i = outer.inlinedBegin; i < outer.inlinedEnd; ++i) {
            const Range& r = chosen->inlined[i];
            if (r.low <= address && address < r.high
                && (deepest == none || chosen->scopes[r.index].depth > chosen->scopes[deepest].depth))
                deepest = r.index;
        }
        for (std::uint32_t s = deepest, hops = 0; s != none && s != function && hops < 1024; ++hops) {
            const Scope& call = chosen->scopes[s];
            scope.inlined.push_back({ call.name, call.callFile, call.callLine });
            s = call.parent;
        }
    }
    lineFor(*chosen, address, scope);
}

} // namespace hvdump::parsers
