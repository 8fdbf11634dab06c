// SPDX-License-Identifier: GPL-2.0-or-later
// Real gdb on real hangs: builds the small programs of tests/data/programs (an ABBA deadlock, a
// three-lock cycle, a lock held across a condition wait, an idle pool) with the system cc, runs
// each until it is stuck, attaches `gdb -batch`, and parses what gdb printed: thread count, the
// lock frames, and the mutexes' __owner against the LWP of the thread that holds them. Set
// HVDUMP_SAVE_GDB_OUTPUT=DIR to keep each capture (that is how tests/data/gdb/real_*.txt were made).
#include "parsertests.h"

#include <hvdump/parsers/dumpparser.h>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace hvdump::parsers;
using namespace hvdump::parsers::test;
using namespace Qt::StringLiterals;

namespace {

// threads of pid whose state is not sleeping yet
int tasksNotSleeping(qint64 pid, int& tasks)
{
    QDir dir(u"/proc/%1/task"_s.arg(pid));
    const QStringList entries = dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    tasks = int(entries.size());
    int busy = 0;
    for (const QString& tid : entries) {
        QFile stat(dir.filePath(tid + u"/stat"_s));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray line = stat.readAll();
        const qsizetype close = line.lastIndexOf(')'); // comm may hold blanks
        if (close < 0 || close + 2 >= line.size() || line[close + 2] != 'S')
            ++busy;
    }
    return busy;
}

struct Expectation
{
    QString function; // the thread's own function, e.g. take_a_then_b
    QString holds; // a printed mutex whose __owner must be this thread
    QString waits; // a mutex it waits for in pthread_mutex_lock
    QString condWait; // a condition variable it waits on
    bool polls = false;
    int count = 1; // threads running that function
};

// "take_a_then_b holds=lock_a waits=lock_b", "pool_worker cond=queue_nonempty count=3", "poller poll"
Expectation readExpectation(const QString& text)
{
    Expectation e;
    const QStringList parts = text.split(u' ', Qt::SkipEmptyParts);
    e.function = parts.value(0);
    for (const QString& p : parts.mid(1)) {
        if (p.startsWith(u"holds="_s))
            e.holds = p.mid(6);
        else if (p.startsWith(u"waits="_s))
            e.waits = p.mid(6);
        else if (p.startsWith(u"cond="_s))
            e.condWait = p.mid(5);
        else if (p == u"poll"_s)
            e.polls = true;
        else if (p.startsWith(u"count="_s))
            e.count = p.mid(6).toInt();
    }
    return e;
}

bool hasFrame(const Dump& d, const Thread& t, const QString& function)
{
    for (const Frame& f : t.frames)
        if (str(d, f.function) == function)
            return true;
    return false;
}

// the frame of t whose function contains what; its arguments must name <symbol> when gdb printed any
QString checkWait(const Dump& d, const Thread& t, const QString& what, const QString& symbol)
{
    bool found = false, named = false, anyArguments = false;
    for (const Frame& f : t.frames) {
        if (!str(d, f.function).contains(what))
            continue;
        found = true;
        const QString args = str(d, f.arguments);
        anyArguments = anyArguments || !args.isEmpty();
        named = named || args.contains(u'<' + symbol + u'>');
    }
    if (!found)
        return u"no frame with "_s + what;
    if (anyArguments && !symbol.isEmpty() && !named)
        return what + u" frames do not name <"_s + symbol + u'>';
    return {};
}

} // namespace

class TestRealGdb : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_gdb;
    QString m_cc;

    QString build(const QString& program, QString& error)
    {
        const QString source = QString::fromUtf8(HVDUMP_SOURCE_DIR) + u"/tests/data/programs/"_s + program + u".c"_s;
        const QString binary = m_dir.filePath(program);
        QProcess cc;
        cc.setProcessChannelMode(QProcess::MergedChannels);
        cc.start(m_cc, { u"-g"_s, u"-O0"_s, u"-pthread"_s, u"-o"_s, binary, source });
        if (!cc.waitForFinished(120000) || cc.exitCode() != 0)
            error = u"cc failed: "_s + QString::fromLocal8Bit(cc.readAll());
        return binary;
    }

    QByteArray attach(qint64 pid, const QStringList& prints)
    {
        QStringList args { u"-batch"_s, u"-nx"_s, u"-p"_s, QString::number(pid), u"-ex"_s, u"set pagination off"_s,
            u"-ex"_s, u"set trace-commands on"_s, u"-ex"_s, u"thread apply all bt"_s };
        for (const QString& p : prints)
            args << u"-ex"_s << u"p "_s + p;
        QProcess gdb;
        gdb.setProcessChannelMode(QProcess::MergedChannels);
        gdb.start(m_gdb, args);
        gdb.waitForFinished(120000);
        return gdb.readAll();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_gdb = QStandardPaths::findExecutable(u"gdb"_s);
        m_cc = QStandardPaths::findExecutable(u"cc"_s);
        if (m_gdb.isEmpty() || m_cc.isEmpty())
            QSKIP("gdb or cc is not installed: the real-gdb tests need both");
    }

    void hang_data()
    {
        QTest::addColumn<QString>("program");
        QTest::addColumn<int>("threads");
        QTest::addColumn<QStringList>("prints");
        QTest::addColumn<QStringList>("expectations");

        QTest::addRow("ABBA deadlock") << u"abba"_s << 3 << QStringList { u"lock_a"_s, u"lock_b"_s }
                                       << QStringList { u"take_a_then_b holds=lock_a waits=lock_b"_s,
                                              u"take_b_then_a holds=lock_b waits=lock_a"_s };
        QTest::addRow("three-lock cycle")
            << u"cycle3"_s << 4 << QStringList { u"lock_a"_s, u"lock_b"_s, u"lock_c"_s }
            << QStringList { u"worker_a holds=lock_a waits=lock_b"_s, u"worker_b holds=lock_b waits=lock_c"_s,
                   u"worker_c holds=lock_c waits=lock_a"_s };
        QTest::addRow("lock held across a wait")
            << u"lock_held_across_wait"_s << 3
            << QStringList { u"state_lock"_s, u"flag_lock"_s, u"flag_cond"_s, u"flag_set"_s }
            << QStringList { u"waiter holds=state_lock cond=flag_cond"_s, u"setter waits=state_lock"_s };
        QTest::addRow("join while holding a lock")
            << u"join_holding_lock"_s << 2 << QStringList { u"vm_lock"_s }
            << QStringList { u"vm_destroy holds=vm_lock"_s, u"vcpu_exit_notify waits=vm_lock"_s };
        QTest::addRow("idle pool") << u"idle_pool"_s << 5 << QStringList { u"queue_lock"_s, u"queue_nonempty"_s }
                                   << QStringList { u"pool_worker cond=queue_nonempty count=3"_s, u"poller poll"_s };
    }

    void hang()
    {
        QFETCH(QString, program);
        QFETCH(int, threads);
        QFETCH(QStringList, prints);
        QFETCH(QStringList, expectations);

        QString error;
        const QString binary = build(program, error);
        QVERIFY2(error.isEmpty(), qPrintable(error));

        QProcess target;
        target.start(binary, {});
        QVERIFY2(target.waitForStarted(10000), qPrintable(target.errorString()));
        auto cleanup = qScopeGuard([&] {
            target.kill();
            target.waitForFinished(10000);
        });
        QVERIFY2(target.waitForReadyRead(20000), "the program never said ready");
        const qint64 pid = target.processId();

        QByteArray output;
        ParseResult result;
        QString problem;
        // the program is stuck once every thread sleeps and the stacks show the waits
        for (int attempt = 0; attempt < 30; ++attempt) {
            int tasks = 0;
            if (tasksNotSleeping(pid, tasks) > 0 || tasks != threads) {
                QThread::msleep(100);
                continue;
            }
            output = attach(pid, prints);
            if (output.contains("ptrace: Operation not permitted") || output.contains("Could not attach to process")) {
                QFile scope(u"/proc/sys/kernel/yama/ptrace_scope"_s);
                QByteArray level = scope.open(QIODevice::ReadOnly) ? scope.readAll().trimmed() : QByteArray("n/a");
                QSKIP(qPrintable(u"ptrace is not permitted here (yama ptrace_scope %1): %2"_s.arg(
                    QString::fromLatin1(level), QString::fromLocal8Bit(output.left(300)))));
            }
            result = parseText(std::string_view(output.constData(), std::size_t(output.size())), ParseOptions {});
            problem.clear();
            if (int(result.dump.threads.size()) != threads)
                problem = u"%1 threads parsed"_s.arg(result.dump.threads.size());
            for (const QString& text : expectations) {
                const Expectation e = readExpectation(text);
                int matching = 0;
                for (const Thread& t : result.dump.threads) {
                    if (!hasFrame(result.dump, t, e.function))
                        continue;
                    ++matching;
                    QString why;
                    if (!e.waits.isEmpty())
                        why = checkWait(result.dump, t, u"mutex_lock"_s, e.waits);
                    if (why.isEmpty() && !e.waits.isEmpty())
                        why = checkWait(result.dump, t, u"lll_lock_wait"_s, {});
                    if (why.isEmpty() && !e.condWait.isEmpty())
                        why = checkWait(result.dump, t, u"pthread_cond_wait"_s, e.condWait);
                    if (why.isEmpty() && e.polls)
                        why = checkWait(result.dump, t, u"poll"_s, {});
                    if (!why.isEmpty() && problem.isEmpty())
                        problem = e.function + u": "_s + why;
                }
                if (matching != e.count && problem.isEmpty())
                    problem = u"%1 threads in %2"_s.arg(matching).arg(e.function);
            }
            if (problem.isEmpty())
                break;
            QThread::msleep(200); // a thread may still be on its way to the lock: look again
        }
        QVERIFY2(!output.isEmpty(), "the program never got stuck");
        if (!problem.isEmpty())
            qWarning("gdb output:\n%s", output.constData());
        QVERIFY2(problem.isEmpty(), qPrintable(problem));

        // gdb's own print of each mutex states who holds it
        QCOMPARE(int(result.dump.objects.size()), int(prints.size()));
        for (const QString& text : expectations) {
            const Expectation e = readExpectation(text);
            if (e.holds.isEmpty())
                continue;
            const Thread* holder = nullptr;
            for (const Thread& t : result.dump.threads)
                if (hasFrame(result.dump, t, e.function))
                    holder = &t;
            QVERIFY(holder && holder->tid > 0);
            const ObjectDump* mutex = nullptr;
            for (const ObjectDump& o : result.dump.objects)
                if (str(result.dump, o.expression) == e.holds)
                    mutex = &o;
            QVERIFY2(mutex, qPrintable(e.holds));
            QString owner;
            for (const ObjectField& f : mutex->fields)
                if (str(result.dump, f.path) == u"__data.__owner"_s)
                    owner = str(result.dump, f.value);
            QCOMPARE(owner, QString::number(holder->tid));
        }
        // a mutex nobody holds says so
        for (const ObjectDump& o : result.dump.objects) {
            const QString name = str(result.dump, o.expression);
            if (name == u"flag_lock"_s || name == u"queue_lock"_s) {
                bool zero = false;
                for (const ObjectField& f : o.fields)
                    zero = zero
                        || (str(result.dump, f.path) == u"__data.__owner"_s && str(result.dump, f.value) == u"0"_s);
                QVERIFY2(zero, qPrintable(name));
            }
        }
        for (const Diagnostic& d : result.diagnostics)
            QVERIFY2(d.severity == Severity::Note, formatDiagnostic(d).c_str());

        const QByteArray saveDir = qgetenv("HVDUMP_SAVE_GDB_OUTPUT");
        if (!saveDir.isEmpty()) {
            QFile out(QString::fromLocal8Bit(saveDir) + u"/real_"_s + program + u".txt"_s);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(output);
        }
    }
};

QTEST_GUILESS_MAIN(TestRealGdb)
#include "tst_realgdb.moc"
