// SPDX-License-Identifier: GPL-2.0-or-later
#include "guitestsupport.h"

#include <hvdump/app/gui/models/rawtext.h>
#include <hvdump/app/gui/widgets/rawtextview.h>

#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QTest>

using namespace hvdump;
using namespace hvdump::gui;
using namespace Qt::StringLiterals;

class TestRawText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void lines_data();
    void lines();
    void spansAddressTheSameLines();
    void viewHighlightsAndCopies();
};

void TestRawText::lines_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QStringList>("lines");
    QTest::addRow("empty") << QByteArray() << QStringList {};
    QTest::addRow("no final newline") << QByteArray("a\nb") << QStringList { u"a"_s, u"b"_s };
    QTest::addRow("final newline") << QByteArray("a\nb\n") << QStringList { u"a"_s, u"b"_s };
    QTest::addRow("CRLF and serial \\r\\r\\n") << QByteArray("a\r\nb\r\r\n") << QStringList { u"a"_s, u"b"_s };
    QTest::addRow("empty lines count") << QByteArray("\n\nx\n") << QStringList { u""_s, u""_s, u"x"_s };
    QTest::addRow("tabs expand to 8 columns")
        << QByteArray("#0\tfoo\n\tbar\n") << QStringList { u"#0      foo"_s, u"        bar"_s };
    QTest::addRow("UTF-8") << QByteArray("vcpu \xe2\x86\x92 lock\n") << QStringList { u"vcpu \u2192 lock"_s };
}

void TestRawText::lines()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QStringList, lines);
    const RawText text(bytes.toStdString());
    QCOMPARE(text.lineCount(), lines.size());
    for (int i = 0; i < lines.size(); ++i)
        QCOMPARE(text.line(i + 1), lines[i]);
    QCOMPARE(text.line(0), QString());
    QCOMPARE(text.line(lines.size() + 1), QString());
}

void TestRawText::spansAddressTheSameLines()
{
    // a thread's span from the parser points at its header line in the raw text
    const QString path = test::samplePath(u"004_bhyve_vmm_drv_lease.txt"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const RawText text(file.readAll().toStdString());
    auto analysis = test::analyzeFile(path);
    QCOMPARE(static_cast<std::uint32_t>(text.lineCount()), analysis->dump.lineCount);
    for (const parsers::Thread& t : analysis->dump.threads) {
        for (const parsers::Frame& f : t.frames) {
            if (!f.span.valid() || !f.function.valid())
                continue;
            const QString fn = QString::fromStdString(std::string(analysis->dump.str(f.function)));
            QVERIFY2(text.line(static_cast<int>(f.span.first)).contains(fn),
                qPrintable(u"line %1 lacks %2"_s.arg(f.span.first).arg(fn)));
        }
    }
}

void TestRawText::viewHighlightsAndCopies()
{
    RawTextView view;
    view.resize(600, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    std::string bytes;
    for (int i = 1; i <= 2000; ++i)
        bytes += "line " + std::to_string(i) + "\n";
    view.setText(std::make_shared<const RawText>(bytes));
    QCOMPARE(view.firstVisibleLine(), 1);
    view.setHighlights({ 10, 12 }, { { 1500, 1502 } });
    view.revealLine(1500);
    QVERIFY(view.firstVisibleLine() <= 1500);
    QVERIFY(view.firstVisibleLine() + view.visibleLineCount() > 1502);
    QCOMPARE(view.strongHighlights().front(), (parsers::LineSpan { 1500, 1502 }));
    // select two lines with the keyboard and copy them
    view.revealLine(1);
    QTest::keyClick(&view, Qt::Key_Down, Qt::ShiftModifier);
    QTest::keyClick(&view, Qt::Key_Down, Qt::ShiftModifier);
    QCOMPARE(view.selectedText(), u"line 1\nline 2\nline 3"_s);
    QTest::keySequence(&view, QKeySequence::Copy);
    QCOMPARE(QApplication::clipboard()->text(), u"line 1\nline 2\nline 3"_s);
}

QTEST_MAIN(TestRawText)
#include "tst_rawtext.moc"
