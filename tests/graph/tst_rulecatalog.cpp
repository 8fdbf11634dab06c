// SPDX-License-Identifier: GPL-2.0-or-later
// The rule catalog as data: the shipped files load without a single diagnostic, every mistake
// a user can make is reported with its code, file and line while the rest still loads, and the
// generic diagnoses rank so that the most specific one names each shape of hang.
#include <hvdump/graph/diagnosismatcher.h>
#include <hvdump/graph/rulecatalogloader.h>

#include <QTemporaryDir>
#include <QTest>

#include <fstream>

using namespace hvdump::graph;
using hvdump::parsers::Diagnostic;
using hvdump::parsers::Severity;

namespace {

std::string sourcePath(const char* relative)
{
    return std::string(HVDUMP_SOURCE_DIR) + "/" + relative;
}

QString describe(const std::vector<Diagnostic>& diagnostics)
{
    QString out;
    for (const Diagnostic& d : diagnostics)
        out += QString::fromStdString(hvdump::parsers::formatDiagnostic(d)) + u'\n';
    return out;
}

const Diagnostic* findCode(const std::vector<Diagnostic>& diagnostics, const QByteArray& code)
{
    for (const Diagnostic& d : diagnostics)
        if (d.code == code.toStdString())
            return &d;
    return nullptr;
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    std::ofstream out(path.toStdString(), std::ios::binary);
    out.write(bytes.constData(), bytes.size());
}

} // namespace

class TestRuleCatalog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void shippedCatalogLoadsClean()
    {
        RuleCatalogLoader loader;
        loader.loadDirectory(sourcePath("resources/rules"));
        // warnings included: an unknown key in a shipped file is a typo that silently drops a condition
        QVERIFY2(loader.diagnostics().empty(), qPrintable(describe(loader.diagnostics())));
        const RuleCatalog& c = loader.catalog();
        QCOMPARE(c.files.size(), std::size_t(12));
        QVERIFY(c.primitives.size() >= 90);
        QVERIFY(!c.transparent.empty());
        std::size_t generic = 0;
        for (const Diagnosis& d : c.diagnoses)
            generic += d.generic ? 1 : 0;
        QVERIFY(generic >= 18);
        QVERIFY(c.diagnosis("virtio-console.tx-spin-host-gone"));
        QVERIFY(c.diagnosis("generic.abba-deadlock"));
    }

    void shippedDiagnosesAreComplete()
    {
        RuleCatalogLoader loader;
        loader.loadDirectory(sourcePath("resources/rules"));
        for (const Diagnosis& d : loader.catalog().diagnoses) {
            const QByteArray id = QByteArray::fromStdString(d.id);
            QVERIFY2(!d.title.empty() && !d.explanation.empty() && !d.fix.empty(), id.constData());
            QVERIFY2(!d.workaround.empty() && !d.references.empty(), id.constData());
            QVERIFY2(!d.kinds.empty(), id.constData()); // a diagnosis without a kind would name everything
            for (const std::string& r : d.references)
                QVERIFY2(r.find("http") == std::string::npos, id.constData()); // names, not links that rot
            if (d.generic)
                QVERIFY2(d.id.rfind("generic.", 0) == 0, id.constData());
        }
    }

    void shippedPrimitivesAreValid()
    {
        RuleCatalogLoader loader;
        loader.loadDirectory(sourcePath("resources/rules"));
        for (const Primitive& p : loader.catalog().primitives) {
            const QByteArray id = QByteArray::fromStdString(p.id);
            QVERIFY2(!p.frames.empty(), id.constData());
            QVERIFY2(!p.platform.empty(), id.constData());
            QVERIFY2(p.action != PrimitiveAction::Signal, id.constData()); // shipped catalog uses signals:
            for (const NamePattern& f : p.frames)
                QVERIFY2(!f.text().empty() && f.text() != "*", id.constData());
            if (p.timeout.kind == TimeoutSpec::Kind::Argument)
                QVERIFY2(!p.timeout.infinite.empty(), id.constData());
        }
        for (const ObjectSite& s : loader.catalog().sites)
            QVERIFY2(!s.object.empty() && !s.callers.empty(), s.id.c_str());
        for (const HoldRule& h : loader.catalog().holds)
            QVERIFY2(!h.object.empty() && !h.frames.empty(), h.id.c_str());
    }

    void reportsMistakes_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QByteArray>("code");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("severity");
        QTest::addColumn<int>("rulesLoaded");

        const int error = int(Severity::Error), warning = int(Severity::Warning);
        QTest::addRow("invalid YAML: unclosed flow list")
            << QByteArray("primitives:\n  - id: a\n    frames: [x, y\n    action: wait\n") << QByteArray("HVR001") << 4
            << error << 0;
        QTest::addRow("invalid YAML: bad indentation")
            << QByteArray("primitives:\n  - id: a\n    frames: [x]\n   action: wait\n") << QByteArray("HVR001") << 4
            << error << 0;
        QTest::addRow("tab indentation") << QByteArray("primitives:\n  - id: a\n\tframes: [x]\n")
                                         << QByteArray("HVR001") << 3 << error << 0;
        QTest::addRow("unknown key is a warning and the rule loads")
            << QByteArray("primitives:\n  - id: a\n    frames: [x]\n    action: wait\n    objekt: y\n")
            << QByteArray("HVR002") << 5 << warning << 1;
        QTest::addRow("unknown top-level section")
            << QByteArray("platform: p\nprimitive:\n  - id: a\n") << QByteArray("HVR002") << 2 << warning << 0;
        QTest::addRow("unknown action") << QByteArray("primitives:\n  - id: a\n    frames: [x]\n    action: sleep\n")
                                        << QByteArray("HVR003") << 4 << error << 0;
        QTest::addRow("unknown kind") << QByteArray(
            "primitives:\n  - id: a\n    frames: [x]\n    action: wait\n    kind: mutexx\n")
                                      << QByteArray("HVR003") << 5 << error << 0;
        QTest::addRow("unknown mode") << QByteArray(
            "holds:\n  - id: h\n    frames: [x]\n    object: o\n    mode: readonly\n")
                                      << QByteArray("HVR003") << 5 << error << 0;
        QTest::addRow("empty mode") << QByteArray("sites:\n  - id: s\n    callers: [x]\n    object: o\n    mode: ''\n")
                                    << QByteArray("HVR003") << 5 << error << 0;
        QTest::addRow("unknown timeout") << QByteArray(
            "primitives:\n  - id: a\n    frames: [x]\n    action: wait\n    timeout: sometimes\n")
                                         << QByteArray("HVR003") << 5 << error << 0;
        QTest::addRow("flag that is not a boolean")
            << QByteArray("primitives:\n  - id: a\n    frames: [x]\n    action: spin\n    spinning: maybe\n")
            << QByteArray("HVR003") << 5 << error << 0;
        QTest::addRow("mode_values that is not a map")
            << QByteArray("primitives:\n  - id: a\n    frames: [x]\n    action: acquire\n    mode_values: [read]\n")
            << QByteArray("HVR003") << 5 << error << 0;
        QTest::addRow("unknown finding kind")
            << QByteArray("diagnoses:\n  - id: d\n    title: t\n    explanation: e\n    kinds: [hang]\n")
            << QByteArray("HVR003") << 5 << error << 0;
        QTest::addRow("unknown report kind")
            << QByteArray("diagnoses:\n  - id: d\n    title: t\n    explanation: e\n    reports: [oom]\n")
            << QByteArray("HVR003") << 5 << error << 0;
        QTest::addRow("min_contexts that is not a number")
            << QByteArray("diagnoses:\n  - id: d\n    title: t\n    explanation: e\n    min_contexts: two\n")
            << QByteArray("HVR003") << 5 << error << 0;
        QTest::addRow("object_fields item that is not a map") << QByteArray(
            "diagnoses:\n  - id: d\n    title: t\n    explanation: e\n    object_fields:\n      - vml_expired\n")
                                                              << QByteArray("HVR003") << 6 << error << 0;
        QTest::addRow("a section that is not a list")
            << QByteArray("platform: p\nholds:\n  id: h\n") << QByteArray("HVR003") << 3 << error << 0;
        QTest::addRow("a rule that is not a map")
            << QByteArray("signals:\n  - just text\n") << QByteArray("HVR003") << 2 << error << 0;
        QTest::addRow("a file that is a list") << QByteArray("- a\n- b\n") << QByteArray("HVR003") << 1 << error << 0;
        QTest::addRow("missing frames") << QByteArray("primitives:\n  - id: a\n    action: wait\n")
                                        << QByteArray("HVR004") << 2 << error << 0;
        QTest::addRow("missing id") << QByteArray("primitives:\n  - frames: [x]\n    action: wait\n")
                                    << QByteArray("HVR004") << 2 << error << 0;
        QTest::addRow("missing action") << QByteArray("primitives:\n  - id: a\n    frames: [x]\n")
                                        << QByteArray("HVR004") << 2 << error << 0;
        QTest::addRow("diagnosis without explanation")
            << QByteArray("diagnoses:\n  - id: d\n    title: t\n") << QByteArray("HVR004") << 2 << error << 0;
        QTest::addRow("signal without thread_names or frames")
            << QByteArray("signals:\n  - id: s\n    objects: [o]\n") << QByteArray("HVR004") << 2 << error << 0;
        QTest::addRow("site without object")
            << QByteArray("sites:\n  - id: s\n    callers: [x]\n") << QByteArray("HVR004") << 2 << error << 0;
        QTest::addRow("duplicate id in one file")
            << QByteArray("primitives:\n  - id: a\n    frames: [x]\n    action: wait\n"
                          "holds:\n  - id: a\n    frames: [y]\n    object: o\n")
            << QByteArray("HVR005") << 6 << error << 1;
    }

    void reportsMistakes()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QByteArray, code);
        QFETCH(int, line);
        QFETCH(int, severity);
        QFETCH(int, rulesLoaded);
        RuleCatalogLoader loader;
        loader.loadText(yaml.toStdString(), "user.yaml");
        const Diagnostic* d = findCode(loader.diagnostics(), code);
        QVERIFY2(d, qPrintable(describe(loader.diagnostics())));
        QCOMPARE(d->file, std::string("user.yaml"));
        QCOMPARE(int(d->line), line);
        QCOMPARE(int(d->severity), severity);
        QVERIFY(d->column >= 1);
        QCOMPARE(int(loader.catalog().ruleCount()), rulesLoaded);
    }

    void duplicateIdAcrossFiles()
    {
        RuleCatalogLoader loader;
        loader.loadText("primitives:\n  - id: shared.lock\n    frames: [a]\n    action: acquire\n", "first.yaml");
        loader.loadText("# a second file\ndiagnoses:\n  - id: other\n    title: t\n    explanation: e\n"
                        "  - id: shared.lock\n    title: t\n    explanation: e\n",
            "second.yaml");
        QCOMPARE(loader.diagnostics().size(), std::size_t(1));
        const Diagnostic& d = loader.diagnostics().front();
        QCOMPARE(d.code, std::string(rulecodes::Duplicate));
        QCOMPARE(d.file, std::string("second.yaml"));
        QCOMPARE(d.line, 6u);
        QCOMPARE(loader.catalog().primitives.size(), std::size_t(1)); // the first definition stays
        QCOMPARE(loader.catalog().diagnoses.size(), std::size_t(1));
        QCOMPARE(loader.catalog().primitives.front().where.file, std::string("first.yaml"));
    }

    void brokenFolderStillLoadsTheRest()
    {
        const std::string dir = sourcePath("tests/data/rules/broken");
        RuleCatalogLoader loader;
        loader.loadDirectory(dir);
        const auto& ds = loader.diagnostics();
        const Diagnostic* syntax = findCode(ds, "HVR001");
        QVERIFY2(syntax, qPrintable(describe(ds)));
        QCOMPARE(syntax->file, dir + "/10-not-yaml.yaml");
        QCOMPARE(syntax->line, 5u); // the flow list opened on line 4 runs into the next key
        struct Expected
        {
            const char* code;
            std::uint32_t line;
        };
        for (Expected e : { Expected { "HVR002", 9 }, Expected { "HVR003", 12 }, Expected { "HVR004", 14 },
                 Expected { "HVR003", 20 }, Expected { "HVR005", 27 } }) {
            auto it = std::find_if(ds.begin(), ds.end(), [&](const Diagnostic& d) {
                return d.code == e.code && d.line == e.line && d.file == dir + "/20-mistakes.yaml";
            });
            QVERIFY2(it != ds.end(),
                qPrintable(QStringLiteral("%1 at line %2 missing:\n%3")
                               .arg(QString::fromLatin1(e.code))
                               .arg(e.line)
                               .arg(describe(ds))));
        }
        QCOMPARE(ds.size(), std::size_t(6));
        // the rules without mistakes (and the one with only an unknown key) still load
        QCOMPARE(loader.catalog().primitives.size(), std::size_t(2));
        QCOMPARE(loader.catalog().primitives.back().id, std::string("broken.fine"));
        QCOMPARE(loader.catalog().primitives.back().platform, std::string("broken-example"));
    }

    void hostileFiles_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QByteArray>("code");

        QByteArray binary;
        for (int i = 0; i < 4096; ++i)
            binary.append(char((i * 7919 + 13) % 256));
        QTest::addRow("binary junk") << binary << QByteArray("HVR001");
        QTest::addRow("NUL bytes") << QByteArray("primitives:\n  - id: a\0\0\0\n", 24) << QByteArray("HVR001");
        QTest::addRow("deeply nested lists") << QByteArray(100000, '[') << QByteArray("HVR001");
        QByteArray huge = "primitives:\n";
        while (huge.size() < 5 * 1024 * 1024)
            huge += "  - id: generated.rule.with.a.long.name\n    frames: [x]\n    action: wait\n";
        QTest::addRow("huge file") << huge << QByteArray("HVR006");
        QTest::addRow("scalar file") << QByteArray("just some words\n") << QByteArray("HVR003");
    }

    void hostileFiles()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QByteArray, code);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        writeFile(dir.filePath(QStringLiteral("a-hostile.yaml")), bytes);
        writeFile(dir.filePath(QStringLiteral("b-good.yaml")),
            "primitives:\n  - id: good.lock\n    frames: [good_lock]\n    action: acquire\n    kind: mutex\n");
        writeFile(dir.filePath(QStringLiteral("notes.txt")), "not a rule file: ignored\n");
        RuleCatalogLoader loader;
        loader.loadDirectory(dir.path().toStdString());
        const Diagnostic* d = findCode(loader.diagnostics(), code);
        QVERIFY2(d, qPrintable(describe(loader.diagnostics())));
        QVERIFY(d->file.size() > 14 && d->file.substr(d->file.size() - 14) == "a-hostile.yaml");
        QVERIFY(std::any_of(loader.catalog().primitives.begin(), loader.catalog().primitives.end(),
            [](const Primitive& p) { return p.id == "good.lock"; }));
    }

    void anchorsAndAliases()
    {
        // an anchored list reused by alias: every rule gets the same frames
        const char* yaml = "platform: anchors\n"
                           "primitives:\n"
                           "  - id: a.lock\n"
                           "    frames: &lockframes [foo_lock, foo_lock_slowpath]\n"
                           "    action: acquire\n"
                           "    kind: &kind mutex\n"
                           "  - id: a.lock_nested\n"
                           "    frames: *lockframes\n"
                           "    action: acquire\n"
                           "    kind: *kind\n"
                           "holds:\n"
                           "  - id: a.held\n"
                           "    frames: *lockframes\n"
                           "    object: foo lock\n";
        RuleCatalogLoader loader;
        loader.loadText(yaml, "anchors.yaml");
        QVERIFY2(loader.diagnostics().empty(), qPrintable(describe(loader.diagnostics())));
        const auto& ps = loader.catalog().primitives;
        QCOMPARE(ps.size(), std::size_t(2));
        QCOMPARE(ps[1].frames.size(), std::size_t(2));
        QCOMPARE(ps[1].frames[1].text(), std::string("foo_lock_slowpath"));
        QCOMPARE(ps[1].kind, ResourceKind::Mutex);
        QCOMPARE(ps[1].where.line, 7u);
        QCOMPARE(loader.catalog().holds.front().frames.size(), std::size_t(2));

        // a merge key is not supported: it is reported, not silently merged
        RuleCatalogLoader merge;
        merge.loadText("base: &b {frames: [x], action: wait}\nprimitives:\n  - id: m\n    <<: *b\n", "merge.yaml");
        QVERIFY(findCode(merge.diagnostics(), "HVR002")); // unknown top-level 'base' and key '<<'
        QVERIFY(findCode(merge.diagnostics(), "HVR004")); // so frames and action are missing
    }

    void loadCatalogNamesAFolderOnce()
    {
        // the built-in folder named again with --rules must not define every rule twice; no
        // per-user folders from the machine running the test
        QTemporaryDir home;
        qputenv("HOME", home.path().toUtf8());
        qunsetenv("XDG_CONFIG_HOME");
        qunsetenv("HVDUMP_RULES_PATH");
        RuleCatalogLoader loader = loadCatalog({ sourcePath("resources/rules"), sourcePath("resources/rules/") });
        QVERIFY2(loader.diagnostics().empty(), qPrintable(describe(loader.diagnostics())));
    }
};

QTEST_GUILESS_MAIN(TestRuleCatalog)
#include "tst_rulecatalog.moc"
