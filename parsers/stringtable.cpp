// SPDX-License-Identifier: GPL-2.0-or-later
#include "stringtable.h"

namespace hvdump::parsers {

StringTable::StringTable()
{
    intern({});
}

StringId StringTable::intern(std::string_view text)
{
    if (auto it = m_lookup.find(text); it != m_lookup.end())
        return it->second;
    const std::string& stored = m_storage.emplace_back(text);
    StringId id { static_cast<std::uint32_t>(m_views.size()) };
    m_views.push_back(stored);
    m_lookup.emplace(m_views.back(), id);
    return id;
}

} // namespace hvdump::parsers
