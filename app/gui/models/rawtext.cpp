// SPDX-License-Identifier: GPL-2.0-or-later
#include "rawtext.h"

#include <algorithm>
#include <cstring>

namespace hvdump::gui {

RawText::RawText(std::string bytes)
    : m_bytes(std::move(bytes))
{
    // memchr is far faster than a byte loop on large inputs
    const char* data = m_bytes.data();
    const std::size_t size = m_bytes.size();
    std::size_t pos = 0;
    while (pos < size) {
        m_starts.push_back(pos);
        const void* nl = std::memchr(data + pos, '\n', size - pos);
        const std::size_t end = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - data) : size;
        m_longest = std::max(m_longest, static_cast<int>(std::min<std::size_t>(end - pos, 1 << 20)));
        pos = end + 1;
    }
}

std::string_view RawText::lineBytes(int number) const
{
    if (number < 1 || number > lineCount())
        return {};
    const std::size_t start = m_starts[static_cast<std::size_t>(number - 1)];
    std::size_t end = static_cast<std::size_t>(number) < m_starts.size()
        ? m_starts[static_cast<std::size_t>(number)] - 1
        : m_bytes.size();
    while (end > start && (m_bytes[end - 1] == '\r' || m_bytes[end - 1] == '\n'))
        --end;
    return std::string_view(m_bytes).substr(start, end - start);
}

QString RawText::line(int number) const
{
    std::string_view raw = lineBytes(number);
    // very long lines are drawn cut: nobody reads a megabyte of one line
    constexpr std::size_t maxDrawn = 4096;
    const bool cut = raw.size() > maxDrawn;
    if (cut)
        raw = raw.substr(0, maxDrawn);
    QString text = QString::fromUtf8(raw.data(), static_cast<qsizetype>(raw.size()));
    if (text.contains(QLatin1Char('\t'))) {
        QString expanded;
        expanded.reserve(text.size() + 16);
        for (QChar c : std::as_const(text)) {
            if (c == QLatin1Char('\t'))
                expanded.append(QString(8 - expanded.size() % 8, QLatin1Char(' ')));
            else
                expanded.append(c);
        }
        text = expanded;
    }
    if (cut)
        text.append(QChar(0x2026));
    return text;
}

} // namespace hvdump::gui
