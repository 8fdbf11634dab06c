// SPDX-License-Identifier: GPL-2.0-or-later
// Decides which object mentions are the same object: mentions that share any identity key
// (address, symbol, rule name, acquire site) are merged, transitively (union-find).
#pragma once

#include "waitanalysis.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace hvdump::graph {

class ObjectIdentity
{
public:
    /// Registers a mention; returns its mention index.
    std::size_t add(const ObjectMention& mention);
    /// After all mentions are added: the object (0..objectCount()-1) of a mention.
    std::size_t objectOf(std::size_t mention);
    std::size_t objectCount();
    /// The merged description of an object (all keys, best name, address, kind).
    const ObjectMention& object(std::size_t object);

private:
    std::size_t find(std::size_t x);
    void finish();

    std::vector<ObjectMention> m_mentions;
    std::vector<std::size_t> m_parent;
    std::unordered_map<std::string, std::size_t> m_byKey;
    std::vector<std::size_t> m_objectOfRoot; // root mention -> object index
    std::vector<ObjectMention> m_objects;
    bool m_finished = false;
};

} // namespace hvdump::graph
