// SPDX-License-Identifier: GPL-2.0-or-later
// hvdump analyze end to end on real-format inputs: every sample and generic dump gets the
// findings its golden file names (kind, title, rule, root, members, confidence), the seeds get
// their known hang, healthy dumps come out clean, and signatures survive a change of machine.
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

QString sourcePath(const QString& relative)
{
    return QString::fromUtf8(HVDUMP_SOURCE_DIR) + u'/' + relative;
}

struct Run
{
    int exitCode = -1;
    QJsonObject analysis;
    QByteArray stderrText;
};

Run analyze(const QString& file, const QStringList& extra = {})
{
    QProcess p;
    p.start(QString::fromUtf8(HVDUMP_CLI), QStringList { u"analyze"_s, u"--json"_s } + extra + QStringList { file });
    p.waitForFinished(120000);
    Run r;
    r.exitCode = p.exitCode();
    r.stderrText = p.readAllStandardError();
    const QJsonObject doc = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
    const QJsonArray analyses = doc.value(u"analyses"_s).toArray();
    if (!analyses.isEmpty())
        r.analysis = analyses.first().toObject();
    return r;
}

// one line per finding: what a person would check first
QString summarize(const QJsonObject& analysis)
{
    QString out;
    for (const QJsonValue& v : analysis.value(u"findings"_s).toArray()) {
        const QJsonObject f = v.toObject();
        QStringList members;
        for (const QJsonValue& m : f.value(u"contexts"_s).toArray())
            members << m.toObject().value(u"role"_s).toString() + u':' + m.toObject().value(u"label"_s).toString();
        members.sort();
        out += f.value(u"kind"_s).toString() + u" | " + f.value(u"title"_s).toString() + u" | rule "
            + f.value(u"rule"_s).toObject().value(u"id"_s).toString() + u" | root " + f.value(u"root"_s).toString()
            + u" | " + f.value(u"confidence"_s).toString() + u"\n    " + members.join(u"\n    "_s) + u'\n';
    }
    return out.isEmpty() ? u"no finding\n"_s : out;
}

// dumps as posted in public bug reports (tests/data/realworld/SOURCES.md): formats and hangs
// hvdump was not written against
QStringList realWorldInputs()
{
    QStringList inputs;
    for (const QString& name :
        QDir(sourcePath(u"tests/data/realworld"_s)).entryList({ u"*.txt"_s }, QDir::Files, QDir::Name))
        inputs << u"tests/data/realworld/"_s + name;
    return inputs;
}

QStringList goldenInputs()
{
    return QStringList { u"samples/000_virtio_console_crash.txt"_s,
        u"samples/001_cloud_hypervisor_pause_deadlock.txt"_s, u"samples/002_vhost_net_livelock.txt"_s,
        u"samples/003_qemu_qcow2_close_lost_wakeup.txt"_s, u"samples/004_bhyve_vmm_drv_lease.txt"_s,
        u"samples/healthy_idle_kernel_sysrq_t.txt"_s, u"samples/healthy_idle_qemu_gdb.txt"_s,
        u"tests/data/gdb/real_abba.txt"_s, u"tests/data/gdb/real_cycle3.txt"_s,
        u"tests/data/gdb/real_lock_held_across_wait.txt"_s, u"tests/data/gdb/real_idle_pool.txt"_s,
        u"tests/data/gdb/real_join_holding_lock.txt"_s, u"tests/data/console/lockdep_circular.txt"_s,
        u"tests/data/console/hungtask_3x_old.txt"_s, u"tests/data/console/hungtask_lockdep_abba.txt"_s,
        u"tests/data/console/journald_softlockup.txt"_s, u"tests/data/console/syzbot_hung_inline.txt"_s,
        u"tests/data/crash/session.txt"_s }
    + realWorldInputs();
}

} // namespace

class TestCliAnalyze : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void matchesGolden_data()
    {
        QTest::addColumn<QString>("input");
        for (const QString& input : goldenInputs())
            QTest::addRow("%s", qPrintable(input)) << input;
    }

    void matchesGolden()
    {
        QFETCH(QString, input);
        const Run r = analyze(sourcePath(input));
        QVERIFY2(!r.analysis.isEmpty(), r.stderrText.constData());
        const QString actual = summarize(r.analysis);
        const QString golden =
            sourcePath(u"tests/cli/expected/"_s + QString(input).replace(u'/', u'_') + u".expected"_s);
        if (qEnvironmentVariableIsSet("HVDUMP_UPDATE_GOLDEN")) {
            QFile out(golden);
            QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
            out.write(actual.toUtf8());
        }
        QFile expected(golden);
        QVERIFY2(expected.open(QIODevice::ReadOnly), qPrintable(golden));
        QCOMPARE(actual, QString::fromUtf8(expected.readAll()));
        const bool found = !r.analysis.value(u"findings"_s).toArray().isEmpty();
        QCOMPARE(r.exitCode, found ? 1 : 0);
    }

    // the seeds' known hangs, stated independently of the golden files
    void namesTheSeedsHang_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("rule");
        QTest::addColumn<QString>("root");
        QTest::addColumn<int>("blockedAtLeast");
        QTest::addRow("000 spin on a host that is gone") << u"samples/000_virtio_console_crash.txt"_s << u"spin"_s
                                                         << u"virtio-console.tx-spin-host-gone"_s << u"CPU3"_s << 0;
        QTest::addRow("000 three CPUs behind it")
            << u"samples/000_virtio_console_crash.txt"_s << u"stall"_s << QString() << u"CPU3"_s << 3;
        QTest::addRow("001 deadlock through the ack")
            << u"samples/001_cloud_hypervisor_pause_deadlock.txt"_s << u"deadlock"_s
            << u"cloud-hypervisor.pause-holds-vcpu-states"_s << QString() << 0;
        QTest::addRow("002 livelock of the vhost worker") << u"samples/002_vhost_net_livelock.txt"_s << u"spin"_s
                                                          << u"vhost-net.rx-in-order-livelock"_s << u"vhost-"_s << 0;
        QTest::addRow("003 lost wakeup holding the BQL")
            << u"samples/003_qemu_qcow2_close_lost_wakeup.txt"_s << u"lost-wakeup"_s
            << u"qemu.qcow2-cache-clean-lost-wakeup"_s << u"qemu-system"_s << 0;
        QTest::addRow("003 four threads behind it")
            << u"samples/003_qemu_qcow2_close_lost_wakeup.txt"_s << u"stall"_s << QString() << u"qemu-system"_s << 4;
        QTest::addRow("004 missed lease expiry") << u"samples/004_bhyve_vmm_drv_lease.txt"_s << u"lost-wakeup"_s
                                                 << u"bhyve.viona-missed-lease-expiry"_s << u"bhyve/39"_s << 0;
        QTest::addRow("004 vcpus and rx ring behind it")
            << u"samples/004_bhyve_vmm_drv_lease.txt"_s << u"stall"_s << QString() << u"bhyve/39"_s << 3;
        QTest::addRow("004 seed pasted as-is") << u"../shared/seeds/004_ae4433829f59484f.txt"_s << u"lost-wakeup"_s
                                               << u"bhyve.viona-missed-lease-expiry"_s << u"bhyve/39"_s << 0;
        QTest::addRow("000 seed pasted as-is")
            << u"../shared/seeds/000_87178d0205e064c7.txt"_s << u"stall"_s << QString() << u"CPU 3"_s << 3;
    }

    void namesTheSeedsHang()
    {
        QFETCH(QString, input);
        QFETCH(QString, kind);
        QFETCH(QString, rule);
        QFETCH(QString, root);
        QFETCH(int, blockedAtLeast);
        if (!QFile::exists(sourcePath(input)))
            QSKIP("seed file not beside the checkout (../shared/seeds)");
        const Run r = analyze(sourcePath(input));
        QCOMPARE(r.exitCode, 1);
        bool matched = false;
        for (const QJsonValue& v : r.analysis.value(u"findings"_s).toArray()) {
            const QJsonObject f = v.toObject();
            if (f.value(u"kind"_s).toString() != kind)
                continue;
            if (!rule.isEmpty() && f.value(u"rule"_s).toObject().value(u"id"_s).toString() != rule)
                continue;
            if (!root.isEmpty() && !f.value(u"root"_s).toString().contains(root))
                continue;
            if (f.value(u"blockedCount"_s).toInt() < blockedAtLeast)
                continue;
            QVERIFY(!f.value(u"evidence"_s).toArray().isEmpty());
            if (!rule.isEmpty())
                QVERIFY(!f.value(u"rule"_s).toObject().value(u"fix"_s).toString().isEmpty());
            matched = true;
        }
        QVERIFY2(matched, qPrintable(summarize(r.analysis)));
    }

    // the same hang on another machine: other pids, LWPs and addresses, same signatures
    void signatureSurvivesAnotherMachine_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addRow("gdb rust") << u"samples/001_cloud_hypervisor_pause_deadlock.txt"_s;
        QTest::addRow("gdb qemu") << u"samples/003_qemu_qcow2_close_lost_wakeup.txt"_s;
        QTest::addRow("mdb") << u"samples/004_bhyve_vmm_drv_lease.txt"_s;
        QTest::addRow("crash") << u"samples/000_virtio_console_crash.txt"_s;
    }

    void signatureSurvivesAnotherMachine()
    {
        QFETCH(QString, input);
        QFile in(sourcePath(input));
        QVERIFY(in.open(QIODevice::ReadOnly));
        QString text = QString::fromUtf8(in.readAll());
        // move every long hex address (same length, so every mention of one still agrees) and
        // every LWP / pid / owner number
        auto rewrite = [&text](const QRegularExpression& re, auto change) {
            QString out;
            qsizetype last = 0;
            for (auto it = re.globalMatch(text); it.hasNext();) {
                const QRegularExpressionMatch m = it.next();
                out += QStringView(text).mid(last, m.capturedStart() - last);
                out += change(m);
                last = m.capturedEnd();
            }
            out += QStringView(text).mid(last);
            text = out;
        };
        rewrite(QRegularExpression(u"\\b(0x)?([0-9a-f]{3})[0-9a-f]{3}([0-9a-f]{3,10})\\b"_s),
            [](const QRegularExpressionMatch& m) -> QString {
                return m.captured(1) + m.captured(2) + u"abc"_s + m.captured(3);
            });
        rewrite(QRegularExpression(u"(LWP |PID: +|pid:|pid |__owner = )(\\d+)"_s),
            [](const QRegularExpressionMatch& m) -> QString { return m.captured(1) + u'9' + m.captured(2); });
        QTemporaryDir dir;
        const QString moved = dir.filePath(u"moved.txt"_s);
        QFile out(moved);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(text.toUtf8());
        out.close();
        auto signatures = [](const Run& r) {
            QStringList s;
            for (const QJsonValue& v : r.analysis.value(u"findings"_s).toArray())
                s << v.toObject().value(u"signature"_s).toString();
            s.sort();
            return s;
        };
        const QStringList original = signatures(analyze(sourcePath(input)));
        QVERIFY(!original.isEmpty());
        QCOMPARE(signatures(analyze(moved)), original);
    }

    void unreadableInputExitsThree()
    {
        const Run r = analyze(u"/nonexistent/dump.txt"_s);
        QCOMPARE(r.exitCode, 3);
        QVERIFY(r.stderrText.contains("/nonexistent/dump.txt"));
    }
};

QTEST_GUILESS_MAIN(TestCliAnalyze)
#include "tst_clianalyze.moc"
