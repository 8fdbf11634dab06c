// SPDX-License-Identifier: GPL-2.0-or-later
// A finding as JSON: fields, members with their dump threads, cycles as edge strings, evidence
// spans, the matched rule, and members that only a console report names.
#include "graphfixture.h"

#include <hvdump/graph/detectors.h>
#include <hvdump/graph/findingjson.h>

#include <QTest>

using namespace hvdump::graph;
using namespace hvdump::graph::test;
using hvdump::parsers::Json;

namespace {

void abba(GraphFixture& f)
{
    VertexId t1 = f.context("t1", { "schedule", "mutex_lock", "transfer_a+0x10/0x40" }, -1, 101);
    VertexId t2 = f.context("t2", { "schedule", "mutex_lock", "transfer_b" }, -1, 102);
    VertexId a = f.resource(ResourceKind::Mutex, "A");
    VertexId b = f.resource(ResourceKind::Mutex, "B");
    f.holds(a, t1);
    f.waits(t1, b);
    f.holds(b, t2);
    f.waits(t2, a);
    f.waits(f.context("t3", { "schedule", "mutex_lock", "reader" }, -1, 103), a);
}

const Json* findKind(const std::vector<Json>& all, const char* kind)
{
    for (const Json& j : all)
        if (j["kind"] == kind)
            return &j;
    return nullptr;
}

} // namespace

class TestFindingJson : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void deadlockAndStall()
    {
        GraphFixture f;
        abba(f);
        std::vector<Finding> fs = runDetectors(f.g, f.dump);
        fs.front().ruleId = "generic.abba";
        fs.front().references = { "Documentation/locking/lockdep-design.rst" };
        std::vector<Json> all;
        for (const Finding& x : fs)
            all.push_back(findingToJson(x, f.g, f.dump));
        QCOMPARE(all.size(), std::size_t(2));

        const Json& d = *findKind(all, "deadlock");
        QCOMPARE(d["title"].get<std::string>(), std::string("deadlock in transfer_a / transfer_b"));
        QCOMPARE(d["confidence"].get<std::string>(), std::string("derived"));
        QCOMPARE(d["signature"].get<std::string>().size(), std::size_t(16));
        QCOMPARE(d["root"].get<std::string>(), std::string("t1"));
        QCOMPARE(d["contexts"].size(), std::size_t(2));
        QCOMPARE(d["contexts"][0]["thread"]["tid"].get<int>(), 102); // cycle order: t1 waits for B held by t2
        QCOMPARE(d["contexts"][0]["role"].get<std::string>(), std::string("holder"));
        QVERIFY(!d["contexts"][0].contains("depth"));
        QCOMPARE(d["resources"][0]["kind"].get<std::string>(), std::string("mutex"));
        QCOMPARE(d["resources"][0]["identity"].get<std::string>(), std::string("name:B"));
        QCOMPARE(d["cycles"].size(), std::size_t(1));
        QCOMPARE(d["cycles"][0].size(), std::size_t(4));
        QCOMPARE(d["cycles"][0][0].get<std::string>(), std::string("t1 -> mutex B"));
        QCOMPARE(d["cycles"][0][3].get<std::string>(), std::string("mutex A -> t1"));
        QVERIFY(d["evidence"][0]["span"] == Json::array({ 1, 1 }));
        QCOMPARE(d["evidence"][0]["rule"].get<std::string>(), std::string("test-rule"));
        QVERIFY(d["keyFrames"] == Json::array({ "transfer_a", "transfer_b" }));
        QVERIFY(d["ownerHint"].is_null());
        QCOMPARE(d["rule"]["id"].get<std::string>(), std::string("generic.abba"));
        QCOMPARE(d["rule"]["references"].size(), std::size_t(1));

        const Json& s = *findKind(all, "stall");
        QCOMPARE(s["blockedCount"].get<int>(), 1);
        QVERIFY(s["rule"].is_null());
        QCOMPARE(s["contexts"][1]["label"].get<std::string>(), std::string("t3"));
        QCOMPARE(s["contexts"][1]["depth"].get<int>(), 1);
        QCOMPARE(s["contexts"][1]["thread"]["name"].get<std::string>(), std::string("t3"));
    }

    void memberOutsideTheGraph()
    {
        GraphFixture f;
        Finding x;
        x.kind = FindingKind::Deadlock;
        x.contexts.push_back({ noVertexForTest(), "kworker/1:2/77", "reporter", 0 });
        x.resources.push_back({ noVertexForTest(), "&dev->lock", "lock", 0 });
        const Json j = findingToJson(x, f.g, f.dump);
        QVERIFY(j["root"].is_null());
        QVERIFY(j["contexts"][0]["thread"].is_null());
        QVERIFY(j["resources"][0]["kind"].is_null());
        QCOMPARE(j["resources"][0]["label"].get<std::string>(), std::string("&dev->lock"));
    }

private:
    static VertexId noVertexForTest()
    {
        return boost::graph_traits<Graph>::null_vertex();
    }
};

QTEST_GUILESS_MAIN(TestFindingJson)
#include "tst_findingjson.moc"
