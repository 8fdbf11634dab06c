// SPDX-License-Identifier: GPL-2.0-or-later
// What a format parser writes into: the Dump under construction, its diagnostics, and the
// bookkeeping every parser would otherwise repeat (interning, samples, size limits, regions).
#pragma once

#include "diagnostic.h"
#include "dump.h"

#include <string>
#include <unordered_set>
#include <vector>

namespace hvdump::parsers {

struct ParseLimits
{
    std::size_t maxFramesPerThread = 8192;
    std::size_t maxThreads = 4'000'000;
    std::size_t maxDiagnostics = 1000; // beyond this only a count is kept
};

class DumpBuilder
{
public:
    DumpBuilder(std::string source, ParseLimits limits = {});

    Dump& dump()
    {
        return m_dump;
    }
    StringId intern(std::string_view text)
    {
        return m_dump.strings.intern(text);
    }

    /// Adds a finished thread. A thread whose id was already seen in the current sample starts a
    /// new sample: the input holds another snapshot of the same system.
    ThreadId addThread(Thread thread);
    void addReport(ConsoleReport report)
    {
        m_dump.reports.push_back(std::move(report));
    }
    void addObject(ObjectDump object)
    {
        m_dump.objects.push_back(std::move(object));
    }
    void addCounter(Counter counter)
    {
        m_dump.counters.push_back(counter);
    }
    /// Records that lines in span were read as format; adjacent spans of one format merge.
    void noteRegion(Format format, LineSpan span);

    void diagnose(
        Severity severity, const char* code, std::uint32_t line, std::string message, std::uint32_t column = 0);
    const std::vector<Diagnostic>& diagnostics() const
    {
        return m_diagnostics;
    }
    std::size_t droppedDiagnostics() const
    {
        return m_droppedDiagnostics;
    }

    /// Moves the results out; the builder is empty afterwards.
    Dump takeDump();
    std::vector<Diagnostic> takeDiagnostics();

private:
    Dump m_dump;
    ParseLimits m_limits;
    std::vector<Diagnostic> m_diagnostics;
    std::size_t m_droppedDiagnostics = 0;
    std::unordered_set<std::uint64_t> m_seenInSample; // (format, id) of threads in the current sample
    bool m_threadLimitReported = false;
};

} // namespace hvdump::parsers
