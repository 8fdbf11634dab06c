// SPDX-License-Identifier: GPL-2.0-or-later
// /proc/PID/stack: headers of every shape (tail's "==> path <==", "# cat path", grep -H "path:frame",
// a shell loop's "TID:"), old kernels' end marker, comm/status/wchan snippets, what stays the
// console's, and what cannot be read.
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
    return readSourceFile(u"tests/data/procstack/"_s + name);
}

} // namespace

class TestProcStackParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void threads_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("total");
        QTest::addColumn<int>("index");
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("state");
        QTest::addColumn<QString>("stateText");
        QTest::addColumn<int>("frames");
        QTest::addColumn<QString>("top");
        QTest::addColumn<QString>("topModule");
        QTest::addColumn<int>("first");
        QTest::addColumn<int>("last");
        QTest::addColumn<int>("sample");

        QTest::addRow("tail ==> header <==")
            << u"tail_headers.txt"_s << 2 << 0 << u"pid 2231"_s << QString() << u"unknown"_s << QString() << 4
            << u"do_sys_poll"_s << QString() << 2 << 6 << 0;
        QTest::addRow("tail header, comm snippet after the stack")
            << u"tail_headers.txt"_s << 2 << 1 << u"pid 2260"_s << u"rpc-worker"_s << u"unknown"_s << QString() << 7
            << u"futex_wait_queue"_s << QString() << 8 << 15 << 0;
        QTest::addRow("# cat, old kernel addresses and end marker")
            << u"cat_old_kernel.txt"_s << 3 << 0 << u"pid 4321"_s << QString() << u"unknown"_s << QString() << 12
            << u"vhost_work_flush"_s << u"vhost"_s << 1 << 14 << 0;
        QTest::addRow("grep -H: path on every line, one stack")
            << u"cat_old_kernel.txt"_s << 3 << 1 << u"pid 4321"_s << QString() << u"unknown"_s << QString() << 1
            << u"vhost_work_flush"_s << u"vhost"_s << 16 << 17 << 1;
        QTest::addRow("grep -H: an empty stack (task on a CPU)")
            << u"cat_old_kernel.txt"_s << 3 << 2 << u"pid 4330"_s << QString() << u"unknown"_s << QString() << 0
            << QString() << QString() << 18 << 18 << 1;
        QTest::addRow("shell loop TID: header, status snippet")
            << u"loop_and_status.txt"_s << 2 << 0 << u"pid 48213"_s << u"qemu-kvm"_s << u"uninterruptible"_s
            << u"D (disk sleep)"_s << 6 << u"vhost_dev_flush"_s << u"vhost"_s << 2 << 8 << 0;
        QTest::addRow("shell loop: running thread shows nothing")
            << u"loop_and_status.txt"_s << 2 << 1 << u"pid 48230"_s << QString() << u"unknown"_s << QString() << 0
            << QString() << QString() << 9 << 9 << 0;
        QTest::addRow("garbled frame skipped")
            << u"bad_garbled.txt"_s << 1 << 0 << u"pid 2262"_s << QString() << u"unknown"_s << QString() << 2
            << u"futex_wait_queue"_s << QString() << 1 << 4 << 0;
    }

    void threads()
    {
        QFETCH(QString, file);
        QFETCH(int, total);
        QFETCH(int, index);
        const ParseResult r = parseBytes(readData(file));
        const Dump& d = r.dump;
        QCOMPARE(int(d.threads.size()), total);
        const Thread& t = d.threads[std::size_t(index)];
        QCOMPARE(t.format, Format::ProcStack);
        QFETCH(QString, id);
        QCOMPARE(str(d, t.id), id);
        QFETCH(QString, name);
        QCOMPARE(str(d, t.name), name);
        QFETCH(QString, state);
        QCOMPARE(QString::fromUtf8(threadStateName(t.state)), state);
        QFETCH(QString, stateText);
        QCOMPARE(str(d, t.stateText), stateText);
        QFETCH(int, frames);
        QCOMPARE(int(t.frames.size()), frames);
        QFETCH(QString, top);
        QFETCH(QString, topModule);
        QCOMPARE(t.frames.empty() ? QString() : str(d, t.frames.front().function), top);
        QCOMPARE(t.frames.empty() ? QString() : str(d, t.frames.front().module), topModule);
        QFETCH(int, first);
        QCOMPARE(int(t.span.first), first);
        QFETCH(int, last);
        QCOMPARE(int(t.span.last), last);
        QFETCH(int, sample);
        QCOMPARE(int(t.sample), sample);
        for (const Frame& f : t.frames) {
            QCOMPARE(f.span.first, f.span.last);
            QVERIFY(!f.unreliable);
        }
    }

    void frameDetails()
    {
        const ParseResult r = parseBytes(readData(u"cat_old_kernel.txt"_s));
        const Dump& d = r.dump;
        const Frame& f = d.threads[0].frames[2];
        QCOMPARE(str(d, f.function), u"vhost_net_release"_s);
        QVERIFY(f.hasAddress);
        QCOMPARE(f.address, std::uint64_t(0xffffffffa05e163d));
        QCOMPARE(f.offset, std::uint64_t(0x4d));
        QCOMPARE(f.size, std::uint64_t(0xf0));
        QCOMPARE(int(f.span.first), 4);
        // [<0>] hides the address: none is claimed
        const ParseResult h = parseBytes(readData(u"tail_headers.txt"_s));
        QVERIFY(!h.dump.threads[0].frames[0].hasAddress);
    }

    void diagnostics()
    {
        const ParseResult r = parseBytes(readData(u"bad_garbled.txt"_s));
        QCOMPARE(int(r.diagnostics.size()), 1);
        QCOMPARE(r.diagnostics[0].code, std::string(codes::MalformedFrame));
        QCOMPARE(r.diagnostics[0].line, 3u);
        QCOMPARE(r.status, ParseStatus::Partial);
        const ParseResult clean = parseBytes(readData(u"tail_headers.txt"_s));
        QVERIFY(clean.diagnostics.empty());
    }

    void regions_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("formats");

        QTest::addRow("headerless block at column 0")
            << QByteArray("[<0>] futex_wait_queue+0x69/0xa0\n[<0>] __futex_wait+0x155/0x1d0\n") << u"proc-stack"_s;
        QTest::addRow("indented old console frames are not a /proc stack") << QByteArray(
            " [<ffffffff8163a909>] schedule+0x29/0x70\n [<ffffffff816385f9>] schedule_timeout+0x209/0x2d0\n")
                                                                           << u"console"_s;
        QTest::addRow("timestamped frames are the console's")
            << QByteArray("[  242.752008] Call Trace:\n[  242.754478] [<ffffffff80fe0612>] __schedule+0x32e/0xa88\n")
            << u"console"_s;
        QTest::addRow("prose after the block ends it")
            << QByteArray("# cat /proc/1/stack\n[<0>] ep_poll+0x2f5/0x360\nLooks idle to me.\n") << u"proc-stack"_s;
    }

    void regions()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, formats);
        const ParseResult r = parseBytes(text);
        QStringList got;
        for (const Region& region : r.dump.regions)
            got << QString::fromUtf8(formatName(region.format));
        QCOMPARE(got.join(u','), formats);
        if (formats == u"proc-stack"_s && text.endsWith("to me.\n"))
            QCOMPARE(int(r.dump.regions[0].span.last), 2);
    }
};

QTEST_GUILESS_MAIN(TestProcStackParser)
#include "tst_procstackparser.moc"
