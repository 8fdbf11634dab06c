// SPDX-License-Identifier: GPL-2.0-or-later
// bpftrace map output: scalar, keyed and multi-key maps, "// comments" pasted after values (seed
// 002), histograms (one counter per bucket), stats(), kstack keys over several lines, seed 002 as
// mailed, and values that are not numbers.
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
    return readSourceFile(u"tests/data/bpftrace/"_s + name);
}

} // namespace

class TestBpftraceParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void counters_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("total");
        QTest::addColumn<int>("index");
        QTest::addColumn<QString>("map");
        QTest::addColumn<QString>("key");
        QTest::addColumn<qlonglong>("value");
        QTest::addColumn<int>("first");
        QTest::addColumn<int>("last");

        QTest::addRow("seed style, comment after the value")
            << u"seed_comments.txt"_s << 3 << 0 << u"@get_rx_ret"_s << u"0"_s << 4468052LL << 2 << 2;
        QTest::addRow("seed style, string key")
            << u"seed_comments.txt"_s << 3 << 2 << u"@sock_err"_s << u"recvmsg"_s << 0LL << 4 << 4;
        QTest::addRow("multi-key map") << u"maps_and_histograms.txt"_s << 13 << 0 << u"@calls"_s << u"vhost-48213, 7"_s
                                       << 4468061LL << 5 << 5;
        QTest::addRow("log2 bucket the line cleaner took for a timestamp")
            << u"maps_and_histograms.txt"_s << 13 << 4 << u"@peek"_s << u"[0]"_s << 3LL << 12 << 12;
        QTest::addRow("empty bucket") << u"maps_and_histograms.txt"_s << 13 << 5 << u"@peek"_s << u"[1]"_s << 0LL << 13
                                      << 13;
        QTest::addRow("range bucket") << u"maps_and_histograms.txt"_s << 13 << 6 << u"@peek"_s << u"[32K, 64K)"_s
                                      << 4385533LL << 14 << 14;
        QTest::addRow("scalar map") << u"maps_and_histograms.txt"_s << 13 << 7 << u"@total"_s << QString() << 4468073LL
                                    << 16 << 16;
        QTest::addRow("stats() average") << u"maps_and_histograms.txt"_s << 13 << 9 << u"@lat_us"_s << u"average"_s
                                         << 2LL << 18 << 18;
        QTest::addRow("kstack key over several lines")
            << u"maps_and_histograms.txt"_s << 13 << 11 << u"@"_s
            << u"vhost_get_vq_desc_n+420; get_rx_bufs+213; handle_rx+812; handle_rx_net+21"_s << 4468052LL << 20 << 25;
        QTest::addRow("negative key and value")
            << u"maps_and_histograms.txt"_s << 13 << 12 << u"@iters"_s << u"-1"_s << -3LL << 26 << 26;
        QTest::addRow("good entry after a bad one")
            << u"bad_value.txt"_s << 1 << 0 << u"@loops"_s << u"vhost-48214"_s << 17LL << 4 << 4;
    }

    void counters()
    {
        QFETCH(QString, file);
        QFETCH(int, total);
        QFETCH(int, index);
        const ParseResult r = parseBytes(readData(file));
        const Dump& d = r.dump;
        QCOMPARE(int(d.counters.size()), total);
        const Counter& c = d.counters[std::size_t(index)];
        QFETCH(QString, map);
        QCOMPARE(str(d, c.map), map);
        QFETCH(QString, key);
        QCOMPARE(str(d, c.key), key);
        QFETCH(qlonglong, value);
        QCOMPARE(qlonglong(c.value), value);
        QFETCH(int, first);
        QCOMPARE(int(c.span.first), first);
        QFETCH(int, last);
        QCOMPARE(int(c.span.last), last);
    }

    void regions()
    {
        // the prose around the seed's three lines is no part of the region
        const ParseResult seed = parseBytes(readData(u"seed_comments.txt"_s));
        QCOMPARE(int(seed.dump.regions.size()), 1);
        QCOMPARE(seed.dump.regions[0].format, Format::Bpftrace);
        QCOMPARE(int(seed.dump.regions[0].span.first), 2);
        QCOMPARE(int(seed.dump.regions[0].span.last), 4);
        // blank lines between maps and the header belong to one region
        const ParseResult maps = parseBytes(readData(u"maps_and_histograms.txt"_s));
        QCOMPARE(int(maps.dump.regions.size()), 1);
        QCOMPARE(int(maps.dump.regions[0].span.first), 2);
        QCOMPARE(int(maps.dump.regions[0].span.last), 26);
        QVERIFY(maps.diagnostics.empty());
    }

    void seed002AsMailed()
    {
        const QString path = QString::fromUtf8(HVDUMP_SOURCE_DIR) + u"/../shared/seeds/002_ff4daa39836f29b7.txt"_s;
        if (!QFile::exists(path))
            QSKIP("seed 002 is not beside the checkout (../shared/seeds)");
        const QByteArray seed = readFileOrStop(path);
        const ParseResult r = parseBytes(seed);
        const Dump& d = r.dump;
        QCOMPARE(int(d.counters.size()), 3);
        QCOMPARE(str(d, d.counters[1].map), u"@peek_ret"_s);
        QCOMPARE(str(d, d.counters[1].key), u"60366"_s);
        QCOMPARE(d.counters[1].value, std::int64_t(4385533));
        QCOMPARE(d.counters[2].value, std::int64_t(0));
    }

    void diagnostics()
    {
        const ParseResult r = parseBytes(readData(u"bad_value.txt"_s));
        QCOMPARE(int(r.diagnostics.size()), 1);
        QCOMPARE(r.diagnostics[0].code, std::string(codes::MalformedObject));
        QCOMPARE(r.diagnostics[0].line, 3u);
        QCOMPARE(r.status, ParseStatus::Partial);
    }

    void notBpftrace_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addRow("mail address") << QByteArray("@alice: see below\n");
        QTest::addRow("twitter handle in prose") << QByteArray("thanks @bob[at]example for the hint\n");
        QTest::addRow("histogram header without buckets") << QByteArray("@h:\nnothing here\n");
    }

    void notBpftrace()
    {
        QFETCH(QByteArray, text);
        const ParseResult r = parseBytes(text);
        QVERIFY(r.dump.counters.empty());
        for (const Region& region : r.dump.regions)
            QVERIFY(region.format != Format::Bpftrace);
    }
};

QTEST_GUILESS_MAIN(TestBpftraceParser)
#include "tst_bpftraceparser.moc"
