// SPDX-License-Identifier: GPL-2.0-or-later
#include "bpftraceparser.h"

#include "dumpbuilder.h"
#include "linecursor.h"
#include "linestream.h"

#include <string>

namespace hvdump::parsers {
namespace {

    bool isMapNameChar(char c)
    {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '_';
    }

    // "@name" at the start of t; the name may be empty (bpftrace's unnamed map "@")
    bool consumeMapName(LineCursor& c, std::string_view& name)
    {
        std::string_view rest = c.rest();
        if (rest.empty() || rest[0] != '@')
            return false;
        std::size_t i = 1;
        while (i < rest.size() && isMapNameChar(rest[i]))
            ++i;
        name = rest.substr(0, i);
        c.setPosition(c.position() + i);
        return true;
    }

    // "// comment" people add after a value when they paste it in a mail
    std::string_view stripComment(std::string_view s)
    {
        std::size_t slash = s.find("//");
        return trim(slash == std::string_view::npos ? s : s.substr(0, slash));
    }

    bool isHeaderLine(std::string_view t)
    {
        return (startsWith(t, "Attaching ") && contains(t, " probe")) || t == "^C" || startsWith(t, "Lost ");
    }

    // "[1K, 2K)   5 |@@@@   |", "(..., 0)  1 |@ |", "[100, ...)  2 |@|", "[0]   3 |@@|"
    bool parseBucket(std::string_view t, std::string_view& bucket, std::int64_t& count)
    {
        if (t.empty() || (t[0] != '[' && t[0] != '('))
            return false;
        std::size_t close = t.find_first_of(")]");
        if (close == std::string_view::npos)
            return false;
        bucket = t.substr(0, close + 1);
        LineCursor c(t.substr(close + 1));
        if (c.skipSpaces() == 0)
            return false;
        std::uint64_t v = 0;
        if (!c.consumeDecimal(v) || v > 0x7fffffffffffffffULL)
            return false;
        count = static_cast<std::int64_t>(v);
        c.skipSpaces();
        return c.atEnd() || c.peek() == '|';
    }

    // the line cleaner reads a log2 bucket "[0]    3 |@|" as a dmesg timestamp; buckets are read
    // from the raw line, with only mail quoting taken off
    std::string_view bucketText(const Line& line)
    {
        if (line.timestamp < 0)
            return trim(line.text);
        std::string_view raw = line.raw;
        while (!raw.empty() && raw[0] == '>') {
            raw.remove_prefix(1);
            if (!raw.empty() && raw[0] == ' ')
                raw.remove_prefix(1);
        }
        return trim(raw);
    }

    enum class Entry : std::uint8_t { None, Value, HistogramHeader, KeyOpen };

    // "@name[key]: value", "@name: value", "@name:" (a histogram follows), "@name[" (a multi-line key)
    Entry parseEntry(std::string_view t, std::string_view& map, std::string_view& key, std::string_view& value)
    {
        LineCursor c(t);
        if (!consumeMapName(c, map))
            return Entry::None;
        key = {};
        if (c.peek() == '[') {
            if (!c.consumeBalanced('[', ']', key))
                return c.rest() == "[" ? Entry::KeyOpen : Entry::None;
        }
        if (!c.consumeChar(':'))
            return Entry::None;
        value = stripComment(c.rest());
        return value.empty() ? Entry::HistogramHeader : Entry::Value;
    }

    bool looksLikeEntry(std::string_view text)
    {
        std::string_view map, key, value;
        return parseEntry(trim(text), map, key, value) != Entry::None;
    }

    class BpftraceReader
    {
    public:
        BpftraceReader(LineStream& lines, DumpBuilder& out)
            : m_lines(lines)
            , m_out(out)
        {
        }
        void run();

    private:
        void value(std::string_view map, std::string_view key, std::string_view value, LineSpan span);
        void add(std::string_view map, std::string_view key, std::int64_t v, LineSpan span);
        bool moreAhead();
        bool stackKey(std::string_view map, std::uint32_t first);

        LineStream& m_lines;
        DumpBuilder& m_out;
        LineSpan m_region;
        std::string m_scratch;
    };

    void BpftraceReader::add(std::string_view map, std::string_view key, std::int64_t v, LineSpan span)
    {
        Counter counter;
        counter.map = m_out.intern(map);
        counter.key = m_out.intern(key);
        counter.value = v;
        counter.span = span;
        m_out.addCounter(counter);
    }

    void BpftraceReader::value(std::string_view map, std::string_view key, std::string_view value, LineSpan span)
    {
        std::int64_t v = 0;
        if (parseInt(value, v)) {
            add(map, key, v, span);
            return;
        }
        // stats(): "count 5, average 10, total 50"
        if (startsWith(value, "count ")) {
            LineCursor c(value);
            std::string_view word, number;
            while (c.skipSpaces(), c.consumeToken(word) && c.skipSpaces() && c.consumeToken(number)) {
                if (!number.empty() && number.back() == ',')
                    number.remove_suffix(1);
                if (!parseInt(number, v))
                    break;
                m_scratch.assign(key);
                m_scratch += key.empty() ? "" : " ";
                m_scratch += word;
                add(map, m_scratch, v, span);
            }
            return;
        }
        if (value[0] == '"' || value[0] == '(' || value[0] == '{')
            return; // strings and tuples are map values too, but not counters
        m_out.diagnose(Severity::Warning, codes::MalformedObject, span.first,
            "bpftrace map value is not a number: " + std::string(value.substr(0, 40)));
    }

    // "@[\n    vhost_get_vq_desc_n+420\n    handle_rx+812\n]: 4468052": kstack/ustack keys
    bool BpftraceReader::stackKey(std::string_view map, std::uint32_t first)
    {
        std::string key;
        for (std::size_t i = 1; i < LineStream::maxLookahead - 1; ++i) {
            const Line* l = m_lines.peek(i);
            if (!l)
                return false;
            std::string_view t = trim(l->text);
            if (startsWith(t, "]:")) {
                std::string_view v = stripComment(t.substr(2));
                const std::uint32_t last = l->number;
                value(map, key, v, { first, last });
                m_region.extend(first);
                m_region.extend(last);
                m_lines.advance(i + 1);
                return true;
            }
            if (t.empty() || t[0] == '@')
                return false;
            if (!key.empty())
                key += "; ";
            key += t;
        }
        return false;
    }

    bool BpftraceReader::moreAhead()
    {
        for (std::size_t i = 1; i < 4; ++i) {
            const Line* l = m_lines.peek(i);
            if (!l)
                return false;
            std::string_view t = trim(l->text);
            if (t.empty())
                continue;
            return looksLikeEntry(t) || isHeaderLine(t);
        }
        return false;
    }

    void BpftraceReader::run()
    {
        std::string_view histogram; // the map whose buckets follow
        std::string histogramKey;
        while (const Line* line = m_lines.peek()) {
            const std::uint32_t n = line->number;
            std::string_view t = trim(line->text);
            std::string_view map, key, val, bucket;
            std::int64_t count = 0;
            if (t.empty()) {
                if (!moreAhead())
                    break;
                histogram = {};
            } else if (isHeaderLine(t)) {
            } else if (!histogram.empty() && parseBucket(bucketText(*line), bucket, count)) {
                m_scratch = histogramKey.empty() ? std::string(bucket) : histogramKey + " " + std::string(bucket);
                add(histogram, m_scratch, count, { n, n });
            } else {
                switch (parseEntry(t, map, key, val)) {
                case Entry::Value:
                    histogram = {};
                    value(map, key, val, { n, n });
                    break;
                case Entry::HistogramHeader:
                    histogram = m_out.dump().str(m_out.intern(map)); // interned: stays valid
                    histogramKey.assign(key);
                    break;
                case Entry::KeyOpen:
                    histogram = {};
                    if (stackKey(map, n))
                        continue;
                    m_out.diagnose(Severity::Warning, codes::MalformedObject, n, "bpftrace stack key without its end");
                    break;
                case Entry::None:
                    m_out.noteRegion(Format::Bpftrace, m_region);
                    return;
                }
            }
            m_region.extend(n);
            m_lines.advance();
        }
        m_out.noteRegion(Format::Bpftrace, m_region);
    }

} // namespace

bool sniffBpftrace(LineStream& lines)
{
    const Line* line = lines.peek();
    if (!line)
        return false;
    std::string_view t = trim(line->text);
    if (startsWith(t, "Attaching ") && contains(t, " probe"))
        return true;
    std::string_view map, key, value;
    switch (parseEntry(t, map, key, value)) {
    case Entry::Value: {
        std::int64_t v = 0;
        return parseInt(value, v) || startsWith(value, "count ");
    }
    case Entry::HistogramHeader: {
        const Line* next = lines.peek(1);
        std::string_view bucket;
        std::int64_t count = 0;
        return next && parseBucket(bucketText(*next), bucket, count);
    }
    case Entry::KeyOpen:
        return map.size() >= 1;
    case Entry::None:
        break;
    }
    return false;
}

void parseBpftrace(LineStream& lines, DumpBuilder& out)
{
    BpftraceReader reader(lines, out);
    reader.run();
}

} // namespace hvdump::parsers
