// SPDX-License-Identifier: GPL-2.0-or-later
#include "guitestsupport.h"

#include <hvdump/app/gui/widgets/analysisjob.h>
#include <hvdump/tests/benchmarks/syntheticdumps.h>

#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace hvdump;
using namespace hvdump::gui;
using namespace Qt::StringLiterals;

class TestAnalysisJob : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void stagesArriveInOrder();
    void missingFileFails();
    void cancelStopsLongParse();
    void destroyedJobIsHarmless();

private:
    QTemporaryDir m_dir;
    QString m_bigDump;
};

void TestAnalysisJob::initTestCase()
{
    // 50 MB of gdb 'thread apply all bt': long enough to cancel in the middle of the parse
    QVERIFY(m_dir.isValid());
    m_bigDump = m_dir.filePath(u"big-gdb.txt"_s);
    synthetic::Generator generator(7);
    const std::string text = generator.make(parsers::Format::Gdb, synthetic::Limit { 50u << 20 });
    QFile file(m_bigDump);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(text.data(), static_cast<qint64>(text.size())), static_cast<qint64>(text.size()));
}

void TestAnalysisJob::stagesArriveInOrder()
{
    AnalysisJob job;
    QStringList order;
    connect(&job, &AnalysisJob::textLoaded, this, [&](RawTextPtr text) {
        QVERIFY(text && text->lineCount() > 100);
        order.append(u"text"_s);
    });
    connect(&job, &AnalysisJob::parsed, this, [&](AnalysisPtr a) {
        QVERIFY(!a->dump.threads.empty());
        QVERIFY(a->findings.empty()); // the graph is not built yet
        order.append(u"parsed"_s);
    });
    connect(&job, &AnalysisJob::analyzed, this, [&](AnalysisPtr a) {
        QCOMPARE(a->findings.size(), std::size_t(1));
        order.append(u"analyzed"_s);
    });
    connect(&job, &AnalysisJob::graphLaidOut, this, [&](LaidOutGraphPtr g) {
        QCOMPARE(g->graph.nodes().size(), std::size_t(4));
        QCOMPARE(g->layout.nodes.size(), std::size_t(4));
        order.append(u"graph"_s);
    });
    QSignalSpy finished(&job, &AnalysisJob::finished);
    QSignalSpy progress(&job, &AnalysisJob::progressChanged);
    job.start(
        test::samplePath(u"001_cloud_hypervisor_pause_deadlock.txt"_s), NodeFonts::fromBase(QGuiApplication::font()));
    QVERIFY(finished.wait(20000));
    QCOMPARE(order, (QStringList { u"text"_s, u"parsed"_s, u"analyzed"_s, u"graph"_s }));
    QVERIFY(!progress.isEmpty());
    QVERIFY(job.workerDone());
    QVERIFY(!job.isRunning());
}

void TestAnalysisJob::missingFileFails()
{
    AnalysisJob job;
    QSignalSpy failed(&job, &AnalysisJob::failed);
    QSignalSpy parsed(&job, &AnalysisJob::parsed);
    QSignalSpy finished(&job, &AnalysisJob::finished);
    job.start(u"/nonexistent/dump.txt"_s, NodeFonts::fromBase(QGuiApplication::font()));
    QVERIFY(finished.wait(10000));
    QCOMPARE(failed.count(), 1);
    QVERIFY(!failed.front().front().toString().isEmpty());
    QCOMPARE(parsed.count(), 0);
}

void TestAnalysisJob::cancelStopsLongParse()
{
    AnalysisJob job;
    QSignalSpy parsed(&job, &AnalysisJob::parsed);
    QSignalSpy cancelled(&job, &AnalysisJob::cancelled);
    QSignalSpy finished(&job, &AnalysisJob::finished);
    int lastPermille = 0;
    connect(&job, &AnalysisJob::progressChanged, this, [&](int permille, const QString&) { lastPermille = permille; });
    // the event loop keeps answering while the worker parses
    int ticks = 0;
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, this, [&]() { ++ticks; });
    ticker.start(10);
    QElapsedTimer clock;
    clock.start();
    job.start(m_bigDump, NodeFonts::fromBase(QGuiApplication::font()));
    // wait until the parser is well into the file (the reading phase reports 1 permille)
    QTRY_VERIFY_WITH_TIMEOUT(lastPermille > 60, 20000);
    const int ticksDuringParse = ticks;
    QVERIFY2(ticksDuringParse >= 5, qPrintable(QString::number(ticksDuringParse)));
    QVERIFY(job.isRunning());
    QCOMPARE(parsed.count(), 0);
    QElapsedTimer stopping;
    stopping.start();
    job.cancel();
    QTRY_VERIFY_WITH_TIMEOUT(job.workerDone(), 5000);
    const qint64 stopMs = stopping.elapsed();
    QVERIFY(finished.count() == 1 || finished.wait(5000));
    QCOMPARE(cancelled.count(), 1);
    QCOMPARE(parsed.count(), 0); // the parse never completed
    qInfo("cancel: the worker stopped %lld ms after cancel(), %d timer ticks while it parsed for %lld ms", stopMs,
        ticksDuringParse, clock.elapsed() - stopMs);
    QVERIFY2(stopMs < 2000, qPrintable(QString::number(stopMs)));
}

void TestAnalysisJob::destroyedJobIsHarmless()
{
    // a tab closed mid-parse: the worker stops on its own and nothing is delivered anywhere
    auto* job = new AnalysisJob;
    bool delivered = false;
    connect(job, &AnalysisJob::parsed, this, [&]() { delivered = true; });
    job->start(m_bigDump, NodeFonts::fromBase(QGuiApplication::font()));
    QTest::qWait(50);
    delete job;
    QTest::qWait(300);
    QVERIFY(!delivered);
}

QTEST_MAIN(TestAnalysisJob)
#include "tst_analysisjob.moc"
