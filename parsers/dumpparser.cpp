// SPDX-License-Identifier: GPL-2.0-or-later
#include "dumpparser.h"

#include "formatregistry.h"
#include "linestream.h"
#include "progresssink.h"
#include "textencoding.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <sys/stat.h>

namespace hvdump::parsers {
namespace {

    // a line with NUL bytes or mostly control characters is not text
    bool looksBinary(std::string_view raw)
    {
        std::size_t control = 0;
        for (char ch : raw) {
            auto c = static_cast<unsigned char>(ch);
            if (c == 0)
                return true;
            if (c < 0x20 && c != '\t' && c != 0x1b)
                ++control;
        }
        return control * 8 > raw.size() && control > 0;
    }

    class BinaryRuns
    {
    public:
        explicit BinaryRuns(DumpBuilder& out)
            : m_out(out)
        {
        }
        void line(const Line& l, bool binary)
        {
            if (binary) {
                if (m_first == 0)
                    m_first = l.number;
                m_last = l.number;
            } else {
                flush();
            }
        }
        void flush()
        {
            if (m_first == 0)
                return;
            std::string where = m_first == m_last ? "line " + std::to_string(m_first)
                                                  : "lines " + std::to_string(m_first) + "-" + std::to_string(m_last);
            where += m_first == m_last ? " is" : " are";
            m_out.diagnose(Severity::Warning, codes::BinaryData, m_first, where + " binary data, not text; skipped");
            m_first = m_last = 0;
        }

    private:
        DumpBuilder& m_out;
        std::uint32_t m_first = 0;
        std::uint32_t m_last = 0;
    };

} // namespace

const char* parseStatusName(ParseStatus s)
{
    switch (s) {
    case ParseStatus::Complete:
        return "complete";
    case ParseStatus::Partial:
        return "partial";
    case ParseStatus::Cancelled:
        return "cancelled";
    }
    return "complete";
}

ParseResult parseText(std::string_view text, const ParseOptions& options, ProgressSink* progress, std::stop_token stop)
{
    DumpBuilder out(options.source, options.limits);
    LineStream lines(text, options.maxLineLength);
    lines.setStopToken(stop);
    lines.setProgressSink(progress);
    BinaryRuns binary(out);
    const auto parsers = formatParsers();

    while (const Line* line = lines.peek()) {
        const std::uint32_t number = line->number;
        bool taken = false;
        for (const FormatParser& p : parsers) {
            if (options.forced != Format::Unknown && p.format != options.forced)
                continue;
            if (p.sniff(lines)) {
                binary.flush();
                p.parse(lines, out);
                const Line* next = lines.peek();
                if (next && next->number == number)
                    lines.advance(); // a parser that consumed nothing must not stall the loop
                taken = true;
                break;
            }
        }
        if (!taken) {
            binary.line(*line, looksBinary(line->raw));
            lines.advance();
        }
    }
    binary.flush();

    ParseResult result;
    if (lines.truncatedLines() > 0) {
        out.diagnose(Severity::Warning, codes::LineTooLong, lines.firstTruncatedLine(),
            std::to_string(lines.truncatedLines()) + " line(s) longer than " + std::to_string(options.maxLineLength)
                + " bytes; only their beginning was read");
    }
    if (lines.cancelled()) {
        out.diagnose(Severity::Note, codes::Cancelled, lines.linesRead(), "parse cancelled");
        result.status = ParseStatus::Cancelled;
    } else if (progress) {
        progress->progress("parse", 1.0); // the stream reports only every 0.5 %: say it is done
    }
    Dump& dump = out.dump();
    dump.lineCount = lines.linesRead();
    if (text.empty()) {
        out.diagnose(Severity::Warning, codes::EmptyInput, 0, "the input is empty");
    } else if (dump.threads.empty() && dump.reports.empty() && dump.objects.empty() && dump.counters.empty()
        && result.status != ParseStatus::Cancelled) {
        out.diagnose(Severity::Warning, codes::NoStacks, 0,
            "no stack, report or object in any known format in " + std::to_string(dump.lineCount) + " lines");
    }
    if (out.droppedDiagnostics() > 0) {
        out.diagnose(Severity::Note, codes::LimitReached, 0,
            std::to_string(out.droppedDiagnostics()) + " further diagnostics not shown");
    }
    if (result.status != ParseStatus::Cancelled) {
        for (const Diagnostic& d : out.diagnostics())
            if (d.severity != Severity::Note) {
                result.status = ParseStatus::Partial;
                break;
            }
    }
    result.diagnostics = out.takeDiagnostics();
    result.dump = out.takeDump();
    return result;
}

bool readWholeFile(const std::string& path, std::string& contents, std::string& error)
{
    if (path == "-") {
        contents.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
        normalizeEncoding(contents);
        return true;
    }
    struct stat st
    {
    };
    if (::stat(path.c_str(), &st) != 0) {
        error = std::strerror(errno);
        return false;
    }
    if (S_ISDIR(st.st_mode)) {
        error = "is a directory";
        return false;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = std::strerror(errno);
        return false;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) {
        error = "read error";
        return false;
    }
    contents = std::move(buffer).str();
    normalizeEncoding(contents);
    return true;
}

ParseResult parseFile(const std::string& path, ParseOptions options, ProgressSink* progress, std::stop_token stop)
{
    options.source = path;
    std::string contents, error;
    if (!readWholeFile(path, contents, error)) {
        ParseResult result;
        result.dump.source = path;
        result.status = ParseStatus::Partial;
        result.diagnostics.push_back({ Severity::Error, codes::UnreadableFile, path, 0, 0, "cannot read: " + error });
        return result;
    }
    return parseText(contents, options, progress, std::move(stop));
}

} // namespace hvdump::parsers
