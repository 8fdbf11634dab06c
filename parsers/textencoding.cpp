// SPDX-License-Identifier: GPL-2.0-or-later
#include "textencoding.h"

#include <cstdint>

namespace hvdump::parsers {
namespace {

    void appendUtf8(std::string& out, std::uint32_t cp)
    {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    std::string fromUtf16(const std::string& in, bool littleEndian)
    {
        constexpr std::uint32_t replacement = 0xFFFD;
        auto unit = [&](std::size_t i) -> std::uint32_t {
            const auto a = static_cast<unsigned char>(in[i]), b = static_cast<unsigned char>(in[i + 1]);
            return littleEndian ? (a | (b << 8)) : ((a << 8) | b);
        };
        std::string out;
        out.reserve(in.size() / 2 + in.size() / 8);
        std::size_t i = 2; // after the byte order mark
        for (; i + 1 < in.size(); i += 2) {
            const std::uint32_t u = unit(i);
            if (u >= 0xD800 && u <= 0xDBFF && i + 3 < in.size()) {
                const std::uint32_t low = unit(i + 2);
                if (low >= 0xDC00 && low <= 0xDFFF) {
                    appendUtf8(out, 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00));
                    i += 2;
                    continue;
                }
            }
            appendUtf8(out, u >= 0xD800 && u <= 0xDFFF ? replacement : u);
        }
        if (i < in.size()) // a cut file: half a code unit
            appendUtf8(out, replacement);
        return out;
    }

} // namespace

TextEncoding normalizeEncoding(std::string& bytes)
{
    auto startsWith = [&](const char* bom, std::size_t n) {
        return bytes.size() >= n && bytes.compare(0, n, bom, n) == 0;
    };
    if (startsWith("\xEF\xBB\xBF", 3)) {
        bytes.erase(0, 3);
        return TextEncoding::Utf8Bom;
    }
    if (startsWith("\xFF\xFE", 2)) {
        bytes = fromUtf16(bytes, true);
        return TextEncoding::Utf16Le;
    }
    if (startsWith("\xFE\xFF", 2)) {
        bytes = fromUtf16(bytes, false);
        return TextEncoding::Utf16Be;
    }
    return TextEncoding::Utf8;
}

const char* textEncodingName(TextEncoding encoding)
{
    switch (encoding) {
    case TextEncoding::Utf8Bom:
        return "UTF-8 with a byte order mark";
    case TextEncoding::Utf16Le:
        return "UTF-16LE";
    case TextEncoding::Utf16Be:
        return "UTF-16BE";
    default:
        return "UTF-8";
    }
}

} // namespace hvdump::parsers
