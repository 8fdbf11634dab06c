// SPDX-License-Identifier: GPL-2.0-or-later
#include "dwarfunits.h"

#include "symbolname.h"

#include <algorithm>
#include <dwarf.h>
#include <memory>

namespace hvdump::parsers {
namespace {

    // bounds that keep a hostile file from making us walk or store without end
    constexpr std::size_t maxUnits = 1'000'000;
    constexpr std::size_t maxDieDepth = 200;
    constexpr std::size_t maxScopesPerUnit = 2'000'000;
    constexpr std::size_t maxRangesPerDie = 65'536;
    constexpr int maxOriginChain = 4; // DW_AT_abstract_origin / DW_AT_specification hops

    using Error = DwarfError;

    struct DieDeleter
    {
        void operator()(Dwarf_Die die) const
        {
            dwarf_dealloc_die(die);
        }
    };
    using DiePtr = std::unique_ptr<std::remove_pointer_t<Dwarf_Die>, DieDeleter>;

    struct AttrDeleter
    {
        void operator()(Dwarf_Attribute attr) const
        {
            dwarf_dealloc_attribute(attr);
        }
    };
    using AttrPtr = std::unique_ptr<std::remove_pointer_t<Dwarf_Attribute>, AttrDeleter>;

    AttrPtr attribute(Dwarf_Debug dbg, Dwarf_Die die, Dwarf_Half name)
    {
        Error err(dbg);
        Dwarf_Attribute attr = nullptr;
        if (dwarf_attr(die, name, &attr, err.out()) != DW_DLV_OK)
            return {};
        return AttrPtr(attr);
    }

    std::string_view stringAttr(Dwarf_Debug dbg, Dwarf_Die die, Dwarf_Half name)
    {
        AttrPtr attr = attribute(dbg, die, name);
        Error err(dbg);
        char* text = nullptr;
        if (!attr || dwarf_formstring(attr.get(), &text, err.out()) != DW_DLV_OK || !text)
            return {};
        return text; // lives in the string section: nothing to free
    }

    bool unsignedAttr(Dwarf_Debug dbg, Dwarf_Die die, Dwarf_Half name, Dwarf_Unsigned& value)
    {
        AttrPtr attr = attribute(dbg, die, name);
        Error err(dbg);
        return attr && dwarf_formudata(attr.get(), &value, err.out()) == DW_DLV_OK;
    }

    bool referenceAttr(Dwarf_Debug dbg, Dwarf_Die die, Dwarf_Half name, Dwarf_Off& offset)
    {
        AttrPtr attr = attribute(dbg, die, name);
        Error err(dbg);
        return attr && dwarf_global_formref(attr.get(), &offset, err.out()) == DW_DLV_OK;
    }

    DiePtr child(Dwarf_Debug dbg, Dwarf_Die die)
    {
        Error err(dbg);
        Dwarf_Die out = nullptr;
        return DiePtr(dwarf_child(die, &out, err.out()) == DW_DLV_OK ? out : nullptr);
    }

    DiePtr sibling(Dwarf_Debug dbg, Dwarf_Die die)
    {
        Error err(dbg);
        Dwarf_Die out = nullptr;
        return DiePtr(dwarf_siblingof_b(dbg, die, true, &out, err.out()) == DW_DLV_OK ? out : nullptr);
    }

    // tags whose children can hold code: the rest (types, variables) are skipped unread
    bool mayHoldCode(Dwarf_Half tag)
    {
        switch (tag) {
        case DW_TAG_compile_unit:
        case DW_TAG_partial_unit:
        case DW_TAG_namespace:
        case DW_TAG_module:
        case DW_TAG_lexical_block:
        case DW_TAG_subprogram:
        case DW_TAG_inlined_subroutine:
        case DW_TAG_entry_point:
            return true;
        default:
            return false;
        }
    }

} // namespace

std::string DwarfError::message() const
{
    const char* text = m_err ? dwarf_errmsg(m_err) : nullptr;
    return text ? text : "unknown libdwarf error";
}

DwarfUnits::DwarfUnits(Dwarf_Debug dbg, StringTable& names)
    : m_dbg(dbg)
    , m_names(names)
{
}

DwarfUnits::~DwarfUnits() = default;

bool DwarfUnits::scan(std::string& error)
{
    Error err(m_dbg);
    for (std::size_t n = 0; n < maxUnits; ++n) {
        Dwarf_Unsigned length = 0, typeOffset = 0, nextOffset = 0;
        Dwarf_Half version = 0, addressSize = 0, lengthSize = 0, extensionSize = 0, unitType = 0;
        Dwarf_Off abbrevOffset = 0;
        Dwarf_Sig8 signature;
        int res = dwarf_next_cu_header_d(m_dbg, true, &length, &version, &abbrevOffset, &addressSize, &lengthSize,
            &extensionSize, &signature, &typeOffset, &nextOffset, &unitType, err.out());
        if (res == DW_DLV_NO_ENTRY)
            break;
        if (res != DW_DLV_OK) {
            error = err.message(); // libdwarf cannot step over a broken unit header
            return false;
        }
        Dwarf_Die rawCu = nullptr;
        if (dwarf_siblingof_b(m_dbg, nullptr, true, &rawCu, err.out()) != DW_DLV_OK)
            continue;
        DiePtr cu(rawCu);
        Dwarf_Half tag = 0;
        Unit unit;
        if (dwarf_tag(cu.get(), &tag, err.out()) != DW_DLV_OK
            || dwarf_dieoffset(cu.get(), &unit.dieOffset, err.out()) != DW_DLV_OK)
            continue;
        if (tag != DW_TAG_compile_unit && tag != DW_TAG_partial_unit && tag != DW_TAG_skeleton_unit)
            continue; // type units hold no code
        unit.version = version;
        Dwarf_Addr base = 0;
        if (dwarf_lowpc(cu.get(), &base, err.out()) != DW_DLV_OK)
            base = 0;
        std::vector<Range> ranges;
        readRanges(cu.get(), version, base, ranges);
        auto index = static_cast<std::uint32_t>(m_units.size());
        if (ranges.empty() && tag == DW_TAG_compile_unit)
            m_unboundedUnits.push_back(index);
        for (Range& r : ranges) {
            r.index = index;
            m_unitRanges.push_back(r);
        }
        m_units.push_back(std::move(unit));
    }
    std::sort(m_unitRanges.begin(), m_unitRanges.end(), [](const Range& a, const Range& b) { return a.low < b.low; });
    return true;
}

void DwarfUnits::readRanges(Dwarf_Die die, std::uint16_t version, std::uint64_t base, std::vector<Range>& out)
{
    Error err(m_dbg);
    Dwarf_Addr low = 0, high = 0;
    Dwarf_Half form = 0;
    Dwarf_Form_Class formClass = DW_FORM_CLASS_UNKNOWN;
    // DW_AT_ranges first: a unit with ranges also carries DW_AT_low_pc 0, as their base
    AttrPtr attr = attribute(m_dbg, die, DW_AT_ranges);
    if (!attr) {
        if (dwarf_lowpc(die, &low, err.out()) != DW_DLV_OK
            || dwarf_highpc_b(die, &high, &form, &formClass, err.out()) != DW_DLV_OK)
            return;
        if (formClass == DW_FORM_CLASS_CONSTANT)
            high = low + high; // DWARF 4+: high_pc is a length
        if (high > low)
            out.push_back({ low, high, 0 });
        return;
    }
    if (dwarf_whatform(attr.get(), &form, err.out()) != DW_DLV_OK)
        return;
    Dwarf_Unsigned value = 0;
    int res = form == DW_FORM_rnglistx || form == DW_FORM_data4 || form == DW_FORM_data8
        ? dwarf_formudata(attr.get(), &value, err.out())
        : dwarf_global_formref(attr.get(), &value, err.out());
    if (res != DW_DLV_OK)
        return;
    if (version >= 5) {
        Dwarf_Rnglists_Head head = nullptr;
        Dwarf_Unsigned count = 0, globalOffset = 0;
        if (dwarf_rnglists_get_rle_head(attr.get(), form, value, &head, &count, &globalOffset, err.out()) != DW_DLV_OK)
            return;
        for (Dwarf_Unsigned i = 0; i < count && out.size() < maxRangesPerDie; ++i) {
            unsigned entryLength = 0, code = 0;
            Dwarf_Unsigned raw1 = 0, raw2 = 0, cooked1 = 0, cooked2 = 0;
            Dwarf_Bool unavailable = false;
            if (dwarf_get_rnglists_entry_fields_a(
                    head, i, &entryLength, &code, &raw1, &raw2, &unavailable, &cooked1, &cooked2, err.out())
                != DW_DLV_OK)
                break;
            bool isRange = code == DW_RLE_startx_endx || code == DW_RLE_startx_length || code == DW_RLE_offset_pair
                || code == DW_RLE_start_end || code == DW_RLE_start_length;
            if (isRange && !unavailable && cooked2 > cooked1)
                out.push_back({ cooked1, cooked2, 0 });
        }
        dwarf_dealloc_rnglists_head(head);
        return;
    }
    Dwarf_Ranges* ranges = nullptr;
    Dwarf_Signed count = 0;
    Dwarf_Unsigned bytes = 0;
    Dwarf_Off realOffset = 0;
    if (dwarf_get_ranges_b(m_dbg, value, die, &realOffset, &ranges, &count, &bytes, err.out()) != DW_DLV_OK)
        return;
    for (Dwarf_Signed i = 0; i < count && out.size() < maxRangesPerDie; ++i) {
        const Dwarf_Ranges& r = ranges[i];
        if (r.dwr_type == DW_RANGES_END)
            break;
        if (r.dwr_type == DW_RANGES_ADDRESS_SELECTION)
            base = r.dwr_addr2;
        else if (r.dwr_addr2 > r.dwr_addr1)
            out.push_back({ base + r.dwr_addr1, base + r.dwr_addr2, 0 });
    }
    dwarf_ranges_dealloc(m_dbg, ranges, count);
}

std::pair<StringId, StringId> DwarfUnits::scopeName(Dwarf_Die die, int depth)
{
    std::string_view linkage = stringAttr(m_dbg, die, DW_AT_linkage_name);
    if (linkage.empty())
        linkage = stringAttr(m_dbg, die, DW_AT_MIPS_linkage_name);
    if (!linkage.empty())
        return { m_names.intern(readableFunctionName(linkage)), m_names.intern(linkage) };
    std::string_view plain = stringAttr(m_dbg, die, DW_AT_name);
    Dwarf_Off origin = 0;
    if (depth < maxOriginChain
        && (referenceAttr(m_dbg, die, DW_AT_abstract_origin, origin)
            || referenceAttr(m_dbg, die, DW_AT_specification, origin))) {
        auto cached = m_nameCache.find(origin);
        if (cached != m_nameCache.end())
            return hasText(cached->second.first) ? cached->second : std::pair { m_names.intern(plain), StringId() };
        Error err(m_dbg);
        Dwarf_Die raw = nullptr;
        std::pair<StringId, StringId> names;
        if (dwarf_offdie_b(m_dbg, origin, true, &raw, err.out()) == DW_DLV_OK) {
            DiePtr target(raw);
            names = scopeName(target.get(), depth + 1);
        }
        m_nameCache.emplace(origin, names);
        if (hasText(names.first))
            return names;
    }
    return { m_names.intern(plain), StringId() };
}

bool DwarfUnits::loadUnit(Unit& unit, std::string& problem)
{
    unit.loaded = true;
    Error err(m_dbg);
    Dwarf_Die raw = nullptr;
    if (dwarf_offdie_b(m_dbg, unit.dieOffset, true, &raw, err.out()) != DW_DLV_OK) {
        problem = "unit at 0x" + std::to_string(unit.dieOffset) + ": " + err.message();
        unit.failed = true;
        return false;
    }
    DiePtr cu(raw);
    unit.gnuProducer = stringAttr(m_dbg, cu.get(), DW_AT_producer).substr(0, 4) == "GNU ";
    bool ok = readLines(unit, cu.get(), problem);
    ok = readScopes(unit, cu.get(), problem) && ok;
    unit.failed = !ok;
    return ok;
}

bool DwarfUnits::readScopes(Unit& unit, Dwarf_Die cu, std::string& problem)
{
    Dwarf_Addr base = 0;
    Error err(m_dbg);
    if (dwarf_lowpc(cu, &base, err.out()) != DW_DLV_OK)
        base = 0;
    struct Level
    {
        DiePtr die;
        std::uint32_t parent; // enclosing scope of the DIEs at this level
        std::uint32_t function;
        bool inFunction; // inside a subprogram, even an abstract one without code
    };
    std::vector<Level> stack;
    stack.push_back({ child(m_dbg, cu), none, none, false });
    std::vector<Range> ranges;
    Dwarf_Off lastOffset = 0;
    std::vector<Range> inlined; // (range, scope), grouped by function below
    std::vector<std::uint32_t> inlinedFunction;
    while (!stack.empty()) {
        if (!stack.back().die) {
            stack.pop_back();
            continue;
        }
        Dwarf_Die die = stack.back().die.get();
        // a depth-first walk meets DIEs at growing offsets: a hostile sibling link pointing back
        // would otherwise loop for ever
        Dwarf_Off offset = 0;
        if (dwarf_dieoffset(die, &offset, err.out()) != DW_DLV_OK || (lastOffset && offset <= lastOffset)) {
            problem = "DIE tree out of order at offset " + std::to_string(offset);
            return false;
        }
        lastOffset = offset;
        std::uint32_t parent = stack.back().parent;
        std::uint32_t function = stack.back().function;
        bool inFunction = stack.back().inFunction;
        Dwarf_Half tag = 0;
        if (dwarf_tag(die, &tag, err.out()) != DW_DLV_OK) {
            problem = err.message();
            return false;
        }
        // a local class (a C++ lambda's closure) holds its member functions' code, also when it
        // sits in the abstract instance of an inlined function
        bool localClass =
            inFunction && (tag == DW_TAG_class_type || tag == DW_TAG_structure_type || tag == DW_TAG_union_type);
        bool descend = mayHoldCode(tag) || localClass;
        std::uint32_t childParent = parent;
        std::uint32_t childFunction = function;
        bool isCall = tag == DW_TAG_inlined_subroutine;
        if (tag == DW_TAG_subprogram || tag == DW_TAG_entry_point || isCall) {
            ranges.clear();
            readRanges(die, unit.version, base, ranges);
            if (ranges.empty() || unit.scopes.size() >= maxScopesPerUnit || (isCall && function == none)) {
                // a declaration, an abstract instance, or code optimised away: only local classes
                // in an abstract instance can hold code
                Dwarf_Bool declaration = false;
                descend = !isCall && dwarf_hasattr(die, DW_AT_declaration, &declaration, err.out()) == DW_DLV_OK
                    && !declaration;
                childFunction = none;
                childParent = none;
            } else {
                Scope scope;
                std::tie(scope.name, scope.linkage) = scopeName(die, 0);
                if (isCall) {
                    Dwarf_Unsigned file = 0, line = 0;
                    if (unsignedAttr(m_dbg, die, DW_AT_call_file, file))
                        scope.callFile = fileName(unit, file);
                    if (unsignedAttr(m_dbg, die, DW_AT_call_line, line))
                        scope.callLine = static_cast<std::uint32_t>(std::min<Dwarf_Unsigned>(line, UINT32_MAX));
                    scope.parent = parent;
                    scope.depth = unit.scopes[parent].depth + 1;
                }
                auto id = static_cast<std::uint32_t>(unit.scopes.size());
                unit.scopes.push_back(scope);
                for (Range r : ranges) {
                    r.index = id;
                    if (isCall) {
                        inlined.push_back(r);
                        inlinedFunction.push_back(function);
                    } else {
                        unit.functions.push_back(r);
                    }
                }
                childParent = id;
                childFunction = isCall ? function : id;
            }
        }
        DiePtr first = descend && stack.size() < maxDieDepth ? child(m_dbg, die) : DiePtr();
        stack.back().die = sibling(m_dbg, die);
        if (first)
            stack.push_back({ std::move(first), childParent, childFunction,
                inFunction || tag == DW_TAG_subprogram || tag == DW_TAG_inlined_subroutine });
    }
    std::sort(
        unit.functions.begin(), unit.functions.end(), [](const Range& a, const Range& b) { return a.low < b.low; });
    // group the inlined ranges by function so a lookup scans only its own function's
    std::vector<std::uint32_t> order(inlined.size());
    for (std::uint32_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(),
        [&](std::uint32_t a, std::uint32_t b) { return inlinedFunction[a] < inlinedFunction[b]; });
    unit.inlined.reserve(order.size());
    for (std::uint32_t i : order) {
        Scope& owner = unit.scopes[inlinedFunction[i]];
        if (owner.inlinedEnd == 0)
            owner.inlinedBegin = static_cast<std::uint32_t>(unit.inlined.size());
        unit.inlined.push_back(inlined[i]);
        owner.inlinedEnd = static_cast<std::uint32_t>(unit.inlined.size());
    }
    return true;
}

} // namespace hvdump::parsers
