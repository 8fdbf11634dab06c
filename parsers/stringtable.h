// SPDX-License-Identifier: GPL-2.0-or-later
// Interns the names a dump repeats (functions, modules, files, thread names) so that parsing
// allocates once per distinct string, not once per line. Views returned by str() stay valid for
// the table's lifetime; id 0 is always the empty string.
#pragma once

#include "index.h"

#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace hvdump::parsers {

class StringTable
{
public:
    StringTable();
    StringTable(const StringTable&) = delete;
    StringTable& operator=(const StringTable&) = delete;
    StringTable(StringTable&&) = default;
    StringTable& operator=(StringTable&&) = default;

    StringId intern(std::string_view text);
    std::string_view str(StringId id) const
    {
        return id.valid() && id.value < m_views.size() ? m_views[id.value] : std::string_view();
    }
    std::size_t size() const
    {
        return m_views.size();
    }

private:
    std::deque<std::string> m_storage; // deque: growing never moves the strings the views point at
    std::vector<std::string_view> m_views;
    std::unordered_map<std::string_view, StringId> m_lookup;
};

} // namespace hvdump::parsers
