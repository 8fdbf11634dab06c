// SPDX-License-Identifier: GPL-2.0-or-later
#include "dwarfprecheck.h"

#include <cstdint>
#include <cstring>
#include <gelf.h>
#include <string_view>

namespace hvdump::parsers {
namespace {

    std::uint64_t readUnsigned(const unsigned char* p, int size, bool bigEndian)
    {
        std::uint64_t v = 0;
        for (int i = 0; i < size; ++i)
            v |= static_cast<std::uint64_t>(p[bigEndian ? size - 1 - i : i]) << (8 * i);
        return v;
    }

    std::string hex(std::uint64_t v)
    {
        static const char digits[] = "0123456789abcdef";
        std::string s;
        do {
            s.insert(s.begin(), digits[v & 0xf]);
            v >>= 4;
        } while (v);
        return "0x" + s;
    }

    // the header of every table: unit_length, version (5), address_size, segment_selector_size,
    // offset_entry_count; each table must fit in the section
    bool checkTables(
        std::string_view name, const unsigned char* data, std::uint64_t size, bool bigEndian, std::string& problem)
    {
        std::uint64_t offset = 0;
        while (offset < size) {
            auto fail = [&](const char* what) {
                problem = std::string(name) + " table at " + hex(offset) + ": " + what;
                return false;
            };
            std::uint64_t left = size - offset;
            if (left < 4)
                return fail("truncated length");
            std::uint64_t length = readUnsigned(data + offset, 4, bigEndian);
            std::uint64_t lengthSize = 4;
            if (length == 0xffffffff) {
                if (left < 12)
                    return fail("truncated 64-bit length");
                length = readUnsigned(data + offset + 4, 8, bigEndian);
                lengthSize = 12;
            }
            constexpr std::uint64_t fixedHeader = 2 + 1 + 1 + 4;
            if (length < fixedHeader || length > left - lengthSize)
                return fail("length does not fit the section");
            const unsigned char* header = data + offset + lengthSize;
            if (readUnsigned(header, 2, bigEndian) != 5)
                return fail("version is not 5");
            unsigned addressSize = header[2];
            if (addressSize != 2 && addressSize != 4 && addressSize != 8)
                return fail("unsupported address size");
            offset += lengthSize + length;
        }
        return true;
    }

} // namespace

bool checkDwarfListSections(Elf* elf, std::string& problem)
{
    std::size_t namesIndex = 0;
    if (elf_getshdrstrndx(elf, &namesIndex) != 0)
        return true; // no section names: libdwarf finds no list sections either
    const char* ident = elf_getident(elf, nullptr);
    bool bigEndian = ident && ident[EI_DATA] == ELFDATA2MSB;
    for (Elf_Scn* scn = elf_nextscn(elf, nullptr); scn; scn = elf_nextscn(elf, scn)) {
        GElf_Shdr sh;
        if (!gelf_getshdr(scn, &sh) || sh.sh_type == SHT_NOBITS)
            continue;
        const char* raw = elf_strptr(elf, namesIndex, sh.sh_name);
        std::string_view name = raw ? raw : "";
        bool gnuCompressed = name == ".zdebug_rnglists" || name == ".zdebug_loclists";
        if (name != ".debug_rnglists" && name != ".debug_loclists" && !gnuCompressed)
            continue;
        // read what libdwarf will read: the uncompressed bytes
        if (gnuCompressed ? elf_compress_gnu(scn, 0, 0) < 0
                          : (sh.sh_flags & SHF_COMPRESSED) && elf_compress(scn, 0, 0) < 0) {
            problem = std::string(name) + ": cannot be decompressed";
            return false;
        }
        Elf_Data* data = elf_getdata(scn, nullptr);
        if (!data || (!data->d_buf && data->d_size)) {
            problem = std::string(name) + ": unreadable section";
            return false;
        }
        if (!checkTables(name, static_cast<const unsigned char*>(data->d_buf), data->d_size, bigEndian, problem))
            return false;
    }
    return true;
}

} // namespace hvdump::parsers
