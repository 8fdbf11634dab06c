// SPDX-License-Identifier: GPL-2.0-or-later
// The input text of one dump as read from disk, with an index of where each line starts, so a
// view can draw any line of a 100 MB input without laying the whole text out. Line numbers are
// 1-based and split at '\n' exactly like the parsers' LineStream, so a LineSpan from the model
// addresses the same lines here. Immutable once built; shared between threads.
#pragma once

#include <QString>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace hvdump::gui {

class RawText
{
public:
    /// Takes the bytes and indexes their lines.
    explicit RawText(std::string bytes);

    std::string_view bytes() const
    {
        return m_bytes;
    }
    int lineCount() const
    {
        return static_cast<int>(m_starts.size());
    }
    /// The longest line in bytes, for a horizontal scroll range.
    int longestLine() const
    {
        return m_longest;
    }
    /// One line without its line break (and trailing '\r'), tabs expanded to 8 columns.
    /// Empty for a line number out of range.
    QString line(int number) const;
    std::string_view lineBytes(int number) const;

private:
    std::string m_bytes;
    std::vector<std::uint64_t> m_starts;
    int m_longest = 0;
};

using RawTextPtr = std::shared_ptr<const RawText>;

} // namespace hvdump::gui
