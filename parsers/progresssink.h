// SPDX-License-Identifier: GPL-2.0-or-later
// How long work reports progress without knowing who listens: the CLI draws a bar, the GUI
// turns it into a signal. Calls are already throttled by the caller (at most every ~0.5 %).
#pragma once

#include <string_view>

namespace hvdump::parsers {

class ProgressSink
{
public:
    virtual ~ProgressSink() = default;
    /// phase: "parse", "graph", "detect", "rules"; fraction of the phase done, 0..1.
    virtual void progress(std::string_view phase, double fraction) = 0;
};

} // namespace hvdump::parsers
