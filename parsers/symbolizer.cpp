// SPDX-License-Identifier: GPL-2.0-or-later
#include "symbolizer.h"

#include "symbolname.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <unordered_map>

namespace hvdump::parsers {
namespace {

    constexpr std::size_t none = SIZE_MAX;
    constexpr std::size_t maxFramesAfterInlining = 16384;

    std::string hex(std::uint64_t v)
    {
        char buf[24];
        std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
        return buf;
    }

    // an interned, non-empty string: parsers leave absent names unset or empty
    bool present(StringId id)
    {
        return id.valid() && id.value != 0;
    }

    bool endsWith(std::string_view s, std::string_view suffix)
    {
        return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
    }

    bool removeSuffix(std::string& s, std::string_view suffix)
    {
        if (!endsWith(s, suffix))
            return false;
        s.resize(s.size() - suffix.size());
        return true;
    }

    // "ns::C::read" and "read", "handle_rx.isra.0" and "handle_rx": one function named two ways
    bool sameFunction(std::string_view printed, const SourceLookup& found)
    {
        auto qualifiedEqual = [](std::string_view a, std::string_view b) {
            if (a.empty() || b.empty())
                return false;
            if (a == b)
                return true;
            std::string_view longer = a.size() > b.size() ? a : b;
            std::string_view shorter = a.size() > b.size() ? b : a;
            return endsWith(longer, shorter) && endsWith(longer.substr(0, longer.size() - shorter.size()), "::");
        };
        std::string_view base = withoutCloneSuffix(printed);
        return qualifiedEqual(printed, found.function) || qualifiedEqual(base, found.function)
            || printed == found.symbol || base == withoutCloneSuffix(found.symbol);
    }

    struct FileState
    {
        const DebugInfo* info = nullptr;
        std::string key;
        std::uint64_t slide = 0;
        bool slideKnown = false;
        bool slideAssumed = false; // no votes, none given: a fixed-address file taken as unslid
        std::unordered_map<std::uint64_t, SourceLookup> cache; // threads repeat the same stacks
    };

    class Symbolizer
    {
    public:
        Symbolizer(Dump& dump, const std::vector<const DebugInfo*>& files, std::vector<Diagnostic>& diagnostics)
            : m_dump(dump)
            , m_diagnostics(diagnostics)
        {
            for (const DebugInfo* info : files) {
                FileState f;
                f.info = info;
                f.key = info ? moduleKey(info->moduleName()) : std::string();
                m_files.push_back(std::move(f));
            }
            m_summary.files.resize(files.size());
            chooseMainFile();
        }

        SymbolizeSummary run(const SymbolizeOptions& options)
        {
            if (m_files.empty())
                return m_summary;
            assignSlides(options);
            for (Thread& t : m_dump.threads)
                symbolizeThread(t);
            report();
            return m_summary;
        }

    private:
        void note(Severity severity, std::string message)
        {
            m_diagnostics.push_back({ severity, codes::DebugInfo, m_dump.source, 0, 0, std::move(message) });
        }

        std::string_view fileName(std::size_t i) const
        {
            return m_files[i].info->path();
        }

        // the program or the kernel image: where frames that name no module come from (with only
        // libraries and modules given, such frames are nobody's)
        void chooseMainFile()
        {
            for (std::size_t i = 0; i < m_files.size() && m_main == none; ++i) {
                if (m_files[i].info && m_files[i].info->isProgram())
                    m_main = i;
            }
        }

        std::size_t fileOf(const Frame& f)
        {
            std::string_view module = m_dump.str(f.module);
            if (module.empty())
                return m_main;
            auto cached = m_moduleFiles.find(f.module.value);
            if (cached != m_moduleFiles.end())
                return cached->second;
            std::string key = moduleKey(module);
            std::size_t found = none;
            for (std::size_t i = 0; i < m_files.size() && found == none; ++i) {
                if (m_files[i].info && !key.empty() && m_files[i].key == key)
                    found = i;
            }
            m_moduleFiles.emplace(f.module.value, found);
            return found;
        }

        void assignSlides(const SymbolizeOptions& options)
        {
            std::vector<std::map<std::uint64_t, std::size_t>> votes(m_files.size());
            std::vector<std::vector<std::uint64_t>> order(m_files.size()); // first-seen order breaks ties
            for (const Thread& t : m_dump.threads) {
                for (const Frame& f : t.frames) {
                    if (!f.hasAddress || !f.hasOffset || f.inlined || !present(f.function))
                        continue;
                    std::size_t file = fileOf(f);
                    if (file == none)
                        continue;
                    std::optional<ElfSymbol> sym = m_files[file].info->findSymbol(m_dump.str(f.function));
                    if (!sym)
                        continue;
                    std::uint64_t slide = f.address - (sym->value + f.offset);
                    if (votes[file][slide]++ == 0)
                        order[file].push_back(slide);
                }
            }
            for (std::size_t i = 0; i < m_files.size(); ++i) {
                if (!m_files[i].info)
                    continue;
                FileState& file = m_files[i];
                SymbolizeSummary::File& s = m_summary.files[i];
                bool hasGiven = i == m_main && options.slide.has_value();
                std::uint64_t given = hasGiven ? *options.slide : 0;
                for (const auto& [module, slide] : options.moduleSlides) {
                    if (moduleKey(module) == file.key) {
                        hasGiven = true;
                        given = slide;
                    }
                }
                std::size_t best = 0;
                std::uint64_t inferred = 0;
                for (std::uint64_t slide : order[i]) {
                    s.slideVotes += votes[i][slide];
                    if (votes[i][slide] > best) {
                        best = votes[i][slide];
                        inferred = slide;
                    }
                }
                std::string name(fileName(i));
                if (hasGiven) {
                    file.slide = given;
                    file.slideKnown = true;
                    auto agreeing = votes[i].find(given);
                    s.slideAgreeing = agreeing == votes[i].end() ? 0 : agreeing->second;
                    if (s.slideVotes)
                        note(Severity::Note,
                            name + ": slide " + hex(given) + " given; " + std::to_string(s.slideAgreeing) + " of "
                                + std::to_string(s.slideVotes) + " frames with symbol+offset agree");
                } else if (s.slideVotes) {
                    file.slide = inferred;
                    file.slideKnown = true;
                    s.slideAgreeing = best;
                    note(Severity::Note,
                        name + ": slide " + hex(inferred) + " inferred from " + std::to_string(best)
                            + " frames with symbol+offset, " + std::to_string(s.slideVotes - best) + " disagree");
                } else if (file.info->hasFixedAddresses()) {
                    // a non-PIE program, or a kernel without KASLR; a PIE, a library or a module needs a slide
                    file.slideKnown = true;
                    file.slideAssumed = true;
                }
                s.slide = file.slide;
                s.slideKnown = file.slideKnown;
            }
        }

        // where f is in the file: its symbol+offset, which needs no slide (the kernel's own
        // fn+off/size, as scripts/decode_stacktrace.sh reads it), else its address less the slide
        bool fileAddress(const Frame& f, std::size_t file, std::uint64_t& address)
        {
            FileState& state = m_files[file];
            SymbolizeSummary::File& s = m_summary.files[file];
            if (f.hasOffset && present(f.function)) {
                if (std::optional<ElfSymbol> sym = state.info->findSymbol(m_dump.str(f.function))) {
                    if (f.hasSize && sym->size && f.size != sym->size) {
                        ++s.mismatched; // fn+off/size from another build of the function
                        return false;
                    }
                    address = sym->value + f.offset;
                    return true;
                }
            }
            if (!f.hasAddress)
                return false;
            if (!state.slideKnown) {
                ++s.needSlide;
                return false;
            }
            s.assumedUnslid += state.slideAssumed;
            address = f.address - state.slide;
            return true;
        }

        // gdb's "backtrace" for glibc's __backtrace: another name of the same code
        bool symbolCovers(std::size_t file, std::string_view name, std::uint64_t address) const
        {
            std::optional<ElfSymbol> sym = m_files[file].info->findSymbol(name);
            return sym && address >= sym->value && address - sym->value < std::max<std::uint64_t>(sym->size, 1);
        }

        const SourceLookup& lookup(std::size_t file, std::uint64_t address)
        {
            FileState& f = m_files[file];
            auto it = f.cache.find(address);
            if (it == f.cache.end())
                it = f.cache.emplace(address, f.info->lookup(address, &m_diagnostics)).first;
            return it->second;
        }

        void symbolizeThread(Thread& t)
        {
            std::vector<Frame> out;
            bool changed = false;
            const Frame* innerPhysical = nullptr; // the nearest inner frame that is not an inlined one
            for (std::size_t i = 0; i < t.frames.size(); ++i) {
                Frame f = t.frames[i];
                const Frame* inner = i > 0 ? &t.frames[i - 1] : nullptr;
                const Frame* callee = innerPhysical;
                if (!f.inlined)
                    innerPhysical = &t.frames[i];
                bool symbolPlusOffset = f.hasOffset && present(f.function);
                std::size_t file = !f.inlined && (f.hasAddress || symbolPlusOffset) ? fileOf(f) : none;
                std::uint64_t address = 0;
                if (file == none || !fileAddress(f, file, address)) {
                    out.push_back(f);
                    continue;
                }
                SymbolizeSummary::File& s = m_summary.files[file];
                // a caller's address is where the call returns to: look up the call instruction itself
                bool returnAddress = callee && callee->context == f.context && !(f.hasOffset && f.offset == 0)
                    && m_dump.str(callee->function) != "<signal handler called>";
                std::uint64_t looked = returnAddress ? address - 1 : address;
                const SourceLookup& r = lookup(file, looked);
                if (!r.found) {
                    ++s.notFound;
                    out.push_back(f);
                    continue;
                }
                std::string_view printed = m_dump.str(f.function);
                if (!printed.empty() && !sameFunction(printed, r) && !symbolCovers(file, printed, looked)) {
                    ++s.mismatched; // another build, or the wrong module: better nothing than a wrong line
                    out.push_back(f);
                    continue;
                }
                bool filled = false;
                if (printed.empty()) {
                    f.function = m_dump.strings.intern(r.function);
                    if (!f.hasOffset && !r.symbol.empty()
                        && withoutCloneSuffix(r.symbol) == withoutCloneSuffix(r.function)) {
                        f.offset = address - r.symbolValue;
                        f.hasOffset = true;
                    }
                    filled = true;
                }
                // a frame with a file:line of its own came from a debugger that already expanded inlining
                bool addInlined = !present(f.file) && !(inner && inner->inlined && !inner->symbolized)
                    && out.size() + r.inlined.size() < maxFramesAfterInlining;
                if (!present(f.file) && (!r.file.empty() || !r.inlined.empty())) {
                    std::string_view file0 = r.inlined.empty() ? r.file : r.inlined.back().callFile;
                    std::uint32_t line0 = r.inlined.empty() ? r.line : r.inlined.back().callLine;
                    if (addInlined) {
                        for (std::size_t k = 0; k < r.inlined.size(); ++k) {
                            Frame g;
                            g.function = m_dump.strings.intern(r.inlined[k].function);
                            g.file = m_dump.strings.intern(k == 0 ? r.file : r.inlined[k - 1].callFile);
                            g.line = k == 0 ? r.line : r.inlined[k - 1].callLine;
                            g.module = f.module;
                            g.span = f.span;
                            g.context = f.context;
                            g.unreliable = f.unreliable;
                            g.inlined = true;
                            g.symbolized = true;
                            out.push_back(g);
                            ++s.inlinedAdded;
                        }
                    }
                    if (!file0.empty()) {
                        f.file = m_dump.strings.intern(file0);
                        f.line = line0;
                        filled = true;
                    }
                }
                if (filled) {
                    f.symbolized = true;
                    ++s.symbolized;
                    changed = true;
                }
                out.push_back(f);
            }
            if (changed)
                t.frames = std::move(out);
        }

        void report()
        {
            for (std::size_t i = 0; i < m_files.size(); ++i) {
                const SymbolizeSummary::File& s = m_summary.files[i];
                if (!m_files[i].info)
                    continue;
                if (s.needSlide)
                    note(Severity::Warning,
                        std::string(fileName(i)) + ": " + std::to_string(s.needSlide)
                            + " frames have only an address and the file's load address is unknown (no frame "
                              "with symbol+offset from it): give --slide "
                            + (i == m_main ? "HEX" : m_files[i].key + "=HEX"));
                if (s.assumedUnslid)
                    note(Severity::Note,
                        std::string(fileName(i))
                            + ": no frame with symbol+offset to infer a slide from; addresses taken as unslid "
                              "(give --slide for a KASLR kernel)");
                std::string message = std::string(fileName(i)) + ": symbolized " + std::to_string(s.symbolized)
                    + " frames, added " + std::to_string(s.inlinedAdded) + " inlined frames";
                if (s.notFound)
                    message += "; " + std::to_string(s.notFound) + " addresses are in no function of the file";
                if (s.mismatched)
                    message += "; " + std::to_string(s.mismatched)
                        + " frames left alone: their function is not the file's at their address (another build?)";
                note(s.mismatched ? Severity::Warning : Severity::Note, std::move(message));
            }
        }

        Dump& m_dump;
        std::vector<Diagnostic>& m_diagnostics;
        std::vector<FileState> m_files;
        std::size_t m_main = none;
        std::unordered_map<std::uint32_t, std::size_t> m_moduleFiles; // module string -> file
        SymbolizeSummary m_summary;
    };

} // namespace

std::string moduleKey(std::string_view nameOrPath)
{
    std::size_t slash = nameOrPath.find_last_of('/');
    std::string key(slash == std::string_view::npos ? nameOrPath : nameOrPath.substr(slash + 1));
    if (key.size() >= 2 && key.front() == '[' && key.back() == ']')
        key = key.substr(1, key.size() - 2);
    removeSuffix(key, ".debug");
    for (std::string_view compressed : { ".xz", ".gz", ".zst" }) {
        if (endsWith(key, std::string(".ko") + std::string(compressed)))
            removeSuffix(key, compressed);
    }
    removeSuffix(key, ".ko");
    // a library by its name alone: "libc.so.6", "libc-2.36.so" -> "libc"
    std::size_t so = key.find(".so");
    if (so != std::string::npos && (so + 3 == key.size() || key[so + 3] == '.'))
        key.resize(so);
    std::size_t dash = key.find_last_of('-');
    if (so != std::string::npos && dash != std::string::npos && dash + 1 < key.size()
        && key.find_first_not_of("0123456789.", dash + 1) == std::string::npos)
        key.resize(dash);
    std::replace(key.begin(), key.end(), '-', '_'); // the kernel's module names use '_' for '-'
    return key;
}

SymbolizeSummary symbolize(Dump& dump, const std::vector<const DebugInfo*>& debugFiles, const SymbolizeOptions& options,
    std::vector<Diagnostic>& diagnostics)
{
    return Symbolizer(dump, debugFiles, diagnostics).run(options);
}

} // namespace hvdump::parsers
