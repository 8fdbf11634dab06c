// SPDX-License-Identifier: GPL-2.0-or-later
#include "guitestsupport.h"

#include <hvdump/app/gui/models/findingsmodel.h>
#include <hvdump/app/gui/models/modelroles.h>

#include <QAbstractItemModelTester>
#include <QTest>

using namespace hvdump;
using namespace hvdump::gui;
using namespace Qt::StringLiterals;

class TestFindingsModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void seeds_data();
    void seeds();
    void healthyHasNoRows();
    void resetToNothing();
};

void TestFindingsModel::seeds_data()
{
    QTest::addColumn<QString>("sample");
    QTest::addColumn<QString>("firstKind");
    QTest::addColumn<QString>("titleContains");
    QTest::addRow("000 virtio_console spin")
        << u"000_virtio_console_crash.txt"_s << u"Spin without progress"_s << u"__send_to_port"_s;
    QTest::addRow("001 cloud-hypervisor deadlock")
        << u"001_cloud_hypervisor_pause_deadlock.txt"_s << u"Deadlock"_s << u"signal_vcpus"_s;
    QTest::addRow("002 vhost_net livelock")
        << u"002_vhost_net_livelock.txt"_s << u"Spin without progress"_s << u"handle_rx"_s;
    QTest::addRow("003 qcow2 lost wakeup")
        << u"003_qemu_qcow2_close_lost_wakeup.txt"_s << u"Lost wakeup"_s << u"cache_clean_timer_del_and_wait"_s;
    QTest::addRow("004 bhyve lease") << u"004_bhyve_vmm_drv_lease.txt"_s << u"Lost wakeup"_s << u"viona_worker"_s;
}

void TestFindingsModel::seeds()
{
    QFETCH(QString, sample);
    QFETCH(QString, firstKind);
    QFETCH(QString, titleContains);
    FindingsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto analysis = test::analyzeFile(test::samplePath(sample));
    model.setAnalysis(analysis);
    QCOMPARE(model.rowCount(), static_cast<int>(analysis->findings.size()));
    QVERIFY(model.rowCount() >= 1);
    QCOMPARE(model.index(0, FindingsModel::KindColumn).data().toString(), firstKind);
    QVERIFY2(model.index(0, FindingsModel::TitleColumn).data().toString().contains(titleContains),
        qPrintable(model.index(0, FindingsModel::TitleColumn).data().toString()));
    const QModelIndex confidence = model.index(0, FindingsModel::ConfidenceColumn);
    QCOMPARE(confidence.data(ConfidenceRole).toInt(), static_cast<int>(analysis->findings.front().confidence));
    QVERIFY(confidence.data(Qt::ForegroundRole).value<QColor>().isValid());
    QVERIFY(model.index(0, 0).data(EvidenceRole).value<parsers::LineSpan>().valid());
    HVDUMP_COMPARE_GOLDEN(test::dumpModel(model), u"findings-"_s + sample.left(3));
}

void TestFindingsModel::healthyHasNoRows()
{
    FindingsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setAnalysis(test::analyzeFile(test::samplePath(u"healthy_idle_qemu_gdb.txt"_s)));
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.columnCount(), int(FindingsModel::ColumnCount));
}

void TestFindingsModel::resetToNothing()
{
    FindingsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setAnalysis(test::analyzeFile(test::samplePath(u"001_cloud_hypervisor_pause_deadlock.txt"_s)));
    QCOMPARE(model.rowCount(), 1);
    model.setAnalysis(nullptr);
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(TestFindingsModel)
#include "tst_findingsmodel.moc"
