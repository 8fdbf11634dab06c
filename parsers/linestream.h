// SPDX-License-Identifier: GPL-2.0-or-later
// Splits the input into lines and cleans each one the same way for every parser: CR removed,
// mail quoting ("> ", ">> ") stripped, syslog/journald prefixes ("Nov 21 10:00:01 host kernel: ")
// and dmesg timestamps / log levels / printk caller ids ("[  12.3][  C3]") taken off and kept as
// fields. Lines are produced lazily with a bounded lookahead, so memory does not grow with the
// input; over-long lines are cut at maxLineLength and flagged.
#pragma once

#include <cstdint>
#include <stop_token>
#include <string_view>
#include <vector>

namespace hvdump::parsers {

class ProgressSink;

struct Line
{
    std::string_view text; // cleaned; leading indentation kept (mdb ::print, gdb bt full need it)
    std::string_view raw; // the line as it stands in the input, without its newline
    std::uint32_t number = 0; // 1-based
    std::uint8_t quoteDepth = 0;
    bool truncated = false; // longer than maxLineLength; text holds the beginning
    bool kernelLog = false; // carried a dmesg timestamp, log level or a syslog "kernel:" tag
    std::int16_t callerCpu = -1; // printk caller "[C3]"
    std::int32_t callerTask = -1; // printk caller "[T123]"
    double timestamp = -1; // dmesg seconds since boot, -1 if none
};

/// Cleans one raw line (exposed for tests).
Line cleanLine(std::string_view raw, std::uint32_t number, std::size_t maxLineLength);

class LineStream
{
public:
    static constexpr std::size_t defaultMaxLineLength = 64 * 1024;
    static constexpr std::size_t maxLookahead = 256;
    static_assert((maxLookahead & (maxLookahead - 1)) == 0, "the ring is indexed with a mask");

    explicit LineStream(std::string_view input, std::size_t maxLineLength = defaultMaxLineLength);

    /// The line `ahead` lines after the current one, or nullptr past the end (or past maxLookahead).
    const Line* peek(std::size_t ahead = 0);
    void advance(std::size_t n = 1);
    bool atEnd()
    {
        return peek() == nullptr;
    }
    /// Bytes of input before the current line (for progress).
    std::size_t bytesConsumed() const;
    std::size_t totalBytes() const
    {
        return m_input.size();
    }
    std::uint32_t linesRead() const
    {
        return m_nextNumber - 1;
    }

    /// Once stop is requested the stream ends early, so every parser stops without checking.
    void setStopToken(std::stop_token stop)
    {
        m_stop = std::move(stop);
    }
    /// Reports the fraction of bytes read, at most every 0.5 % of the input.
    void setProgressSink(ProgressSink* sink)
    {
        m_progress = sink;
    }
    bool cancelled() const
    {
        return m_cancelled;
    }
    std::uint32_t truncatedLines() const
    {
        return m_truncatedCount;
    }
    std::uint32_t firstTruncatedLine() const
    {
        return m_firstTruncated;
    }

private:
    bool readOne();
    void checkpoint();
    static constexpr std::size_t ringMask = maxLookahead - 1;

    std::string_view m_input;
    std::size_t m_pos = 0; // next unread byte
    std::size_t m_maxLineLength;
    std::uint32_t m_nextNumber = 1;
    std::vector<Line> m_ring; // lookahead, m_head is the current line
    std::size_t m_head = 0;
    std::size_t m_count = 0;
    std::stop_token m_stop;
    ProgressSink* m_progress = nullptr;
    std::size_t m_lastReportedBytes = 0;
    std::size_t m_lastCheckpoint = 0;
    bool m_cancelled = false;
    std::uint32_t m_truncatedCount = 0;
    std::uint32_t m_firstTruncated = 0;
};

} // namespace hvdump::parsers
