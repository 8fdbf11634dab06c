// SPDX-License-Identifier: GPL-2.0-or-later
#include "dumpbuilder.h"

namespace hvdump::parsers {

DumpBuilder::DumpBuilder(std::string source, ParseLimits limits)
    : m_limits(limits)
{
    m_dump.source = std::move(source);
}

ThreadId DumpBuilder::addThread(Thread thread)
{
    if (m_dump.threads.size() >= m_limits.maxThreads) {
        if (!m_threadLimitReported) {
            diagnose(Severity::Warning, codes::LimitReached, thread.span.first,
                "more than " + std::to_string(m_limits.maxThreads) + " threads; the rest are not read");
            m_threadLimitReported = true;
        }
        return {};
    }
    if (thread.frames.size() > m_limits.maxFramesPerThread) {
        diagnose(Severity::Warning, codes::LimitReached, thread.frames[m_limits.maxFramesPerThread].span.first,
            "stack of " + std::to_string(thread.frames.size()) + " frames; only the innermost "
                + std::to_string(m_limits.maxFramesPerThread) + " are kept");
        thread.frames.resize(m_limits.maxFramesPerThread);
    }
    if (m_dump.samples.empty())
        m_dump.samples.emplace_back();
    if (thread.id.valid() && thread.id.value != 0) {
        std::uint64_t key = (static_cast<std::uint64_t>(thread.format) << 32) | thread.id.value;
        if (!m_seenInSample.insert(key).second) {
            m_dump.samples.emplace_back();
            m_seenInSample.clear();
            m_seenInSample.insert(key);
        }
    }
    thread.sample = static_cast<std::uint32_t>(m_dump.samples.size() - 1);
    Sample& sample = m_dump.samples.back();
    if (thread.span.valid()) {
        sample.span.extend(thread.span.first);
        sample.span.extend(thread.span.last);
    }
    m_dump.threads.push_back(std::move(thread));
    return ThreadId { static_cast<std::uint32_t>(m_dump.threads.size() - 1) };
}

void DumpBuilder::noteRegion(Format format, LineSpan span)
{
    if (!span.valid())
        return;
    auto& regions = m_dump.regions;
    if (!regions.empty() && regions.back().format == format && regions.back().span.last + 1 >= span.first) {
        regions.back().span.extend(span.last);
        return;
    }
    regions.push_back({ format, span });
}

void DumpBuilder::diagnose(
    Severity severity, const char* code, std::uint32_t line, std::string message, std::uint32_t column)
{
    if (m_diagnostics.size() >= m_limits.maxDiagnostics) {
        ++m_droppedDiagnostics;
        return;
    }
    m_diagnostics.push_back({ severity, code, m_dump.source, line, column, std::move(message) });
}

Dump DumpBuilder::takeDump()
{
    return std::move(m_dump);
}

std::vector<Diagnostic> DumpBuilder::takeDiagnostics()
{
    return std::move(m_diagnostics);
}

} // namespace hvdump::parsers
