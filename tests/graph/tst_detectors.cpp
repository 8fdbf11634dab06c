// SPDX-License-Identifier: GPL-2.0-or-later
// The generic detectors on hand-built wait-for graphs: deadlock cycles (locks, events, rwlocks,
// self-deadlock, the enumeration bound), spins with and without evidence, lost wakeups, hang
// chains grouped by root, lockdep reports, and the cases that must stay silent.
#include "graphfixture.h"

#include <hvdump/graph/deadlockdetector.h>
#include <hvdump/graph/detectors.h>

#include <QElapsedTimer>
#include <QTest>

#include <algorithm>

using namespace hvdump::graph;
using namespace hvdump::graph::test;
using hvdump::parsers::ReportKind;
using namespace Qt::StringLiterals;

namespace {

void addReport(GraphFixture& f, ReportKind kind, int cpu, std::int64_t pid, const char* headline)
{
    f.report(kind, cpu, pid, headline);
}

// T1 holds A and waits for B, T2 holds B and waits for A
void abba(GraphFixture& f)
{
    VertexId t1 = f.context("t1", { "schedule", "mutex_lock", "transfer_a" }, -1, 101);
    VertexId t2 = f.context("t2", { "schedule", "mutex_lock", "transfer_b" }, -1, 102);
    VertexId a = f.resource(ResourceKind::Mutex, "A");
    VertexId b = f.resource(ResourceKind::Mutex, "B");
    f.holds(a, t1);
    f.waits(t1, b);
    f.holds(b, t2);
    f.waits(t2, a);
}

void abbaWithWaiter(GraphFixture& f)
{
    abba(f);
    VertexId t3 = f.context("t3", { "schedule", "mutex_lock", "reader" });
    f.waits(t3, 2); // mutex A
}

void threeCycle(GraphFixture& f)
{
    VertexId t[3], m[3];
    for (int i = 0; i < 3; ++i) {
        t[i] = f.context("t" + std::to_string(i), { "__lll_lock_wait", "pthread_mutex_lock", "worker" });
        m[i] = f.resource(ResourceKind::Mutex, "m" + std::to_string(i));
    }
    for (int i = 0; i < 3; ++i) {
        f.holds(m[i], t[i]);
        f.waits(t[i], m[(i + 1) % 3]);
    }
}

// the VMM thread holds vcpu_states and waits for vcpu0's ack; vcpu0 waits for vcpu_states
void signalsCycle(GraphFixture& f)
{
    VertexId vmm = f.context("vmm", { "syscall", "std::thread::park", "vmm::cpu::CpuManager::signal_vcpus" });
    VertexId vcpu = f.context("vcpu0",
        { "syscall", "std::sys::unix::locks::futex_mutex::Mutex::lock_contended",
            "<vmm::cpu::AcpiCpuHotplugController as vm_device::bus::BusDevice>::read" });
    VertexId states = f.resource(ResourceKind::Mutex, "vcpu_states");
    VertexId ack = f.resource(ResourceKind::Event, "vcpu0 pause ack");
    f.holds(states, vmm);
    f.waits(vmm, ack);
    f.signals(ack, vcpu);
    f.waits(vcpu, states);
}

// two readers hold the lock, a writer waits for them: nobody is stuck for good
void rwlockReaders(GraphFixture& f)
{
    VertexId r1 = f.context("r1", { "reader_one" });
    VertexId r2 = f.context("r2", { "reader_two" });
    VertexId w = f.context("w", { "rw_enter_sleep", "writer" });
    VertexId l = f.resource(ResourceKind::RwLock, "L");
    f.holds(l, r1, WaitMode::Read);
    f.holds(l, r2, WaitMode::Read);
    f.waits(w, l, WaitMode::Write);
    f.g[r1].live = true;
    f.g[r2].live = true;
}

// a reader re-enters a lock only held for read: it gets in
void rwlockRecursiveRead(GraphFixture& f)
{
    VertexId r = f.context("r", { "rw_enter_sleep", "reader_again" });
    VertexId l = f.resource(ResourceKind::RwLock, "L");
    f.holds(l, r, WaitMode::Read);
    f.waits(r, l, WaitMode::Read);
}

// the same while a writer waits: kernel rwlocks queue the reader behind the writer, for good
void rwlockRecursiveReadBehindWriter(GraphFixture& f)
{
    rwlockRecursiveRead(f);
    f.waits(f.context("w", { "rw_enter_sleep", "writer" }), 1, WaitMode::Write);
}

// the writer holds L and waits for M; the reader holds M and waits for L
void rwlockWriter(GraphFixture& f)
{
    VertexId w = f.context("w", { "rw_enter_sleep", "writer" });
    VertexId r = f.context("r", { "rw_enter_sleep", "reader" });
    VertexId l = f.resource(ResourceKind::RwLock, "L");
    VertexId m = f.resource(ResourceKind::Mutex, "M");
    f.holds(l, w, WaitMode::Write);
    f.waits(w, m);
    f.holds(m, r);
    f.waits(r, l, WaitMode::Read);
}

void selfDeadlock(GraphFixture& f)
{
    VertexId t = f.context("t", { "__mutex_lock", "mutex_lock_nested", "recurse" });
    VertexId m = f.resource(ResourceKind::Mutex, "M");
    f.holds(m, t);
    f.waits(t, m);
}

void spinner(GraphFixture& f)
{
    VertexId cpu3 = f.context("CPU 3", { "virtqueue_get_buf", "__send_to_port", "put_chars" }, 3);
    VertexId host = f.resource(ResourceKind::External, "host drains TX virtqueue");
    f.spins(cpu3, host);
}

void spinSoftLockup(GraphFixture& f)
{
    spinner(f);
    addReport(f, ReportKind::SoftLockup, 3, -1, "watchdog: BUG: soft lockup - CPU#3 stuck for 22s!");
}

void spinOtherCpuReport(GraphFixture& f)
{
    spinner(f);
    addReport(f, ReportKind::SoftLockup, 1, -1, "watchdog: BUG: soft lockup - CPU#1 stuck for 22s!");
}

void spinSamples(GraphFixture& f)
{
    VertexId w = f.context("vhost-4242", { "vhost_get_vq_desc_n", "get_rx_bufs", "handle_rx" }, 5, 4242);
    hvdump::parsers::ThreadId second =
        f.addThread("vhost-4242", { "vhost_get_vq_desc_n", "get_rx_bufs", "handle_rx", "handle_rx_net" }, 5, 4242, 1);
    f.g[w].snapshots.push_back(second);
    f.g[w].thread = second;
    f.g[w].spinning = true;
    f.g[w].live = true;
}

void spinCounter(GraphFixture& f)
{
    VertexId w = f.context("vhost-4242", { "handle_rx", "vhost_worker" }, -1, 4242);
    f.g[w].spinning = true;
    f.g[w].live = true;
    hvdump::parsers::Counter c;
    c.map = f.dump.strings.intern("@handle_rx_calls");
    c.value = 4468052;
    c.span = { 50, 50 };
    f.dump.counters.push_back(c);
}

// main holds the BQL and sits in ppoll(-1) with nobody to wake it; a vCPU needs the BQL
void lostWakeup(GraphFixture& f)
{
    VertexId main = f.context("main", { "ppoll", "qemu_poll_ns", "aio_poll", "cache_clean_timer_del_and_wait" });
    VertexId vcpu = f.context("vcpu0", { "__lll_lock_wait", "qemu_mutex_lock_impl", "kvm_cpu_exec" });
    VertexId bql = f.resource(ResourceKind::Mutex, "bql");
    VertexId poll = f.resource(ResourceKind::PollSet, "main AioContext");
    f.holds(bql, main);
    f.waits(main, poll);
    f.waits(vcpu, bql);
}

void lostWakeupLiveSignaller(GraphFixture& f)
{
    lostWakeup(f);
    VertexId io = f.context("iothread", { "write", "event_notifier_set" });
    f.g[io].live = true;
    f.signals(3, io); // the poll set
}

void idlePool(GraphFixture& f)
{
    VertexId q = f.resource(ResourceKind::CondVar, "pool queue");
    for (int i = 0; i < 8; ++i)
        f.waits(f.context("pool-" + std::to_string(i), { "pthread_cond_wait", "worker_loop" }), q);
}

// a spinner with a soft lockup holds L; three waiters, one standing for five identical threads
void stallBehindSpinner(GraphFixture& f)
{
    spinSoftLockup(f);
    VertexId l = f.resource(ResourceKind::Spinlock, "outvq_lock");
    f.holds(l, 0);
    for (int i = 0; i < 3; ++i) {
        VertexId w =
            f.context("w" + std::to_string(i), { "queued_spin_lock_slowpath", "_raw_spin_lock_irqsave", "__hvc_poll" });
        f.waits(w, l);
        if (i == 1)
            f.g[w].count = 5;
    }
}

void liveHolder(GraphFixture& f)
{
    VertexId h = f.context("holder", { "memcpy", "do_work" }, 0, 300);
    f.g[h].live = true;
    VertexId l = f.resource(ResourceKind::Mutex, "L");
    f.holds(l, h);
    f.waits(f.context("w1", { "__mutex_lock", "mutex_lock", "f1" }, -1, 301), l);
    f.waits(f.context("w2", { "__mutex_lock", "mutex_lock", "f2" }, -1, 302), l);
}

void liveHolderHungTask(GraphFixture& f)
{
    liveHolder(f);
    addReport(f, ReportKind::HungTask, -1, 301, "INFO: task w1:301 blocked for more than 120 seconds.");
}

void externalRoot(GraphFixture& f)
{
    VertexId q = f.context("qemu", { "schedule", "wait_for_completion", "vhost_dev_flush" });
    VertexId flush = f.resource(ResourceKind::External, "vhost worker flush");
    f.waits(q, flush);
    VertexId m = f.resource(ResourceKind::Mutex, "state change lock");
    f.holds(m, q);
    f.waits(f.context("libvirt", { "pthread_cond_timedwait", "virDomainObjBeginJob" }), m);
}

void timedWaits(GraphFixture& f)
{
    abba(f);
    lostWakeup(f);
    for (EdgeId e : boost::make_iterator_range(boost::edges(f.g)))
        if (f.g[e].kind == EdgeKind::Waits)
            f.g[e].timed = true;
}

// eight contexts each holding one mutex and waiting for all the others
void complete8(GraphFixture& f)
{
    std::vector<VertexId> t, m;
    for (int i = 0; i < 8; ++i) {
        t.push_back(f.context("t" + std::to_string(i), { "mutex_lock", "worker" }));
        m.push_back(f.resource(ResourceKind::Mutex, "m" + std::to_string(i)));
    }
    for (int i = 0; i < 8; ++i) {
        f.holds(m[i], t[i]);
        for (int j = 0; j < 8; ++j)
            if (j != i)
                f.waits(t[i], m[j]);
    }
}

void lockdep(GraphFixture& f)
{
    VertexId t = f.context("kworker/1:2", { "schedule", "__mutex_lock", "mutex_lock_nested", "vq_reset" }, 1, 77);
    VertexId l = f.resource(ResourceKind::Mutex, "vq->mutex");
    f.waits(t, l);
    hvdump::parsers::ConsoleReport r;
    r.kind = ReportKind::LockdepCircular;
    r.pid = 77;
    r.task = f.dump.strings.intern("kworker/1:2");
    r.headline = f.dump.strings.intern("WARNING: possible circular locking dependency detected");
    r.span = { 200, 240 };
    for (auto [depth, lock, fn] :
        { std::tuple { 1u, "&dev->lock", "dev_open" }, std::tuple { 0u, "&vq->mutex", "vq_reset" } }) {
        hvdump::parsers::LockChainLink link;
        link.depth = depth;
        link.lock = f.dump.strings.intern(lock);
        link.functions = { f.dump.strings.intern("lock_acquire+0x1/0x2"), f.dump.strings.intern("__mutex_lock+0x3/0x4"),
            f.dump.strings.intern(fn) };
        link.span = { 210 + depth * 10, 215 + depth * 10 };
        r.chain.push_back(link);
    }
    f.dump.reports.push_back(r);
}

struct Scenario
{
    const char* name;
    void (*build)(GraphFixture&);
    int deadlocks, spins, lostWakeups, stalls;
};

const Scenario scenarios[] = {
    { "ABBA mutex deadlock", abba, 1, 0, 0, 0 },
    { "ABBA with a waiter behind it", abbaWithWaiter, 1, 0, 0, 1 },
    { "three-thread cycle", threeCycle, 1, 0, 0, 0 },
    { "cycle through an event's signaller", signalsCycle, 1, 0, 0, 0 },
    { "rwlock: readers hold, writer waits", rwlockReaders, 0, 0, 0, 0 },
    { "rwlock: recursive read", rwlockRecursiveRead, 0, 0, 0, 0 },
    { "rwlock: recursive read behind a waiting writer", rwlockRecursiveReadBehindWriter, 1, 0, 0, 1 },
    { "rwlock: writer holds, reader waits", rwlockWriter, 1, 0, 0, 0 },
    { "self-deadlock (recursive acquire)", selfDeadlock, 1, 0, 0, 0 },
    { "spin with soft lockup on its CPU", spinSoftLockup, 0, 1, 0, 0 },
    { "spin without evidence", spinner, 0, 0, 0, 0 },
    { "spin with a lockup on another CPU", spinOtherCpuReport, 0, 0, 0, 0 },
    { "spin in the same function in 2 samples", spinSamples, 0, 1, 0, 0 },
    { "spin with millions in a counter", spinCounter, 0, 1, 0, 0 },
    { "lost wakeup holding the BQL", lostWakeup, 0, 0, 1, 1 },
    { "no lost wakeup with a live signaller", lostWakeupLiveSignaller, 0, 0, 0, 0 },
    { "idle pool of 8 condvar waiters", idlePool, 0, 0, 0, 0 },
    { "stall behind a spinner", stallBehindSpinner, 0, 1, 0, 1 },
    { "waiters behind a live holder", liveHolder, 0, 0, 0, 0 },
    { "hung task behind a live holder", liveHolderHungTask, 0, 0, 0, 1 },
    { "external party at the root", externalRoot, 0, 0, 0, 1 },
    { "timed waits never hang", timedWaits, 0, 0, 0, 0 },
    { "lockdep circular report", lockdep, 1, 0, 0, 0 },
};

// the row of a scenario in the table, so data rows name the builder instead of a number
int indexOf(void (*build)(GraphFixture&))
{
    for (std::size_t i = 0; i < std::size(scenarios); ++i)
        if (scenarios[i].build == build)
            return int(i);
    return -1;
}

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
