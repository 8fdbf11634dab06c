// SPDX-License-Identifier: GPL-2.0-or-later
// Builds a graph::Analysis in place behind a shared_ptr<const Analysis>. An Analysis must not be
// moved or copied once built: boost::adjacency_list has no move constructor, so a "move" copies
// the graph, and the findings' EdgeIds (pointers to the original graph's edge properties) would
// dangle. Initializing a member from the prvalue the pipeline returns is a guaranteed elision.
#pragma once

#include <hvdump/graph/analysis.h>

#include <memory>

namespace hvdump::gui {

/// make() returns a graph::Analysis by value (a prvalue): graph::analyzeParsed(...) and friends.
template <typename Make>
std::shared_ptr<const graph::Analysis> makeSharedAnalysis(Make&& make)
{
    struct Holder
    {
        graph::Analysis analysis;
        explicit Holder(Make& m)
            : analysis(m())
        {
        }
    };
    auto holder = std::make_shared<Holder>(make);
    return std::shared_ptr<const graph::Analysis>(holder, &holder->analysis);
}

} // namespace hvdump::gui
