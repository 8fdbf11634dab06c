// SPDX-License-Identifier: GPL-2.0-or-later
// zlib for the raw dump text kept with each case (dumps are repetitive text: 5-10x smaller).
#pragma once

#include <string>
#include <string_view>

namespace hvdump::casedb {

std::string compressText(std::string_view raw);

/// Inflates data that compressText() made from `size` bytes; false when it is damaged.
bool decompressText(std::string_view data, std::size_t size, std::string& out);

} // namespace hvdump::casedb
