// SPDX-License-Identifier: GPL-2.0-or-later
// The generic detectors on hand-built wait-for graphs: deadlock cycles (locks, events, rwlocks,
// self-deadlock, the enumeration bound), spins with and without evidence, lost wakeups, hang
// chains grouped by root, lockdep reports, and the cases that must stay silent.
#include "detectorscenarios.h"

#include <hvdump/graph/deadlockdetector.h>
#include <hvdump/graph/detectors.h>
#include <hvdump/graph/graphquery.h>
#include <hvdump/graph/signature.h>

#include <QElapsedTimer>
#include <QTest>

#include <algorithm>

using namespace hvdump::graph;
using namespace hvdump::graph::test;
using namespace hvdump::graph::test::detector;
using hvdump::parsers::ReportKind;
using namespace Qt::StringLiterals;

namespace {

int countKind(const std::vector<Finding>& fs, FindingKind k)
{
    return int(std::count_if(fs.begin(), fs.end(), [&](const Finding& f) { return f.kind == k; }));
}

const Finding* first(const std::vector<Finding>& fs, FindingKind k)
{
    for (const Finding& f : fs)
        if (f.kind == k)
            return &f;
    return nullptr;
}

std::vector<Finding> run(void (*build)(GraphFixture&), GraphFixture& f)
{
    build(f);
    return runDetectors(f.g, f.dump);
}

} // namespace

class TestDetectors : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void findingsPerKind_data()
    {
        QTest::addColumn<int>("scenario");
        for (std::size_t i = 0; i < std::size(scenarios); ++i)
            QTest::addRow("%s", scenarios[i].name) << int(i);
    }

    void findingsPerKind()
    {
        QFETCH(int, scenario);
        const Scenario& s = scenarios[scenario];
        GraphFixture f;
        const std::vector<Finding> fs = run(s.build, f);
        QCOMPARE(countKind(fs, FindingKind::Deadlock), s.deadlocks);
        QCOMPARE(countKind(fs, FindingKind::Spin), s.spins);
        QCOMPARE(countKind(fs, FindingKind::LostWakeup), s.lostWakeups);
        QCOMPARE(countKind(fs, FindingKind::Stall), s.stalls);
        for (const Finding& x : fs) {
            QCOMPARE(x.signature.size(), std::size_t(16));
            QVERIFY(!x.title.empty());
            QVERIFY(!x.summary.empty());
        }
    }

    void deadlockCycles_data()
    {
        QTest::addColumn<int>("scenario");
        QTest::addColumn<int>("cycleLength");
        QTest::addColumn<QStringList>("contexts");
        QTest::addColumn<QString>("title");
        QTest::addColumn<int>("confidence");
        QTest::addRow("ABBA") << indexOf(abba) << 4 << QStringList { u"t1"_s, u"t2"_s }
                              << u"deadlock in transfer_a / transfer_b"_s << int(Confidence::Derived);
        QTest::addRow("three threads") << indexOf(threeCycle) << 6 << QStringList { u"t1"_s, u"t2"_s, u"t0"_s }
                                       << u"deadlock in worker"_s << int(Confidence::Derived);
        QTest::addRow("event edge") << indexOf(signalsCycle) << 4 << QStringList { u"vmm"_s, u"vcpu0"_s }
                                    << u"deadlock in CpuManager::signal_vcpus / AcpiCpuHotplugController::read"_s
                                    << int(Confidence::Inferred);
        QTest::addRow("rwlock writer/reader") << indexOf(rwlockWriter) << 4 << QStringList { u"w"_s, u"r"_s }
                                              << u"deadlock in reader / writer"_s << int(Confidence::Derived);
        QTest::addRow("self-deadlock") << indexOf(selfDeadlock) << 2 << QStringList { u"t"_s }
                                       << u"deadlock in recurse"_s << int(Confidence::Derived);
        QTest::addRow("recursive read behind a writer")
            << indexOf(rwlockRecursiveReadBehindWriter) << 2 << QStringList { u"r"_s } << u"deadlock in reader_again"_s
            << int(Confidence::Derived);
    }

    void deadlockCycles()
    {
        QFETCH(int, scenario);
        QFETCH(int, cycleLength);
        QFETCH(QStringList, contexts);
        QFETCH(QString, title);
        QFETCH(int, confidence);
        GraphFixture f;
        const std::vector<Finding> fs = run(scenarios[scenario].build, f);
        const Finding* d = first(fs, FindingKind::Deadlock);
        QVERIFY(d);
        QCOMPARE(d->cycles.size(), std::size_t(1));
        const std::vector<EdgeId>& cycle = d->cycles.front();
        QCOMPARE(int(cycle.size()), cycleLength);
        // closing edge last: its target is the cycle's first vertex, and it is a hold
        QCOMPARE(boost::target(cycle.back(), f.g), boost::source(cycle.front(), f.g));
        QCOMPARE(f.g[cycle.back()].kind, EdgeKind::Holds);
        for (std::size_t i = 0; i + 1 < cycle.size(); ++i)
            QCOMPARE(boost::target(cycle[i], f.g), boost::source(cycle[i + 1], f.g));
        QStringList members;
        for (const FindingMember& m : d->contexts)
            members << QString::fromStdString(m.label);
        members.sort();
        contexts.sort();
        QCOMPARE(members, contexts);
        QCOMPARE(QString::fromStdString(f.g[d->root].label),
            QString::fromStdString(f.g[boost::source(cycle.front(), f.g)].label));
        QCOMPARE(QString::fromStdString(d->title), title);
        QCOMPARE(int(d->confidence), confidence);
        QCOMPARE(d->edges.size(), cycle.size());
        QCOMPARE(d->evidence.size(), cycle.size()); // one evidence item per edge, none lost
    }

    void enumerationIsBounded()
    {
        GraphFixture f;
        complete8(f);
        QElapsedTimer timer;
        timer.start();
        const std::vector<Finding> fs = findDeadlocks(f.g, f.dump, DeadlockOptions {});
        QVERIFY2(timer.elapsed() < 2000, "bounded enumeration must stop quickly");
        QCOMPARE(fs.size(), std::size_t(1));
        QCOMPARE(fs.front().cycles.size(), std::size_t(64));
        QCOMPARE(fs.front().contexts.size(), std::size_t(8));
        QVERIFY(fs.front().summary.find("enumeration stopped at 64") != std::string::npos);
        for (const std::vector<EdgeId>& c : fs.front().cycles)
            QCOMPARE(boost::target(c.back(), f.g), boost::source(c.front(), f.g));

        GraphFixture small;
        abba(small);
        QVERIFY(findDeadlocks(small.g, small.dump).front().summary.find("stopped") == std::string::npos);

        // a component too big to enumerate: one shortest cycle stands for it, and the summary says so
        const std::vector<Finding> huge = findDeadlocks(f.g, f.dump, DeadlockOptions { 64, 4 });
        QCOMPARE(huge.size(), std::size_t(1));
        QCOMPARE(huge.front().cycles.size(), std::size_t(1));
        QCOMPARE(huge.front().cycles.front().size(), std::size_t(4));
        QVERIFY(huge.front().summary.find("enumeration stopped at 1") != std::string::npos);
    }

    void spinEvidence_data()
    {
        QTest::addColumn<int>("scenario");
        QTest::addColumn<int>("confidence");
        QTest::addColumn<QString>("evidence");
        QTest::addColumn<int>("evidenceLine");
        QTest::addColumn<QString>("title");
        QTest::addRow("soft lockup") << indexOf(spinSoftLockup) << int(Confidence::Derived) << u"soft lockup"_s << 900
                                     << u"spin in virtqueue_get_buf"_s;
        QTest::addRow("two samples") << indexOf(spinSamples) << int(Confidence::Derived) << u"in all 2 samples"_s << 1
                                     << u"spin in vhost_get_vq_desc_n"_s;
        QTest::addRow("counter naming a frame")
            << indexOf(spinCounter) << int(Confidence::Derived) << u"4468052"_s << 50 << u"spin in handle_rx"_s;
    }

    void spinEvidence()
    {
        QFETCH(int, scenario);
        QFETCH(int, confidence);
        QFETCH(QString, evidence);
        QFETCH(int, evidenceLine);
        QFETCH(QString, title);
        GraphFixture f;
        const std::vector<Finding> fs = run(scenarios[scenario].build, f);
        const Finding* s = first(fs, FindingKind::Spin);
        QVERIFY(s);
        QCOMPARE(s->root, VertexId(0));
        QCOMPARE(s->contexts.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(s->contexts.front().role), u"spinner"_s);
        QCOMPARE(int(s->confidence), confidence);
        QCOMPARE(QString::fromStdString(s->title), title);
        auto it = std::find_if(s->evidence.begin(), s->evidence.end(),
            [&](const Evidence& e) { return QString::fromStdString(e.what).contains(evidence); });
        QVERIFY(it != s->evidence.end());
        QCOMPARE(int(it->span.first), evidenceLine);
    }

    void stacklessLockup_data()
    {
        QTest::addColumn<int>("scenario");
        QTest::addColumn<QString>("who");
        QTest::addColumn<QList<int>>("evidenceLines");
        QTest::addColumn<QString>("title");
        QTest::addRow("soft lockup, task named")
            << indexOf(detector::lockupWithoutStack) << u"qemu-kvm (pid 1234) on CPU3"_s << QList<int> { 900 }
            << u"spin of qemu-kvm (stack not captured)"_s;
        QTest::addRow("hard lockup twice, cpu only")
            << indexOf(hardLockupTwiceWithoutStack) << u"CPU5"_s << QList<int> { 900, 950 }
            << u"spin of CPU5 (stack not captured)"_s;
        // the spinner on CPU3 has no evidence; the report for CPU1 has no stack
        QTest::addRow("report for another CPU than the spinner")
            << indexOf(spinOtherCpuReport) << u"CPU1"_s << QList<int> { 900 } << u"spin of CPU1 (stack not captured)"_s;
    }

    void stacklessLockup()
    {
        QFETCH(int, scenario);
        QFETCH(QString, who);
        QFETCH(QList<int>, evidenceLines);
        QFETCH(QString, title);
        GraphFixture f;
        const std::vector<Finding> fs = run(scenarios[scenario].build, f);
        const Finding* s = first(fs, FindingKind::Spin);
        QVERIFY(s);
        QCOMPARE(s->root, noVertex);
        QCOMPARE(int(s->confidence), int(Confidence::Stated));
        QCOMPARE(s->contexts.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(s->contexts.front().label), who);
        QCOMPARE(QString::fromStdString(s->contexts.front().role), u"spinner"_s);
        QVERIFY(QString::fromStdString(s->summary).contains(u"not captured"_s));
        QList<int> lines;
        for (const Evidence& e : s->evidence)
            lines.append(int(e.span.first));
        QCOMPARE(lines, evidenceLines);
        QVERIFY(s->keyFrames.empty());
        QCOMPARE(QString::fromStdString(s->title), title);
        // named by what the report names, so unrelated stackless lockups are not one hang
        QVERIFY(s->signature != makeSignature(FindingKind::Spin, {}));
    }

    void stacklessLockupSignatureFollowsTheCommand_data()
    {
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::addColumn<bool>("same");
        QTest::addRow("other tasks") << u"systemd"_s << u"grep"_s << false;
        QTest::addRow("per-CPU workers are one") << u"kworker/1:2"_s << u"kworker/3:0"_s << true;
        QTest::addRow("same task") << u"qemu-kvm"_s << u"qemu-kvm"_s << true;
    }

    void stacklessLockupSignatureFollowsTheCommand()
    {
        QFETCH(QString, a);
        QFETCH(QString, b);
        QFETCH(bool, same);
        auto signatureFor = [](const QString& task) {
            GraphFixture f;
            addReport(f, ReportKind::SoftLockup, 2, 77, "watchdog: BUG: soft lockup - CPU#2 stuck for 23s!");
            f.dump.reports.back().task = f.dump.strings.intern(task.toStdString());
            const std::vector<Finding> fs = runDetectors(f.g, f.dump);
            const Finding* s = first(fs, FindingKind::Spin);
            return s ? s->signature : std::string();
        };
        const std::string sa = signatureFor(a), sb = signatureFor(b);
        QVERIFY(!sa.empty() && !sb.empty());
        QCOMPARE(sa == sb, same);
    }

    void lostWakeupMembers()
    {
        GraphFixture f;
        const std::vector<Finding> fs = run(lostWakeup, f);
        const Finding* l = first(fs, FindingKind::LostWakeup);
        QVERIFY(l);
        QCOMPARE(QString::fromStdString(f.g[l->root].label), u"main"_s);
        QCOMPARE(l->contexts.size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(l->contexts[1].label), u"vcpu0"_s);
        QCOMPARE(l->resources.size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(l->resources[0].role), u"waited"_s);
        QCOMPARE(QString::fromStdString(l->resources[1].role), u"held"_s);
        QCOMPARE(QString::fromStdString(l->title), u"lost wakeup in qemu_poll_ns"_s);
        // the vCPU's stall is rooted at the lost wakeup
        const Finding* s = first(fs, FindingKind::Stall);
        QVERIFY(s);
        QCOMPARE(s->root, l->root);
        QCOMPARE(s->blockedCount, 1u);
        QCOMPARE(QString::fromStdString(s->title), u"stall behind qemu_poll_ns (1 blocked)"_s);
    }

    void stallGroupsAndCounts()
    {
        GraphFixture f;
        const std::vector<Finding> fs = run(stallBehindSpinner, f);
        const Finding* s = first(fs, FindingKind::Stall);
        QVERIFY(s);
        QCOMPARE(s->root, VertexId(0));
        QCOMPARE(s->blockedCount, 7u);
        int waiters = 0;
        for (const FindingMember& m : s->contexts)
            if (m.role == "waiter") {
                ++waiters;
                QCOMPARE(m.depth, 1u);
            }
        QCOMPARE(waiters, 3);
        QCOMPARE(s->edges.size(), std::size_t(4)); // three waits and the spinner's hold
        QCOMPARE(QString::fromStdString(s->title), u"stall behind virtqueue_get_buf (7 blocked)"_s);
        QCOMPARE(s->confidence, Confidence::Derived);
    }

    void stallRoots()
    {
        {
            GraphFixture f;
            const std::vector<Finding> fs = run(externalRoot, f);
            const Finding* s = first(fs, FindingKind::Stall);
            QVERIFY(s);
            QCOMPARE(f.g[s->root].kind, ResourceKind::External);
            QCOMPARE(s->blockedCount, 2u);
            QCOMPARE(s->contexts.size(), std::size_t(2)); // a resource root is not a context member
            QCOMPARE(QString::fromStdString(s->contexts[1].label), u"libvirt"_s);
            QCOMPARE(s->contexts[1].depth, 2u);
            QCOMPARE(QString::fromStdString(s->title), u"stall behind vhost_dev_flush (2 blocked)"_s);
        }
        {
            GraphFixture f;
            const std::vector<Finding> fs = run(liveHolderHungTask, f);
            const Finding* s = first(fs, FindingKind::Stall);
            QVERIFY(s);
            QCOMPARE(QString::fromStdString(f.g[s->root].label), u"holder"_s);
            QCOMPARE(s->blockedCount, 1u); // w1 is stated stuck, w2 may be a healthy hand-off
            QCOMPARE(s->evidence.front().span.first, 900u);
        }
        {
            GraphFixture f;
            const std::vector<Finding> fs = run(abbaWithWaiter, f);
            const Finding* s = first(fs, FindingKind::Stall);
            QVERIFY(s);
            QCOMPARE(s->blockedCount, 1u);
            QCOMPARE(QString::fromStdString(s->title), u"stall behind transfer_a / transfer_b (1 blocked)"_s);
        }
    }

    void stallSaysWhoShouldEndTheWait_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("says");
        QTest::addRow("a lock has a holder") << int(ResourceKind::Mutex) << u"whose holder the dump does not show"_s;
        QTest::addRow("a condition is signalled")
            << int(ResourceKind::CondVar) << u"which nothing in the dump is seen to signal"_s;
        QTest::addRow("a completion is signalled")
            << int(ResourceKind::Completion) << u"which nothing in the dump is seen to signal"_s;
        QTest::addRow("an uncatalogued wait is ended")
            << int(ResourceKind::Unknown) << u"which nothing in the dump is seen to end"_s;
    }

    void stallSaysWhoShouldEndTheWait()
    {
        QFETCH(int, kind);
        QFETCH(QString, says);
        GraphFixture f;
        const VertexId r = f.resource(ResourceKind(kind), "taken in zil_commit");
        // khungtaskd's report is what says the waiter is stuck
        f.waits(f.context("qemu-kvm", { "__schedule", "zil_commit" }, -1, 11604), r);
        f.report(ReportKind::HungTask, -1, 11604, "INFO: task qemu-kvm:11604 blocked for more than 120 seconds.");
        const std::vector<Finding> fs = runDetectors(f.g, f.dump);
        const Finding* s = first(fs, FindingKind::Stall);
        QVERIFY(s);
        QVERIFY2(s->summary.find(says.toStdString()) != std::string::npos, s->summary.c_str());
    }

    void lockdepReport()
    {
        GraphFixture f;
        const std::vector<Finding> fs = run(lockdep, f);
        const Finding* d = first(fs, FindingKind::Deadlock);
        QVERIFY(d);
        QCOMPARE(d->confidence, Confidence::Stated);
        QCOMPARE(d->root, VertexId(0));
        QCOMPARE(d->resources.size(), std::size_t(2));
        QCOMPARE(d->resources[1].vertex, VertexId(1)); // "&vq->mutex" is the graph's "vq->mutex"
        QCOMPARE(d->evidence.size(), std::size_t(3));
        QCOMPARE(d->evidence[2].span.first, 210u);
        QVERIFY(d->summary.find("also shows 1 stuck") != std::string::npos);
        QCOMPARE(QString::fromStdString(d->title), u"deadlock in dev_open / vq_reset"_s);
    }

    void scalesToLargeDumps()
    {
        GraphFixture f;
        // a spinner with a lockup report, 20000 waiters on its lock, a chain of 2000 contexts
        // each waiting for the next one's lock, and a deadlock ring of 1000 contexts
        spinSoftLockup(f);
        VertexId lock = f.resource(ResourceKind::Spinlock, "big lock");
        f.holds(lock, 0);
        for (int i = 0; i < 20000; ++i)
            f.waits(f.context("w" + std::to_string(i), { "queued_spin_lock_slowpath", "caller" }), lock);
        VertexId next = lock;
        for (int i = 0; i < 2000; ++i) {
            VertexId c = f.context("chain" + std::to_string(i), { "__mutex_lock", "mutex_lock", "chained" });
            f.waits(c, next);
            next = f.resource(ResourceKind::Mutex, "chain lock " + std::to_string(i));
            f.holds(next, c);
        }
        std::vector<VertexId> ring, locks;
        for (int i = 0; i < 1000; ++i) {
            ring.push_back(f.context("ring" + std::to_string(i), { "mutex_lock", "ring_worker" }));
            locks.push_back(f.resource(ResourceKind::Mutex, "ring lock " + std::to_string(i)));
            f.holds(locks.back(), ring.back());
        }
        for (int i = 0; i < 1000; ++i)
            f.waits(ring[i], locks[(i + 1) % 1000]);
        QElapsedTimer timer;
        timer.start();
        const std::vector<Finding> fs = runDetectors(f.g, f.dump);
        const qint64 ms = timer.elapsed();
        qDebug("%d vertices, %d edges: detectors in %lld ms", int(boost::num_vertices(f.g)), int(boost::num_edges(f.g)),
            ms);
        QVERIFY2(ms < 10000, "detectors must stay near-linear");
        QCOMPARE(countKind(fs, FindingKind::Deadlock), 1);
        QCOMPARE(first(fs, FindingKind::Deadlock)->cycles.front().size(), std::size_t(2000));
        const Finding* stall = first(fs, FindingKind::Stall);
        QVERIFY(stall);
        QCOMPARE(stall->blockedCount, 22000u);
        const auto deepest = std::max_element(stall->contexts.begin(), stall->contexts.end(),
            [](const auto& a, const auto& b) { return a.depth < b.depth; });
        QCOMPARE(deepest->depth, 2000u);
        QCOMPARE(stall->edges.size(),
            std::size_t(20000 + 2000 + 1999 + 1)); // waits, chain waits and holds, the spinner's hold
    }

    void lockdepRecursiveReport()
    {
        GraphFixture f;
        const std::vector<Finding> fs = run(lockdepRecursive, f);
        QCOMPARE(fs.size(), std::size_t(1));
        const Finding& d = fs.front();
        QCOMPARE(d.root, VertexId(0));
        QCOMPARE(d.resources.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(d.resources.front().label), u"&dev->mutex"_s);
        QVERIFY(d.summary.find("recursive locking") != std::string::npos);
        QVERIFY(d.summary.find("shows no context stuck") != std::string::npos);
        QCOMPARE(QString::fromStdString(d.title), u"deadlock in dev_reprobe"_s);
    }

    void deterministic()
    {
        GraphFixture a, b;
        const std::vector<Finding> fa = run(stallBehindSpinner, a);
        const std::vector<Finding> fb = run(stallBehindSpinner, b);
        QCOMPARE(fa.size(), fb.size());
        for (std::size_t i = 0; i < fa.size(); ++i) {
            QCOMPARE(fa[i].signature, fb[i].signature);
            QCOMPARE(fa[i].summary, fb[i].summary);
        }
    }
};

QTEST_GUILESS_MAIN(TestDetectors)
#include "tst_detectors.moc"
