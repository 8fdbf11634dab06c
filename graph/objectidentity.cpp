// SPDX-License-Identifier: GPL-2.0-or-later
#include "objectidentity.h"

#include <algorithm>

namespace hvdump::graph {

std::size_t ObjectIdentity::find(std::size_t x)
{
    while (m_parent[x] != x) {
        m_parent[x] = m_parent[m_parent[x]];
        x = m_parent[x];
    }
    return x;
}

std::size_t ObjectIdentity::add(const ObjectMention& mention)
{
    const std::size_t index = m_mentions.size();
    m_mentions.push_back(mention);
    m_parent.push_back(index);
    for (const std::string& key : mention.keys) {
        auto [it, inserted] = m_byKey.try_emplace(key, index);
        if (!inserted)
            m_parent[find(index)] = find(it->second);
    }
    m_finished = false;
    return index;
}

void ObjectIdentity::finish()
{
    if (m_finished)
        return;
    m_objectOfRoot.assign(m_mentions.size(), SIZE_MAX);
    m_objects.clear();
    std::vector<int> bestRank;
    for (std::size_t i = 0; i < m_mentions.size(); ++i) {
        std::size_t root = find(i);
        if (m_objectOfRoot[root] == SIZE_MAX) {
            m_objectOfRoot[root] = m_objects.size();
            m_objects.emplace_back();
            bestRank.push_back(-1);
        }
        ObjectMention& o = m_objects[m_objectOfRoot[root]];
        const ObjectMention& m = m_mentions[i];
        for (const std::string& k : m.keys)
            if (std::find(o.keys.begin(), o.keys.end(), k) == o.keys.end())
                o.keys.push_back(k);
        // a rule's name beats a symbol, which beats an acquire-site description
        auto rank = [](const ObjectMention& x) {
            for (const std::string& k : x.keys)
                if (k.rfind("name:", 0) == 0)
                    return 3;
            for (const std::string& k : x.keys)
                if (k.rfind("sym:", 0) == 0)
                    return 2;
            return x.name.empty() ? 0 : 1;
        };
        const int r = m.name.empty() ? -1 : rank(m);
        int& best = bestRank[m_objectOfRoot[root]];
        if (r > best) {
            best = r;
            o.name = m.name;
        }
        if (!o.address)
            o.address = m.address;
        if (o.kind == ResourceKind::Unknown)
            o.kind = m.kind;
    }
    m_finished = true;
}

std::size_t ObjectIdentity::objectOf(std::size_t mention)
{
    finish();
    return m_objectOfRoot[find(mention)];
}

std::size_t ObjectIdentity::objectCount()
{
    finish();
    return m_objects.size();
}

const ObjectMention& ObjectIdentity::object(std::size_t object)
{
    finish();
    return m_objects[object];
}

} // namespace hvdump::graph
