// SPDX-License-Identifier: GPL-2.0-or-later
// elfutils eu-stack output captured from real processes: plain, -s -m (source and module), -i -a
// (inlined frames and activations), -v -b (build ids), -1 (one thread), -n (frame limit), C++
// and Rust symbols, mail-quoted CRLF, vdso and symbol-less frames, and what cannot be read.
#include "parsertests.h"

#include <hvdump/parsers/dumpparser.h>
#include <hvdump/parsers/eustackparser.h>
#include <hvdump/parsers/linestream.h>

#include <QFile>
#include <QTest>

using namespace hvdump::parsers;
using namespace hvdump::parsers::test;
using namespace Qt::StringLiterals;

namespace {

QByteArray readData(const QString& name)
{
    return readSourceFile(u"tests/data/eustack/"_s + name);
}

} // namespace

class TestEuStackParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void threads_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("threads");
        QTest::addColumn<QList<int>>("frames"); // per thread
        QTest::addColumn<QList<int>>("tids");
        QTest::addColumn<int>("lastLine"); // of the region

        QTest::addRow("plain") << u"c_abba_plain.txt"_s << 3 << QList<int> { 6, 5, 5 }
                               << QList<int> { 1470, 1472, 1473 } << 20;
        QTest::addRow("-s -m") << u"c_abba_source_module.txt"_s << 3 << QList<int> { 6, 5, 5 }
                               << QList<int> { 1470, 1472, 1473 } << 35;
        QTest::addRow("-i -s -m -a") << u"c_abba_inlines_activation.txt"_s << 3 << QList<int> { 7, 7, 7 }
                                     << QList<int> { 1470, 1472, 1473 } << 45;
        QTest::addRow("-v -b") << u"c_abba_verbose_buildid.txt"_s << 3 << QList<int> { 7, 7, 7 }
                               << QList<int> { 1470, 1472, 1473 } << 66;
        QTest::addRow("-1") << u"c_abba_one_tid.txt"_s << 1 << QList<int> { 5 } << QList<int> { 1472 } << 6;
        QTest::addRow("-n 3") << u"c_abba_max_frames.txt"_s << 3 << QList<int> { 3, 3, 3 }
                              << QList<int> { 1470, 1472, 1473 } << 16;
        QTest::addRow("mail quoted, CRLF")
            << u"c_abba_mail_quoted_crlf.txt"_s << 3 << QList<int> { 6, 5, 5 } << QList<int> { 1470, 1472, 1473 } << 35;
        QTest::addRow("C++ with -i") << u"cxx_templates_inlines.txt"_s << 3 << QList<int> { 8, 17, 16 }
                                     << QList<int> { 10064, 10066, 10067 } << 82;
        QTest::addRow("Rust, raw symbols")
            << u"rust_mangled.txt"_s << 3 << QList<int> { 15, 15, 15 } << QList<int> { 10258, 10260, 10261 } << 49;
        QTest::addRow("Rust with -i -s -m") << u"rust_inlines_source.txt"_s << 3 << QList<int> { 16, 16, 15 }
                                            << QList<int> { 10258, 10260, 10261 } << 94;
        QTest::addRow("vdso, no symbol, unwind error")
            << u"c_vdso_unknown_symbols.txt"_s << 2 << QList<int> { 5, 1 } << QList<int> { 4242, 4250 } << 10;
    }

    void threads()
    {
        QFETCH(QString, file);
        QFETCH(int, threads);
        QFETCH(QList<int>, frames);
        QFETCH(QList<int>, tids);
        QFETCH(int, lastLine);
        ParseResult r = parseBytes(readData(file));
        QCOMPARE(int(r.dump.threads.size()), threads);
        for (int i = 0; i < threads; ++i) {
            const Thread& t = r.dump.threads[std::size_t(i)];
            QCOMPARE(t.format, Format::EuStack);
            QCOMPARE(int(t.frames.size()), frames[i]);
            QCOMPARE(int(t.tid), tids[i]);
            QCOMPARE(str(r.dump, t.id), u"TID "_s + QString::number(tids[i]));
            QCOMPARE(t.state, ThreadState::Unknown);
        }
        QCOMPARE(int(r.dump.regions.size()), 1);
        QCOMPARE(r.dump.regions[0].format, Format::EuStack);
        QCOMPARE(int(r.dump.regions[0].span.first), 1);
        QCOMPARE(int(r.dump.regions[0].span.last), lastLine);
    }

    void frames_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("thread");
        QTest::addColumn<int>("frame");
        QTest::addColumn<quint64>("address");
        QTest::addColumn<QString>("function");
        QTest::addColumn<QString>("module");
        QTest::addColumn<QString>("source");
        QTest::addColumn<bool>("inlined");
        QTest::addColumn<int>("firstLine");
        QTest::addColumn<int>("lastLine");

        QTest::addRow("plain top frame") << u"c_abba_plain.txt"_s << 1 << 0 << quint64(0x00007f6c8574112b)
                                         << u"__GI___lll_lock_wait"_s << QString() << QString() << false << 10 << 10;
        QTest::addRow("versioned symbol")
            << u"c_abba_plain.txt"_s << 1 << 1 << quint64(0x00007f6c85747482) << u"__pthread_mutex_lock@GLIBC_2.2.5"_s
            << QString() << QString() << false << 11 << 11;
        QTest::addRow("source and module")
            << u"c_abba_source_module.txt"_s << 1 << 2 << quint64(0x000055f3772d21d2) << u"take_a_then_b"_s
            << u"/tmp/abba"_s << u"/work/main/tests/data/programs/abba.c:17"_s << false << 19 << 20;
        QTest::addRow("module without source") << u"c_abba_source_module.txt"_s << 0 << 5 << quint64(0x000055f3772d20d1)
                                               << u"_start"_s << u"/tmp/abba"_s << QString() << false << 13 << 13;
        QTest::addRow("inlined: same pc as the next frame")
            << u"c_abba_inlines_activation.txt"_s << 1 << 0 << quint64(0x00007f6c8574112b) << u"futex_wait"_s
            << u"/usr/lib/x86_64-linux-gnu/libc.so.6"_s << u"../sysdeps/nptl/futex-internal.h:146"_s << true << 17
            << 18;
        QTest::addRow("what it was inlined into, activation")
            << u"c_abba_inlines_activation.txt"_s << 1 << 3 << quint64(0x00007f6c85747482) << u"___pthread_mutex_lock"_s
            << u"/usr/lib/x86_64-linux-gnu/libc.so.6"_s << u"./nptl/pthread_mutex_lock.c:93"_s << false << 23 << 24;
        QTest::addRow("build id line skipped")
            << u"c_abba_verbose_buildid.txt"_s << 1 << 4 << quint64(0x000055f3772d21d2) << u"take_a_then_b"_s
            << u"/tmp/abba"_s << u"/work/main/tests/data/programs/abba.c:17"_s << false << 36 << 38;
        QTest::addRow("C++ demangled with parameters")
            << u"cxx_templates_inlines.txt"_s << 1 << 6 << quint64(0x000055cffdefcd52)
            << u"std::lock_guard<std::mutex>::lock_guard(std::mutex&)"_s << u"/tmp/cap/cxx_deadlock"_s
            << u"/usr/include/c++/12/bits/std_mutex.h:229"_s << false << 30 << 31;
        QTest::addRow("C++ lambda with const")
            << u"cxx_templates_inlines.txt"_s << 1 << 8 << quint64(0x000055cffdefb40a)
            << u"main::{lambda()#1}::operator()() const"_s << u"/tmp/cap/cxx_deadlock"_s
            << u"/tmp/cap/cxx_deadlock.cpp:54"_s << false << 34 << 35;
        QTest::addRow("C++ no symbol, module only")
            << u"cxx_templates_inlines.txt"_s << 1 << 14 << quint64(0x00007fad45ad44a3) << QString()
            << u"/usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30"_s << QString() << false << 46 << 46;
        QTest::addRow("Rust legacy symbol as printed")
            << u"rust_mangled.txt"_s << 1 << 3 << quint64(0x0000564eb957d10f)
            << u"_$LT$rust_deadlock..HotplugController$u20$as$u20$rust_deadlock..BusDevice$GT$::read::h4fd0968a943838c3"_s
            << QString() << QString() << false << 22 << 22;
        QTest::addRow("Rust v0 symbol as printed")
            << u"rust_mangled.txt"_s << 1 << 1 << quint64(0x0000564eb95994b6)
            << u"_RNvMNtNtNtNtCsjrHSEGnQ3l9_3std3sys4sync5mutex5futexNtB2_5Mutex14lock_contended"_s << QString()
            << QString() << false << 20 << 20;
        QTest::addRow("mail quoted CRLF")
            << u"c_abba_mail_quoted_crlf.txt"_s << 2 << 2 << quint64(0x000055f3772d2212) << u"take_b_then_a"_s
            << u"/tmp/abba"_s << u"/work/main/tests/data/programs/abba.c:26"_s << false << 30 << 31;
        QTest::addRow("vdso module") << u"c_vdso_unknown_symbols.txt"_s << 0 << 0 << quint64(0x00007ffd1b3f8a45)
                                     << u"__vdso_clock_gettime"_s << u"[vdso: 4242]"_s << QString() << false << 3 << 3;
        QTest::addRow("address only") << u"c_vdso_unknown_symbols.txt"_s << 0 << 3 << quint64(0x000055b1c4a0e8c2)
                                      << QString() << QString() << QString() << false << 6 << 6;
    }

    void frames()
    {
        QFETCH(QString, file);
        QFETCH(int, thread);
        QFETCH(int, frame);
        QFETCH(quint64, address);
        QFETCH(QString, function);
        QFETCH(QString, module);
        QFETCH(QString, source);
        QFETCH(bool, inlined);
        QFETCH(int, firstLine);
        QFETCH(int, lastLine);
        ParseResult r = parseBytes(readData(file));
        const Frame& f = r.dump.threads.at(std::size_t(thread)).frames.at(std::size_t(frame));
        QVERIFY(f.hasAddress);
        QCOMPARE(quint64(f.address), address);
        QCOMPARE(str(r.dump, f.function), function);
        QCOMPARE(str(r.dump, f.module), module);
        QString where = str(r.dump, f.file);
        if (f.line)
            where += u':' + QString::number(f.line);
        QCOMPARE(where, source);
        QCOMPARE(f.inlined, inlined);
        QCOMPARE(int(f.span.first), firstLine);
        QCOMPARE(int(f.span.last), lastLine);
    }

    void unwindErrorIsAttachedToItsThread()
    {
        ParseResult r = parseBytes(readData(u"c_vdso_unknown_symbols.txt"_s));
        const Thread& t = r.dump.threads.at(1);
        QVERIFY(str(r.dump, t.note).contains(u"No DWARF information found"_s));
        QCOMPARE(int(t.span.last), 10);
        QVERIFY(hasDiagnostic(r, codes::MalformedFrame, 10));
        QCOMPARE(r.status, ParseStatus::Complete); // a note, not a warning
    }

    void badInput_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("code");
        QTest::addColumn<int>("line");

        QTest::addRow("#x garbage level") << u"bad_lines.txt"_s << QString::fromLatin1(codes::MalformedFrame) << 5;
        QTest::addRow("unreadable TID line") << u"bad_lines.txt"_s << QString::fromLatin1(codes::MalformedHeader) << 6;
        QTest::addRow("address cut short") << u"bad_lines.txt"_s << QString::fromLatin1(codes::MalformedFrame) << 8;
        QTest::addRow("frame limit") << u"c_abba_max_frames.txt"_s << QString::fromLatin1(codes::TruncatedStack) << 11;
    }

    void badInput()
    {
        QFETCH(QString, file);
        QFETCH(QString, code);
        QFETCH(int, line);
        ParseResult r = parseBytes(readData(file));
        QVERIFY2(hasDiagnostic(r, qPrintable(code), std::uint32_t(line)), qPrintable(code));
        QCOMPARE(r.status, ParseStatus::Partial);
    }

    void badLinesKeepTheRest()
    {
        ParseResult r = parseBytes(readData(u"bad_lines.txt"_s));
        QCOMPARE(int(r.dump.threads.size()), 2);
        QCOMPARE(int(r.dump.threads[0].frames.size()), 2);
        // the thread after the unreadable TID line has no id, but keeps its readable frames
        QVERIFY(!r.dump.threads[1].id.valid() || str(r.dump, r.dump.threads[1].id).isEmpty());
        QCOMPARE(int(r.dump.threads[1].frames.size()), 2);
        QCOMPARE(str(r.dump, r.dump.threads[1].frames[1].function), u"take_a_then_b"_s);
    }

    void sniff_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("eustack");

        QTest::addRow("PID line") << QByteArray("PID 1234 - process\n") << true;
        QTest::addRow("core") << QByteArray("PID 1234 - core\n") << true;
        QTest::addRow("TID then frame") << QByteArray("TID 12:\n#0  0x00007f6c8574112b __GI___lll_lock_wait\n") << true;
        QTest::addRow("TID then prose") << QByteArray("TID 12:\nnothing here\n") << false;
        QTest::addRow("bare frame with symbol") << QByteArray("#0  0x00007f6c8574112b __GI___lll_lock_wait\n") << true;
        QTest::addRow("gdb frame") << QByteArray("#0  0x00007f6c8574112b in __GI___lll_lock_wait () at x.c:3\n")
                                   << false;
        QTest::addRow("systemd-coredump frame")
            << QByteArray("#0  0x00007ff185dacdff __GI___wait4 (libc.so.6 + 0xe5dff)\n") << false;
        QTest::addRow("short address") << QByteArray("#0  0x7f6c85 foo\n") << false;
    }

    void sniff()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, eustack);
        LineStream lines(std::string_view(text.constData(), std::size_t(text.size())));
        QCOMPARE(sniffEuStack(lines), eustack);
    }

    void stopsAtForeignText()
    {
        const QByteArray text = "TID 1472:\n"
                                "#0  0x00007f6c8574112b __GI___lll_lock_wait\n"
                                "#1  0x00007f6c85747482 __pthread_mutex_lock@GLIBC_2.2.5\n"
                                "\n"
                                "Both threads wait for a mutex; see the gdb output below.\n";
        ParseResult r = parseBytes(text);
        QCOMPARE(int(r.dump.threads.size()), 1);
        QCOMPARE(r.dump.regions[0].span, (LineSpan { 1, 3 }));
    }
};

QTEST_GUILESS_MAIN(TestEuStackParser)
#include "tst_eustackparser.moc"
