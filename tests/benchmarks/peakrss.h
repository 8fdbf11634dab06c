// SPDX-License-Identifier: GPL-2.0-or-later
// Peak resident memory of this process, for benchmarks and memory-bound tests. The peak can be
// reset (Linux clear_refs) so that one stage's peak is measured on its own; where the reset is
// not allowed the peak is the process's peak so far, which only makes a bound looser.
#pragma once

#include <cstddef>
#include <fstream>
#include <sys/resource.h>
#include <unistd.h>

namespace hvdump::synthetic {

/// Peak RSS in bytes (getrusage ru_maxrss, which Linux keeps in KiB).
inline std::size_t peakRssBytes()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<std::size_t>(usage.ru_maxrss) * 1024;
}

/// Current RSS in bytes, from /proc/self/statm; 0 where it cannot be read.
inline std::size_t currentRssBytes()
{
    std::ifstream statm("/proc/self/statm");
    std::size_t pages = 0, resident = 0;
    if (!(statm >> pages >> resident))
        return 0;
    return resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

/// Resets the peak to the current RSS; false where the kernel does not allow it.
inline bool resetPeakRss()
{
    std::ofstream clear("/proc/self/clear_refs");
    clear << "5";
    clear.flush();
    return static_cast<bool>(clear);
}

} // namespace hvdump::synthetic
