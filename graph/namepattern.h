// SPDX-License-Identifier: GPL-2.0-or-later
// A function-name pattern from the rule catalog: '*' matches any run of characters, everything
// else literally. Glob, not regex: linear in practice, no recursion, safe on hostile names.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hvdump::graph {

class NamePattern
{
public:
    NamePattern() = default;
    explicit NamePattern(std::string text)
        : m_text(std::move(text))
    {
    }
    const std::string& text() const
    {
        return m_text;
    }
    bool matches(std::string_view name) const;

private:
    std::string m_text;
};

bool matchesAny(const std::vector<NamePattern>& patterns, std::string_view name);

} // namespace hvdump::graph
