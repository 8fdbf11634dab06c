// SPDX-License-Identifier: GPL-2.0-or-later
#include "guitestsupport.h"

#include <hvdump/app/gui/models/modelroles.h>
#include <hvdump/app/gui/models/threadgroupmodel.h>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace hvdump;
using namespace hvdump::gui;
using namespace Qt::StringLiterals;

class TestThreadGroupModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void samples_data();
    void samples();
    void identicalStacksShareAGroup();
    void threadIndexRoundTrip();
    void recursiveFilter_data();
    void recursiveFilter();
    void rebindKeepsRows();
};

void TestThreadGroupModel::samples_data()
{
    QTest::addColumn<QString>("sample");
    QTest::addRow("000 crash + console") << u"000_virtio_console_crash.txt"_s;
    QTest::addRow("001 gdb rust") << u"001_cloud_hypervisor_pause_deadlock.txt"_s;
    QTest::addRow("004 mdb") << u"004_bhyve_vmm_drv_lease.txt"_s;
    QTest::addRow("healthy sysrq-t") << u"healthy_idle_kernel_sysrq_t.txt"_s;
}

void TestThreadGroupModel::samples()
{
    QFETCH(QString, sample);
    ThreadGroupModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto analysis = test::analyzeFile(test::samplePath(sample));
    model.setAnalysis(analysis);
    // every thread sits in exactly one group, and the counts add up to the dump's
    int rows = 0;
    int counted = 0;
    for (int g = 0; g < model.groupCount(); ++g) {
        rows += model.rowCount(model.index(g, 0));
        counted += model.index(g, ThreadGroupModel::CountColumn).data().toInt();
        QCOMPARE(model.index(g, ThreadGroupModel::CountColumn).data().toInt(), model.groupThreadCount(g));
    }
    QCOMPARE(rows, static_cast<int>(analysis->dump.threads.size()));
    int expected = 0;
    for (const parsers::Thread& t : analysis->dump.threads)
        expected += static_cast<int>(std::max<std::uint32_t>(t.count, 1));
    QCOMPARE(counted, expected);
    HVDUMP_COMPARE_GOLDEN(test::dumpModel(model), u"threads-"_s + sample.section(u'.', 0, 0));
}

void TestThreadGroupModel::identicalStacksShareAGroup()
{
    // the idle kernel: every idle kworker sleeps in the same stack
    ThreadGroupModel model;
    model.setAnalysis(test::analyzeFile(test::samplePath(u"healthy_idle_kernel_sysrq_t.txt"_s)));
    QVERIFY(model.groupCount() < static_cast<int>(model.analysis()->dump.threads.size()));
    int largest = 0;
    for (int g = 0; g < model.groupCount(); ++g)
        largest = std::max(largest, model.groupThreadCount(g));
    QVERIFY2(largest >= 3, qPrintable(QString::number(largest)));
}

void TestThreadGroupModel::threadIndexRoundTrip()
{
    ThreadGroupModel model;
    auto analysis = test::analyzeFile(test::samplePath(u"003_qemu_qcow2_close_lost_wakeup.txt"_s));
    model.setAnalysis(analysis);
    for (std::uint32_t i = 0; i < analysis->dump.threads.size(); ++i) {
        const QModelIndex index = model.indexOfThread(parsers::ThreadId { i });
        QVERIFY(index.isValid());
        QCOMPARE(model.threadAt(index).value, i);
        QCOMPARE(index.data(ThreadRole).toInt(), static_cast<int>(i));
        QCOMPARE(index.data(EvidenceRole).value<parsers::LineSpan>(), analysis->dump.threads[i].span);
    }
    QVERIFY(!model.indexOfThread(parsers::ThreadId {}).isValid());
    QVERIFY(!model.threadAt(model.index(0, 0)).valid()); // a group row is not a thread
}

void TestThreadGroupModel::recursiveFilter_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<int>("groups");
    QTest::addColumn<int>("threads");
    QTest::addRow("a function deep in one stack") << u"signal_vcpus"_s << 1 << 1;
    QTest::addRow("a thread name") << u"vcpu0"_s << 1 << 1;
    QTest::addRow("one thread of a shared stack") << u"vcpu1"_s << 1 << 1;
    QTest::addRow("nothing") << u"no-such-function"_s << 0 << 0;
}

void TestThreadGroupModel::recursiveFilter()
{
    QFETCH(QString, filter);
    QFETCH(int, groups);
    QFETCH(int, threads);
    ThreadGroupModel model;
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setFilterRole(SearchRole);
    proxy.setRecursiveFilteringEnabled(true);
    proxy.setAutoAcceptChildRows(true);
    proxy.setFilterCaseSensitivity(Qt::CaseInsensitive);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setAnalysis(test::analyzeFile(test::samplePath(u"001_cloud_hypervisor_pause_deadlock.txt"_s)));
    proxy.setFilterFixedString(filter);
    QCOMPARE(proxy.rowCount(), groups);
    int shown = 0;
    for (int g = 0; g < proxy.rowCount(); ++g)
        shown += proxy.rowCount(proxy.index(g, 0));
    QCOMPARE(shown, threads);
}

void TestThreadGroupModel::rebindKeepsRows()
{
    ThreadGroupModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setAnalysis(test::analyzeFile(test::samplePath(u"004_bhyve_vmm_drv_lease.txt"_s)));
    const QStringList before = test::dumpModel(model);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.rebind(test::analyzeFile(test::samplePath(u"004_bhyve_vmm_drv_lease.txt"_s)));
    QCOMPARE(reset.count(), 0);
    QCOMPARE(test::dumpModel(model), before);
}

QTEST_MAIN(TestThreadGroupModel)
#include "tst_threadgroupmodel.moc"
