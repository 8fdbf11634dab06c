// SPDX-License-Identifier: GPL-2.0-or-later
// Which diagnosis names which hang: every shape of finding the detectors produce gets the most
// specific generic diagnosis of the shipped catalog, and the README's worked example (an
// in-house driver's primitive, site, hold and diagnosis) is read from a real console dump.
#include <hvdump/graph/diagnosismatcher.h>
#include <hvdump/graph/graphbuilder.h>
#include <hvdump/graph/rulecatalogloader.h>
#include <hvdump/parsers/dumpparser.h>

#include <QTest>

using namespace hvdump::graph;
using hvdump::parsers::ReportKind;

Q_DECLARE_METATYPE(FindingKind)
Q_DECLARE_METATYPE(std::vector<ResourceKind>)
Q_DECLARE_METATYPE(std::vector<ReportKind>)

namespace {

std::string sourcePath(const char* relative)
{
    return std::string(HVDUMP_SOURCE_DIR) + "/" + relative;
}

const RuleCatalog& shippedCatalog()
{
    static const RuleCatalog catalog = [] {
        RuleCatalogLoader loader;
        loader.loadDirectory(sourcePath("resources/rules"));
        return loader.takeCatalog();
    }();
    return catalog;
}

VertexId addContext(Graph& g, const std::string& label)
{
    Vertex v;
    v.type = Vertex::Type::Context;
    v.label = label;
    return boost::add_vertex(v, g);
}

VertexId addResource(Graph& g, ResourceKind kind, const std::string& name)
{
    Vertex v;
    v.type = Vertex::Type::Resource;
    v.kind = kind;
    v.name = name;
    v.label = std::string(resourceKindName(kind)) + " " + name;
    return boost::add_vertex(v, g);
}

void addEdge(Graph& g, VertexId from, VertexId to, EdgeKind kind)
{
    Edge e;
    e.kind = kind;
    boost::add_edge(from, to, e, g);
}

std::vector<VertexId> contextsNamed(const Graph& g, const hvdump::parsers::Dump& dump, std::string_view name)
{
    std::vector<VertexId> out;
    for (VertexId v : boost::make_iterator_range(boost::vertices(g)))
        if (g[v].type == Vertex::Type::Context && g[v].thread.valid()
            && dump.str(dump.thread(g[v].thread).name) == name)
            out.push_back(v);
    return out;
}

bool hasEdge(const Graph& g, VertexId from, VertexId to, EdgeKind kind)
{
    for (auto [e, end] = boost::out_edges(from, g); e != end; ++e)
        if (boost::target(*e, g) == to && g[*e].kind == kind)
            return true;
    return false;
}

VertexId resourceNamed(const Graph& g, std::string_view prefix)
{
    for (VertexId v : boost::make_iterator_range(boost::vertices(g)))
        if (g[v].type == Vertex::Type::Resource && g[v].name.rfind(prefix, 0) == 0)
            return v;
    return boost::graph_traits<Graph>::null_vertex();
}

} // namespace

class TestGenericDiagnoses : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void mostSpecificGenericWins_data()
    {
        QTest::addColumn<FindingKind>("kind");
        QTest::addColumn<int>("contexts"); // the root plus contexts waiting for what it holds
        QTest::addColumn<bool>("spinning"); // the root spins on CPU
        QTest::addColumn<bool>("irqsOff"); // the root has interrupts off
        QTest::addColumn<std::vector<ResourceKind>>("held"); // held by the root, waited for by the others
        QTest::addColumn<std::vector<ResourceKind>>("waited"); // waited for by the root
        QTest::addColumn<QByteArray>("waitedName");
        QTest::addColumn<std::vector<ReportKind>>("reports");
        QTest::addColumn<QByteArray>("expected");

        using RK = ResourceKind;
        using V = std::vector<RK>;
        using R = std::vector<ReportKind>;
        const auto D = FindingKind::Deadlock, S = FindingKind::Spin, L = FindingKind::LostWakeup,
                   T = FindingKind::Stall;
        QTest::addRow("lockdep circular report")
            << D << 1 << false << false << V {} << V {} << QByteArray() << R { ReportKind::LockdepCircular }
            << QByteArray("generic.lockdep-circular");
        QTest::addRow("lockdep recursive report")
            << D << 1 << false << false << V {} << V {} << QByteArray() << R { ReportKind::LockdepRecursive }
            << QByteArray("generic.lockdep-recursive");
        QTest::addRow("cycle through a completion")
            << D << 2 << false << false << V { RK::Mutex } << V { RK::Completion } << QByteArray() << R {}
            << QByteArray("generic.cycle-through-event");
        QTest::addRow("ABBA on two mutexes") << D << 2 << false << false << V { RK::Mutex, RK::Mutex } << V {}
                                             << QByteArray() << R {} << QByteArray("generic.abba-deadlock");
        QTest::addRow("ABBA with a lockdep report elsewhere")
            << D << 2 << false << false << V { RK::Mutex } << V {} << QByteArray() << R { ReportKind::LockdepCircular }
            << QByteArray("generic.abba-deadlock");
        QTest::addRow("cycle of three rwlocks") << D << 3 << false << false << V { RK::RwLock } << V {} << QByteArray()
                                                << R {} << QByteArray("generic.lock-cycle");
        QTest::addRow("self-deadlock on a mutex") << D << 1 << false << false << V { RK::Mutex } << V {} << QByteArray()
                                                  << R {} << QByteArray("generic.self-deadlock");
        QTest::addRow("cycle through leases only") << D << 2 << false << false << V { RK::Lease } << V {}
                                                   << QByteArray() << R {} << QByteArray("generic.deadlock");
        QTest::addRow("reader sleeps holding an rwlock")
            << L << 2 << false << false << V { RK::RwLock } << V { RK::CondVar } << QByteArray() << R {}
            << QByteArray("generic.rwlock-reader-waits");
        QTest::addRow("condvar signal missed") << L << 2 << false << false << V { RK::Mutex } << V { RK::CondVar }
                                               << QByteArray() << R {} << QByteArray("generic.missed-condvar-signal");
        QTest::addRow("poll without timeout holding a lock")
            << L << 3 << false << false << V { RK::Mutex } << V { RK::PollSet } << QByteArray() << R {}
            << QByteArray("generic.event-loop-no-timeout");
        QTest::addRow("completion nobody completes")
            << L << 2 << false << false << V { RK::Mutex } << V { RK::Completion } << QByteArray() << R {}
            << QByteArray("generic.lock-held-across-wait");
        QTest::addRow("sleeping with a spinlock held")
            << T << 3 << false << true << V { RK::Spinlock } << V { RK::Mutex } << QByteArray()
            << R { ReportKind::SoftLockup } << QByteArray("generic.sleeping-while-atomic");
        QTest::addRow("IPI never acknowledged")
            << S << 1 << true << true << V {} << V { RK::Event } << QByteArray("IPI acknowledgement from another CPU")
            << R { ReportKind::SoftLockup } << QByteArray("generic.ipi-wait");
        QTest::addRow("busy-wait on the host")
            << S << 1 << true << true << V {} << V { RK::External } << QByteArray("host drains the queue")
            << R { ReportKind::HardLockup } << QByteArray("generic.busy-wait-external");
        QTest::addRow("spin with interrupts off and a watchdog")
            << S << 1 << true << true << V {} << V { RK::Spinlock } << QByteArray() << R { ReportKind::HardLockup }
            << QByteArray("generic.spin-irqs-off-watchdog");
        QTest::addRow("RCU stall from a loop")
            << S << 1 << true << false << V {} << V {} << QByteArray()
            << R { ReportKind::SoftLockup, ReportKind::RcuStall } << QByteArray("generic.rcu-stall-looping-cpu");
        QTest::addRow("soft lockup in a loop")
            << S << 1 << true << false << V {} << V {} << QByteArray() << R { ReportKind::SoftLockup }
            << QByteArray("generic.soft-lockup-loop");
        QTest::addRow("spin and nothing else")
            << S << 1 << true << false << V {} << V {} << QByteArray() << R {} << QByteArray("generic.spin");
        QTest::addRow("completion behind a blocked signaller")
            << T << 3 << false << false << V { RK::Mutex } << V { RK::Completion } << QByteArray() << R {}
            << QByteArray("generic.completion-signaller-blocked");
        QTest::addRow("hung tasks behind a mutex holder")
            << T << 4 << false << false << V { RK::Mutex } << V { RK::Event } << QByteArray()
            << R { ReportKind::HungTask } << QByteArray("generic.hung-task-behind-mutex");
        QTest::addRow("stall behind a spinner")
            << T << 3 << true << true << V { RK::Spinlock } << V { RK::External } << QByteArray("device") << R {}
            << QByteArray("generic.stalled-behind-spinner");
        QTest::addRow("stall behind a holder waiting on a condvar")
            << T << 2 << false << false << V { RK::Mutex } << V { RK::CondVar } << QByteArray() << R {}
            << QByteArray("generic.stalled-behind-blocked-holder");
        QTest::addRow("stall with nothing known")
            << T << 2 << false << false << V {} << V {} << QByteArray() << R {} << QByteArray("generic.stall");
    }

    void mostSpecificGenericWins()
    {
        QFETCH(FindingKind, kind);
        QFETCH(int, contexts);
        QFETCH(bool, spinning);
        QFETCH(bool, irqsOff);
        QFETCH(std::vector<ResourceKind>, held);
        QFETCH(std::vector<ResourceKind>, waited);
        QFETCH(QByteArray, waitedName);
        QFETCH(std::vector<ReportKind>, reports);
        QFETCH(QByteArray, expected);

        Graph g;
        hvdump::parsers::Dump dump;
        for (ReportKind r : reports) {
            hvdump::parsers::ConsoleReport report;
            report.kind = r;
            dump.reports.push_back(report);
        }
        Finding f;
        f.kind = kind;
        f.root = addContext(g, "root");
        g[f.root].spinning = spinning;
        g[f.root].irqsOff = irqsOff;
        f.contexts.push_back({ f.root, "root", "root" });
        std::vector<VertexId> others;
        for (int i = 1; i < contexts; ++i) {
            others.push_back(addContext(g, "waiter" + std::to_string(i)));
            f.contexts.push_back({ others.back(), g[others.back()].label, "waiter" });
        }
        for (ResourceKind k : held) {
            VertexId r = addResource(g, k, "held");
            addEdge(g, r, f.root, EdgeKind::Holds);
            // a self-deadlock's root waits for what it holds; otherwise the others do
            if (others.empty())
                addEdge(g, f.root, r, EdgeKind::Waits);
            for (VertexId o : others)
                addEdge(g, o, r, EdgeKind::Waits);
            f.resources.push_back({ r, g[r].label, "held" });
        }
        for (ResourceKind k : waited) {
            VertexId r = addResource(g, k, waitedName.isEmpty() ? std::string("waited") : waitedName.toStdString());
            addEdge(g, f.root, r, EdgeKind::Waits);
            f.resources.push_back({ r, g[r].label, "waited" });
        }
        const Diagnosis* d = bestDiagnosis(f, g, dump, shippedCatalog());
        QVERIFY(d);
        QCOMPARE(QByteArray::fromStdString(d->id), expected);
    }

    void lockdepFindingWithUnknownLocks()
    {
        // lockdep names locks the graph may not have: members without a vertex must not be read
        Graph g;
        hvdump::parsers::Dump dump;
        hvdump::parsers::ConsoleReport report;
        report.kind = ReportKind::LockdepCircular;
        dump.reports.push_back(report);
        Finding f;
        f.kind = FindingKind::Deadlock;
        f.contexts.push_back({ boost::graph_traits<Graph>::null_vertex(), "kworker/0:1/12", "reporter" });
        f.resources.push_back({ boost::graph_traits<Graph>::null_vertex(), "&dev->mutex", "lock" });
        f.resources.push_back({ boost::graph_traits<Graph>::null_vertex(), "IPI acknowledgement", "lock" });
        const Diagnosis* d = bestDiagnosis(f, g, dump, shippedCatalog());
        QVERIFY(d);
        QCOMPARE(d->id, std::string("generic.lockdep-circular"));
    }

    void rcuStallNamesALoopingTask_data()
    {
        QTest::addColumn<QByteArray>("task"); // the CPU: line of the NMI backtrace
        QTest::addColumn<QByteArray>("frames");
        QTest::addColumn<bool>("spinning");
        QTest::addColumn<QByteArray>("keyFrame");
        QTest::addRow("a kworker looping where no catalogued loop is")
            << QByteArray("CPU: 3 PID: 4321 Comm: kworker/3:1 Not tainted 5.15.0 #1")
            << QByteArray("RIP: 0010:ext4_mb_good_group+0x20/0x110\nCall Trace:\n <TASK>\n"
                          " ext4_mb_regular_allocator+0x2a6/0xd60\n ext4_mb_new_blocks+0x8e3/0x1030\n </TASK>\n")
            << true << QByteArray("ext4_mb_good_group");
        // a vCPU the host did not run stalls RCU in the guest's idle loop: no loop to blame
        QTest::addRow("the idle task of the stalled CPU")
            << QByteArray("CPU: 3 PID: 0 Comm: swapper/3 Not tainted 5.15.0 #1")
            << QByteArray("RIP: 0010:default_idle+0xe/0x20\nCall Trace:\n <TASK>\n"
                          " default_idle_call+0x2e/0xe0\n do_idle+0x1d0/0x210\n </TASK>\n")
            << false << QByteArray();
    }

    void rcuStallNamesALoopingTask()
    {
        QFETCH(QByteArray, task);
        QFETCH(QByteArray, frames);
        QFETCH(bool, spinning);
        QFETCH(QByteArray, keyFrame);
        const QByteArray text = "rcu: INFO: rcu_sched detected stalls on CPUs/tasks:\n"
                                "rcu: \t3-....: (5249 ticks this GP) idle=a2e/1/0x4000000000000000 fqs=2625\n"
                                "\t(detected by 1, t=5252 jiffies, g=8801, q=1234)\n"
                                "NMI backtrace for cpu 3\n"
            + task + "\n" + frames;
        auto parsed = hvdump::parsers::parseText(std::string_view(text.constData(), std::size_t(text.size())), {});
        const Graph g = buildGraph(parsed.dump, shippedCatalog());
        std::vector<VertexId> contexts;
        for (VertexId v : boost::make_iterator_range(boost::vertices(g)))
            if (g[v].type == Vertex::Type::Context)
                contexts.push_back(v);
        QCOMPARE(contexts.size(), std::size_t(1));
        const Vertex& c = g[contexts.front()];
        QCOMPARE(c.spinning, spinning);
        QCOMPARE(c.loopUnlisted, spinning);
        if (spinning)
            QCOMPARE(QByteArray::fromStdString(c.keyFrame), keyFrame);
    }

    void workedExampleIsRead()
    {
        RuleCatalogLoader loader;
        loader.loadDirectory(sourcePath("resources/rules"));
        loader.loadDirectory(sourcePath("tests/data/rules/example"));
        QVERIFY(loader.diagnostics().empty());
        const RuleCatalog catalog = loader.takeCatalog();
        QVERIFY(catalog.diagnosis("acmeio.doorbell-ack-no-deadline"));

        auto parsed = hvdump::parsers::parseFile(sourcePath("tests/data/rules/example/acmeio-hang.txt"), {});
        const hvdump::parsers::Dump& dump = parsed.dump;
        const Graph g = buildGraph(dump, catalog);

        // CPU3 spins on the device (the primitive) and holds db_lock (the hold rule, IRQs off)
        const VertexId ack = resourceNamed(g, "acmeio doorbell acknowledgement");
        const VertexId lock = resourceNamed(g, "acmeio doorbell lock");
        QVERIFY(ack != boost::graph_traits<Graph>::null_vertex());
        QVERIFY(lock != boost::graph_traits<Graph>::null_vertex());
        QCOMPARE(g[ack].kind, ResourceKind::External);
        QCOMPARE(g[lock].kind, ResourceKind::Spinlock);
        const std::vector<VertexId> submitters = contextsNamed(g, dump, "acme-submit");
        QCOMPARE(submitters.size(), std::size_t(2));
        VertexId spinner = boost::graph_traits<Graph>::null_vertex(), waiter = spinner;
        for (VertexId v : submitters)
            (hasEdge(g, v, ack, EdgeKind::Waits) ? spinner : waiter) = v;
        QVERIFY(spinner != boost::graph_traits<Graph>::null_vertex());
        QVERIFY(g[spinner].spinning);
        QVERIFY(g[spinner].irqsOff);
        QVERIFY(hasEdge(g, lock, spinner, EdgeKind::Holds));
        // CPU1 (acmeio_submit_cmd) and the reset worker on CPU6 wait for db_lock: the site rule
        QVERIFY(hasEdge(g, waiter, lock, EdgeKind::Waits));
        const std::vector<VertexId> workers = contextsNamed(g, dump, "kworker/6:1");
        QCOMPARE(workers.size(), std::size_t(1));
        QVERIFY(hasEdge(g, workers.front(), lock, EdgeKind::Waits));

        // a spin finding rooted at CPU3 is named by the in-house diagnosis, not a generic one
        Finding f;
        f.kind = FindingKind::Spin;
        f.root = spinner;
        f.contexts.push_back({ spinner, g[spinner].label, "spinner" });
        f.resources.push_back({ ack, g[ack].label, "spun on" });
        const Diagnosis* d = bestDiagnosis(f, g, dump, catalog);
        QVERIFY(d);
        QCOMPARE(d->id, std::string("acmeio.doorbell-ack-no-deadline"));
        // without the example folder the same finding gets the generic busy-wait diagnosis
        RuleCatalogLoader shippedOnly;
        shippedOnly.loadDirectory(sourcePath("resources/rules"));
        const Diagnosis* generic = bestDiagnosis(f, g, dump, shippedOnly.catalog());
        QVERIFY(generic);
        QCOMPARE(generic->id, std::string("generic.busy-wait-external"));
    }
};

QTEST_GUILESS_MAIN(TestGenericDiagnoses)
#include "tst_genericdiagnoses.moc"
