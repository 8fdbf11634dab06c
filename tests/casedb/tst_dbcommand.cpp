// SPDX-License-Identifier: GPL-2.0-or-later
// `hvdump analyze --db` and `hvdump db ...` as a user runs them: the real binary on a folder of
// mixed dumps (the samples, random bytes, a file it may not read, an empty file), its progress
// line on a terminal, every db subcommand in text and JSON, the default location, and the errors
// a user meets (no such case, a bad state, a missing, corrupt, too new or read-only database).
#include "casefixture.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
    QByteArray rawOut;
};

QJsonObject json(const Run& r)
{
    return QJsonDocument::fromJson(r.out.toUtf8()).object();
}

} // namespace

class TestDbCommand : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_db; // filled with the samples by initTestCase
    QString m_samples; // a folder of mixed dumps

    QProcessEnvironment environment(const QMap<QString, QString>& extraEnv = {})
    {
        QProcessEnvironment env = casefixture::cliEnvironment(m_dir.filePath(QStringLiteral("home")));
        for (auto it = extraEnv.begin(); it != extraEnv.end(); ++it)
            env.insert(it.key(), it.value());
        return env;
    }

    Run hvdump(const QStringList& args, const QMap<QString, QString>& extraEnv = {}, bool asNobody = false)
    {
        QProcess p;
        p.setProcessEnvironment(environment(extraEnv));
        if (asNobody && ::geteuid() == 0) {
            p.setChildProcessModifier([] {
                // permissions mean nothing to root: become somebody they apply to
                if (::setgid(65534) != 0 || ::setuid(65534) != 0)
                    ::_exit(99);
            });
        }
        p.start(QString::fromUtf8(HVDUMP_CLI), args);
        if (!p.waitForFinished(60000))
            return {};
        const QByteArray out = p.readAllStandardOutput();
        return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(out),
            QString::fromUtf8(p.readAllStandardError()), out };
    }

    // analyze over the mixed folder as somebody file permissions apply to, so that its
    // unreadable file is unreadable even when the tests run as root
    Run analyzeMixed(QStringList args)
    {
        args.prepend(m_samples);
        args.prepend(QStringLiteral("analyze"));
        ::chmod(m_dir.path().toUtf8().constData(), 0755);
        Run r = hvdump(args, {}, true);
        ::chmod(m_dir.path().toUtf8().constData(), 0700);
        return r;
    }

    // a real case database whose pages after the header were overwritten
    QByteArray damagedDatabase()
    {
        const QString path = m_dir.filePath(QStringLiteral("to-damage.sqlite"));
        {
            using namespace hvdump::casedb;
            Result<CaseStore> store = CaseStore::open(path.toStdString(), CaseStore::OpenMode::Create);
            if (!store)
                qFatal("%s", store.error().message.c_str());
            for (int i = 0; i < 30; ++i) {
                CaseInput in = casefixture::madeCase("case" + std::to_string(i), { "sig" }, { "f", "g" });
                if (!store->import(in))
                    qFatal("cannot fill the database to damage");
            }
            store->database().exec("PRAGMA journal_mode = DELETE");
        }
        QByteArray bytes = QByteArray::fromStdString(casefixture::readFile(path));
        if (bytes.size() <= 3 * 4096)
            qFatal("the database to damage is too small");
        bytes.replace(4096, bytes.size() - 4096, QByteArray(bytes.size() - 4096, '\x5a'));
        return bytes;
    }

    Run db(QStringList args)
    {
        args.prepend(QStringLiteral("db"));
        args << QStringLiteral("--db") << m_db;
        return hvdump(args);
    }

    QString sample(const char* name)
    {
        return casefixture::source(QStringLiteral("samples/") + QString::fromLatin1(name));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QDir().mkpath(m_dir.filePath(QStringLiteral("home")));
        m_samples = m_dir.filePath(QStringLiteral("mixed"));
        QDir().mkpath(m_samples);
        const QDir samples(casefixture::source(QStringLiteral("samples")));
        for (const QString& name : samples.entryList({ QStringLiteral("*.txt") }, QDir::Files, QDir::Name))
            QVERIFY(QFile::copy(samples.filePath(name), m_samples + u'/' + name));
        // the bad files sort between the samples: the batch must go on past them
        QFile unreadable(m_samples + QStringLiteral("/002a-unreadable.txt"));
        QVERIFY(unreadable.open(QIODevice::WriteOnly));
        unreadable.write(QByteArray::fromStdString(casefixture::smallDump(999))); // a dump, were it readable
        unreadable.close();
        QCOMPARE(::chmod(unreadable.fileName().toUtf8().constData(), 0), 0);
        QFile junk(m_samples + QStringLiteral("/002b-random.bin"));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        QRandomGenerator gen(7);
        QByteArray bytes(4096, '\0');
        for (char& c : bytes)
            c = static_cast<char>(gen.bounded(256));
        junk.write(bytes);
        junk.close();
        QFile empty(m_samples + QStringLiteral("/zz-empty.txt"));
        QVERIFY(empty.open(QIODevice::WriteOnly));
        empty.close();
        // the team's folder: anyone may file into it
        const QString team = m_dir.filePath(QStringLiteral("team"));
        QVERIFY(QDir().mkpath(team));
        QCOMPARE(::chmod(team.toUtf8().constData(), 0777), 0);
        m_db = team + QStringLiteral("/cases.sqlite");
    }

    void analyzeFilesAFolderOfMixedDumps()
    {
        const Run r = analyzeMixed({ QStringLiteral("--db"), m_db });
        QCOMPARE(r.exitCode, 3); // an input could not be read; the others are analysed and filed all the same
        QCOMPARE(r.out.count(QStringLiteral(" filed")), 7);
        QVERIFY(r.out.contains(QStringLiteral("healthy_idle_qemu_gdb.txt"))); // the last file, after the bad ones
        // each bad file is named when met, and all of them again at the end
        const QString unreadable = m_samples + QStringLiteral("/002a-unreadable.txt: cannot read: Permission denied");
        const qsizetype report = r.err.indexOf(QStringLiteral("hvdump: 3 of 10 files not analysed or not filed:\n"));
        QVERIFY2(report > 0, qPrintable(r.err));
        const qsizetype met = r.err.indexOf(m_samples + QStringLiteral("/002a-unreadable.txt: error: cannot read"));
        QVERIFY2(met >= 0 && met < report, qPrintable(r.err));
        const QString tail = r.err.mid(report);
        QVERIFY2(tail.contains(QStringLiteral("\n  ") + unreadable + u'\n'), qPrintable(tail));
        QVERIFY(tail.contains(QStringLiteral("002b-random.bin: no stack, report or object recognised")));
        QVERIFY(tail.contains(QStringLiteral("zz-empty.txt: no stack")));
        QCOMPARE(tail.count(u'\n'), 4);
        QVERIFY(!r.err.contains(QStringLiteral("\r"))); // no progress line when stderr is not a terminal

        const QJsonArray cases =
            json(db({ QStringLiteral("list"), QStringLiteral("--json") })).value(QStringLiteral("cases")).toArray();
        QCOMPARE(cases.size(), 7);
        QCOMPARE(cases[0].toObject().value(QStringLiteral("importedBy")).toString(), QStringLiteral("tester"));

        const Run again = analyzeMixed({ QStringLiteral("--db"), m_db });
        QCOMPARE(again.out.count(QStringLiteral("already filed")), 7);
        QCOMPARE(json(db({ QStringLiteral("list"), QStringLiteral("--json") }))
                     .value(QStringLiteral("cases"))
                     .toArray()
                     .size(),
            7);
    }

    void jobsKeepTheInputOrder()
    {
        const Run one = analyzeMixed({ QStringLiteral("-j"), QStringLiteral("1") });
        const Run two = analyzeMixed({ QStringLiteral("-j"), QStringLiteral("2") });
        QCOMPARE(one.exitCode, 3);
        QCOMPARE(two.exitCode, 3);
        QVERIFY(one.out.contains(QStringLiteral("healthy_idle_qemu_gdb.txt")));
        QCOMPARE(two.out, one.out);
        QCOMPARE(two.err, one.err);
    }

    void progressOnATerminal()
    {
        // stderr on a pseudo-terminal, as when a person runs the batch
        const int terminal = ::posix_openpt(O_RDWR | O_NOCTTY);
        QVERIFY(terminal >= 0);
        QVERIFY(::grantpt(terminal) == 0 && ::unlockpt(terminal) == 0);
        const int side = ::open(::ptsname(terminal), O_RDWR | O_NOCTTY);
        QVERIFY(side >= 0);
        QCOMPARE(::fcntl(terminal, F_SETFL, O_NONBLOCK), 0);
        QByteArray shown;
        auto drain = [&] {
            char buffer[4096];
            for (ssize_t n; (n = ::read(terminal, buffer, sizeof buffer)) > 0;)
                shown.append(buffer, n);
        };
        QProcess p;
        p.setProcessEnvironment(environment());
        p.setChildProcessModifier([side] {
            ::dup2(side, STDERR_FILENO);
            if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0))
                ::_exit(99);
        });
        const QString path = m_dir.filePath(QStringLiteral("team/progress.sqlite"));
        ::chmod(m_dir.path().toUtf8().constData(), 0755);
        p.start(QString::fromUtf8(HVDUMP_CLI),
            { QStringLiteral("analyze"), m_samples, QStringLiteral("--db"), path, QStringLiteral("-j"),
                QStringLiteral("2") });
        QVERIFY(p.waitForStarted());
        for (int waited = 0; !p.waitForFinished(20) && waited < 60000; waited += 20)
            drain(); // the terminal's buffer is small: read it as the batch runs
        drain();
        ::chmod(m_dir.path().toUtf8().constData(), 0700);
        ::close(side);
        ::close(terminal);
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QVERIFY(p.readAllStandardError().isEmpty());

        // "[1/10  10%  ETA 0:00] .../samples/001_..." redrawn in place, then wiped before the report
        const QByteArray firstLine = "\r\x1b[K[1/10  10%";
        QVERIFY2(shown.contains(firstLine), shown.constData());
        QVERIFY2(shown.contains("ETA "), shown.constData());
        const qsizetype report = shown.indexOf("hvdump: 3 of 10 files not analysed or not filed:");
        QVERIFY2(report > 0, shown.constData());
        const qsizetype lastProgress = shown.lastIndexOf("/10 ");
        QVERIFY(lastProgress < report);
        const qsizetype wiped = shown.indexOf("\r\x1b[K", lastProgress);
        QVERIFY2(wiped > lastProgress && wiped < report, shown.constData());
        QVERIFY(!shown.mid(report).contains("\x1b["));
        QVERIFY(!p.readAllStandardOutput().contains('\x1b')); // the analyses on stdout stay clean
    }

    void showSearchNoteStatusExport()
    {
        const Run list = db({ QStringLiteral("list"), QStringLiteral("--json") });
        int virtio = 0;
        for (const auto& c : json(list).value(QStringLiteral("cases")).toArray())
            if (c.toObject()
                    .value(QStringLiteral("fileName"))
                    .toString()
                    .endsWith(QStringLiteral("000_virtio_console_crash.txt")))
                virtio = c.toObject().value(QStringLiteral("id")).toInt();
        QVERIFY(virtio > 0);
        const QString id = QString::number(virtio);

        const QJsonObject shown =
            json(db({ QStringLiteral("show"), id, QStringLiteral("--json") })).value(QStringLiteral("case")).toObject();
        QCOMPARE(shown.value(QStringLiteral("id")).toInt(), virtio);
        QCOMPARE(shown.value(QStringLiteral("status")).toString(), QStringLiteral("new"));
        QVERIFY(!shown.value(QStringLiteral("findings")).toArray().isEmpty());
        QVERIFY(!shown.value(QStringLiteral("findings"))
                     .toArray()[0]
                     .toObject()
                     .value(QStringLiteral("signature"))
                     .toString()
                     .isEmpty());
        QVERIFY(shown.value(QStringLiteral("formats")).toArray().contains(QStringLiteral("crash")));
        const Run text = db({ QStringLiteral("show"), id });
        QCOMPARE(text.exitCode, 0);
        QVERIFY(text.out.startsWith(QStringLiteral("case #") + id));
        QVERIFY(text.out.contains(QStringLiteral("signature: ")));

        const Run search =
            db({ QStringLiteral("search"), QStringLiteral("virtqueue_get_buf"), QStringLiteral("--json") });
        QCOMPARE(search.exitCode, 0);
        QCOMPARE(json(search).value(QStringLiteral("hits")).toArray()[0].toObject().value(QStringLiteral("id")).toInt(),
            virtio);

        const Run note = db({ QStringLiteral("note"), id, QStringLiteral("crosvm exited on reboot") });
        QCOMPARE(note.exitCode, 0);
        QVERIFY(note.out.contains(QStringLiteral("added to case #") + id));
        const Run byNote = db({ QStringLiteral("search"), QStringLiteral("crosvm"), QStringLiteral("--json") });
        QCOMPARE(json(byNote).value(QStringLiteral("hits")).toArray().size(), 1);

        const QString url = QStringLiteral("https://lore.kernel.org/virtualization/fix");
        const Run status = db({ QStringLiteral("status"), id, QStringLiteral("fixed"), QStringLiteral("--fix"), url });
        QCOMPARE(status.exitCode, 0);
        QCOMPARE(status.out, QStringLiteral("case #%1: fixed  fix: %2\n").arg(id, url));
        const QJsonObject after =
            json(db({ QStringLiteral("show"), id, QStringLiteral("--json") })).value(QStringLiteral("case")).toObject();
        QCOMPARE(after.value(QStringLiteral("fixUrl")).toString(), url);
        QCOMPARE(
            after.value(QStringLiteral("notes")).toArray()[0].toObject().value(QStringLiteral("author")).toString(),
            QStringLiteral("tester"));
        const Run fixed = db(
            { QStringLiteral("list"), QStringLiteral("--status"), QStringLiteral("fixed"), QStringLiteral("--json") });
        QCOMPARE(json(fixed).value(QStringLiteral("cases")).toArray().size(), 1);

        const Run exported = db({ QStringLiteral("export"), id });
        QCOMPARE(exported.exitCode, 0);
        QCOMPARE(
            exported.rawOut, QByteArray::fromStdString(casefixture::readFile(sample("000_virtio_console_crash.txt"))));
        const QString copy = m_dir.filePath(QStringLiteral("exported.txt"));
        QCOMPARE(db({ QStringLiteral("export"), id, QStringLiteral("-o"), copy }).exitCode, 0);
        QCOMPARE(QByteArray::fromStdString(casefixture::readFile(copy)), exported.rawOut);
        const Run exportedJson = db({ QStringLiteral("export"), id, QStringLiteral("--json") });
        QCOMPARE(json(exportedJson)
                     .value(QStringLiteral("case"))
                     .toObject()
                     .value(QStringLiteral("text"))
                     .toString()
                     .toUtf8(),
            exported.rawOut);

        const Run check = db({ QStringLiteral("check") });
        QCOMPARE(check.exitCode, 0);
        QVERIFY2(
            check.out.contains(QStringLiteral("integrity ok, 7 cases, every case complete")), qPrintable(check.out));
    }

    void theSameHangIsRecognised()
    {
        // the 001 hang again, from another run: other addresses, CRLF
        QString text = QString::fromStdString(casefixture::readFile(sample("001_cloud_hypervisor_pause_deadlock.txt")));
        text.replace(QStringLiteral("0x7f5a"), QStringLiteral("0x7e11"));
        text.replace(u'\n', QStringLiteral("\r\n"));
        const QString again = m_dir.filePath(QStringLiteral("001-again.txt"));
        QFile f(again);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text.toUtf8());
        f.close();
        const QJsonArray before =
            json(db({ QStringLiteral("search"), QStringLiteral("signal_vcpus"), QStringLiteral("--json") }))
                .value(QStringLiteral("hits"))
                .toArray();
        QCOMPARE(before.size(), 1);
        const int original = before[0].toObject().value(QStringLiteral("id")).toInt();

        const Run filed =
            hvdump({ QStringLiteral("analyze"), again, QStringLiteral("--db"), m_db, QStringLiteral("--json") });
        QCOMPARE(filed.exitCode, 1);
        const QJsonObject filing = json(filed)
                                       .value(QStringLiteral("analyses"))
                                       .toArray()[0]
                                       .toObject()
                                       .value(QStringLiteral("case"))
                                       .toObject();
        QVERIFY(filing.value(QStringLiteral("created")).toBool());
        QCOMPARE(filing.value(QStringLiteral("groupId")).toInt(), original);
        QCOMPARE(
            filing.value(QStringLiteral("sameSignature")).toArray()[0].toObject().value(QStringLiteral("id")).toInt(),
            original);
        const QString id = QString::number(filing.value(QStringLiteral("id")).toInt());

        const Run similar = db({ QStringLiteral("similar"), id, QStringLiteral("--json") });
        QCOMPARE(similar.exitCode, 0);
        const QJsonObject best = json(similar).value(QStringLiteral("similar")).toArray()[0].toObject();
        QCOMPARE(best.value(QStringLiteral("id")).toInt(), original);
        QVERIFY(!best.value(QStringLiteral("sharedSignatures")).toArray().isEmpty());
        QVERIFY(!best.value(QStringLiteral("sharedFunctions")).toArray().isEmpty());
        const Run similarText = db({ QStringLiteral("similar"), id });
        QVERIFY2(similarText.out.contains(QStringLiteral("same signature ")), qPrintable(similarText.out));
        QVERIFY(similarText.out.contains(QStringLiteral("shared frames")));

        QCOMPARE(db({ QStringLiteral("reject"), id, QString::number(original) }).exitCode, 0);
        const QJsonArray rest = json(db({ QStringLiteral("similar"), id, QStringLiteral("--json") }))
                                    .value(QStringLiteral("similar"))
                                    .toArray();
        for (const auto& s : rest)
            QVERIFY(s.toObject().value(QStringLiteral("id")).toInt() != original);
    }

    void limits()
    {
        const QString folder = m_dir.filePath(QStringLiteral("small"));
        QDir().mkpath(folder);
        for (int n = 0; n < 12; ++n) {
            QFile f(folder + QStringLiteral("/small-%1.txt").arg(n, 2, 10, QLatin1Char('0')));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray::fromStdString(casefixture::smallDump(n)));
        }
        const QString path = m_dir.filePath(QStringLiteral("limits.sqlite"));
        QCOMPARE(hvdump({ QStringLiteral("analyze"), folder, QStringLiteral("--db"), path }).exitCode, 0);
        auto count = [&](QStringList args, const char* key) {
            args.prepend(QStringLiteral("db"));
            args << QStringLiteral("--db") << path << QStringLiteral("--json");
            return json(hvdump(args)).value(QLatin1String(key)).toArray().size();
        };
        QCOMPARE(count({ QStringLiteral("list") }, "cases"), 12);
        // the options may come before the subcommand as well
        const Run before = hvdump(
            { QStringLiteral("db"), QStringLiteral("--db"), path, QStringLiteral("--json"), QStringLiteral("list") });
        QCOMPARE(before.exitCode, 0);
        QCOMPARE(json(before).value(QLatin1String("cases")).toArray().size(), 12);
        QCOMPARE(count({ QStringLiteral("list"), QStringLiteral("--limit"), QStringLiteral("3") }, "cases"), 3);
        QCOMPARE(count({ QStringLiteral("search"), QStringLiteral("worker") }, "hits"), 12);
        QCOMPARE(count({ QStringLiteral("search"), QStringLiteral("worker"), QStringLiteral("--limit"),
                           QStringLiteral("2") },
                     "hits"),
            2);
    }

    void errors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::addRow("no such case") << QStringList { QStringLiteral("show"), QStringLiteral("999") } << 2
                                      << QStringLiteral("no case #999");
        QTest::addRow("bad state") << QStringList { QStringLiteral("status"), QStringLiteral("1"),
            QStringLiteral("open") }
                                   << 2 << QStringLiteral("unknown state 'open'");
        QTest::addRow("reject itself") << QStringList { QStringLiteral("reject"), QStringLiteral("1"),
            QStringLiteral("1") } << 2 << QStringLiteral("match of itself");
        QTest::addRow("nothing to search") << QStringList { QStringLiteral("search"), QStringLiteral("**") } << 2
                                           << QStringLiteral("nothing to search for");
        QTest::addRow("missing id") << QStringList { QStringLiteral("similar") } << 2
                                    << QStringLiteral("ID is required");
    }

    void errors()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const Run r = db(args);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }

    void unusableDatabases_data()
    {
        QTest::addColumn<QByteArray>("content"); // empty: no file
        QTest::addColumn<QString>("message");
        QTest::addRow("missing") << QByteArray()
                                 << QStringLiteral("no such database file (create it with `hvdump db init");
        QByteArray junk(4096, '\0');
        QRandomGenerator gen(3);
        for (char& c : junk)
            c = static_cast<char>(gen.bounded(256));
        QTest::addRow("random bytes") << junk << QStringLiteral("not a database file");
        QTest::addRow("text") << QByteArray("these are notes, not a database\n")
                              << QStringLiteral("not a database file");
        QTest::addRow("damaged") << damagedDatabase() << QStringLiteral("the database file is damaged");
    }

    void unusableDatabases()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, message);
        const QString path = m_dir.filePath(
            QStringLiteral("unusable-%1.sqlite").arg(QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'-')));
        if (!content.isEmpty()) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(content);
        }
        for (const QStringList& args : { QStringList { QStringLiteral("db"), QStringLiteral("list") },
                 QStringList { QStringLiteral("db"), QStringLiteral("show"), QStringLiteral("1") } }) {
            const Run r = hvdump(args + QStringList { QStringLiteral("--db"), path });
            QCOMPARE(r.exitCode, 3);
            QVERIFY2(r.err.startsWith(QStringLiteral("hvdump: ") + path), qPrintable(r.err));
            QVERIFY2(r.err.contains(message), qPrintable(r.err));
        }
        if (!content.isEmpty()) {
            const Run r = hvdump({ QStringLiteral("analyze"), sample("003_qemu_qcow2_close_lost_wakeup.txt"),
                QStringLiteral("--db"), path });
            QCOMPARE(r.exitCode, 3);
            QVERIFY2(r.err.contains(message), qPrintable(r.err));
        }
    }

    void newerDatabaseIsRefused()
    {
        const QString path = m_dir.filePath(QStringLiteral("newer.sqlite"));
        QCOMPARE(hvdump({ QStringLiteral("db"), QStringLiteral("init"), QStringLiteral("--db"), path }).exitCode, 0);
        {
            hvdump::casedb::Result<hvdump::casedb::Database> raw =
                hvdump::casedb::Database::open(path.toStdString(), hvdump::casedb::Database::Mode::ReadWrite);
            QVERIFY(!raw->exec("PRAGMA user_version = 999"));
        }
        const Run r = hvdump({ QStringLiteral("analyze"), sample("003_qemu_qcow2_close_lost_wakeup.txt"),
            QStringLiteral("--db"), path });
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(QStringLiteral("schema version 999 is newer than this hvdump understands")),
            qPrintable(r.err));
        QVERIFY(r.out.isEmpty()); // refused before any analysis
    }

    void readOnlyDatabase()
    {
        // a folder and a file others may read but not write
        const QString folder = m_dir.filePath(QStringLiteral("readonly"));
        QDir().mkpath(folder);
        const QString path = folder + QStringLiteral("/cases.sqlite");
        QCOMPARE(hvdump({ QStringLiteral("analyze"), sample("003_qemu_qcow2_close_lost_wakeup.txt"),
                            QStringLiteral("--db"), path })
                     .exitCode,
            1);
        QCOMPARE(::chmod(m_dir.path().toUtf8().constData(), 0755), 0);
        QCOMPARE(::chmod(folder.toUtf8().constData(), 0555), 0);
        QCOMPARE(::chmod(path.toUtf8().constData(), 0444), 0);

        const Run list =
            hvdump({ QStringLiteral("db"), QStringLiteral("list"), QStringLiteral("--db"), path }, {}, true);
        const Run file =
            hvdump({ QStringLiteral("analyze"), sample("004_bhyve_vmm_drv_lease.txt"), QStringLiteral("--db"), path },
                {}, true);
        const Run note = hvdump({ QStringLiteral("db"), QStringLiteral("note"), QStringLiteral("1"),
                                    QStringLiteral("x"), QStringLiteral("--db"), path },
            {}, true);
        ::chmod(folder.toUtf8().constData(), 0755);
        ::chmod(m_dir.path().toUtf8().constData(), 0700);

        // a WAL file cannot even be read without write access to its folder (for its -shm index)
        QCOMPARE(list.exitCode, 3);
        QVERIFY2(list.err.contains(path + QStringLiteral(": the database is read-only here")), qPrintable(list.err));
        QCOMPARE(file.exitCode, 3);
        QVERIFY2(file.err.contains(QStringLiteral("read-only")), qPrintable(file.err));
        QCOMPARE(note.exitCode, 3);
        QVERIFY2(note.err.contains(QStringLiteral("read-only")), qPrintable(note.err));
    }

    void defaultLocation()
    {
        const QString xdg = m_dir.filePath(QStringLiteral("xdg"));
        const Run init =
            hvdump({ QStringLiteral("db"), QStringLiteral("init") }, { { QStringLiteral("XDG_DATA_HOME"), xdg } });
        QCOMPARE(init.exitCode, 0);
        QVERIFY2(init.out.startsWith(xdg + QStringLiteral("/hvdump/cases.sqlite: case database ready")),
            qPrintable(init.out));
        QVERIFY(QFile::exists(xdg + QStringLiteral("/hvdump/cases.sqlite")));

        const QString home = m_dir.filePath(QStringLiteral("home/.local/share/hvdump/cases.sqlite"));
        QCOMPARE(hvdump({ QStringLiteral("db"), QStringLiteral("init") }).exitCode, 0);
        QVERIFY(QFile::exists(home));

        const QString fromEnv = m_dir.filePath(QStringLiteral("env.sqlite"));
        const QMap<QString, QString> env { { QStringLiteral("HVDUMP_DB"), fromEnv },
            { QStringLiteral("XDG_DATA_HOME"), xdg } };
        const Run filed = hvdump(
            { QStringLiteral("analyze"), sample("002_vhost_net_livelock.txt"), QStringLiteral("--db-default") }, env);
        QCOMPARE(filed.exitCode, 1);
        QVERIFY(filed.out.contains(QStringLiteral("case #1 filed")));
        const Run listed = hvdump({ QStringLiteral("db"), QStringLiteral("list") }, env);
        QVERIFY(listed.out.contains(QStringLiteral("002_vhost_net_livelock.txt")));
        const Run flag = hvdump({ QStringLiteral("db"), QStringLiteral("list"), QStringLiteral("--db"), m_db }, env);
        QVERIFY(flag.out.contains(QStringLiteral("000_virtio_console_crash.txt"))); // --db wins

        const Run help = hvdump({ QStringLiteral("db"), QStringLiteral("--help") });
        QCOMPARE(help.exitCode, 0);
        for (const char* part :
            { "$HVDUMP_DB", "$XDG_DATA_HOME/hvdump/cases.sqlite", "~/.local/share/hvdump", "--db PATH" })
            QVERIFY2(help.out.contains(QString::fromLatin1(part)), part);
    }
};

QTEST_GUILESS_MAIN(TestDbCommand)
#include "tst_dbcommand.moc"
