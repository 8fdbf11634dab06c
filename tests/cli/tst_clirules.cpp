// SPDX-License-Identifier: GPL-2.0-or-later
// `hvdump rules list | explain | check` as a user runs it: the real binary, its output, its
// exit status. User folders from the environment are cleared so only the tree's rules count.
#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

QString source(const QString& relative)
{
    return QString::fromUtf8(HVDUMP_SOURCE_DIR) + u'/' + relative;
}

// the rule files shipped in resources/rules, counted on disk so a new catalog file needs no edit here
int shippedRuleFiles()
{
    int n = 0;
    QDirIterator it(source(QStringLiteral("resources/rules")), { QStringLiteral("*.yaml") }, QDir::Files,
        QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        ++n;
    }
    return n;
}

// the line "  - id: ID" is on in a rule file
int lineOfId(const QString& file, const QString& id)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QStringList lines = QString::fromUtf8(f.readAll()).split(u'\n');
    for (int i = 0; i < lines.size(); ++i)
        if (lines[i].trimmed() == QStringLiteral("- id: ") + id)
            return i + 1;
    return -1;
}

} // namespace

class TestCliRules : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;

    Run hvdump(const QStringList& args)
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("HVDUMP_RULES_PATH"));
        env.remove(QStringLiteral("XDG_CONFIG_HOME"));
        env.insert(QStringLiteral("HOME"), m_home.path()); // no ~/.config/hvdump/rules
        p.setProcessEnvironment(env);
        p.setWorkingDirectory(QString::fromUtf8(HVDUMP_SOURCE_DIR));
        p.start(QString::fromUtf8(HVDUMP_CLI), args);
        if (!p.waitForFinished(60000))
            return {};
        return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError()) };
    }

private Q_SLOTS:
    void listShowsEverySection()
    {
        const Run r = hvdump({ QStringLiteral("rules"), QStringLiteral("list") });
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.isEmpty(), qPrintable(r.err)); // the shipped catalog loads clean
        QVERIFY(r.out.startsWith(QStringLiteral("ID ")));
        for (const char* expected : { "virtio-console.tx-spin-host-gone", "generic.abba-deadlock", "linux.mutex_lock",
                 "linux.jbd2_wait_commit", "glibc.barrier_wait", "illumos.rw_enter", "qemu.bql_symbol",
                 "cloud-hypervisor.signal_vcpus_holds_vcpu_states", "vhost.worker_completes_flush",
                 "glibc.mutex_owner" })
            QVERIFY2(r.out.contains(QString::fromLatin1(expected)), expected);
        for (const char* section : { " primitive ", " site ", " hold ", " signal ", " object_holder ", " diagnosis " })
            QVERIFY2(r.out.contains(QString::fromLatin1(section)), section);
        QVERIFY(r.out.contains(QStringLiteral(" linux-kernel ")));
        QVERIFY(r.out.trimmed().endsWith(QStringLiteral("from %1 files").arg(shippedRuleFiles())));
    }

    void listFiltersAndPrintsJson()
    {
        const Run r = hvdump(
            { QStringLiteral("rules"), QStringLiteral("list"), QStringLiteral("vhost"), QStringLiteral("--json") });
        QCOMPARE(r.exitCode, 0);
        const QJsonObject doc = QJsonDocument::fromJson(r.out.toUtf8()).object();
        const QJsonArray rules = doc.value(QStringLiteral("rules")).toArray();
        QCOMPARE(rules.size(), 5); // three primitives, a signal and a diagnosis
        for (const auto& v : rules) {
            const QJsonObject rule = v.toObject();
            QVERIFY(rule.value(QStringLiteral("id")).toString().contains(QStringLiteral("vhost")));
            QVERIFY(rule.value(QStringLiteral("line")).toInt() > 0);
            QVERIFY(rule.value(QStringLiteral("file")).toString().endsWith(QStringLiteral(".yaml")));
        }
        QCOMPARE(doc.value(QStringLiteral("files")).toArray().size(), shippedRuleFiles());
    }

    void explainShowsFileAndLine()
    {
        const QString id = QStringLiteral("virtio-console.tx-spin-host-gone");
        const Run r = hvdump({ QStringLiteral("rules"), QStringLiteral("explain"), id });
        QCOMPARE(r.exitCode, 0);
        const QString file = source(QStringLiteral("resources/rules/diagnoses/seeds.yaml"));
        const int line = lineOfId(file, id);
        QVERIFY(line > 0);
        QVERIFY2(r.out.contains(QStringLiteral("seeds.yaml:%1\n").arg(line)), qPrintable(r.out));
        QVERIFY(r.out.startsWith(id + QStringLiteral("  (diagnosis, platform known-hangs)")));
        QVERIFY(r.out.contains(QStringLiteral("virtio_console busy-waits for a host")));
        QVERIFY(r.out.contains(QStringLiteral("  fix:")));
        QVERIFY(r.out.contains(QStringLiteral("  workaround:")));
        QVERIFY(r.out.contains(QStringLiteral("root's stack has __send_to_port")));
    }

    void explainPrintsJson()
    {
        const Run r = hvdump({ QStringLiteral("rules"), QStringLiteral("explain"), QStringLiteral("glibc.poll"),
            QStringLiteral("--json") });
        QCOMPARE(r.exitCode, 0);
        const QJsonObject rule = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(rule.value(QStringLiteral("section")).toString(), QStringLiteral("primitive"));
        QCOMPARE(rule.value(QStringLiteral("kind")).toString(), QStringLiteral("pollset"));
        QCOMPARE(rule.value(QStringLiteral("timeout")).toString(), QStringLiteral("argument"));
        QCOMPARE(rule.value(QStringLiteral("timeout_argument")).toString(), QStringLiteral("timeout"));
        QVERIFY(rule.value(QStringLiteral("frames")).toArray().contains(QStringLiteral("poll")));
        QCOMPARE(rule.value(QStringLiteral("line")).toInt(),
            lineOfId(source(QStringLiteral("resources/rules/glibc.yaml")), QStringLiteral("glibc.poll")));
    }

    void explainUnknownIdIsAUsageError()
    {
        const Run r =
            hvdump({ QStringLiteral("rules"), QStringLiteral("explain"), QStringLiteral("linux.no_such_rule") });
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("no rule 'linux.no_such_rule'")));
        QVERIFY(r.err.contains(QStringLiteral("linux.mutex_lock"))); // suggestions from the same platform
    }

    void explainSeesUserFolder()
    {
        const QString id = QStringLiteral("acmeio.doorbell-ack-no-deadline");
        const Run missing = hvdump({ QStringLiteral("rules"), QStringLiteral("explain"), id });
        QCOMPARE(missing.exitCode, 2);
        const Run r = hvdump({ QStringLiteral("rules"), QStringLiteral("explain"), id, QStringLiteral("--rules"),
            QStringLiteral("tests/data/rules/example") });
        QCOMPARE(r.exitCode, 0);
        const int line = lineOfId(source(QStringLiteral("tests/data/rules/example/acmeio.yaml")), id);
        QVERIFY2(r.out.contains(QStringLiteral("acmeio.yaml:%1").arg(line)), qPrintable(r.out));
        QVERIFY(r.err.isEmpty());
    }

    void checkBrokenFolder()
    {
        const Run r =
            hvdump({ QStringLiteral("rules"), QStringLiteral("check"), QStringLiteral("tests/data/rules/broken") });
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains(QStringLiteral("tests/data/rules/broken/10-not-yaml.yaml:5:11:")), qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("error: not valid YAML")));
        QVERIFY(r.out.contains(QStringLiteral(
            "tests/data/rules/broken/20-mistakes.yaml:9:5: warning: unknown key 'objekt' ignored [HVR002]")));
        QVERIFY(r.out.contains(QStringLiteral("20-mistakes.yaml:12:")));
        QVERIFY(r.out.contains(QStringLiteral("[HVR005]")));
        QVERIFY2(r.out.contains(QStringLiteral("2 files, 2 rules, 5 errors, 1 warning\n")), qPrintable(r.out));
    }

    void checkExampleFolderIsClean()
    {
        const Run r =
            hvdump({ QStringLiteral("rules"), QStringLiteral("check"), QStringLiteral("tests/data/rules/example") });
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QStringLiteral("1 file, 4 rules, 0 errors, 0 warnings\n"));
    }

    void checkShippedCatalogIsClean()
    {
        const Run r =
            hvdump({ QStringLiteral("rules"), QStringLiteral("check"), source(QStringLiteral("resources/rules")) });
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith(QStringLiteral("%1 files, ").arg(shippedRuleFiles())), qPrintable(r.out));
        QVERIFY(r.out.endsWith(QStringLiteral(" rules, 0 errors, 0 warnings\n")));
    }

    void checkExitStatus_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addRow("missing folder") << QStringList { QStringLiteral("check"), QStringLiteral("no/such/dir") } << 3;
        QTest::addRow("a file, not a folder")
            << QStringList { QStringLiteral("check"), QStringLiteral("tests/data/rules/example/acmeio.yaml") } << 3;
        QTest::addRow("check without a folder") << QStringList { QStringLiteral("check") } << 2;
        QTest::addRow("rules without a subcommand") << QStringList {} << 2;
        QTest::addRow("unknown subcommand") << QStringList { QStringLiteral("lint") } << 2;
        QTest::addRow("list with a missing --rules folder")
            << QStringList { QStringLiteral("list"), QStringLiteral("--rules"), QStringLiteral("no/such/dir") } << 3;
    }

    void checkExitStatus()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        const Run r = hvdump(QStringList { QStringLiteral("rules") } + args);
        QCOMPARE(r.exitCode, exitCode);
    }
};

QTEST_GUILESS_MAIN(TestCliRules)
#include "tst_clirules.moc"
