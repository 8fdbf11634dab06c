// SPDX-License-Identifier: GPL-2.0-or-later
#include "guitestsupport.h"

#include <hvdump/app/gui/models/modelroles.h>
#include <hvdump/app/gui/models/stackmodel.h>

#include <QAbstractItemModelTester>
#include <QTest>

using namespace hvdump;
using namespace hvdump::gui;
using namespace Qt::StringLiterals;

namespace {

parsers::ThreadId threadNamed(const graph::Analysis& a, std::string_view name)
{
    for (std::uint32_t i = 0; i < a.dump.threads.size(); ++i)
        if (a.dump.str(a.dump.threads[i].name) == name)
            return parsers::ThreadId { i };
    return {};
}

} // namespace

class TestStackModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void frames_data();
    void frames();
    void noThreadNoRows();
};

void TestStackModel::frames_data()
{
    QTest::addColumn<QString>("sample");
    QTest::addColumn<QString>("thread");
    QTest::addColumn<QString>("keyFunction");
    QTest::addRow("gdb rust frames with source")
        << u"001_cloud_hypervisor_pause_deadlock.txt"_s << u"vcpu0"_s << u"AcpiCpuHotplugController"_s;
    QTest::addRow("mdb frames with modules") << u"004_bhyve_vmm_drv_lease.txt"_s << u"bhyve/39"_s << u"viona_worker"_s;
    QTest::addRow("console frames with context markers")
        << u"000_virtio_console_crash.txt"_s << u"logcat"_s << u"__send_to_port"_s;
}

void TestStackModel::frames()
{
    QFETCH(QString, sample);
    QFETCH(QString, thread);
    QFETCH(QString, keyFunction);
    StackModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto analysis = test::analyzeFile(test::samplePath(sample));
    const parsers::ThreadId id = threadNamed(*analysis, thread.toStdString());
    QVERIFY2(id.valid(), qPrintable(thread));
    model.setThread(analysis, id);
    const parsers::Thread& t = analysis->dump.thread(id);
    QCOMPARE(model.rowCount(), static_cast<int>(t.frames.size()));
    bool found = false;
    for (int row = 0; row < model.rowCount(); ++row) {
        found = found || model.index(row, StackModel::FunctionColumn).data().toString().contains(keyFunction);
        QCOMPARE(model.index(row, 0).data(EvidenceRole).value<parsers::LineSpan>(),
            t.frames[static_cast<std::size_t>(row)].span);
    }
    QVERIFY2(found, qPrintable(keyFunction));
    HVDUMP_COMPARE_GOLDEN(test::dumpModel(model), u"stack-"_s + sample.left(3));
}

void TestStackModel::noThreadNoRows()
{
    StackModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto analysis = test::analyzeFile(test::samplePath(u"001_cloud_hypervisor_pause_deadlock.txt"_s));
    model.setThread(analysis, parsers::ThreadId { 0 });
    QVERIFY(model.rowCount() > 0);
    model.setThread(analysis, parsers::ThreadId {});
    QCOMPARE(model.rowCount(), 0);
    model.setThread(analysis, parsers::ThreadId { 100000 }); // out of range: nothing, no crash
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(TestStackModel)
#include "tst_stackmodel.moc"
