// SPDX-License-Identifier: GPL-2.0-or-later
// Several writers on one case database file, and writers that die: four `hvdump analyze --db`
// processes filing 500 distinct dumps each into one new file at once; a batch import killed with
// SIGKILL (twice) and then re-run; a process killed inside a write transaction.
#include "casefixture.h"

#include <hvdump/app/casedb/transaction.h>

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <array>
#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

using namespace hvdump::casedb;

class TestConcurrentImport : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QTemporaryDir m_home;

    std::array<std::string, 5> m_seeds;

    // dump n: one of the five seed samples (their hangs: two signatures each) under a header
    // naming the job that collected it, or every sixth a small gdb dump with its own thread
    // name and LWP; distinct bytes for every n
    QString writeDumps(const QString& name, int first, int count)
    {
        const QString folder = m_dir.filePath(name);
        QDir().mkpath(folder);
        for (int n = first; n < first + count; ++n) {
            QFile f(folder + QStringLiteral("/dump-%1.txt").arg(n, 5, 10, QLatin1Char('0')));
            if (!f.open(QIODevice::WriteOnly))
                qFatal("cannot write test dumps");
            if (n % 6 == 5)
                f.write(QByteArray::fromStdString(casefixture::smallDump(n)));
            else
                f.write(QByteArray::fromStdString("Collected by triage job " + std::to_string(n) + " (pid "
                    + std::to_string(4000 + n) + ")\n" + m_seeds[n % 6]));
        }
        return folder;
    }

    void startImport(QProcess& p, const QString& folder, const QString& db, int jobs)
    {
        p.setProcessEnvironment(casefixture::cliEnvironment(m_home.path()));
        p.setStandardOutputFile(QProcess::nullDevice());
        p.start(QString::fromUtf8(HVDUMP_CLI),
            { QStringLiteral("analyze"), folder, QStringLiteral("--db"), db, QStringLiteral("-j"),
                QString::number(jobs) });
        QVERIFY(p.waitForStarted());
    }

    static std::int64_t count(const QString& db)
    {
        Result<CaseStore> store = CaseStore::open(db.toStdString(), CaseStore::OpenMode::ReadOnly);
        return store ? store->caseCount().value() : -1;
    }

    static void verifyConsistent(const QString& db, std::int64_t expected)
    {
        Result<CaseStore> store = CaseStore::open(db.toStdString());
        QVERIFY2(store.ok(), store.error().message.c_str());
        Result<IntegrityReport> r = store->check();
        QVERIFY2(r.ok(), r.error().message.c_str());
        QCOMPARE(r->integrity, std::string("ok"));
        QVERIFY2(r->problems.empty(), r->problems.empty() ? "" : r->problems.front().c_str());
        if (expected >= 0)
            QCOMPARE(r->cases, expected);
    }

private Q_SLOTS:
    void initTestCase()
    {
        const char* seeds[] = { "000_virtio_console_crash.txt", "001_cloud_hypervisor_pause_deadlock.txt",
            "002_vhost_net_livelock.txt", "003_qemu_qcow2_close_lost_wakeup.txt", "004_bhyve_vmm_drv_lease.txt" };
        for (int i = 0; i < 5; ++i) {
            m_seeds[i] =
                casefixture::readFile(casefixture::source(QStringLiteral("samples/") + QLatin1String(seeds[i])));
            QVERIFY(!m_seeds[i].empty());
        }
    }

    void fourProcessesFileEverything()
    {
        const QString db = m_dir.filePath(QStringLiteral("shared.sqlite")); // created by the racing processes
        std::array<QString, 4> folders;
        for (int i = 0; i < 4; ++i)
            folders[i] = writeDumps(QStringLiteral("batch%1").arg(i), i * 500, 500);
        std::array<QProcess, 4> importers;
        for (int i = 0; i < 4; ++i)
            startImport(importers[i], folders[i], db, 1);
        for (QProcess& p : importers) {
            QVERIFY(p.waitForFinished(110000));
            const QString err = QString::fromUtf8(p.readAllStandardError());
            QVERIFY2(err.isEmpty(), qPrintable(err)); // no "database is locked", no failed file
            QCOMPARE(p.exitStatus(), QProcess::NormalExit);
            QVERIFY2(p.exitCode() == 0 || p.exitCode() == 1, qPrintable(QString::number(p.exitCode())));
        }
        verifyConsistent(db, 2000);
        Result<CaseStore> store = CaseStore::open(db.toStdString());
        QCOMPARE(*store->database().queryInt("SELECT count(DISTINCT hash) FROM cases"), 2000);
        QCOMPARE(*store->database().queryInt("SELECT count(*) FROM case_text"), 2000);
        // the same hang filed by four processes at once is still one group per seed
        QCOMPARE(*store->database().queryInt("SELECT count(DISTINCT group_id) FROM cases WHERE finding_count > 0"), 5);
        QCOMPARE(
            *store->database().queryInt("SELECT count(*) FROM cases WHERE group_id = id AND finding_count > 0"), 5);
        QCOMPARE(*store->database().queryInt("SELECT count(*) FROM cases WHERE finding_count = 0"), 333);
    }

    void killedBatchImportIsCompletedByARerun()
    {
        const QString folder = writeDumps(QStringLiteral("killed"), 10000, 600);
        const QString db = m_dir.filePath(QStringLiteral("killed.sqlite"));
        std::int64_t filed = 0;
        for (std::int64_t killAt : { 60, 250 }) {
            QProcess p;
            startImport(p, folder, db, 2);
            while (p.state() == QProcess::Running && count(db) < killAt)
                QTest::qWait(5);
            QVERIFY2(p.state() == QProcess::Running, "the batch ended before it could be killed");
            ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
            QVERIFY(p.waitForFinished(10000));
            QCOMPARE(p.exitStatus(), QProcess::CrashExit);
            verifyConsistent(db, -1);
            const std::int64_t now = count(db);
            QVERIFY(now >= filed);
            QVERIFY2(now < 600, "the kill came after the batch");
            filed = now;
        }
        QProcess rerun;
        startImport(rerun, folder, db, 2);
        QVERIFY(rerun.waitForFinished(110000));
        QCOMPARE(rerun.exitStatus(), QProcess::NormalExit);
        QVERIFY(rerun.exitCode() == 0 || rerun.exitCode() == 1);
        QCOMPARE(QString::fromUtf8(rerun.readAllStandardError()), QString());
        verifyConsistent(db, 600);
    }

    void killedInsideATransactionLeavesNoTrace()
    {
        const QString db = m_dir.filePath(QStringLiteral("midway.sqlite"));
        {
            Result<CaseStore> store = CaseStore::open(db.toStdString(), CaseStore::OpenMode::Create);
            CaseInput in = casefixture::madeCase("before", { "sig" }, { "f" });
            QVERIFY(store->import(in).ok());
        }
        int ready[2];
        QCOMPARE(::pipe(ready), 0);
        const pid_t child = ::fork();
        if (child == 0) {
            // half a case: the case row and its raw text, then wait to be killed
            Result<CaseStore> store = CaseStore::open(db.toStdString());
            Result<Transaction> t = Transaction::begin(store->database());
            store->database().exec("INSERT INTO cases (hash, file_name, imported_at, imported_by, parse_status) "
                                   "VALUES ('half', 'half.txt', 'now', 'x', 'complete')");
            store->database().exec("INSERT INTO case_raw VALUES (last_insert_rowid(), 'zlib', 1, x'00')");
            (void)!::write(ready[1], "x", 1);
            for (;;)
                ::pause();
        }
        char byte;
        QCOMPARE(::read(ready[0], &byte, 1), ssize_t(1));
        ::kill(child, SIGKILL);
        int status = 0;
        ::waitpid(child, &status, 0);
        QVERIFY(WIFSIGNALED(status));
        ::close(ready[0]);
        ::close(ready[1]);

        verifyConsistent(db, 1);
        // the dead writer's lock is gone: the next import does not wait
        Result<CaseStore> store = CaseStore::open(db.toStdString());
        CaseInput in = casefixture::madeCase("after", { "sig" }, { "f" });
        Result<ImportResult> r = store->import(in);
        QVERIFY2(r.ok(), r.error().message.c_str());
        verifyConsistent(db, 2);
    }
};

QTEST_GUILESS_MAIN(TestConcurrentImport)
#include "tst_concurrentimport.moc"
