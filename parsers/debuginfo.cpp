// SPDX-License-Identifier: GPL-2.0-or-later
#include "debuginfo.h"

#include "dwarfprecheck.h"
#include "dwarfunits.h"
#include "symbolname.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <mutex>
#include <sys/stat.h>
#include <unistd.h>
#include <unordered_map>

namespace hvdump::parsers {
namespace {

    constexpr std::size_t maxSymbols = 20'000'000;
    constexpr std::uint64_t maxUnsizedSymbolSpan = 1 << 20; // a size-less symbol covers at most this much
    constexpr std::uint32_t ambiguous = UINT32_MAX;

    // reached only if a libdwarf call ever gets no Dwarf_Error to fill: never abort()
    void ignoreDwarfError(Dwarf_Error, Dwarf_Ptr) { }

    struct FileDescriptor
    {
        int fd = -1;
        ~FileDescriptor()
        {
            if (fd >= 0)
                ::close(fd);
        }
    };

    struct ElfHandle
    {
        Elf* elf = nullptr;
        ~ElfHandle()
        {
            if (elf)
                elf_end(elf);
        }
    };

    std::string errnoText()
    {
        return std::strerror(errno);
    }

} // namespace

struct DebugInfo::Impl
{
    struct Symbol
    {
        std::uint64_t value = 0;
        std::uint64_t size = 0;
        StringId name;
        bool function = false; // STT_FUNC rather than a label
        bool global = false;
    };

    std::string path;
    std::string moduleName;
    FileDescriptor dwarfFile; // libdwarf reads sections from it on demand
    Dwarf_Debug dbg = nullptr;
    StringTable names;
    std::unique_ptr<DwarfUnits> units;
    std::vector<Symbol> symbols; // sorted by value, the best name of an address first
    std::unordered_map<std::string_view, std::uint32_t> byName;
    bool relocatable = false;
    bool program = false;
    bool fixed = false;
    bool hasMain = false;
    std::string dwarfRefused; // why libdwarf must not read this file
    mutable std::mutex mutex; // libdwarf and the lazily read units are not thread-safe

    ~Impl()
    {
        units.reset();
        if (dbg) {
            Dwarf_Error err = nullptr;
            dwarf_finish(dbg, &err);
        }
    }

    bool readElf(int fd, std::string& error);
    void readSymbols(Elf* elf, Elf_Scn* table, const std::vector<bool>& wanted);
    const Symbol* symbolAt(std::uint64_t address) const;
    ElfSymbol toElf(const Symbol& s) const
    {
        return { names.str(s.name), s.value, s.size };
    }
};

bool DebugInfo::Impl::readElf(int fd, std::string& error)
{
    static const bool elfReady = elf_version(EV_CURRENT) != EV_NONE;
    if (!elfReady) {
        error = "libelf is unusable";
        return false;
    }
    ElfHandle handle { elf_begin(fd, ELF_C_READ, nullptr) };
    if (!handle.elf || elf_kind(handle.elf) != ELF_K_ELF) {
        error = "not an ELF file";
        return false;
    }
    Elf* elf = handle.elf;
    GElf_Ehdr header;
    if (!gelf_getehdr(elf, &header)) {
        error = std::string("unreadable ELF header: ") + elf_errmsg(-1);
        return false;
    }
    relocatable = header.e_type == ET_REL;
    program = header.e_type == ET_EXEC;
    fixed = header.e_type == ET_EXEC;
    if (!checkDwarfListSections(elf, dwarfRefused) && dwarfRefused.empty())
        dwarfRefused = "unreadable list section";
    // which sections' symbols are code: executable sections; in a relocatable file only .text,
    // because every section starts at 0 there and the loader places them apart
    std::size_t sectionCount = 0, namesIndex = 0;
    if (elf_getshdrnum(elf, &sectionCount) != 0 || elf_getshdrstrndx(elf, &namesIndex) != 0)
        return true; // no section table (a truncated file): no symbols, maybe still DWARF
    std::vector<bool> wanted(sectionCount, false);
    Elf_Scn* symtab = nullptr;
    Elf_Scn* dynsym = nullptr;
    for (Elf_Scn* scn = elf_nextscn(elf, nullptr); scn; scn = elf_nextscn(elf, scn)) {
        GElf_Shdr sh;
        if (!gelf_getshdr(scn, &sh))
            continue;
        std::size_t index = elf_ndxscn(scn);
        const char* name = elf_strptr(elf, namesIndex, sh.sh_name);
        if (index < wanted.size())
            wanted[index] =
                (sh.sh_flags & SHF_EXECINSTR) && (!relocatable || (name && std::strcmp(name, ".text") == 0));
        if (sh.sh_type == SHT_SYMTAB)
            symtab = scn;
        else if (sh.sh_type == SHT_DYNSYM)
            dynsym = scn;
    }
    if (symtab || dynsym)
        readSymbols(elf, symtab ? symtab : dynsym, wanted);
    // a PIE (or static PIE) is ET_DYN like a library; libc.so.6 even has an interpreter: a program has main
    program = program || (header.e_type == ET_DYN && hasMain);
    return true;
}

void DebugInfo::Impl::readSymbols(Elf* elf, Elf_Scn* table, const std::vector<bool>& wanted)
{
    GElf_Shdr sh;
    Elf_Data* data = elf_getdata(table, nullptr);
    std::size_t entrySize = gelf_fsize(elf, ELF_T_SYM, 1, EV_CURRENT);
    if (!gelf_getshdr(table, &sh) || !data || entrySize == 0)
        return;
    std::size_t count = std::min(data->d_size / entrySize, maxSymbols);
    for (std::size_t i = 0; i < count; ++i) {
        GElf_Sym sym;
        if (!gelf_getsym(data, static_cast<int>(i), &sym))
            continue;
        int type = GELF_ST_TYPE(sym.st_info);
        bool function = type == STT_FUNC || type == STT_GNU_IFUNC;
        if ((!function && type != STT_NOTYPE) || sym.st_shndx == SHN_UNDEF || sym.st_shndx >= wanted.size()
            || !wanted[sym.st_shndx])
            continue;
        const char* name = elf_strptr(elf, sh.sh_link, sym.st_name);
        // "$x"/"$d" are ARM mapping symbols and ".L" local labels, not functions
        if (!name || !*name || name[0] == '$' || (name[0] == '.' && name[1] == 'L'))
            continue;
        symbols.push_back(
            { sym.st_value, sym.st_size, names.intern(name), function, GELF_ST_BIND(sym.st_info) != STB_LOCAL });
    }
    auto versioned = [this](const Symbol& s) { return names.str(s.name).find('@') != std::string_view::npos; };
    std::sort(symbols.begin(), symbols.end(), [&versioned](const Symbol& a, const Symbol& b) {
        if (a.value != b.value)
            return a.value < b.value;
        if (a.function != b.function)
            return a.function;
        if (versioned(a) != versioned(b))
            return !versioned(b); // "clnt_perrno@GLIBC_2.2.5" is the same function's versioned alias
        if (a.global != b.global)
            return a.global;
        return a.size > b.size;
    });
    for (std::uint32_t i = 0; i < symbols.size(); ++i) {
        auto [it, inserted] = byName.emplace(names.str(symbols[i].name), i);
        // the same static name in two files: the name alone does not tell which one a frame means
        if (!inserted && it->second != ambiguous && symbols[it->second].value != symbols[i].value)
            it->second = ambiguous;
    }
    // a frame prints "__libc_start_main", the symbol table may hold only "__libc_start_main@GLIBC_2.2.5"
    for (std::uint32_t i = 0; i < symbols.size(); ++i) {
        std::string_view name = names.str(symbols[i].name);
        std::size_t at = name.find('@');
        if (at != std::string_view::npos && at > 0)
            byName.emplace(name.substr(0, at), i);
    }
    hasMain = byName.count("main") != 0;
}

const DebugInfo::Impl::Symbol* DebugInfo::Impl::symbolAt(std::uint64_t address) const
{
    auto it = std::upper_bound(
        symbols.begin(), symbols.end(), address, [](std::uint64_t a, const Symbol& s) { return a < s.value; });
    if (it == symbols.begin())
        return nullptr;
    std::uint64_t value = (--it)->value;
    while (it != symbols.begin() && std::prev(it)->value == value)
        --it; // the group's best name comes first
    std::uint64_t span = it->size ? it->size : maxUnsizedSymbolSpan;
    return address - value < span ? &*it : nullptr;
}

DebugInfo::DebugInfo(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl))
{
}

DebugInfo::~DebugInfo() = default;

std::unique_ptr<DebugInfo> DebugInfo::open(const std::string& path, std::vector<Diagnostic>& diagnostics)
{
    auto report = [&](Severity severity, std::string message) {
        diagnostics.push_back({ severity, codes::DebugInfo, path, 0, 0, std::move(message) });
    };
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) {
        report(Severity::Error, "cannot open debug file: " + errnoText());
        return nullptr;
    }
    if (S_ISDIR(st.st_mode)) {
        report(Severity::Error, "is a directory, not an ELF file");
        return nullptr;
    }
    if (!S_ISREG(st.st_mode)) {
        report(Severity::Error, "not a regular file");
        return nullptr;
    }
    FileDescriptor elfFile { ::open(path.c_str(), O_RDONLY | O_CLOEXEC) };
    if (elfFile.fd < 0) {
        report(Severity::Error, "cannot open debug file: " + errnoText());
        return nullptr;
    }
    char magic[4] = {};
    if (st.st_size < 4 || ::pread(elfFile.fd, magic, sizeof magic, 0) != 4
        || std::memcmp(magic,
               "\x7f"
               "ELF",
               4)
            != 0) {
        report(Severity::Error, st.st_size == 0 ? "empty file, not an ELF file" : "not an ELF file");
        return nullptr;
    }

    auto impl = std::make_unique<Impl>();
    impl->path = path;
    impl->moduleName = path.substr(path.find_last_of('/') + 1);
    std::string error;
    if (!impl->readElf(elfFile.fd, error)) {
        report(Severity::Error, error);
        return nullptr;
    }
    std::string dwarfProblem;
    Dwarf_Error err = nullptr;
    int res = DW_DLV_NO_ENTRY;
    if (impl->dwarfRefused.empty()) {
        impl->dwarfFile.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (impl->dwarfFile.fd >= 0)
            res = dwarf_init_b(
                impl->dwarfFile.fd, DW_DLC_READ, DW_GROUPNUMBER_ANY, ignoreDwarfError, nullptr, &impl->dbg, &err);
    }
    if (!impl->dwarfRefused.empty()) {
        dwarfProblem = "corrupt DWARF (" + impl->dwarfRefused + ")";
    } else if (res == DW_DLV_ERROR) {
        const char* text = err ? dwarf_errmsg(err) : nullptr;
        dwarfProblem = std::string("unreadable DWARF (") + (text ? text : "unknown libdwarf error") + ")";
        if (err)
            dwarf_dealloc_error(impl->dbg, err);
        impl->dbg = nullptr;
    } else if (res != DW_DLV_OK) {
        impl->dbg = nullptr;
        dwarfProblem = "no DWARF debug information";
    } else {
        impl->units = std::make_unique<DwarfUnits>(impl->dbg, impl->names);
        if (!impl->units->scan(error))
            report(Severity::Warning,
                "corrupt DWARF, " + std::to_string(impl->units->unitCount())
                    + " compilation units read before the error: " + error);
        if (impl->units->unitCount() == 0) {
            impl->units.reset();
            dwarfProblem = "no compilation units in DWARF";
        }
    }
    if (!dwarfProblem.empty()) {
        if (impl->symbols.empty()) {
            report(Severity::Error, dwarfProblem + " and no symbol table: nothing to symbolize with");
            return nullptr;
        }
        report(Severity::Warning, dwarfProblem + ": only function names from the symbol table, no file:line");
    }
    return std::unique_ptr<DebugInfo>(new DebugInfo(std::move(impl)));
}

const std::string& DebugInfo::path() const
{
    return m_impl->path;
}

const std::string& DebugInfo::moduleName() const
{
    return m_impl->moduleName;
}

void DebugInfo::setModuleName(std::string name)
{
    m_impl->moduleName = std::move(name);
}

bool DebugInfo::hasDwarf() const
{
    return m_impl->units != nullptr;
}

bool DebugInfo::isRelocatable() const
{
    return m_impl->relocatable;
}

bool DebugInfo::isProgram() const
{
    return m_impl->program;
}

bool DebugInfo::hasFixedAddresses() const
{
    return m_impl->fixed;
}

std::size_t DebugInfo::symbolCount() const
{
    return m_impl->symbols.size();
}

std::size_t DebugInfo::unitCount() const
{
    return m_impl->units ? m_impl->units->unitCount() : 0;
}

std::optional<ElfSymbol> DebugInfo::findSymbol(std::string_view name) const
{
    std::lock_guard lock(m_impl->mutex);
    auto it = m_impl->byName.find(name);
    if (it == m_impl->byName.end() || it->second == ambiguous)
        return std::nullopt;
    return m_impl->toElf(m_impl->symbols[it->second]);
}

std::optional<ElfSymbol> DebugInfo::symbolAt(std::uint64_t address) const
{
    std::lock_guard lock(m_impl->mutex);
    const Impl::Symbol* s = m_impl->symbolAt(address);
    return s ? std::optional(m_impl->toElf(*s)) : std::nullopt;
}

SourceLookup DebugInfo::lookup(std::uint64_t address, std::vector<Diagnostic>* problems) const
{
    std::lock_guard lock(m_impl->mutex); // names grow while units load
    SourceLookup out;
    const Impl::Symbol* symbol = m_impl->symbolAt(address);
    if (symbol) {
        out.symbol = m_impl->names.str(symbol->name);
        out.symbolValue = symbol->value;
    }
    if (m_impl->units) {
        ResolvedScope scope;
        std::string problem;
        m_impl->units->resolve(address, out.symbol, scope, problem);
        if (!problem.empty() && problems)
            problems->push_back(
                { Severity::Warning, codes::DebugInfo, m_impl->path, 0, 0, "corrupt DWARF: " + problem });
        StringTable& names = m_impl->names;
        out.function = names.str(scope.function);
        // DWARF names a static C++ function without its namespaces; its symbol has them
        if (!hasText(scope.linkage) && !out.function.empty() && out.symbol.substr(0, 2) == "_Z") {
            std::string qualified = readableFunctionName(out.symbol);
            std::string_view q = qualified;
            if (q.size() > out.function.size() + 2 && q.ends_with(out.function)
                && q.substr(q.size() - out.function.size() - 2, 2) == "::")
                out.function = names.str(names.intern(qualified));
        }
        out.file = names.str(scope.file);
        out.line = scope.line;
        for (const ResolvedScope::Inlined& call : scope.inlined)
            out.inlined.push_back({ names.str(call.function), names.str(call.callFile), call.callLine });
    }
    if (out.function.empty())
        out.function = out.symbol;
    out.found = !out.function.empty();
    return out;
}

} // namespace hvdump::parsers
