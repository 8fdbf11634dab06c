// SPDX-License-Identifier: GPL-2.0-or-later
// Shared helpers of the hostile-input tests: the corpus (every file under samples/ and
// tests/data/, walked at run time, plus one small synthetic dump per format), a summary of what
// a parse found, and whether a format's parser already reads its own synthetic dump (so the
// checks that need a working parser tighten by themselves as the parsers land).
#pragma once

#include <hvdump/parsers/dumpparser.h>
#include <hvdump/tests/benchmarks/syntheticdumps.h>

#include <QByteArray>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QString>

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace hvdump::hostile {

using namespace hvdump::parsers;

struct Counts
{
    std::size_t threads = 0;
    std::size_t frames = 0;
    std::size_t reports = 0;
    std::size_t objects = 0;
    std::size_t counters = 0;
    std::uint32_t lines = 0;
};

inline Counts counts(const ParseResult& r)
{
    Counts c;
    c.threads = r.dump.threads.size();
    for (const Thread& t : r.dump.threads)
        c.frames += t.frames.size();
    c.reports = r.dump.reports.size();
    c.objects = r.dump.objects.size();
    c.counters = r.dump.counters.size();
    c.lines = r.dump.lineCount;
    return c;
}

inline std::string describe(const Counts& c)
{
    return std::to_string(c.threads) + " threads, " + std::to_string(c.frames) + " frames, " + std::to_string(c.reports)
        + " reports, " + std::to_string(c.objects) + " objects, " + std::to_string(c.counters) + " counters in "
        + std::to_string(c.lines) + " lines";
}

inline ParseResult parse(std::string_view text, Format forced = Format::Unknown)
{
    ParseOptions options;
    options.forced = forced;
    return parseText(text, options);
}

/// The first diagnostic with code, or nullptr.
inline const Diagnostic* findCode(const ParseResult& r, const char* code)
{
    for (const Diagnostic& d : r.diagnostics)
        if (d.code == code)
            return &d;
    return nullptr;
}

inline std::string_view view(const QByteArray& bytes)
{
    return std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size()));
}

/// True once the format's parser reads a small synthetic dump of its own format.
inline bool implemented(Format format)
{
    static std::map<Format, bool> known;
    auto it = known.find(format);
    if (it != known.end())
        return it->second;
    const ParseResult r = parse(synthetic::makeDump(format, 20000, 3), format);
    const bool works = !r.dump.threads.empty() || !r.dump.counters.empty();
    known.emplace(format, works);
    return works;
}

struct CorpusEntry
{
    QByteArray name; // "samples/seed-000.txt" or "synthetic/gdb"
    QString path; // empty for synthetic entries
    QByteArray bytes;
    bool fuzzed = false; // a fuzzer's find: only "no crash" applies, not the re-dressing checks
};

/// Files bigger than this are skipped: the corpus tests parse each file hundreds of times.
inline constexpr qint64 maxCorpusFileSize = 4 * 1024 * 1024;

inline const std::vector<CorpusEntry>& corpus()
{
    static const std::vector<CorpusEntry> entries = [] {
        std::vector<CorpusEntry> out;
        for (Format f : synthetic::allFormats)
            out.push_back({ QByteArray("synthetic/") + formatName(f), QString(),
                QByteArray::fromStdString(synthetic::makeDump(f, 12000, 11)) });
        const QString root = QString::fromUtf8(HVDUMP_SOURCE_DIR);
        for (const QString& folder : { QStringLiteral("samples"), QStringLiteral("tests/data") }) {
            QDirIterator it(root + u'/' + folder, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
            std::vector<QString> paths;
            while (it.hasNext())
                paths.push_back(it.next());
            std::sort(paths.begin(), paths.end());
            for (const QString& path : paths) {
                QFile file(path);
                if (file.size() > maxCorpusFileSize || !file.open(QIODevice::ReadOnly))
                    continue;
                const QByteArray name = QDir(root).relativeFilePath(path).toUtf8();
                out.push_back({ name, path, file.readAll(), name.startsWith("tests/data/fuzz-regressions/") });
            }
        }
        return out;
    }();
    return entries;
}

} // namespace hvdump::hostile
