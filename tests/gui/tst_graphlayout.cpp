// SPDX-License-Identifier: GPL-2.0-or-later
#include "guitestsupport.h"

#include <hvdump/app/gui/models/graphlayout.h>

#include <QGuiApplication>
#include <QStandardPaths>
#include <QTest>

using namespace hvdump;
using namespace hvdump::gui;
using namespace Qt::StringLiterals;

namespace {

QRectF nodeRect(const GraphLayout::Node& n)
{
    return QRectF(n.center - QPointF(n.size.width(), n.size.height()) / 2, n.size);
}

// no two nodes overlap, every node and edge point lies inside the bounds
void checkGeometry(const ViewGraph& g, const GraphLayout& layout)
{
    QCOMPARE(layout.nodes.size(), g.nodes().size());
    QCOMPARE(layout.edges.size(), g.edges().size());
    for (std::size_t i = 0; i < layout.nodes.size(); ++i) {
        QVERIFY(layout.bounds.contains(nodeRect(layout.nodes[i])));
        QCOMPARE(layout.nodes[i].size, g.nodes()[i].size);
        for (std::size_t j = i + 1; j < layout.nodes.size(); ++j)
            QVERIFY2(!nodeRect(layout.nodes[i]).adjusted(1, 1, -1, -1).intersects(nodeRect(layout.nodes[j])),
                qPrintable(u"nodes %1 and %2 overlap"_s.arg(i).arg(j)));
    }
    for (const GraphLayout::Edge& e : layout.edges) {
        QVERIFY(e.points.size() >= 2);
        for (const QPointF& p : e.points)
            QVERIFY(layout.bounds.adjusted(-1, -1, 1, 1).contains(p));
    }
}

ViewGraph seedGraph(const QString& sample, ViewGraph::Scope scope)
{
    auto a = test::analyzeFile(test::samplePath(sample));
    return ViewGraph::build(*a, scope, NodeFonts::fromBase(QGuiApplication::font()));
}

} // namespace

class TestGraphLayout : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readPlainOutput();
    void readPlainRejectsMismatch_data();
    void readPlainRejectsMismatch();
    void dotLayout_data();
    void dotLayout();
    void builtInLayout_data();
    void builtInLayout();
    void missingDotFallsBack();
    void layoutDotText();
};

void TestGraphLayout::readPlainOutput()
{
    const ViewGraph g = seedGraph(u"001_cloud_hypervisor_pause_deadlock.txt"_s, ViewGraph::Scope::WhatMatters);
    QCOMPARE(g.nodes().size(), std::size_t(4));
    // hand-written -Tplain for the four nodes: quoted labels with spaces, edges in any order
    QByteArray plain = "graph 1 4 3\n"
                       "node n0 1 2.5 1 0.5 \"\" solid box black lightgrey\n"
                       "node n1 3 2.5 1 0.5 \"\" solid ellipse black lightgrey\n"
                       "node n2 3 0.5 1 0.5 \"\" solid box black lightgrey\n"
                       "node n3 1 0.5 1 0.5 \"\" solid ellipse black lightgrey\n";
    for (const ViewEdge& e : g.edges())
        plain += "edge n" + QByteArray::number(e.from) + " n" + QByteArray::number(e.to)
            + " 4 1 1 1.5 1.5 2 2 2.5 2.5 \"" + e.label.toUtf8() + "\" 2 2 solid black\n";
    plain += "stop\n";
    GraphLayout layout;
    QVERIFY(GraphLayouter::readPlain(plain, g, layout));
    // inches to points, y flipped: the graph is 3 inches high
    QCOMPARE(layout.nodes[0].center, QPointF(72, 36));
    QCOMPARE(layout.nodes[2].center, QPointF(216, 180));
    QCOMPARE(layout.edges[0].points.size(), 4);
    QCOMPARE(layout.edges[0].points.front(), QPointF(72, 144));
    QVERIFY(layout.edges[0].hasLabel);
    QCOMPARE(layout.edges[0].labelPos, QPointF(144, 72));
    QCOMPARE(layout.engine, u"dot"_s);
}

void TestGraphLayout::readPlainRejectsMismatch_data()
{
    QTest::addColumn<QByteArray>("plain");
    QTest::addRow("empty") << QByteArray();
    QTest::addRow("node missing") << QByteArray("graph 1 1 1\nnode n0 0.5 0.5 1 1 \"\" solid box black x\nstop\n");
    QTest::addRow("unknown node") << QByteArray("graph 1 1 1\nnode n99 0.5 0.5 1 1 x solid box black x\nstop\n");
    QTest::addRow("garbage numbers") << QByteArray("graph 1 x y\nstop\n");
}

void TestGraphLayout::readPlainRejectsMismatch()
{
    QFETCH(QByteArray, plain);
    const ViewGraph g = seedGraph(u"001_cloud_hypervisor_pause_deadlock.txt"_s, ViewGraph::Scope::WhatMatters);
    GraphLayout layout;
    QVERIFY(!GraphLayouter::readPlain(plain, g, layout));
}

void TestGraphLayout::dotLayout_data()
{
    QTest::addColumn<QString>("sample");
    QTest::addColumn<bool>("whole");
    QTest::addRow("000 what matters") << u"000_virtio_console_crash.txt"_s << false;
    QTest::addRow("003 whole graph") << u"003_qemu_qcow2_close_lost_wakeup.txt"_s << true;
    QTest::addRow("004 whole graph") << u"004_bhyve_vmm_drv_lease.txt"_s << true;
}

void TestGraphLayout::dotLayout()
{
    if (QStandardPaths::findExecutable(u"dot"_s).isEmpty())
        QSKIP("Graphviz dot is not installed");
    QFETCH(QString, sample);
    QFETCH(bool, whole);
    const ViewGraph g = seedGraph(sample, whole ? ViewGraph::Scope::Whole : ViewGraph::Scope::WhatMatters);
    const GraphLayout layout = GraphLayouter::layout(g);
    QCOMPARE(layout.engine, u"dot"_s);
    QVERIFY(layout.message.isEmpty());
    checkGeometry(g, layout);
}

void TestGraphLayout::builtInLayout_data()
{
    dotLayout_data();
}

void TestGraphLayout::builtInLayout()
{
    QFETCH(QString, sample);
    QFETCH(bool, whole);
    const ViewGraph g = seedGraph(sample, whole ? ViewGraph::Scope::Whole : ViewGraph::Scope::WhatMatters);
    const GraphLayout layout = GraphLayouter::layered(g);
    QCOMPARE(layout.engine, u"built-in"_s);
    checkGeometry(g, layout);
    // layered: an edge that is not part of a cycle goes downwards
    const ViewGraph cycle = seedGraph(u"001_cloud_hypervisor_pause_deadlock.txt"_s, ViewGraph::Scope::WhatMatters);
    const GraphLayout cycleLayout = GraphLayouter::layered(cycle);
    int down = 0;
    for (std::size_t i = 0; i < cycle.edges().size(); ++i)
        down += cycleLayout.nodes[static_cast<std::size_t>(cycle.edges()[i].to)].center.y()
            > cycleLayout.nodes[static_cast<std::size_t>(cycle.edges()[i].from)].center.y();
    QCOMPARE(down, 3); // four edges in a cycle: one has to go back up
}

void TestGraphLayout::missingDotFallsBack()
{
    const ViewGraph g = seedGraph(u"002_vhost_net_livelock.txt"_s, ViewGraph::Scope::WhatMatters);
    const GraphLayout layout = GraphLayouter::layout(g, u"/nonexistent/bin/dot"_s);
    QCOMPARE(layout.engine, u"built-in"_s);
    QVERIFY2(layout.message.contains(u"Graphviz"_s), qPrintable(layout.message));
    checkGeometry(g, layout);
    const GraphLayout notFound = GraphLayouter::layout(g, u"no-such-dot-program"_s);
    QVERIFY(notFound.message.contains(u"not installed"_s));
}

void TestGraphLayout::layoutDotText()
{
    const ViewGraph g = seedGraph(u"001_cloud_hypervisor_pause_deadlock.txt"_s, ViewGraph::Scope::WhatMatters);
    const QByteArray dot = GraphLayouter::layoutDot(g);
    QVERIFY(dot.startsWith("digraph layout {"));
    QVERIFY(dot.contains("fixedsize=true"));
    QVERIFY(dot.contains("arrowhead=none"));
    QCOMPARE(dot.count(" -> "), static_cast<qsizetype>(g.edges().size()));
    QCOMPARE(dot.count("[shape="), static_cast<qsizetype>(g.nodes().size()));
}

QTEST_MAIN(TestGraphLayout)
#include "tst_graphlayout.moc"
