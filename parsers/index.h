// SPDX-License-Identifier: GPL-2.0-or-later
// Typed indices into the Dump's tables, so a thread index cannot be passed where a string id is
// expected. An index is invalid until assigned.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>

namespace hvdump::parsers {

template <typename Tag>
struct Index
{
    static constexpr std::uint32_t invalidValue = std::numeric_limits<std::uint32_t>::max();
    std::uint32_t value = invalidValue;

    constexpr bool valid() const
    {
        return value != invalidValue;
    }
    friend constexpr bool operator==(Index, Index) = default;
    friend constexpr auto operator<=>(Index, Index) = default;
};

struct StringTag;
struct ThreadTag;
using StringId = Index<StringTag>;
using ThreadId = Index<ThreadTag>;

} // namespace hvdump::parsers

template <typename Tag>
struct std::hash<hvdump::parsers::Index<Tag>>
{
    std::size_t operator()(hvdump::parsers::Index<Tag> i) const noexcept
    {
        return std::hash<std::uint32_t>()(i.value);
    }
};
