// SPDX-License-Identifier: GPL-2.0-or-later
#include "guitestsupport.h"

#include <hvdump/app/gui/models/dumpcopy.h>
#include <hvdump/app/gui/models/viewgraph.h>
#include <hvdump/parsers/dumpjson.h>

#include <QGuiApplication>
#include <QTest>

using namespace hvdump;
using namespace hvdump::gui;
using namespace Qt::StringLiterals;

namespace {

QString shapeName(NodeShape s)
{
    switch (s) {
    case NodeShape::Context:
        return u"context"_s;
    case NodeShape::Resource:
        return u"resource"_s;
    case NodeShape::External:
        return u"external"_s;
    }
    return {};
}

QStringList describe(const ViewGraph& g)
{
    QStringList out;
    for (std::size_t i = 0; i < g.nodes().size(); ++i) {
        const ViewNode& n = g.nodes()[i];
        QString line = u"n%1 %2 [%3]"_s.arg(i).arg(shapeName(n.shape), n.lines.join(u" / "_s));
        if (n.count > 1)
            line += u" x%1"_s.arg(n.count);
        if (!n.badge.isEmpty())
            line += u" badge=\""_s + n.badge + u'"';
        if (n.root)
            line += u" root"_s;
        if (n.member)
            line += u" member"_s;
        out.append(line);
    }
    for (const ViewEdge& e : g.edges()) {
        QString line = u"n%1 -> n%2 %3"_s.arg(e.from).arg(e.to).arg(e.label);
        if (e.cycle)
            line += u" cycle"_s;
        if (e.onFinding)
            line += u" finding"_s;
        out.append(line);
    }
    return out;
}

int countIf(const std::vector<ViewNode>& nodes, bool (*pred)(const ViewNode&))
{
    return static_cast<int>(std::count_if(nodes.begin(), nodes.end(), pred));
}

} // namespace

class TestViewGraph : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void seeds_data();
    void seeds();
    void deadlockCycleIsRed();
    void identicalWaitersCollapse();
    void spinnerIsMarked();
    void spinMarkNeedsEvidence_data();
    void spinMarkNeedsEvidence();
    void healthyFallsBackToWhole();
    void nodeOfThread();
    void dumpCopyIsEqual();
};

void TestViewGraph::seeds_data()
{
    QTest::addColumn<QString>("sample");
    QTest::addColumn<bool>("whole");
    for (const QString& s : { u"000_virtio_console_crash.txt"_s, u"001_cloud_hypervisor_pause_deadlock.txt"_s,
             u"002_vhost_net_livelock.txt"_s, u"003_qemu_qcow2_close_lost_wakeup.txt"_s,
             u"004_bhyve_vmm_drv_lease.txt"_s }) {
        QTest::addRow("%s what matters", qPrintable(s.left(3))) << s << false;
        QTest::addRow("%s whole graph", qPrintable(s.left(3))) << s << true;
    }
}

void TestViewGraph::seeds()
{
    QFETCH(QString, sample);
    QFETCH(bool, whole);
    auto a = test::analyzeFile(test::samplePath(sample));
    const ViewGraph g = ViewGraph::build(*a, whole ? ViewGraph::Scope::Whole : ViewGraph::Scope::WhatMatters,
        NodeFonts::fromBase(QGuiApplication::font()));
    QVERIFY(!g.nodes().empty());
    for (const ViewNode& n : g.nodes()) {
        QVERIFY(!n.lines.isEmpty());
        QVERIFY(n.size.width() > 20 && n.size.height() > 10);
        if (!whole)
            QVERIFY(n.member); // only what matters: nothing unrelated
    }
    for (const ViewEdge& e : g.edges()) {
        QVERIFY(e.from >= 0 && e.from < static_cast<int>(g.nodes().size()));
        QVERIFY(e.to >= 0 && e.to < static_cast<int>(g.nodes().size()));
    }
    HVDUMP_COMPARE_GOLDEN(describe(g), u"viewgraph-"_s + sample.left(3) + (whole ? u"-whole"_s : u"-matters"_s));
}

void TestViewGraph::deadlockCycleIsRed()
{
    auto a = test::analyzeFile(test::samplePath(u"001_cloud_hypervisor_pause_deadlock.txt"_s));
    const ViewGraph g =
        ViewGraph::build(*a, ViewGraph::Scope::WhatMatters, NodeFonts::fromBase(QGuiApplication::font()));
    // vmm -waits-> ack event -woken only by-> vcpu0 -waits-> vcpu_states -held by-> vmm
    QCOMPARE(std::count_if(g.edges().begin(), g.edges().end(), [](const ViewEdge& e) { return e.cycle; }), 4);
    QCOMPARE(g.nodes().size(), std::size_t(4));
}

void TestViewGraph::identicalWaitersCollapse()
{
    // three vCPU threads wait for the BQL from kvm_cpu_exec: one node standing for three
    auto a = test::analyzeFile(test::samplePath(u"003_qemu_qcow2_close_lost_wakeup.txt"_s));
    const ViewGraph g =
        ViewGraph::build(*a, ViewGraph::Scope::WhatMatters, NodeFonts::fromBase(QGuiApplication::font()));
    auto collapsed = std::find_if(g.nodes().begin(), g.nodes().end(), [](const ViewNode& n) { return n.count == 3; });
    QVERIFY(collapsed != g.nodes().end());
    QCOMPARE(collapsed->vertices.size(), std::size_t(3));
    QVERIFY(collapsed->lines.join(u' ').contains(u"identical waiters"_s));
    // and every one of the three threads finds that node
    for (graph::VertexId v : collapsed->vertices)
        QCOMPARE(g.nodeOfThread(a->graph[v].thread), static_cast<int>(collapsed - g.nodes().begin()));
}

void TestViewGraph::spinnerIsMarked()
{
    auto a = test::analyzeFile(test::samplePath(u"000_virtio_console_crash.txt"_s));
    const ViewGraph g =
        ViewGraph::build(*a, ViewGraph::Scope::WhatMatters, NodeFonts::fromBase(QGuiApplication::font()));
    QVERIFY(countIf(g.nodes(), [](const ViewNode& n) { return n.spinning && n.badge.startsWith(u"spinning"_s); }) >= 1);
    QCOMPARE(countIf(g.nodes(), [](const ViewNode& n) { return n.shape == NodeShape::External; }), 1);
    QVERIFY(countIf(g.nodes(), [](const ViewNode& n) { return n.root && n.spinning; }) >= 1);
}

void TestViewGraph::spinMarkNeedsEvidence_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("thread");
    QTest::addColumn<bool>("spinning");
    // the vhost worker loops in handle_rx and a soft lockup says it makes no progress
    QTest::addRow("soft lockup in a worker loop")
        << test::samplePath(u"002_vhost_net_livelock.txt"_s) << u"vhost-48213"_s << true;
    // the task that prints a lockdep report runs inside handle_tx: nothing says it is stuck there
    QTest::addRow("lockdep reporter in a worker loop")
        << test::sourcePath(u"tests/data/console/lockdep_circular.txt"_s) << u"kworker/1:2"_s << false;
}

void TestViewGraph::spinMarkNeedsEvidence()
{
    QFETCH(QString, path);
    QFETCH(QString, thread);
    QFETCH(bool, spinning);
    auto a = test::analyzeFile(path);
    const ViewGraph g = ViewGraph::build(*a, ViewGraph::Scope::Whole, NodeFonts::fromBase(QGuiApplication::font()));
    const auto it =
        std::find_if(g.nodes().begin(), g.nodes().end(), [&](const ViewNode& n) { return n.lines.value(0) == thread; });
    QVERIFY2(it != g.nodes().end(), qPrintable(thread));
    QCOMPARE(it->spinning, spinning);
    QCOMPARE(it->badge.isEmpty(), !spinning);
    // and the words agree with the picture
    QVERIFY2(it->toolTip.contains(spinning ? u"loops in "_s : u"runs in "_s), qPrintable(it->toolTip));
}

void TestViewGraph::healthyFallsBackToWhole()
{
    auto a = test::analyzeFile(test::samplePath(u"healthy_idle_qemu_gdb.txt"_s));
    QVERIFY(a->findings.empty());
    const ViewGraph g =
        ViewGraph::build(*a, ViewGraph::Scope::WhatMatters, NodeFonts::fromBase(QGuiApplication::font()));
    QCOMPARE(g.scope(), ViewGraph::Scope::Whole);
    QCOMPARE(countIf(g.nodes(), [](const ViewNode& n) { return n.member; }), 0);

    // an idle kernel: the few waits are drawn, the threads that neither wait nor hold are not
    auto idle = test::analyzeFile(test::samplePath(u"healthy_idle_kernel_sysrq_t.txt"_s));
    QVERIFY(idle->findings.empty());
    const ViewGraph whole =
        ViewGraph::build(*idle, ViewGraph::Scope::Whole, NodeFonts::fromBase(QGuiApplication::font()));
    QVERIFY(whole.omittedContexts() > 20);
    std::vector<int> degree(whole.nodes().size(), 0);
    for (const ViewEdge& e : whole.edges()) {
        ++degree[static_cast<std::size_t>(e.from)];
        ++degree[static_cast<std::size_t>(e.to)];
    }
    QCOMPARE(std::count(degree.begin(), degree.end(), 0), 0);
}

void TestViewGraph::nodeOfThread()
{
    auto a = test::analyzeFile(test::samplePath(u"004_bhyve_vmm_drv_lease.txt"_s));
    const ViewGraph g = ViewGraph::build(*a, ViewGraph::Scope::Whole, NodeFonts::fromBase(QGuiApplication::font()));
    int found = 0;
    for (std::size_t i = 0; i < g.nodes().size(); ++i) {
        for (parsers::ThreadId t : g.nodes()[i].threads) {
            QCOMPARE(g.nodeOfThread(t), static_cast<int>(i));
            ++found;
        }
    }
    QVERIFY(found > 0);
    QCOMPARE(g.nodeOfThread(parsers::ThreadId {}), -1);
    QCOMPARE(g.nodeOfThread(parsers::ThreadId { 99999 }), -1);
}

void TestViewGraph::dumpCopyIsEqual()
{
    // the parse stage the GUI shows first is a copy: it must say exactly what the original says
    for (const QString& s : { u"000_virtio_console_crash.txt"_s, u"004_bhyve_vmm_drv_lease.txt"_s }) {
        auto a = test::analyzeFile(test::samplePath(s));
        const parsers::Dump copy = copyDump(a->dump);
        QCOMPARE(copy.strings.size(), a->dump.strings.size());
        QCOMPARE(parsers::dumpToJson(copy, a->diagnostics).dump(), parsers::dumpToJson(a->dump, a->diagnostics).dump());
    }
}

QTEST_MAIN(TestViewGraph)
#include "tst_viewgraph.moc"
