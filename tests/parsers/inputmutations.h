// SPDX-License-Identifier: GPL-2.0-or-later
// Damages and re-dresses real dump text the way the world does: CRLF line ends, mail quoting,
// tabs in place of spaces, "... OUTPUT CUT ..." lines, cuts at arbitrary bytes and random byte
// corruptions from a seeded PRNG (reproducible: the seed and the changes are described in
// `log`). Plain std::string in and out, for the hostile-input tests.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hvdump::mutations {

/// Byte offsets where each line starts (line i starts at result[i]).
inline std::vector<std::size_t> lineStarts(std::string_view text)
{
    std::vector<std::size_t> starts;
    if (text.empty())
        return starts;
    starts.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n' && i + 1 < text.size())
            starts.push_back(i + 1);
    return starts;
}

/// How many lines the line reader sees in text (a last line without '\n' counts).
inline std::uint32_t countLines(std::string_view text)
{
    return static_cast<std::uint32_t>(lineStarts(text).size());
}

/// Applies f(line, index) to every line (without its '\n') and joins the results with '\n'.
template <typename F>
std::string mapLines(std::string_view text, F f)
{
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    std::size_t index = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t nl = text.find('\n', pos);
        const bool last = nl == std::string_view::npos;
        std::string_view line = text.substr(pos, last ? std::string_view::npos : nl - pos);
        f(out, line, index++);
        if (last)
            break;
        out += '\n';
        pos = nl + 1;
    }
    return out;
}

/// cr (CR, or "\r\r" as serial console captures have it) before every '\n' (every == 1) or
/// before every other one (every == 2).
inline std::string withCrlf(std::string_view text, std::size_t every = 1, std::string_view cr = "\r")
{
    return mapLines(text, [every, cr](std::string& out, std::string_view line, std::size_t i) {
        out += line;
        if (i % every == 0 && (line.empty() || line.back() != '\r'))
            out += cr;
    });
}

/// Mail quoting: prefix + line; an empty line gets the prefix without its trailing space.
inline std::string quoted(std::string_view text, std::string_view prefix)
{
    std::string_view bare = prefix;
    while (!bare.empty() && bare.back() == ' ')
        bare.remove_suffix(1);
    return mapLines(text, [prefix, bare](std::string& out, std::string_view line, std::size_t) {
        out += line.empty() ? bare : prefix;
        out += line;
    });
}

/// unexpand(1): leading runs of 8 spaces become tabs.
inline std::string leadingTabs(std::string_view text)
{
    return mapLines(text, [](std::string& out, std::string_view line, std::size_t) {
        std::size_t spaces = 0;
        while (spaces < line.size() && line[spaces] == ' ')
            ++spaces;
        out.append(spaces / 8, '\t');
        out += line.substr(spaces / 8 * 8);
    });
}

/// On every other line, each run of two or more spaces becomes one tab (tab-aligned columns).
inline std::string alignmentTabs(std::string_view text)
{
    return mapLines(text, [](std::string& out, std::string_view line, std::size_t i) {
        if (i % 2 == 1) {
            out += line;
            return;
        }
        for (std::size_t p = 0; p < line.size();) {
            std::size_t run = 0;
            while (p + run < line.size() && line[p + run] == ' ')
                ++run;
            if (run >= 2) {
                out += '\t';
                p += run;
            } else {
                out += line[p++];
            }
        }
    });
}

/// Inserts `what` as a line of its own before line `index` (0-based).
inline std::string insertLine(std::string_view text, std::size_t index, std::string_view what)
{
    const std::vector<std::size_t> starts = lineStarts(text);
    const std::size_t at = index < starts.size() ? starts[index] : text.size();
    std::string out(text.substr(0, at));
    if (!out.empty() && out.back() != '\n')
        out += '\n';
    out += what;
    out += '\n';
    out += text.substr(at);
    return out;
}

/// splitmix64, so that a failure names a seed that reproduces it anywhere.
class Random
{
public:
    explicit Random(std::uint64_t seed)
        : m_state(seed)
    {
    }
    std::uint64_t next()
    {
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }

private:
    std::uint64_t m_state;
};

inline std::uint64_t fnv1a(std::string_view s)
{
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (char c : s)
        h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ull;
    return h;
}

/// Replaces `count` bytes at random offsets with random values (NUL and '\n' included) and
/// describes each change in log as "offset:0xOLD->0xNEW".
inline std::string corrupted(std::string_view text, std::uint64_t seed, int count, std::string& log)
{
    std::string out(text);
    Random random(seed);
    log.clear();
    static constexpr char digits[] = "0123456789abcdef";
    for (int i = 0; i < count && !out.empty(); ++i) {
        const std::size_t at = random.next() % out.size();
        const auto value = static_cast<unsigned char>(random.next());
        const auto old = static_cast<unsigned char>(out[at]);
        out[at] = static_cast<char>(value);
        log += std::to_string(at) + ":0x" + digits[old >> 4] + digits[old & 15] + "->0x" + digits[value >> 4]
            + digits[value & 15] + " ";
    }
    return out;
}

} // namespace hvdump::mutations
