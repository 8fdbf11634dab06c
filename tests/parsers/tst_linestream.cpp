// SPDX-License-Identifier: GPL-2.0-or-later
// Line cleaning shared by every parser: quoting, syslog/journald prefixes, dmesg timestamps.
#include <hvdump/parsers/linestream.h>

#include <QTest>

using namespace hvdump::parsers;

class TestLineStream : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cleansPrefixes_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("quoteDepth");
        QTest::addColumn<bool>("kernelLog");
        QTest::addColumn<double>("timestamp");
        QTest::addColumn<int>("callerCpu");

        QTest::addRow("plain") << QByteArray("  __send_to_port+0x1a/0x40") << QByteArray("  __send_to_port+0x1a/0x40")
                               << 0 << false << -1.0 << -1;
        QTest::addRow("crlf") << QByteArray("#0  foo () at a.c:3\r") << QByteArray("#0  foo () at a.c:3") << 0 << false
                              << -1.0 << -1;
        QTest::addRow("mail quote") << QByteArray("> queued_spin_lock_slowpath")
                                    << QByteArray("queued_spin_lock_slowpath") << 1 << false << -1.0 << -1;
        QTest::addRow("nested quote") << QByteArray(">> > text") << QByteArray("text") << 3 << false << -1.0 << -1;
        QTest::addRow("dmesg timestamp") << QByteArray("[  123.456789] Call Trace:") << QByteArray("Call Trace:") << 0
                                         << true << 123.456789 << -1;
        QTest::addRow("timestamp and caller cpu")
            << QByteArray("[   12.500000][    C3]  <IRQ>") << QByteArray(" <IRQ>") << 0 << true << 12.5 << 3;
        QTest::addRow("log level") << QByteArray("<4>[    1.000000] INFO: task") << QByteArray("INFO: task") << 0
                                   << true << 1.0 << -1;
        QTest::addRow("syslog kernel") << QByteArray(
            "Nov 21 10:00:01 host1 kernel: [ 5.000000] watchdog: BUG: soft lockup")
                                       << QByteArray("watchdog: BUG: soft lockup") << 0 << true << 5.0 << -1;
        QTest::addRow("journald iso") << QByteArray("2026-11-21T10:00:01.123456+00:00 host1 kernel: Call Trace:")
                                      << QByteArray("Call Trace:") << 0 << true << -1.0 << -1;
        QTest::addRow("syslog other daemon")
            << QByteArray("Nov  1 09:08:07 h libvirtd[812]: cannot acquire state change lock")
            << QByteArray("cannot acquire state change lock") << 0 << false << -1.0 << -1;
        QTest::addRow("dmesg -x facility")
            << QByteArray("kern  :warn  : [  1.5] hung") << QByteArray("hung") << 0 << true << 1.5 << -1;
        QTest::addRow("bracket that is not a timestamp")
            << QByteArray("[<ffffffff81000000>] foo+0x1/0x2") << QByteArray("[<ffffffff81000000>] foo+0x1/0x2") << 0
            << false << -1.0 << -1;
    }

    void cleansPrefixes()
    {
        QFETCH(QByteArray, raw);
        QFETCH(QByteArray, text);
        QFETCH(int, quoteDepth);
        QFETCH(bool, kernelLog);
        QFETCH(double, timestamp);
        QFETCH(int, callerCpu);
        Line l = cleanLine(std::string_view(raw.constData(), raw.size()), 7, 1024);
        QCOMPARE(QByteArray(l.text.data(), l.text.size()), text);
        QCOMPARE(int(l.quoteDepth), quoteDepth);
        QCOMPARE(l.kernelLog, kernelLog);
        QCOMPARE(l.timestamp, timestamp);
        QCOMPARE(int(l.callerCpu), callerCpu);
        QCOMPARE(l.number, 7u);
    }

    void streamsLinesWithLookahead()
    {
        const std::string input = "one\ntwo\r\n\nfour";
        LineStream s(input);
        QVERIFY(s.peek(3));
        QCOMPARE(s.peek(3)->text, std::string_view("four"));
        QVERIFY(!s.peek(4));
        QCOMPARE(s.peek()->number, 1u);
        s.advance(2);
        QCOMPARE(s.peek()->text, std::string_view(""));
        QCOMPARE(s.peek()->number, 3u);
        s.advance(2);
        QVERIFY(s.atEnd());
        QCOMPARE(s.linesRead(), 4u);
    }

    void cutsOverlongLines()
    {
        const std::string input = std::string(5000, 'x') + "\nshort\n";
        LineStream s(input, 100);
        QVERIFY(s.peek()->truncated);
        QCOMPARE(s.peek()->text.size(), std::size_t(100));
        s.advance();
        QCOMPARE(s.peek()->text, std::string_view("short"));
        QCOMPARE(s.truncatedLines(), 1u);
        QCOMPARE(s.firstTruncatedLine(), 1u);
    }

    void stopsWhenCancelled()
    {
        std::string input;
        for (int i = 0; i < 100000; ++i)
            input += "line\n";
        std::stop_source stop;
        stop.request_stop();
        LineStream s(input);
        s.setStopToken(stop.get_token());
        std::size_t n = 0;
        while (s.peek()) {
            s.advance();
            ++n;
        }
        QVERIFY(s.cancelled());
        QVERIFY(n < 10000);
    }
};

QTEST_GUILESS_MAIN(TestLineStream)
#include "tst_linestream.moc"
