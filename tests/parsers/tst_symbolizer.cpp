// SPDX-License-Identifier: GPL-2.0-or-later
// symbolize() on a real program: tests/data/programs/symbolize_target.c is built with the system
// cc (-g -O2) and run, and its own glibc backtrace (real addresses, a real ASLR slide) becomes the
// Dump that is symbolized: function, file:line, the inlined frame of mix() inside worker(), the
// slide inferred or given, kernel-style fn+off/size frames, frames of other modules left alone.
#include "targetprogram.h"

#include <hvdump/parsers/debuginfo.h>
#include <hvdump/parsers/symbolizer.h>

#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <thread>

using namespace hvdump::parsers;
using namespace Qt::StringLiterals;

namespace {

enum class Modules { Path, None };

/// A one-thread Dump of the program's backtrace; frames listed in named keep their SYMBOL+0xOFF.
Dump dumpOf(const targetprogram::Trace& trace, const QList<int>& named, Modules modules)
{
    Dump d;
    d.source = "backtrace.txt";
    Thread t;
    t.id = d.strings.intern("1");
    for (int i = 0; i < trace.frames.size(); ++i) {
        const targetprogram::BacktraceFrame& b = trace.frames[i];
        Frame f;
        f.address = b.address;
        f.hasAddress = true;
        bool ours = !b.module.contains(u"libc"_s);
        if (!ours || modules == Modules::Path)
            f.module = d.strings.intern(b.module.toStdString());
        if (named.contains(i) && b.hasOffset && !b.function.isEmpty()) {
            f.function = d.strings.intern(b.function.toStdString());
            f.offset = b.offset;
            f.hasOffset = true;
        }
        f.span = { static_cast<std::uint32_t>(i + 1), static_cast<std::uint32_t>(i + 1) };
        t.frames.push_back(f);
    }
    d.threads.push_back(std::move(t));
    d.samples.emplace_back();
    return d;
}

QString str(const Dump& d, StringId id)
{
    return QString::fromStdString(std::string(d.str(id)));
}

QString baseName(const Dump& d, StringId id)
{
    return QFileInfo(str(d, id)).fileName();
}

bool hasDiagnostic(const std::vector<Diagnostic>& diagnostics, const std::string& file, Severity severity)
{
    for (const Diagnostic& d : diagnostics) {
        if (d.code == codes::DebugInfo && d.file == file && d.severity == severity)
            return true;
    }
    return false;
}

} // namespace

class TestSymbolizer : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_skip;
    targetprogram::Built m_pie;
    targetprogram::Built m_fixed; // -no-pie

    void skipWithoutCompiler()
    {
        if (!m_skip.isEmpty())
            QSKIP(qPrintable(m_skip));
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (targetprogram::compiler().isEmpty()) {
            m_skip = u"no C compiler (cc) on PATH: the symbolization tests build their target program"_s;
            return;
        }
        QVERIFY(m_dir.isValid());
        QVERIFY(targetprogram::build(
            m_pie, m_dir.filePath(u"symbolize_target"_s), { u"-rdynamic"_s, u"-fPIE"_s, u"-pie"_s }));
        QVERIFY(targetprogram::build(
            m_fixed, m_dir.filePath(u"symbolize_target_fixed"_s), { u"-rdynamic"_s, u"-fno-pie"_s, u"-no-pie"_s }));
        for (const char* marker :
            { "capture", "mix-calls-capture", "worker-calls-mix", "helper-calls-worker", "main-calls-helper", "scale" })
            QVERIFY2(targetprogram::markerLine(QString::fromUtf8(marker)) > 0, marker);
    }

    void symbolizesBacktrace_data()
    {
        QTest::addColumn<bool>("fixed");
        QTest::addColumn<QList<int>>("named");
        QTest::addColumn<int>("slideGiven"); // 0 none, 1 --slide HEX, 2 --slide MODULE=HEX
        QTest::addColumn<bool>("modulePaths");
        QTest::addColumn<int>("votes");

        QTest::addRow("PIE, slide inferred from main+off") << false << QList<int> { 3 } << 0 << true << 1;
        QTest::addRow("PIE, slide inferred, frames name no module") << false << QList<int> { 3 } << 0 << false << 1;
        QTest::addRow("PIE, every frame fn+off") << false << QList<int> { 0, 1, 2, 3 } << 0 << true << 4;
        QTest::addRow("PIE, --slide HEX, addresses only") << false << QList<int> {} << 1 << true << 0;
        QTest::addRow("PIE, --slide MODULE=HEX") << false << QList<int> {} << 2 << true << 0;
        QTest::addRow("no PIE, unslid addresses only") << true << QList<int> {} << 0 << false << 0;
    }

    void symbolizesBacktrace()
    {
        skipWithoutCompiler();
        QFETCH(bool, fixed);
        QFETCH(QList<int>, named);
        QFETCH(int, slideGiven);
        QFETCH(bool, modulePaths);
        QFETCH(int, votes);
        const targetprogram::Built& b = fixed ? m_fixed : m_pie;
        QVERIFY(fixed ? b.slide() == 0 : b.slide() != 0);
        Dump d = dumpOf(b.trace, named, modulePaths ? Modules::Path : Modules::None);
        SymbolizeOptions options;
        if (slideGiven == 1)
            options.slide = b.slide();
        else if (slideGiven == 2)
            options.moduleSlides.emplace_back("symbolize_target", b.slide());
        std::vector<Diagnostic> diagnostics;
        SymbolizeSummary summary = symbolize(d, { b.info.get() }, options, diagnostics);

        QCOMPARE(summary.files.size(), std::size_t(1));
        QVERIFY(summary.files[0].slideKnown);
        QCOMPARE(summary.files[0].slide, b.slide());
        QCOMPARE(int(summary.files[0].slideVotes), votes);
        QCOMPARE(int(summary.files[0].slideAgreeing), votes);
        QCOMPARE(int(summary.files[0].symbolized), 5); // capture, worker, helper, main and _start
        QCOMPARE(int(summary.files[0].inlinedAdded), 1);
        QCOMPARE(int(summary.files[0].mismatched), 0);
        QVERIFY(hasDiagnostic(diagnostics, d.source, Severity::Note));

        const std::vector<Frame>& f = d.threads[0].frames;
        QCOMPARE(f.size(), std::size_t(b.trace.frames.size() + 1));
        const QStringList functions { u"capture"_s, u"mix"_s, u"worker"_s, u"helper"_s, u"main"_s };
        const QList<int> lines { targetprogram::markerLine(u"capture"_s),
            targetprogram::markerLine(u"mix-calls-capture"_s), targetprogram::markerLine(u"worker-calls-mix"_s),
            targetprogram::markerLine(u"helper-calls-worker"_s), targetprogram::markerLine(u"main-calls-helper"_s) };
        for (int i = 0; i < functions.size(); ++i) {
            QCOMPARE(str(d, f[i].function), functions[i]);
            QCOMPARE(baseName(d, f[i].file), i == 1 ? u"symbolize_target.h"_s : u"symbolize_target.c"_s);
            QCOMPARE(f[i].inlined, i == 1);
            QVERIFY(f[i].symbolized);
            QCOMPARE(int(f[i].span.first), i <= 1 ? i + 1 : i); // the inlined frame shares worker's line
        }
        // frame 0 is where backtrace() returns to: that line or the statement after it
        QVERIFY2(int(f[0].line) == lines[0] || int(f[0].line) == lines[0] + 1, qPrintable(QString::number(f[0].line)));
        for (int i = 1; i < functions.size(); ++i)
            QCOMPARE(int(f[i].line), lines[i]);
        QVERIFY(!f[1].hasAddress);
        QVERIFY(f[2].hasOffset); // worker+0x.. now reads like the kernel's fn+off
        QCOMPARE(f[2].offset, b.trace.frames[1].offset);
        QCOMPARE(str(d, f.back().function), u"_start"_s); // no DWARF: named from the symbol table
        QVERIFY(f.back().symbolized);
        // libc frames belong to no debug file given: untouched
        for (std::size_t i = functions.size(); i < f.size(); ++i) {
            if (str(d, f[i].module).contains(u"libc"_s)) {
                QVERIFY(!f[i].symbolized);
                QVERIFY(d.str(f[i].file).empty());
            }
        }
    }

    void symbolizesKernelStyleFrames_data()
    {
        QTest::addColumn<bool>("wrongSize");
        QTest::addRow("fn+off/size, no addresses") << false;
        QTest::addRow("worker's size from another build") << true;
    }

    void symbolizesKernelStyleFrames()
    {
        // the kernel's new-style trace prints "worker+0xb/0x15" and no address: symbol + offset
        // places the frame without any slide; a module frame in between stays as it is
        skipWithoutCompiler();
        QFETCH(bool, wrongSize);
        Dump d;
        Thread t;
        for (int i = 0; i < 4; ++i) {
            const targetprogram::BacktraceFrame& b = m_pie.trace.frames[i];
            std::optional<ElfSymbol> sym = m_pie.info->findSymbol(b.function.toStdString());
            QVERIFY(sym);
            Frame f;
            f.function = d.strings.intern(b.function.toStdString());
            f.offset = b.offset;
            f.size = sym->size + (wrongSize && i == 1 ? 0x10 : 0);
            f.hasOffset = f.hasSize = true;
            f.span = { std::uint32_t(10 + i), std::uint32_t(10 + i) };
            t.frames.push_back(f);
            if (i == 1) {
                Frame module;
                module.function = d.strings.intern("vhost_poll_flush");
                module.module = d.strings.intern("vhost");
                module.offset = 0x48;
                module.size = 0x60;
                module.hasOffset = module.hasSize = true;
                t.frames.push_back(module);
            }
        }
        d.threads.push_back(t);
        std::vector<Diagnostic> diagnostics;
        SymbolizeSummary summary = symbolize(d, { m_pie.info.get() }, {}, diagnostics);
        QCOMPARE(int(summary.files[0].mismatched), wrongSize ? 1 : 0);
        QCOMPARE(int(summary.files[0].needSlide), 0);
        QCOMPARE(int(summary.files[0].inlinedAdded), wrongSize ? 0 : 1);
        QStringList got;
        for (const Frame& f : d.threads[0].frames)
            got << str(d, f.function) + u':' + QString::number(f.line) + (f.inlined ? u" inlined"_s : QString());
        const int capture = int(d.threads[0].frames[0].line);
        QVERIFY(capture == targetprogram::markerLine(u"capture"_s)
            || capture == targetprogram::markerLine(u"capture"_s) + 1);
        QStringList expected { u"capture:"_s + QString::number(capture) };
        if (!wrongSize)
            expected << u"mix:%1 inlined"_s.arg(targetprogram::markerLine(u"mix-calls-capture"_s))
                     << u"worker:%1"_s.arg(targetprogram::markerLine(u"worker-calls-mix"_s));
        else
            expected << u"worker:0"_s;
        expected << u"vhost_poll_flush:0"_s << u"helper:%1"_s.arg(targetprogram::markerLine(u"helper-calls-worker"_s))
                 << u"main:%1"_s.arg(targetprogram::markerLine(u"main-calls-helper"_s));
        QCOMPARE(got, expected);
    }

    void symbolizesFromSeveralThreads()
    {
        // one set of debug files serves dumps symbolized in parallel (hvdump analyze -j)
        skipWithoutCompiler();
        std::vector<Diagnostic> diagnostics;
        targetprogram::Built fresh;
        QVERIFY(targetprogram::build(fresh, m_pie.binary, { u"-rdynamic"_s, u"-fPIE"_s, u"-pie"_s }));
        std::vector<QStringList> results(4);
        std::vector<std::thread> threads;
        for (std::size_t i = 0; i < results.size(); ++i) {
            threads.emplace_back([&, i] {
                for (int round = 0; round < 20; ++round) {
                    Dump d = dumpOf(m_pie.trace, { 3 }, Modules::Path);
                    std::vector<Diagnostic> local;
                    symbolize(d, { fresh.info.get() }, {}, local);
                    QStringList frames;
                    for (const Frame& f : d.threads[0].frames)
                        frames << str(d, f.function) + u':' + QString::number(f.line);
                    results[i] = frames;
                }
            });
        }
        for (std::thread& t : threads)
            t.join();
        Dump d = dumpOf(m_pie.trace, { 3 }, Modules::Path);
        symbolize(d, { m_pie.info.get() }, {}, diagnostics);
        QStringList expected;
        for (const Frame& f : d.threads[0].frames)
            expected << str(d, f.function) + u':' + QString::number(f.line);
        for (const QStringList& r : results)
            QCOMPARE(r, expected);
    }

    void inferredSlideCountsDisagreement()
    {
        skipWithoutCompiler();
        Dump d = dumpOf(m_pie.trace, { 0, 1, 2, 3 }, Modules::Path);
        d.threads[0].frames[2].offset += 0x40; // helper+off printed by another build
        std::vector<Diagnostic> diagnostics;
        SymbolizeSummary summary = symbolize(d, { m_pie.info.get() }, {}, diagnostics);
        QCOMPARE(summary.files[0].slide, m_pie.slide());
        QCOMPARE(int(summary.files[0].slideVotes), 4);
        QCOMPARE(int(summary.files[0].slideAgreeing), 3);
        bool reported = false;
        for (const Diagnostic& x : diagnostics)
            reported |= x.severity == Severity::Note && x.message.find("1 disagree") != std::string::npos;
        QVERIFY(reported);
    }

    void leavesForeignFramesAlone_data()
    {
        QTest::addColumn<QString>("module");
        QTest::addColumn<QString>("function");
        QTest::addColumn<int>("mismatched");

        QTest::addRow("kernel module frame [vhost]") << u"vhost"_s << QString() << 0;
        QTest::addRow("gdb frame from libc.so.6") << u"/lib/x86_64-linux-gnu/libc.so.6"_s << QString() << 0;
        QTest::addRow("frame names another function") << QString() << u"helper"_s << 1;
    }

    void acceptsAnotherNameOfTheFunction()
    {
        skipWithoutCompiler();
        Dump d;
        Thread t;
        Frame f;
        f.address = m_fixed.symbols.value(u"capture"_s) + 4;
        f.hasAddress = true;
        f.function = d.strings.intern("capture_alias"); // gdb may print any alias of the code
        t.frames.push_back(f);
        d.threads.push_back(t);
        std::vector<Diagnostic> diagnostics;
        SymbolizeSummary summary = symbolize(d, { m_fixed.info.get() }, {}, diagnostics);
        QCOMPARE(int(summary.files[0].mismatched), 0);
        const Frame& out = d.threads[0].frames[0];
        QVERIFY(out.symbolized);
        QCOMPARE(str(d, out.function), u"capture_alias"_s);
        QCOMPARE(baseName(d, out.file), u"symbolize_target.c"_s);
    }

    void leavesForeignFramesAlone()
    {
        skipWithoutCompiler();
        QFETCH(QString, module);
        QFETCH(QString, function);
        QFETCH(int, mismatched);
        Dump d;
        Thread t;
        Frame f;
        f.address = m_fixed.symbols.value(u"worker"_s) + 4; // inside worker, in a fixed-address program
        f.hasAddress = true;
        f.module = d.strings.intern(module.toStdString());
        f.function = d.strings.intern(function.toStdString());
        t.frames.push_back(f);
        d.threads.push_back(t);
        std::vector<Diagnostic> diagnostics;
        SymbolizeSummary summary = symbolize(d, { m_fixed.info.get() }, {}, diagnostics);
        QCOMPARE(d.threads[0].frames.size(), std::size_t(1));
        const Frame& out = d.threads[0].frames[0];
        QVERIFY(!out.symbolized);
        QCOMPARE(str(d, out.function), function);
        QVERIFY(d.str(out.file).empty());
        QCOMPARE(int(summary.files[0].mismatched), mismatched);
        QCOMPARE(hasDiagnostic(diagnostics, d.source, Severity::Warning), mismatched > 0);
    }

    void unknownPieSlideIsReported()
    {
        skipWithoutCompiler();
        Dump d = dumpOf(m_pie.trace, {}, Modules::Path);
        std::vector<Diagnostic> diagnostics;
        SymbolizeSummary summary = symbolize(d, { m_pie.info.get() }, {}, diagnostics);
        QVERIFY(!summary.files[0].slideKnown);
        QCOMPARE(int(summary.files[0].symbolized), 0);
        QVERIFY(hasDiagnostic(diagnostics, d.source, Severity::Warning));
        for (const Frame& f : d.threads[0].frames)
            QVERIFY(!f.symbolized);
    }

    void moduleKey_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("key");
        QTest::addRow("gdb from path") << u"/lib/x86_64-linux-gnu/libc.so.6"_s << u"libc"_s;
        QTest::addRow("versioned library") << u"libc-2.36.so"_s << u"libc"_s;
        QTest::addRow("library debug file") << u"libstdc++.so.6.0.30.debug"_s << u"libstdc++"_s;
        QTest::addRow("kernel module") << u"vhost_net.ko"_s << u"vhost_net"_s;
        QTest::addRow("kernel module debug file") << u"/usr/lib/debug/vhost_net.ko.debug"_s << u"vhost_net"_s;
        QTest::addRow("compressed module") << u"vhost.ko.xz"_s << u"vhost"_s;
        QTest::addRow("bracketed, dash") << u"[vhost-net]"_s << u"vhost_net"_s;
        QTest::addRow("kernel image") << u"/boot/vmlinux-6.1.0-13-amd64"_s << u"vmlinux_6.1.0_13_amd64"_s;
        QTest::addRow("program") << u"/usr/bin/qemu-system-x86_64"_s << u"qemu_system_x86_64"_s;
    }

    void moduleKey()
    {
        QFETCH(QString, name);
        QFETCH(QString, key);
        QCOMPARE(QString::fromStdString(hvdump::parsers::moduleKey(name.toStdString())), key);
    }
};

QTEST_GUILESS_MAIN(TestSymbolizer)
#include "tst_symbolizer.moc"
