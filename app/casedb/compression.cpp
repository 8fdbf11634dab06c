// SPDX-License-Identifier: GPL-2.0-or-later
#include "compression.h"

#include <zlib.h>

namespace hvdump::casedb {

std::string compressText(std::string_view raw)
{
    uLongf length = compressBound(raw.size());
    std::string out(length, '\0');
    const int rc = compress2(
        reinterpret_cast<Bytef*>(out.data()), &length, reinterpret_cast<const Bytef*>(raw.data()), raw.size(), 6);
    if (rc != Z_OK)
        return {}; // only when out of memory; prepareCase() reports an empty result
    out.resize(length);
    return out;
}

bool decompressText(std::string_view data, std::size_t size, std::string& out)
{
    out.assign(size, '\0');
    uLongf length = size;
    const int rc = uncompress(
        reinterpret_cast<Bytef*>(out.data()), &length, reinterpret_cast<const Bytef*>(data.data()), data.size());
    if (rc != Z_OK || length != size) {
        out.clear();
        return false;
    }
    return true;
}

} // namespace hvdump::casedb
