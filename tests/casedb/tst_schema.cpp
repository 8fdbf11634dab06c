// SPDX-License-Identifier: GPL-2.0-or-later
// Opening case database files: a new file, an empty version-0 file, an older schema upgraded
// (and a failed upgrade rolled back), a newer schema refused untouched, another program's SQLite
// file, random bytes, a damaged file, a read-only connection, and a writer that holds the lock.
#include "casefixture.h"

#include <hvdump/app/casedb/schema.h>
#include <hvdump/app/casedb/transaction.h>

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <array>
#include <atomic>
#include <thread>

using namespace hvdump::casedb;

namespace {

// a raw connection, as another program (or an old hvdump) would use the file
Database rawOpen(const QString& path)
{
    Result<Database> db = Database::open(path.toStdString(), Database::Mode::ReadWriteCreate);
    if (!db)
        qFatal("%s", db.error().message.c_str());
    return std::move(*db);
}

QByteArray fileHash(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

bool contains(const std::string& text, const char* part)
{
    return text.find(part) != std::string::npos;
}

} // namespace

class TestSchema : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_files = 0;

    QString newPath()
    {
        return m_dir.filePath(QStringLiteral("schema-%1.sqlite").arg(++m_files));
    }

private Q_SLOTS:
    void newFileGetsCurrentSchema()
    {
        const QString path = m_dir.filePath(QStringLiteral("new/folder/cases.sqlite"));
        Result<CaseStore> store = CaseStore::open(path.toStdString(), CaseStore::OpenMode::Create);
        QVERIFY2(store.ok(), store.error().message.c_str());
        Database& db = store->database();
        QCOMPARE(*db.queryInt("PRAGMA user_version"), currentSchemaVersion());
        QCOMPARE(*db.queryInt("PRAGMA application_id"), caseApplicationId);
        QCOMPARE(*db.queryInt("PRAGMA foreign_keys"), 1);
        Result<Statement> mode = db.prepare("PRAGMA journal_mode");
        QVERIFY(mode->step());
        QCOMPARE(mode->text(0), std::string("wal"));
        for (const char* table : { "cases", "case_raw", "findings", "functions", "case_functions", "notes",
                 "rejected_matches", "case_text" }) {
            Result<Statement> s = db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = ?1");
            s->bind(1, table);
            QVERIFY(s->step());
            QVERIFY2(s->int64(0) == 1, table);
        }
    }

    void missingFileIsNotCreatedUnlessAsked()
    {
        const QString path = newPath();
        Result<CaseStore> store = CaseStore::open(path.toStdString(), CaseStore::OpenMode::ReadWrite);
        QVERIFY(!store.ok());
        QCOMPARE(store.error().kind, ErrorKind::Io);
        QVERIFY(contains(store.error().message, "no such database file"));
        QVERIFY(!QFile::exists(path));
    }

    void emptyVersionZeroFileIsInitialised()
    {
        const QString path = newPath();
        {
            Database db = rawOpen(path);
            QVERIFY(!db.exec("PRAGMA user_version = 0; PRAGMA journal_mode = DELETE"));
            QCOMPARE(*db.queryInt("SELECT count(*) FROM sqlite_schema"), 0);
        }
        Result<CaseStore> store = CaseStore::open(path.toStdString());
        QVERIFY2(store.ok(), store.error().message.c_str());
        QCOMPARE(*store->database().queryInt("PRAGMA user_version"), currentSchemaVersion());
        CaseInput in = casefixture::madeCase("a", { "sig" }, { "f" });
        QVERIFY(store->import(in).ok());
    }

    void olderSchemaIsUpgraded()
    {
        const QString path = newPath();
        CaseId id = 0;
        {
            Result<CaseStore> v1 = CaseStore::open(path.toStdString(), CaseStore::OpenMode::Create);
            QVERIFY(v1.ok());
            CaseInput in = casefixture::madeCase("a", { "sig" }, { "f" });
            id = v1->import(in)->id;
        }
        // a later hvdump with a second migration opens the version-1 file
        const std::array<Migration, 2> later = { { caseMigrations()[0],
            { 2, "ALTER TABLE cases ADD COLUMN team TEXT NOT NULL DEFAULT 'triage'" } } };
        Database db = rawOpen(path);
        QVERIFY(!migrate(db, later));
        QCOMPARE(*schemaVersion(db), 2);
        Result<Statement> s = db.prepare("SELECT id, team FROM cases");
        QVERIFY(s->step());
        QCOMPARE(s->int64(0), id);
        QCOMPARE(s->text(1), std::string("triage"));
        QVERIFY(!migrate(db, later)); // up to date: nothing to do
    }

    void failedUpgradeLeavesTheOldVersion()
    {
        const QString path = newPath();
        {
            Result<CaseStore> v1 = CaseStore::open(path.toStdString(), CaseStore::OpenMode::Create);
            QVERIFY(v1.ok());
        }
        const std::array<Migration, 3> broken = { { caseMigrations()[0], { 2, "CREATE TABLE extra (x INTEGER)" },
            { 3, "CREATE TABLE cases (oops INTEGER)" } } };
        Database db = rawOpen(path);
        Error e = migrate(db, broken);
        QVERIFY(e);
        QVERIFY2(contains(e.message, "schema version 3"), e.message.c_str());
        QCOMPARE(*schemaVersion(db), 1);
        QCOMPARE(*db.queryInt("SELECT count(*) FROM sqlite_schema WHERE name = 'extra'"), 0); // all or nothing
    }

    void newerSchemaIsRefusedUntouched()
    {
        const QString path = newPath();
        {
            Result<CaseStore> store = CaseStore::open(path.toStdString(), CaseStore::OpenMode::Create);
            QVERIFY(store.ok());
            QVERIFY(!store->database().exec("PRAGMA user_version = 999; PRAGMA wal_checkpoint(TRUNCATE)"));
        }
        const QByteArray before = fileHash(path);
        Result<CaseStore> store = CaseStore::open(path.toStdString());
        QVERIFY(!store.ok());
        QCOMPARE(store.error().kind, ErrorKind::SchemaTooNew);
        const std::string& m = store.error().message;
        QVERIFY2(contains(m, path.toUtf8().constData()) && contains(m, "999") && contains(m, "newer")
                && contains(m, "upgrade hvdump"),
            m.c_str());
        QCOMPARE(fileHash(path), before);
    }

    void foreignSqliteFileIsRefused()
    {
        const QString path = newPath();
        {
            Database db = rawOpen(path);
            QVERIFY(!db.exec("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)"));
        }
        Result<CaseStore> store = CaseStore::open(path.toStdString());
        QVERIFY(!store.ok());
        QCOMPARE(store.error().kind, ErrorKind::NotACaseDatabase);
        QVERIFY2(contains(store.error().message, "another program"), store.error().message.c_str());
    }

    void randomBytesAreNotADatabase()
    {
        const QString path = newPath();
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QByteArray junk(8192, '\0');
        QRandomGenerator gen(42);
        for (char& c : junk)
            c = static_cast<char>(gen.bounded(256));
        f.write(junk);
        f.close();
        Result<CaseStore> store = CaseStore::open(path.toStdString());
        QVERIFY(!store.ok());
        QCOMPARE(store.error().kind, ErrorKind::NotACaseDatabase);
        QVERIFY2(contains(store.error().message, path.toUtf8().constData())
                && contains(store.error().message, "not a database"),
            store.error().message.c_str());
    }

    void damagedFileIsReported()
    {
        const QString path = newPath();
        {
            Result<CaseStore> store = CaseStore::open(path.toStdString(), CaseStore::OpenMode::Create);
            QVERIFY(store.ok());
            for (int i = 0; i < 50; ++i) {
                CaseInput in = casefixture::madeCase("case" + std::to_string(i), { "sig" }, { "f", "g" });
                QVERIFY(store->import(in).ok());
            }
            QVERIFY(!store->database().exec("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE"));
        }
        // keep the header page, trash the rest
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        const qint64 size = f.size();
        QVERIFY(size > 3 * 4096);
        f.seek(4096);
        f.write(QByteArray(int(size - 4096), '\x5a'));
        f.close();
        Result<CaseStore> store = CaseStore::open(path.toStdString());
        Error e = store ? Error {} : store.error();
        if (store) {
            Result<IntegrityReport> r = store->check();
            if (!r)
                e = r.error();
            else
                QVERIFY2(r->integrity != "ok", r->integrity.c_str());
        }
        if (e) {
            QVERIFY2(e.kind == ErrorKind::Corrupt || e.kind == ErrorKind::NotACaseDatabase, e.message.c_str());
            QVERIFY2(contains(e.message, path.toUtf8().constData()), e.message.c_str());
        }
    }

    void readOnlyConnectionRefusesWrites()
    {
        const QString path = newPath();
        {
            Result<CaseStore> store = CaseStore::open(path.toStdString(), CaseStore::OpenMode::Create);
            CaseInput in = casefixture::madeCase("a", { "sig" }, { "f" });
            QVERIFY(store->import(in).ok());
        }
        Result<CaseStore> store = CaseStore::open(path.toStdString(), CaseStore::OpenMode::ReadOnly);
        QVERIFY2(store.ok(), store.error().message.c_str());
        QCOMPARE(*store->caseCount(), 1); // reading works
        CaseInput in = casefixture::madeCase("b", { "sig" }, { "f" });
        Result<ImportResult> r = store->import(in);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ErrorKind::ReadOnly);
        QVERIFY2(contains(r.error().message, "read-only"), r.error().message.c_str());
        QCOMPARE(store->addNote(1, "x", "y").error().kind, ErrorKind::ReadOnly);
        QCOMPARE(store->setStatus(1, CaseStatus::Known).kind, ErrorKind::ReadOnly);
    }

    void writerWaitsForAnotherWriter()
    {
        const QString path = newPath();
        Result<CaseStore> store = CaseStore::open(path.toStdString(), CaseStore::OpenMode::Create);
        QVERIFY(store.ok());
        // a second connection holds the write lock for a while
        Database other = rawOpen(path);
        QVERIFY(!other.exec("BEGIN IMMEDIATE"));
        std::thread release([&other] {
            std::this_thread::sleep_for(std::chrono::milliseconds(1200));
            other.exec("COMMIT");
        });
        // reading goes on meanwhile (WAL), and opening too
        Result<CaseStore> reader = CaseStore::open(path.toStdString());
        QVERIFY2(reader.ok(), reader.error().message.c_str());
        QCOMPARE(*reader->caseCount(), 0);
        QElapsedTimer timer;
        timer.start();
        CaseInput in = casefixture::madeCase("a", { "sig" }, { "f" });
        Result<ImportResult> r = store->import(in);
        const qint64 waited = timer.elapsed();
        release.join();
        QVERIFY2(r.ok(), r.error().message.c_str());
        QVERIFY2(waited >= 1000, qPrintable(QString::number(waited)));
        QCOMPARE(*reader->caseCount(), 1);
    }

    void interruptCancelsALongCall()
    {
        const QString path = newPath();
        Result<CaseStore> store = CaseStore::open(path.toStdString(), CaseStore::OpenMode::Create);
        QVERIFY(store.ok());
        // an interrupt before the query starts is a no-op in SQLite: keep interrupting until it ends
        std::atomic<bool> done = false;
        std::thread stopper([&store, &done] {
            while (!done) {
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
                store->interrupt();
            }
        });
        QElapsedTimer timer;
        timer.start();
        // counts to two billion unless stopped
        Result<std::int64_t> n = store->database().queryInt("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 "
                                                            "FROM c WHERE x < 2000000000) SELECT count(*) FROM c");
        done = true;
        stopper.join();
        QVERIFY(!n.ok());
        QCOMPARE(n.error().kind, ErrorKind::Cancelled);
        QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(*store->caseCount(), 0); // the store works on afterwards
    }

    void lockHeldTooLongIsAClearError()
    {
        const QString path = newPath();
        Result<CaseStore> store = CaseStore::open(path.toStdString(), CaseStore::OpenMode::Create);
        Database other = rawOpen(path);
        QVERIFY(!other.exec("BEGIN IMMEDIATE"));
        sqlite3_busy_timeout(store->database().handle(), 50);
        Result<Transaction> t = Transaction::begin(store->database(), std::chrono::milliseconds(300));
        QVERIFY(!t.ok());
        QCOMPARE(t.error().kind, ErrorKind::Busy);
        QVERIFY2(contains(t.error().message, "locked for too long"), t.error().message.c_str());
        QVERIFY(!other.exec("ROLLBACK"));
    }
};

QTEST_GUILESS_MAIN(TestSchema)
#include "tst_schema.moc"
