// SPDX-License-Identifier: GPL-2.0-or-later
// illumos / Solaris pstack(1): "lwp# N / thread# N" separators (either order), the process or
// core header, frames with and without arguments and offsets, a single-threaded process without
// separators, where the block ends, and a copy cut in the middle of a frame.
#include "parsertests.h"

#include <hvdump/parsers/dumpparser.h>

#include <QFile>
#include <QTest>

using namespace hvdump::parsers;
using namespace hvdump::parsers::test;
using namespace Qt::StringLiterals;

namespace {

QByteArray readData(const QString& name)
{
    return readSourceFile(u"tests/data/"_s + name);
}

// the pstack of a posted QEMU core (tests/data/realworld/SOURCES.md)
const QString qemuCore = u"realworld/pstack_illumos_qemu_assert_bql.txt"_s;

const QByteArray threadFirst = "-----------------  thread# 2 / lwp# 7  --------------------\n"
                               " feeb1a6c lwp_park  (0, 0, 0)\n"
                               " feeab6c4 cond_wait_queue (8066f20, 8066f08, 0) + 54\n"
                               " feeabb8c __cond_wait (8066f20, 8066f08) + 8c\n"
                               " 08051f2e worker   (8066f00) + 4e\n";

const QByteArray singleThread = "4242:\t/usr/sbin/bhyve -c 2 -m 1024 vm0\n"
                                " fffffd7fff1f9f0a ioctl    (3, 76657201, fffffd7fffdffd30)\n"
                                " 000000000041a1b3 ???????? ()\n"
                                " 0000000000415c2e main () + 3fe\n";

const QByteArray thenGdb = "-----------------  lwp# 1 / thread# 1  --------------------\n"
                           " fffffd7fff19a467 __lwp_park () + 17\n"
                           "(gdb) bt\n"
                           "#0  0x00007f3a5b7fe640 in poll () from /lib64/libc.so.6\n";

} // namespace

class TestPstackParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void threads_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("total");
        QTest::addColumn<int>("index");
        QTest::addColumn<QString>("id");
        QTest::addColumn<int>("tid");
        QTest::addColumn<int>("frames");
        QTest::addColumn<QString>("top");
        QTest::addColumn<int>("first");
        QTest::addColumn<int>("last");

        const QByteArray core = readData(qemuCore);
        QTest::addRow("core: main thread") << core << 3 << 0 << u"LWP 1"_s << 1 << 8 << u"__lwp_park"_s << 5 << 13;
        QTest::addRow("core: signal thread ends in _lwp_start")
            << core << 3 << 1 << u"LWP 2"_s << 2 << 6 << u"__sigtimedwait"_s << 14 << 20;
        QTest::addRow("core: cut in its third frame")
            << core << 3 << 2 << u"LWP 4"_s << 4 << 2 << u"_lwp_kill"_s << 21 << 24;
        QTest::addRow("thread# before lwp#, 32-bit pcs")
            << threadFirst << 1 << 0 << u"LWP 7"_s << 7 << 4 << u"lwp_park"_s << 1 << 5;
        QTest::addRow("single thread, no separator")
            << singleThread << 1 << 0 << QString() << -1 << 3 << u"ioctl"_s << 2 << 4;
    }

    void threads()
    {
        QFETCH(QByteArray, input);
        QFETCH(int, total);
        QFETCH(int, index);
        QFETCH(QString, id);
        QFETCH(int, tid);
        QFETCH(int, frames);
        QFETCH(QString, top);
        QFETCH(int, first);
        QFETCH(int, last);
        const ParseResult r = parseBytes(input);
        QCOMPARE(int(r.dump.threads.size()), total);
        const Thread& t = r.dump.threads[std::size_t(index)];
        QCOMPARE(t.format, Format::Pstack);
        QCOMPARE(str(r.dump, t.id), id);
        QCOMPARE(int(t.tid), tid);
        QCOMPARE(int(t.frames.size()), frames);
        QCOMPARE(str(r.dump, t.frames.front().function), top);
        QCOMPARE(int(t.span.first), first);
        QCOMPARE(int(t.span.last), last);
        QCOMPARE(t.state, ThreadState::Unknown);
    }

    void frames_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("thread");
        QTest::addColumn<int>("frame");
        QTest::addColumn<QString>("address");
        QTest::addColumn<QString>("function");
        QTest::addColumn<QString>("arguments");
        QTest::addColumn<QString>("offset"); // empty: none printed
        QTest::addColumn<int>("line");

        const QByteArray core = readData(qemuCore);
        QTest::addRow("pc, symbol, empty arguments, offset")
            << core << 0 << 1 << u"fffffd7fff191e81"_s << u"mutex_lock_impl"_s << QString() << u"181"_s << 7;
        QTest::addRow("QEMU frame in a static binary")
            << core << 0 << 4 << u"63ba86"_s << u"qemu_mutex_lock_iothread"_s << QString() << u"86"_s << 10;
        QTest::addRow("no offset") << core << 1 << 5 << u"fffffd7fff19a420"_s << u"_lwp_start"_s << QString()
                                   << QString() << 20;
        QTest::addRow("positional arguments, padded symbol")
            << threadFirst << 0 << 1 << u"feeab6c4"_s << u"cond_wait_queue"_s << u"8066f20, 8066f08, 0"_s << u"54"_s
            << 3;
        QTest::addRow("symbol padded to the arguments")
            << threadFirst << 0 << 3 << u"8051f2e"_s << u"worker"_s << u"8066f00"_s << u"4e"_s << 5;
        QTest::addRow("unknown symbol") << singleThread << 0 << 1 << u"41a1b3"_s << QString() << QString() << QString()
                                        << 3;
    }

    void frames()
    {
        QFETCH(QByteArray, input);
        QFETCH(int, thread);
        QFETCH(int, frame);
        QFETCH(QString, address);
        QFETCH(QString, function);
        QFETCH(QString, arguments);
        QFETCH(QString, offset);
        QFETCH(int, line);
        const ParseResult r = parseBytes(input);
        QVERIFY(thread < int(r.dump.threads.size()));
        const Thread& t = r.dump.threads[std::size_t(thread)];
        QVERIFY(frame < int(t.frames.size()));
        const Frame& f = t.frames[std::size_t(frame)];
        QVERIFY(f.hasAddress);
        QCOMPARE(QString::number(f.address, 16), address);
        QCOMPARE(str(r.dump, f.function), function);
        QCOMPARE(str(r.dump, f.arguments), arguments);
        QCOMPARE(f.hasOffset ? QString::number(f.offset, 16) : QString(), offset);
        QCOMPARE(int(f.span.first), line);
    }

    void regions()
    {
        // the pstack block ends where gdb's begins
        const ParseResult r = parseBytes(thenGdb);
        QCOMPARE(int(r.dump.regions.size()), 2);
        QCOMPARE(r.dump.regions[0].format, Format::Pstack);
        QCOMPARE(int(r.dump.regions[0].span.last), 2);
        QCOMPARE(r.dump.regions[1].format, Format::Gdb);
        QCOMPARE(int(r.dump.threads.size()), 2);
    }

    void badInput_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("code");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("frames"); // of the last thread: the cut frame is not kept

        QTest::addRow("cut inside the pc") << readData(qemuCore) << u"HVP011"_s << 24 << 2;
        QTest::addRow("cut inside the arguments")
            << QByteArray("-----------------  lwp# 3 / thread# 3  --------------------\n"
                          " fffffd7fff19a467 __lwp_park () + 17\n"
                          " fffffd7fff191e81 mutex_lock_impl (6f4c80, 0\n")
            << u"HVP011"_s << 3 << 1;
    }

    void badInput()
    {
        QFETCH(QByteArray, input);
        QFETCH(QString, code);
        QFETCH(int, line);
        QFETCH(int, frames);
        const ParseResult r = parseBytes(input);
        bool found = false;
        for (const Diagnostic& d : r.diagnostics)
            found = found || (QString::fromStdString(d.code) == code && int(d.line) == line);
        QVERIFY2(found, qPrintable(code));
        QVERIFY(!r.dump.threads.empty());
        QCOMPARE(int(r.dump.threads.back().frames.size()), frames);
    }
};

QTEST_GUILESS_MAIN(TestPstackParser)
#include "tst_pstackparser.moc"
