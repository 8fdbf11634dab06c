// SPDX-License-Identifier: GPL-2.0-or-later
// The progress line of a batch on a terminal: "[ 37/500  7%  ETA 0:42] file", redrawn in place on
// stderr at most every 100 ms, and only when stderr is a terminal. Anything else written to the
// terminal must call clear() or clearForOutput() first so that the line does not mix with it.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace hvdump::cli {

class BatchProgress
{
public:
    /// Shown only for more than one file and when stderr is a terminal.
    explicit BatchProgress(std::size_t total);
    ~BatchProgress();

    /// `done` files finished; `current` is being read.
    void update(std::size_t done, const std::string& current);
    /// Removes the line (it comes back with the next update()): call before writing to stderr.
    void clear();
    /// clear() when standard output is the same terminal: call before writing to stdout.
    void clearForOutput();

private:
    std::size_t m_total;
    bool m_enabled;
    bool m_outputOnTerminal;
    bool m_shown = false;
    std::chrono::steady_clock::time_point m_start;
    std::chrono::steady_clock::time_point m_lastDraw;
};

} // namespace hvdump::cli
