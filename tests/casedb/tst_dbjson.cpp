// SPDX-License-Identifier: GPL-2.0-or-later
// `hvdump db SUBCOMMAND --json` for every subcommand, as a script reads it: one JSON document
// on stdout with the hvdump.cases header and the keys docs/json-schema.md lists, over a file
// holding the 001 hang, the same hang from another run and the 003 hang.
#include "casefixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestDbJson : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_db;

    QProcess* run(const QStringList& args)
    {
        auto* p = new QProcess(this);
        p->setProcessEnvironment(casefixture::cliEnvironment(m_dir.path(), QStringLiteral("scripter")));
        p->start(QString::fromUtf8(HVDUMP_CLI), args);
        p->waitForFinished(60000);
        return p;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_db = m_dir.filePath(QStringLiteral("cases.sqlite"));
        const QString first = casefixture::source(QStringLiteral("samples/001_cloud_hypervisor_pause_deadlock.txt"));
        // the same hang from another run: CRLF line ends
        const QString again = m_dir.filePath(QStringLiteral("001-again.txt"));
        QFile f(again);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray::fromStdString(casefixture::readFile(first)).replace("\n", "\r\n"));
        f.close();
        QProcess* p = run({ QStringLiteral("analyze"), first, again,
            casefixture::source(QStringLiteral("samples/003_qemu_qcow2_close_lost_wakeup.txt")), QStringLiteral("--db"),
            m_db });
        QCOMPARE(p->exitCode(), 1);
        QVERIFY2(p->readAllStandardOutput().count("case #") == 3, "three cases filed");
    }

    void everySubcommand_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("expected"); // part of the compact JSON of that key's value
        QTest::addRow("init") << QStringList { QStringLiteral("init") } << QStringLiteral("cases")
                              << QStringLiteral("3");
        QTest::addRow("list") << QStringList { QStringLiteral("list") } << QStringLiteral("cases")
                              << QStringLiteral("\"groupId\":1,\"hash\":\"");
        QTest::addRow("show") << QStringList { QStringLiteral("show"), QStringLiteral("2") } << QStringLiteral("case")
                              << QStringLiteral("\"sameSignature\":[1]");
        QTest::addRow("search") << QStringList { QStringLiteral("search"), QStringLiteral("signal_vcpus") }
                                << QStringLiteral("hits") << QStringLiteral("\"snippet\":\"");
        QTest::addRow("similar") << QStringList { QStringLiteral("similar"), QStringLiteral("2") }
                                 << QStringLiteral("similar") << QStringLiteral("\"jaccard\":1,");
        QTest::addRow("note") << QStringList { QStringLiteral("note"), QStringLiteral("1"), QStringLiteral("seen") }
                              << QStringLiteral("note") << QStringLiteral("\"author\":\"scripter\"");
        QTest::addRow("status") << QStringList { QStringLiteral("status"), QStringLiteral("1"), QStringLiteral("fixed"),
            QStringLiteral("--fix"), QStringLiteral("https://example.org/fix") }
                                << QStringLiteral("case") << QStringLiteral("\"status\":\"fixed\"");
        QTest::addRow("reject") << QStringList { QStringLiteral("reject"), QStringLiteral("3"), QStringLiteral("1") }
                                << QStringLiteral("rejected") << QStringLiteral("[3,1]");
        QTest::addRow("export") << QStringList { QStringLiteral("export"), QStringLiteral("3") }
                                << QStringLiteral("case") << QStringLiteral("\"text\":\"");
        QTest::addRow("check") << QStringList { QStringLiteral("check") } << QStringLiteral("integrity")
                               << QStringLiteral("\"ok\"");
    }

    void everySubcommand()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, key);
        QFETCH(QString, expected);
        QProcess* p = run(QStringList { QStringLiteral("db") } + args
            + QStringList { QStringLiteral("--db"), m_db, QStringLiteral("--json") });
        QCOMPARE(p->exitCode(), 0);
        QVERIFY(p->readAllStandardError().isEmpty());
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(p->readAllStandardOutput(), &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        const QJsonObject o = doc.object();
        QCOMPARE(o.value(QStringLiteral("schema")).toString(), QStringLiteral("hvdump.cases"));
        QCOMPARE(o.value(QStringLiteral("version")).toInt(), 1);
        QCOMPARE(o.value(QStringLiteral("database")).toString(), m_db);
        QVERIFY2(o.contains(key), qPrintable(key));
        const QJsonValue v = o.value(key);
        const QString compact = v.isObject()
            ? QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact))
            : v.isArray() ? QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact))
                          : QString::fromUtf8(QJsonDocument(QJsonArray { v }).toJson(QJsonDocument::Compact));
        QVERIFY2(compact.contains(expected), qPrintable(compact.left(2000)));
    }
};

QTEST_GUILESS_MAIN(TestDbJson)
#include "tst_dbjson.moc"
