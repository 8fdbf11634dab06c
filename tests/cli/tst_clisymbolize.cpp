// SPDX-License-Identifier: GPL-2.0-or-later
// `hvdump parse --debug-file FILE [--slide HEX]` as a user runs it: a gdb backtrace of address-only
// "?? ()" frames (the real addresses of tests/data/programs/symbolize_target.c, built here with cc
// and run) comes out with functions, file:line and the inlined frame; bad options and debug files
// give the documented exit status and HVP030 diagnostics.
#include "../parsers/targetprogram.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run runHvdump(const QStringList& args)
{
    QProcess p;
    p.start(QString::fromUtf8(HVDUMP_CLI), args);
    if (!p.waitForFinished(120000))
        return {};
    return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
        QString::fromUtf8(p.readAllStandardError()) };
}

QString hex(quint64 v)
{
    return u"0x"_s + QString::number(v, 16).rightJustified(16, u'0');
}

} // namespace

class TestCliSymbolize : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_skip;
    QString m_binary;
    QString m_dump;
    QString m_libraryDump; // the same frames, as if in a library libtarget.so
    quint64 m_slide = 0;

private Q_SLOTS:
    void initTestCase()
    {
        if (targetprogram::compiler().isEmpty()) {
            m_skip = u"no C compiler (cc) on PATH: the test builds the program it symbolizes"_s;
            return;
        }
        QVERIFY(m_dir.isValid());
        m_binary = m_dir.filePath(u"symbolize_target"_s);
        QString error;
        QVERIFY2(targetprogram::compile(m_binary, { u"-fPIE"_s, u"-pie"_s }, error), qPrintable(error));
        targetprogram::Trace trace = targetprogram::parseTrace(targetprogram::run(m_binary, {}, error));
        QHash<QString, quint64> symbols = targetprogram::symbols(m_binary, error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(trace.frames.size() >= 5 && trace.mainAddress && symbols.contains(u"main"_s));
        m_slide = trace.mainAddress - symbols.value(u"main"_s);

        // what gdb prints for a stripped program: "?? ()" for its own frames, "from LIB" for libc's
        QString text = u"[Thread debugging using libthread_db enabled]\n\n"
                       u"Thread 1 (Thread 0x7ffff7d8a740 (LWP 4242) \"symbolize_targe\"):\n"_s;
        for (int i = 0; i < trace.frames.size(); ++i) {
            const targetprogram::BacktraceFrame& f = trace.frames[i];
            text += u'#' + QString::number(i).leftJustified(3, u' ') + hex(f.address) + u" in "_s;
            if (f.module.contains(u"libc"_s))
                text += (f.function.isEmpty() ? u"??"_s : f.function) + u" () from "_s + f.module + u'\n';
            else
                text += u"?? ()\n"_s;
        }
        m_dump = m_dir.filePath(u"gdb-bt.txt"_s);
        QFile out(m_dump);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(text.toUtf8());
        out.close();
        m_libraryDump = m_dir.filePath(u"gdb-bt-library.txt"_s);
        QFile library(m_libraryDump);
        QVERIFY(library.open(QIODevice::WriteOnly));
        library.write(text.replace(u"?? ()\n"_s, u"?? () from /opt/target/lib/libtarget.so\n"_s).toUtf8());
    }

    void symbolizesGdbBacktrace_data()
    {
        QTest::addColumn<bool>("json");
        QTest::addColumn<bool>("library"); // frames "from libtarget.so", --debug-file libtarget=FILE
        QTest::addRow("text") << false << false;
        QTest::addRow("json") << true << false;
        QTest::addRow("library frames, MODULE=FILE and MODULE=HEX") << false << true;
    }

    void symbolizesGdbBacktrace()
    {
        if (!m_skip.isEmpty())
            QSKIP(qPrintable(m_skip));
        QFETCH(bool, json);
        QFETCH(bool, library);
        QStringList args { u"parse"_s, m_dump, u"--debug-file"_s, m_binary, u"--slide"_s, hex(m_slide) };
        if (library)
            args = QStringList { u"parse"_s, m_libraryDump, u"--debug-file"_s, u"libtarget.so="_s + m_binary,
                u"--slide"_s, u"libtarget="_s + hex(m_slide) };
        if (json)
            args << u"--json"_s;
        Run r = runHvdump(args);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains(u"symbolized 5 frames, added 1 inlined frames"_s), qPrintable(r.err));
        const int workerLine = targetprogram::markerLine(u"worker-calls-mix"_s);
        const int mixLine = targetprogram::markerLine(u"mix-calls-capture"_s);
        if (!json) {
            QVERIFY2(r.out.contains(u"worker+0x"_s), qPrintable(r.out));
            QVERIFY(r.out.contains(u"symbolize_target.c:"_s + QString::number(workerLine)));
            QVERIFY(r.out.contains(u"mix"_s));
            QVERIFY(r.out.contains(u"symbolize_target.h:"_s + QString::number(mixLine) + u" (inlined)"_s));
            return;
        }
        QJsonParseError error;
        QJsonDocument doc = QJsonDocument::fromJson(r.out.toUtf8(), &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QJsonArray frames = doc.object()[u"threads"_s].toArray().at(0).toObject()[u"frames"_s].toArray();
        QVERIFY(frames.size() >= 6);
        const QStringList functions { u"capture"_s, u"mix"_s, u"worker"_s, u"helper"_s, u"main"_s };
        for (int i = 0; i < functions.size(); ++i) {
            QJsonObject f = frames.at(i).toObject();
            QCOMPARE(f[u"function"_s].toString(), functions[i]);
            QVERIFY(f[u"file"_s].toString().endsWith(i == 1 ? u"/symbolize_target.h"_s : u"/symbolize_target.c"_s));
            QVERIFY(f[u"flags"_s].toArray().contains(u"symbolized"_s));
            QCOMPARE(f[u"flags"_s].toArray().contains(u"inlined"_s), i == 1);
        }
        QCOMPARE(frames.at(1).toObject()[u"line"_s].toInt(), mixLine);
        QCOMPARE(frames.at(2).toObject()[u"line"_s].toInt(), workerLine);
        QCOMPARE(frames.at(4).toObject()[u"line"_s].toInt(), targetprogram::markerLine(u"main-calls-helper"_s));
    }

    void reportsProblems_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("stderrHas");

        QTest::addRow("PIE without --slide or fn+off frames")
            << QStringList { u"--debug-file"_s, u"@binary"_s } << 0 << u"load address is unknown"_s;
        QTest::addRow("missing debug file") << QStringList { u"--debug-file"_s, u"/nonexistent/vmlinux"_s } << 3
                                            << u"/nonexistent/vmlinux: error: cannot open debug file"_s;
        QTest::addRow("debug file that is a dump")
            << QStringList { u"--debug-file"_s, u"@dump"_s } << 3 << u"not an ELF file [HVP030]"_s;
        QTest::addRow("--slide not hex") << QStringList { u"--debug-file"_s, u"@binary"_s, u"--slide"_s, u"0x12zz"_s }
                                         << 2 << u"--slide '0x12zz'"_s;
    }

    void reportsProblems()
    {
        if (!m_skip.isEmpty())
            QSKIP(qPrintable(m_skip));
        QFETCH(QStringList, options);
        QFETCH(int, exitCode);
        QFETCH(QString, stderrHas);
        options.replaceInStrings(u"@binary"_s, m_binary);
        options.replaceInStrings(u"@dump"_s, m_dump);
        Run r = runHvdump(QStringList { u"parse"_s, m_dump } + options);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(r.err.contains(stderrHas), qPrintable(r.err));
        if (exitCode != 2)
            QVERIFY(!r.out.contains(u"worker"_s)); // nothing symbolized, the dump still printed
        if (exitCode == 3)
            QVERIFY(r.out.contains(u"1 threads"_s));
    }
};

QTEST_GUILESS_MAIN(TestCliSymbolize)
#include "tst_clisymbolize.moc"
