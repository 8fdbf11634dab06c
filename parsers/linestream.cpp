// SPDX-License-Identifier: GPL-2.0-or-later
#include "linestream.h"

#include "linecursor.h"
#include "progresssink.h"

#include <array>

namespace hvdump::parsers {
namespace {

    bool isMonth(std::string_view s)
    {
        static constexpr std::array<std::string_view, 12> months = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
            "Aug", "Sep", "Oct", "Nov", "Dec" };
        if (s.size() != 3 || s[0] < 'A' || s[0] > 'S') // every line comes here: reject most at once
            return false;
        for (auto m : months)
            if (s[0] == m[0] && s[1] == m[1] && s[2] == m[2])
                return true;
        return false;
    }

    // "HH:MM:SS" with an optional fraction; cursor is left after it.
    bool consumeClock(LineCursor& c)
    {
        std::uint64_t v = 0;
        if (!c.consumeDecimal(v) || !c.consumeChar(':') || !c.consumeDecimal(v) || !c.consumeChar(':')
            || !c.consumeDecimal(v))
            return false;
        if (c.consumeChar('.'))
            c.consumeDecimal(v);
        return true;
    }

    // syslog "Nov 21 10:00:01 host tag[pid]: " or ISO "2026-11-21T10:00:01.123+00:00 host tag: ".
    bool stripSyslog(std::string_view& text, bool& kernel)
    {
        LineCursor c(text);
        std::uint64_t v = 0;
        if (text.size() > 4 && text[3] == ' ' && isMonth(text.substr(0, 3))) {
            c.setPosition(4);
            c.skipSpaces();
            if (!c.consumeDecimal(v) || !c.consumeChar(' ') || !consumeClock(c))
                return false;
        } else if (text.size() > 20 && isDigit(text[0]) && text[4] == '-' && text[10] == 'T') {
            if (!c.consumeDecimal(v) || !c.consumeChar('-') || !c.consumeDecimal(v) || !c.consumeChar('-')
                || !c.consumeDecimal(v) || !c.consumeChar('T') || !consumeClock(c))
                return false;
            std::string_view zone;
            if (c.peek() != ' ' && !c.consumeToken(zone))
                return false;
        } else {
            return false;
        }
        std::string_view host, tag;
        if (!c.consumeChar(' ') || !c.consumeToken(host) || !c.consumeChar(' ') || !c.consumeToken(tag)
            || tag.back() != ':')
            return false;
        kernel = tag == "kernel:";
        c.consumeChar(' ');
        text = c.rest();
        return true;
    }

    // dmesg -x "kern  :warn  : "
    void stripFacility(std::string_view& text)
    {
        static constexpr std::array<std::string_view, 4> facilities = { "kern", "user", "daemon", "syslog" };
        for (auto f : facilities) {
            if (!startsWith(text, f))
                continue;
            LineCursor c(text);
            c.setPosition(f.size());
            c.skipSpaces();
            std::string_view level;
            if (!c.consumeChar(':') || !c.consumeUntil(':', level) || level.find(' ') == 0 || !c.consumeChar(':'))
                return;
            c.consumeChar(' ');
            text = c.rest();
            return;
        }
    }

} // namespace

Line cleanLine(std::string_view raw, std::uint32_t number, std::size_t maxLineLength)
{
    Line line;
    line.number = number;
    // serial console captures end lines with "\r\r\n"
    while (!raw.empty() && raw.back() == '\r')
        raw.remove_suffix(1);
    line.raw = raw;
    std::string_view text = raw;
    if (text.size() > maxLineLength) {
        text = text.substr(0, maxLineLength);
        line.truncated = true;
    }

    // mail quoting: "> ", ">> ", "> > "
    while (!text.empty() && text[0] == '>') {
        text.remove_prefix(1);
        if (!text.empty() && text[0] == ' ')
            text.remove_prefix(1);
        if (line.quoteDepth < 255)
            ++line.quoteDepth;
    }

    bool kernel = false;
    if (stripSyslog(text, kernel))
        line.kernelLog = kernel;
    stripFacility(text);

    LineCursor c(text);
    // "<4>" log level
    if (c.peek() == '<') {
        std::uint64_t level = 0;
        LineCursor probe(text);
        if (probe.consumeChar('<') && probe.consumeDecimal(level) && probe.consumeChar('>') && level < 200) {
            c = probe;
            line.kernelLog = true;
        }
    }
    // "[  123.456789]" timestamp, then an optional "[  T123]" / "[    C3]" caller id
    {
        LineCursor probe = c;
        double seconds = 0;
        if (probe.consumeChar('[')) {
            probe.skipSpaces();
            if (probe.consumeNumber(seconds) && probe.consumeChar(']')) {
                line.timestamp = seconds;
                line.kernelLog = true;
                c = probe;
                LineCursor caller = c;
                std::uint64_t id = 0;
                caller.consumeChar(' ');
                if (caller.consumeChar('[')) {
                    caller.skipSpaces();
                    char kind = caller.peek();
                    if ((kind == 'T' || kind == 'C') && (caller.consumeChar(kind), caller.consumeDecimal(id))
                        && caller.consumeChar(']')) {
                        if (kind == 'C')
                            line.callerCpu = static_cast<std::int16_t>(id < 32767 ? id : 32767);
                        else
                            line.callerTask = static_cast<std::int32_t>(id < 0x7fffffff ? id : 0x7fffffff);
                        c = caller;
                    }
                }
                c.consumeChar(' ');
            }
        }
    }
    line.text = c.rest();
    return line;
}

LineStream::LineStream(std::string_view input, std::size_t maxLineLength)
    : m_input(input)
    , m_maxLineLength(maxLineLength)
    , m_ring(maxLookahead)
{
}

bool LineStream::readOne()
{
    if (m_pos >= m_input.size() || m_count >= m_ring.size())
        return false;
    std::size_t nl = m_input.find('\n', m_pos);
    std::size_t end = nl == std::string_view::npos ? m_input.size() : nl;
    std::string_view raw = m_input.substr(m_pos, end - m_pos);
    m_pos = nl == std::string_view::npos ? m_input.size() : nl + 1;
    Line& line = m_ring[(m_head + m_count) & ringMask];
    line = cleanLine(raw, m_nextNumber++, m_maxLineLength);
    ++m_count;
    if (line.truncated && m_truncatedCount++ == 0)
        m_firstTruncated = line.number;
    // the stop token and progress are looked at on the first line, then every 1024 lines or
    // 256 KiB, whichever comes first: a stop lands within milliseconds, long lines or not
    if ((line.number & 0x3ff) == 1 || m_pos - m_lastCheckpoint >= (256u << 10))
        checkpoint();
    return true;
}

void LineStream::checkpoint()
{
    m_lastCheckpoint = m_pos;
    if (m_stop.stop_requested()) {
        m_cancelled = true;
        m_pos = m_input.size(); // no further lines: every parser loop ends
        return;
    }
    if (m_progress && m_input.size() > 0 && (m_pos - m_lastReportedBytes) * 200 >= m_input.size()) {
        m_lastReportedBytes = m_pos;
        m_progress->progress("parse", static_cast<double>(m_pos) / static_cast<double>(m_input.size()));
    }
}

const Line* LineStream::peek(std::size_t ahead)
{
    if (ahead >= m_ring.size())
        return nullptr;
    while (m_count <= ahead)
        if (!readOne())
            return nullptr;
    return &m_ring[(m_head + ahead) & ringMask];
}

void LineStream::advance(std::size_t n)
{
    while (n-- > 0) {
        if (m_count == 0 && !readOne())
            return;
        m_head = (m_head + 1) & ringMask;
        --m_count;
    }
}

std::size_t LineStream::bytesConsumed() const
{
    if (m_count == 0)
        return m_pos;
    return static_cast<std::size_t>(m_ring[m_head].raw.data() - m_input.data());
}

} // namespace hvdump::parsers
