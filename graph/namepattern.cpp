// SPDX-License-Identifier: GPL-2.0-or-later
#include "namepattern.h"

namespace hvdump::graph {

// iterative glob with single-star backtracking: O(n*m) worst case, no recursion
bool NamePattern::matches(std::string_view name) const
{
    std::string_view p = m_text;
    std::size_t pi = 0, ni = 0, star = std::string_view::npos, mark = 0;
    while (ni < name.size()) {
        if (pi < p.size() && p[pi] == '*') {
            star = pi++;
            mark = ni;
        } else if (pi < p.size() && p[pi] == name[ni]) {
            ++pi;
            ++ni;
        } else if (star != std::string_view::npos) {
            pi = star + 1;
            ni = ++mark;
        } else {
            return false;
        }
    }
    while (pi < p.size() && p[pi] == '*')
        ++pi;
    return pi == p.size();
}

bool matchesAny(const std::vector<NamePattern>& patterns, std::string_view name)
{
    for (const NamePattern& p : patterns)
        if (p.matches(name))
            return true;
    return false;
}

} // namespace hvdump::graph
