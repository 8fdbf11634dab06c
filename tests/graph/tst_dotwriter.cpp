// SPDX-License-Identifier: GPL-2.0-or-later
// DOT output of a wait-for graph, compared with golden files under tests/data/graph/ (regenerate
// with HVDUMP_UPDATE_GOLDEN=1, then review the diff), plus label escaping.
#include "graphfixture.h"

#include <hvdump/graph/detectors.h>
#include <hvdump/graph/dotwriter.h>

#include <QFile>
#include <QTest>

using namespace hvdump::graph;
using namespace hvdump::graph::test;
using namespace Qt::StringLiterals;

namespace {

// a spinner at the root of a chain, an ABBA deadlock, a signalled event and a timed wait
void mixedGraph(GraphFixture& f)
{
    VertexId cpu3 = f.context("CPU 3", { "virtqueue_get_buf+0x5/0x90", "__send_to_port.isra.0+0x10/0x80" }, 3);
    VertexId host = f.resource(ResourceKind::External, "host drains TX virtqueue");
    f.spins(cpu3, host);
    f.g[cpu3].irqsOff = true;
    VertexId outvq = f.resource(ResourceKind::Spinlock, "outvq_lock");
    f.holds(outvq, cpu3, WaitMode::Exclusive, Confidence::Stated);
    VertexId khvcd = f.context("khvcd", { "queued_spin_lock_slowpath", "_raw_spin_lock_irqsave", "__hvc_poll" }, 2);
    f.g[khvcd].count = 3;
    EdgeId e = f.spins(khvcd, outvq);
    f.g[e].confidence = Confidence::Inferred;

    VertexId t1 =
        f.context("worker \"one\" \\ tab\there", { "__lll_lock_wait", "pthread_mutex_lock", "take_a_then_b" });
    VertexId t2 = f.context("worker two", { "__lll_lock_wait", "pthread_mutex_lock", "take_b_then_a" });
    VertexId a = f.resource(ResourceKind::Mutex, "A");
    VertexId b = f.resource(ResourceKind::RwLock, "B");
    f.holds(a, t1);
    f.waits(t1, b, WaitMode::Write);
    f.holds(b, t2, WaitMode::Read);
    f.waits(t2, a);

    VertexId sleeper = f.context("sleeper", { "pthread_cond_timedwait", "periodic_flush" });
    VertexId ev = f.resource(ResourceKind::Event, "flush done");
    EdgeId timed = f.waits(sleeper, ev);
    f.g[timed].timed = true;
    VertexId io = f.context("iothread", { "io_submit" });
    f.g[io].live = true;
    f.signals(ev, io);
    f.report(hvdump::parsers::ReportKind::SoftLockup, 3, -1, "watchdog: BUG: soft lockup - CPU#3 stuck for 22s!");
}

} // namespace

class TestDotWriter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void golden()
    {
        GraphFixture f;
        mixedGraph(f);
        const std::vector<Finding> findings = runDetectors(f.g, f.dump);
        QCOMPARE(findings.size(), std::size_t(3)); // deadlock, spin, stall behind the spinner
        const std::string dot = toDot(f.g, f.dump, findings);
        QCOMPARE(toDot(f.g, f.dump, findings), dot); // deterministic

        const QString path = QString::fromUtf8(HVDUMP_SOURCE_DIR) + u"/tests/data/graph/mixed.dot.expected"_s;
        if (qEnvironmentVariableIsSet("HVDUMP_UPDATE_GOLDEN")) {
            QFile out(path);
            QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
            out.write(dot.data(), qint64(dot.size()));
        }
        QFile in(path);
        QVERIFY2(in.open(QIODevice::ReadOnly), qPrintable(path));
        QCOMPARE(QString::fromStdString(dot), QString::fromUtf8(in.readAll()));
    }

    void marksCycleAndSpinner()
    {
        GraphFixture f;
        mixedGraph(f);
        const QString dot = QString::fromStdString(toDot(f.g, f.dump, runDetectors(f.g, f.dump)));
        QCOMPARE(dot.count(u"color=red, fontcolor=red"_s), 4); // the four edges of the ABBA cycle
        QCOMPARE(dot.count(u"\\nspinning"_s), 2);
        QCOMPARE(dot.count(u"shape=diamond, style=dashed"_s), 1);
        QCOMPARE(dot.count(u"style=dotted"_s), 1);
        QVERIFY(dot.contains(u"waits, timed\\ninferred"_s) || dot.contains(u"waits, timed\\nderived"_s));
    }

    void escapes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("escaped");
        QTest::addRow("plain") << u"mutex A"_s << u"mutex A"_s;
        QTest::addRow("quotes") << u"say \"hi\""_s << u"say \\\"hi\\\""_s;
        QTest::addRow("backslash") << u"a\\b"_s << u"a\\\\b"_s;
        QTest::addRow("newline") << u"a\nb"_s << u"a\\nb"_s;
        QTest::addRow("control characters") << u"a\tb\x01"_s << u"a b "_s;
    }

    void escapes()
    {
        QFETCH(QString, text);
        QFETCH(QString, escaped);
        QCOMPARE(QString::fromStdString(dotEscape(text.toStdString())), escaped);
    }
};

QTEST_GUILESS_MAIN(TestDotWriter)
#include "tst_dotwriter.moc"
