// SPDX-License-Identifier: GPL-2.0-or-later
#include "guitestsupport.h"

#include <hvdump/app/gui/models/diagnosticsmodel.h>
#include <hvdump/app/gui/models/modelroles.h>

#include <QAbstractItemModelTester>
#include <QTest>

using namespace hvdump;
using namespace hvdump::gui;
using namespace Qt::StringLiterals;

class TestDiagnosticsModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void badInput();
    void unreadableFile();
};

void TestDiagnosticsModel::badInput()
{
    // a gdb dump cut in the middle and a binary line: the parsers say where
    const QByteArray text = "Thread 2 (Thread 0x7f00 (LWP 12) \"worker\"):\n"
                            "#0  0x00007f00 in __lll_lock_wait (futex=0x55d0) at lowlevellock.c:52\n"
                            "#1  0x00007f01 in pthread_mutex_lock (mutex=0x55d0) at ../nptl/pthread_mutex_lock.c:80\n"
                            "#2  0x000055d0 in\n"
                            "... OUTPUT CUT ...\n";
    DiagnosticsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto analysis = test::analyzeText(text, u"cut.txt"_s);
    QVERIFY(!analysis->diagnostics.empty());
    model.setDiagnostics(analysis->diagnostics);
    QCOMPARE(model.rowCount(), static_cast<int>(analysis->diagnostics.size()));
    for (int row = 0; row < model.rowCount(); ++row) {
        const parsers::Diagnostic& d = analysis->diagnostics[static_cast<std::size_t>(row)];
        QCOMPARE(model.index(row, DiagnosticsModel::CodeColumn).data().toString(), QString::fromStdString(d.code));
        const auto span = model.index(row, 0).data(EvidenceRole).value<parsers::LineSpan>();
        QCOMPARE(span.first, d.line);
        QVERIFY(model.index(row, DiagnosticsModel::LocationColumn).data().toString().startsWith(u"cut.txt"_s));
    }
    HVDUMP_COMPARE_GOLDEN(test::dumpModel(model), u"diagnostics-cut"_s);
}

void TestDiagnosticsModel::unreadableFile()
{
    DiagnosticsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDiagnostics(test::analyzeFile(u"/nonexistent/dump.txt"_s)->diagnostics);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, DiagnosticsModel::CodeColumn).data().toString(), u"HVP001"_s);
    QCOMPARE(model.index(0, DiagnosticsModel::SeverityColumn).data().toString(), u"error"_s);
    QVERIFY(!model.index(0, 0).data(EvidenceRole).value<parsers::LineSpan>().valid());
    model.setDiagnostics({});
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(TestDiagnosticsModel)
#include "tst_diagnosticsmodel.moc"
