// SPDX-License-Identifier: GPL-2.0-or-later
// Hostile input for every registered parser through parseText()/parseFile(): empty and blank
// input, binary junk and ELF files, a 100 MB line, very long lines, ten million lines, and every
// file under samples/ and tests/data/ cut short, corrupted, re-quoted and re-ended. Nothing may
// crash or grow without bound, and a damaged input yields a result shaped like the clean one's.
#include "hostileinput.h"
#include "inputmutations.h"

#include <hvdump/tests/benchmarks/peakrss.h>

#include <QCoreApplication>
#include <QTemporaryDir>
#include <QTest>

#include <malloc.h>

using namespace hvdump::hostile;
using namespace Qt::StringLiterals;
using namespace hvdump::mutations;
namespace synthetic = hvdump::synthetic;

namespace {

constexpr std::size_t MB = 1024 * 1024;

// sanitizer builds run ten times slower, so the millions-of-lines rows shrink by as much there,
// and every allocation carries redzones, so the memory bounds double
#if defined(__SANITIZE_ADDRESS__)
constexpr bool sanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool sanitized = true;
#else
constexpr bool sanitized = false;
#endif
#else
constexpr bool sanitized = false;
#endif
constexpr int bigScale = sanitized ? 10 : 1;
constexpr std::size_t memoryScale = sanitized ? 2 : 1;

std::string repeatTo(std::string_view unit, std::size_t bytes, std::size_t room = 0)
{
    std::string out;
    out.reserve(bytes + unit.size() + room);
    while (out.size() < bytes)
        out += unit;
    out.resize(bytes);
    return out;
}

QByteArray randomBytes(std::size_t size, std::uint64_t seed, unsigned newlineEvery)
{
    QByteArray out(static_cast<qsizetype>(size), '\0');
    Random random(seed);
    for (qsizetype i = 0; i < out.size(); ++i) {
        const std::uint64_t r = random.next();
        out[i] = newlineEvery && r % newlineEvery == 0 ? '\n' : static_cast<char>(r >> 8);
    }
    return out;
}

// one stack `frames` deep: a hung task's Call Trace, or gdb's backtrace of a runaway recursion
std::string deepStack(Format format, std::size_t frames)
{
    std::string out;
    out.reserve(frames * 64 + 4096);
    if (format == Format::Gdb) {
        out = "Thread 1 (Thread 0x7f2c4e7fc640 (LWP 4242) \"worker\"):\n";
        for (std::size_t i = 0; i < frames; ++i)
            ((out += '#') += std::to_string(i)) += "  0x000055d0c4a1b2c3 in recurse (depth=7) at r.c:5\n";
        return out;
    }
    out = "INFO: task qemu-kvm:1234 blocked for more than 120 seconds.\n"
          "task:qemu-kvm         state:D stack:0     pid:1234  ppid:1      flags:0x00004002\n"
          "Call Trace:\n <TASK>\n";
    for (std::size_t i = 0; i < frames; ++i)
        out += " schedule_timeout+0x1c9/0x2b0\n";
    return out + " </TASK>\n";
}

// peak RSS growth of the process while f runs, over the RSS before it
template <typename F>
std::size_t peakGrowth(F f)
{
    malloc_trim(0); // what earlier tests freed must not hide this one's growth
    hvdump::synthetic::resetPeakRss();
    const std::size_t before = hvdump::synthetic::currentRssBytes();
    f();
    const std::size_t peak = hvdump::synthetic::peakRssBytes();
    return peak > before ? peak - before : 0;
}

} // namespace

class TestHostileInput : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        for (Format f : synthetic::allFormats)
            qInfo("%s parser %s", formatName(f), implemented(f) ? "reads its synthetic dump" : "not implemented yet");
        qInfo("corpus: %zu inputs", corpus().size());
    }

    void trivialInput_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("code");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("lines");
        QTest::addRow("empty") << QByteArray() << u"HVP002"_s << 0 << 0;
        QTest::addRow("one newline") << QByteArray("\n") << u"HVP005"_s << 0 << 1;
        QTest::addRow("only newlines") << QByteArray(100000, '\n') << u"HVP005"_s << 0 << 100000;
        QTest::addRow("only CRLF") << QByteArray("\r\n").repeated(5000) << u"HVP005"_s << 0 << 5000;
        QTest::addRow("only CRs") << QByteArray(5000, '\r') << u"HVP005"_s << 0 << 1;
        QTest::addRow("spaces and tabs") << QByteArray(" \t \n\t\t\n    \n").repeated(1000) << u"HVP005"_s << 0 << 3000;
        QTest::addRow("only quote marks")
            << QByteArray(">\n>>\n> > >\n> \n").repeated(1000) << u"HVP005"_s << 0 << 4000;
        QTest::addRow("one NUL") << QByteArray(1, '\0') << u"HVP003"_s << 1 << 1;
        QTest::addRow("NULs after a blank line") << QByteArray("\n") + QByteArray(4096, '\0') << u"HVP003"_s << 2 << 2;
        QTest::addRow("no final newline") << QByteArray("just a word") << u"HVP005"_s << 0 << 1;
        QTest::addRow("elision lines only")
            << QByteArray("... OUTPUT CUT ...\n[...]\n<snip>\n").repeated(100) << u"HVP005"_s << 0 << 300;
    }

    void trivialInput()
    {
        QFETCH(QByteArray, input);
        QFETCH(QString, code);
        QFETCH(int, line);
        QFETCH(int, lines);
        const ParseResult r = parse(view(input));
        const Diagnostic* d = findCode(r, code.toUtf8().constData());
        QVERIFY2(d, describe(counts(r)).c_str());
        QCOMPARE(int(d->line), line);
        QCOMPARE(int(r.dump.lineCount), lines);
        QCOMPARE(r.dump.threads.size(), 0u);
        QCOMPARE(r.status, ParseStatus::Partial);
    }

    void unreadableFiles()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string empty = QString(dir.path() + u"/empty.txt"_s).toStdString();
        QFile file(QString::fromStdString(empty));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        ParseResult r = parseFile(empty, {});
        QVERIFY(findCode(r, codes::EmptyInput));
        QCOMPARE(r.dump.source, empty);
        for (const std::string& path : { dir.path().toStdString(), empty + ".missing" }) {
            r = parseFile(path, {});
            QVERIFY(findCode(r, codes::UnreadableFile));
            QCOMPARE(r.status, ParseStatus::Partial);
        }
    }

    void binaryJunk_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<bool>("noThreads");
        for (std::uint64_t seed : { 1, 2, 3 })
            QTest::addRow("1 MB random bytes, seed %llu", static_cast<unsigned long long>(seed))
                << randomBytes(MB, seed, 0) << true;
        QTest::addRow("1 MB random bytes, short lines") << randomBytes(MB, 4, 16) << true;
        QTest::addRow("random bytes after a blank line") << QByteArray("\n\n") + randomBytes(4096, 5, 40) << true;
        QFile elf(u"/bin/true"_s);
        if (elf.open(QIODevice::ReadOnly))
            QTest::addRow("ELF /bin/true") << elf.readAll() << true;
        // this binary holds the synthetic generators' name pools, so stacks may show through
        QFile self(QCoreApplication::applicationFilePath());
        if (self.open(QIODevice::ReadOnly))
            QTest::addRow("ELF of this test") << self.readAll() << false;
    }

    void binaryJunk()
    {
        QFETCH(QByteArray, input);
        QFETCH(bool, noThreads);
        for (Format forced : { Format::Unknown, Format::Gdb, Format::Mdb, Format::Crash, Format::Console,
                 Format::ProcStack, Format::EuStack, Format::Bpftrace, Format::Informal, Format::Pstack }) {
            const ParseResult r = parse(view(input), forced);
            QVERIFY2(findCode(r, codes::BinaryData), formatName(forced));
            QCOMPARE(r.dump.lineCount, countLines(view(input)));
            if (noThreads)
                QVERIFY2(r.dump.threads.empty(), formatName(forced));
        }
    }

    void hugeLine_data()
    {
        QTest::addColumn<QByteArray>("unit");
        QTest::addColumn<int>("tailFormat");
        QTest::addRow("100 MB of x, no newline") << QByteArray("x") << int(Format::Unknown);
        QTest::addRow("100 MB of a gdb frame, no newline")
            << QByteArray("#0  0x00007f2c5a8e2a3d in __GI___poll (fds=0x1, nfds=1, timeout=-1) at poll.c:29 ")
            << int(Format::Unknown);
        QTest::addRow("100 MB of a kernel frame, no newline")
            << QByteArray("[  12.000000]  [<ffffffff81000000>] ? schedule+0x1/0x2 [kvm] ") << int(Format::Unknown);
        QTest::addRow("100 MB of open brackets, no newline") << QByteArray("([<{") << int(Format::Unknown);
        QTest::addRow("100 MB of mail quoting, then a gdb stack") << QByteArray("> ") << int(Format::Gdb);
        QTest::addRow("100 MB of hex digits, then a console report")
            << QByteArray("0123456789abcdef") << int(Format::Console);
    }

    void hugeLine()
    {
        QFETCH(QByteArray, unit);
        QFETCH(int, tailFormat);
        const auto tail = static_cast<Format>(tailFormat);
        synthetic::Expected expected;
        const std::string tailText =
            tail == Format::Unknown ? std::string() : synthetic::makeDump(tail, 3000, 5, &expected);
        ParseResult r;
        std::size_t inputSize = 0;
        const std::size_t growth = peakGrowth([&] {
            std::string input = repeatTo(view(unit), 100 * MB, 1 + tailText.size());
            if (!tailText.empty())
                (input += '\n') += tailText;
            inputSize = input.size();
            r = parse(input);
        });
        qInfo("peak RSS growth %zu MB for %zu MB of input", growth / MB, inputSize / MB);
        const Diagnostic* d = findCode(r, codes::LineTooLong);
        QVERIFY(d);
        QCOMPARE(d->line, 1u);
        QCOMPARE(r.dump.lineCount, 1 + (tailText.empty() ? 0 : countLines(tailText)));
        QVERIFY2(growth < inputSize + memoryScale * 400 * MB, std::to_string(growth / MB).c_str());
        if (tail != Format::Unknown && implemented(tail)) // the stack after the line is still read
            QCOMPARE(r.dump.threads.size(), expected.threads);
    }

    void longLines_data()
    {
        QTest::addColumn<QByteArray>("unit");
        QTest::addColumn<int>("length");
        // just below and above the 64 KiB line limit, in shapes that tempt a parser to rescan
        for (int length : { 60000, 100000 }) {
            QTest::addRow("parentheses, %d bytes", length) << QByteArray("(") << length;
            QTest::addRow("gdb frame heads, %d bytes", length) << QByteArray("#0  0x1 in f (") << length;
            QTest::addRow("kernel frame heads, %d bytes", length) << QByteArray(" [<ffffffff81000000>] ? ") << length;
            QTest::addRow("symbol offsets, %d bytes", length) << QByteArray("f+0x1/0x2") << length;
            QTest::addRow("quote marks, %d bytes", length) << QByteArray(">") << length;
            QTest::addRow("mdb args, %d bytes", length) << QByteArray("  fffffe00f4200960 f+0x1(a, ") << length;
            QTest::addRow("timestamps, %d bytes", length) << QByteArray("[  1.0] ") << length;
            QTest::addRow("bpftrace keys, %d bytes", length) << QByteArray("@m[") << length;
        }
    }

    void longLines()
    {
        QFETCH(QByteArray, unit);
        QFETCH(int, length);
        constexpr int count = 150;
        std::string input;
        const std::string line = repeatTo(view(unit), static_cast<std::size_t>(length));
        for (int i = 0; i < count; ++i)
            (input += line) += '\n';
        for (Format forced : synthetic::allFormats) {
            const ParseResult r = parse(input, forced);
            QCOMPARE(int(r.dump.lineCount), count);
            QCOMPARE(findCode(r, codes::LineTooLong) != nullptr, length > 65536);
        }
    }

    void tenMillionLines_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<int>("lines");
        QTest::addColumn<bool>("oneStack");
        QTest::addRow("console Call Traces, 10M lines") << int(Format::Console) << 10'000'000 << false;
        QTest::addRow("gdb threads, 2M lines") << int(Format::Gdb) << 2'000'000 << false;
        QTest::addRow("one Call Trace of 4M frames") << int(Format::Console) << 4'000'000 << true;
        QTest::addRow("one gdb recursion of 2M frames") << int(Format::Gdb) << 2'000'000 << true;
    }

    void tenMillionLines()
    {
        QFETCH(int, format);
        QFETCH(int, lines);
        QFETCH(bool, oneStack);
        lines /= bigScale;
        const auto f = static_cast<Format>(format);
        synthetic::Expected expected;
        std::size_t inputSize = 0;
        ParseResult r;
        const std::size_t growth = peakGrowth([&] {
            std::string input;
            if (oneStack) {
                input = deepStack(f, static_cast<std::size_t>(lines));
                expected.threads = 1;
            } else {
                input = synthetic::makeLines(f, static_cast<std::size_t>(lines), 9, &expected);
            }
            inputSize = input.size();
            expected.lines = countLines(input);
            r = parse(input);
        });
        const Counts c = counts(r);
        qInfo("%s; peak RSS growth %zu MB for %zu MB of input", describe(c).c_str(), growth / MB, inputSize / MB);
        QCOMPARE(c.lines, static_cast<std::uint32_t>(expected.lines));
        const ParseLimits limits;
        for (const Thread& t : r.dump.threads)
            QVERIFY(t.frames.size() <= limits.maxFramesPerThread);
        if (implemented(f)) {
            const bool limited = findCode(r, codes::LimitReached) != nullptr;
            QVERIFY2(c.threads == expected.threads || (limited && c.threads <= expected.threads),
                (describe(c) + "; generated " + std::to_string(expected.threads) + " threads").c_str());
            if (oneStack)
                QVERIFY2(limited, "a stack deeper than maxFramesPerThread must give HVP020");
        }
        // input + model: a Frame is about 100 bytes for a line of 30-50 bytes
        QVERIFY2(growth < memoryScale * (4 * inputSize + 512 * MB), std::to_string(growth / MB).c_str());
    }

    void cutShort_data()
    {
        QTest::addColumn<QByteArray>("input");
        for (const CorpusEntry& e : corpus())
            QTest::addRow("%s", e.name.constData()) << e.bytes;
    }

    void cutShort()
    {
        QFETCH(QByteArray, input);
        const std::string_view text = view(input);
        const Counts full = counts(parse(text));
        std::vector<std::size_t> cuts;
        for (int percent : { 10, 37, 50, 83 })
            cuts.push_back(text.size() * static_cast<std::size_t>(percent) / 100);
        const std::vector<std::size_t> starts = lineStarts(text);
        for (std::size_t i = 1; i < starts.size() && i <= 300; ++i) {
            cuts.push_back(starts[i] - 2); // mid-line: the last character and the newline gone
            cuts.push_back(starts[i]); // at a line boundary
        }
        for (std::size_t cut : cuts) {
            const std::string_view prefix = text.substr(0, cut);
            const Counts c = counts(parse(prefix));
            const std::string what =
                "cut at byte " + std::to_string(cut) + ": " + describe(c) + "; full input " + describe(full);
            QVERIFY2(c.lines == countLines(prefix), what.c_str());
            QVERIFY2(c.threads <= full.threads + 1, what.c_str());
        }
    }

    void corruptBytes_data()
    {
        cutShort_data();
    }

    void corruptBytes()
    {
        QFETCH(QByteArray, input);
        const std::string_view text = view(input);
        const Counts full = counts(parse(text));
        const std::uint64_t base = fnv1a(QTest::currentDataTag());
        std::string log;
        for (std::uint64_t variant = 0; variant < 48; ++variant) {
            const int changes = variant % 4 == 3 ? 4 : 1;
            const std::string damaged = corrupted(text, base + variant, changes, log);
            const Counts c = counts(parse(damaged));
            const std::string what = "seed " + std::to_string(base + variant) + " changes " + log + ": " + describe(c)
                + "; clean input " + describe(full);
            QVERIFY2(c.lines == countLines(damaged), what.c_str());
            QVERIFY2(c.threads <= full.threads + 2 * static_cast<std::size_t>(changes), what.c_str());
        }
    }

    void redressed_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("redressed");
        QTest::addColumn<bool>("sameFrames");
        for (const CorpusEntry& e : corpus()) {
            if (e.fuzzed)
                continue;
            const std::string_view t = view(e.bytes);
            auto row = [&](const char* how, const std::string& text, bool frames) {
                QTest::addRow("%s, %s", e.name.constData(), how)
                    << e.bytes << QByteArray::fromStdString(text) << frames;
            };
            row("CRLF", withCrlf(t), true);
            row("mixed CRLF", withCrlf(t, 2), true);
            row("serial console CR CR LF", withCrlf(t, 1, "\r\r"), true);
            row("mail quoted", quoted(t, "> "), true);
            row("quoted twice with CRLF", withCrlf(quoted(t, ">> ")), true);
            row("quoted with a space between marks", quoted(t, "> > "), true);
            row("leading tabs", leadingTabs(t), false);
            row("mixed alignment tabs", alignmentTabs(t), false);
        }
    }

    void redressed()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, redressed);
        QFETCH(bool, sameFrames);
        const Counts clean = counts(parse(view(input)));
        const Counts c = counts(parse(view(redressed)));
        const std::string what = describe(c) + "; clean input " + describe(clean);
        QVERIFY2(c.threads == clean.threads, what.c_str());
        QVERIFY2(c.lines == clean.lines, what.c_str());
        if (sameFrames) {
            QVERIFY2(c.frames == clean.frames, what.c_str());
            QVERIFY2(c.reports == clean.reports && c.counters == clean.counters, what.c_str());
        }
    }

    void outputCut_data()
    {
        QTest::addColumn<QByteArray>("input");
        for (const CorpusEntry& e : corpus())
            if (!e.fuzzed)
                QTest::addRow("%s", e.name.constData()) << e.bytes;
    }

    void outputCut()
    {
        QFETCH(QByteArray, input);
        const std::string_view text = view(input);
        const Counts clean = counts(parse(text));
        const std::vector<std::size_t> starts = lineStarts(text);
        if (starts.size() < 3)
            QSKIP("too short to cut");
        // between two blocks (at a blank line near the middle): nothing is lost
        const std::size_t middle = starts.size() / 2;
        for (std::size_t i = middle, j = middle; i > 0 || j<starts.size(); i = i> 0 ? i - 1 : 0, ++j) {
            auto blankAt = [&](std::size_t k) {
                return k < starts.size() && text.substr(starts[k], 1).find_first_not_of("\r\n") != 0;
            };
            const std::size_t at = blankAt(i) ? i : blankAt(j) ? j : starts.size();
            if (at == starts.size())
                continue;
            const Counts c = counts(parse(insertLine(text, at, "... OUTPUT CUT ...")));
            QVERIFY2(c.threads == clean.threads, (describe(c) + "; clean " + describe(clean)).c_str());
            break;
        }
        // inside a block: the block may end there, the rest may stand alone, nothing else changes
        const Counts c = counts(parse(insertLine(text, middle, "... OUTPUT CUT ...")));
        const std::string what = describe(c) + "; clean " + describe(clean);
        QVERIFY2(c.threads + 1 >= clean.threads && c.threads <= clean.threads + 1, what.c_str());
        QVERIFY2(c.lines == clean.lines + 1, what.c_str());
    }

    void forcedFormat_data()
    {
        cutShort_data();
    }

    void forcedFormat()
    {
        // every parser is offered every input: what is not its format must not break it
        QFETCH(QByteArray, input);
        for (Format f : synthetic::allFormats) {
            const Counts c = counts(parse(view(input), f));
            QVERIFY2(c.lines == countLines(view(input)), formatName(f));
        }
    }
};

QTEST_GUILESS_MAIN(TestHostileInput)
#include "tst_hostileinput.moc"
