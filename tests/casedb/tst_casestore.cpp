// SPDX-License-Identifier: GPL-2.0-or-later
// The case database on real SQLite files: the samples analysed and filed, the same bytes filed
// once, the same hang grouped by signature, similar cases ranked with their reasons, full-text
// search, notes, status and rejected matches.
#include "casefixture.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <random>
#include <set>
#include <tuple>

using namespace hvdump::casedb;
using casefixture::madeCase;
using casefixture::sampleCase;

namespace {

const QStringList samples = {
    QStringLiteral("000_virtio_console_crash.txt"),
    QStringLiteral("001_cloud_hypervisor_pause_deadlock.txt"),
    QStringLiteral("002_vhost_net_livelock.txt"),
    QStringLiteral("003_qemu_qcow2_close_lost_wakeup.txt"),
    QStringLiteral("004_bhyve_vmm_drv_lease.txt"),
    QStringLiteral("healthy_idle_kernel_sysrq_t.txt"),
    QStringLiteral("healthy_idle_qemu_gdb.txt"),
};

// the same dump from another run: other addresses, trailing blanks, CRLF line ends
std::string reworded(std::string text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.compare(i, 4, "0x7f") == 0) {
            out += "0x7e";
            i += 3;
        } else if (text[i] == '\n') {
            out += "  \r\n";
        } else {
            out += text[i];
        }
    }
    return out;
}

std::vector<CaseId> ids(const std::vector<SimilarCase>& similar)
{
    std::vector<CaseId> out;
    for (const SimilarCase& s : similar)
        out.push_back(s.summary.id);
    return out;
}

} // namespace

class TestCaseStore : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_files = 0;

    CaseStore freshStore()
    {
        const QString path = m_dir.filePath(QStringLiteral("cases-%1.sqlite").arg(++m_files));
        Result<CaseStore> store = CaseStore::open(path.toStdString(), CaseStore::OpenMode::Create);
        if (!store)
            qFatal("%s", store.error().message.c_str());
        return std::move(*store);
    }

    CaseId file(CaseStore& store, CaseInput in)
    {
        Result<ImportResult> r = store.import(in);
        if (!r)
            qFatal("%s", r.error().message.c_str());
        return r->id;
    }

private Q_SLOTS:
    void importSample_data()
    {
        QTest::addColumn<QString>("sample");
        QTest::addColumn<QString>("format");
        QTest::addColumn<bool>("healthy");
        QTest::addRow("000 virtio_console, crash") << samples[0] << QStringLiteral("crash") << false;
        QTest::addRow("001 cloud-hypervisor, gdb") << samples[1] << QStringLiteral("gdb") << false;
        QTest::addRow("002 vhost_net, console") << samples[2] << QStringLiteral("console") << false;
        QTest::addRow("003 qemu qcow2, gdb") << samples[3] << QStringLiteral("gdb") << false;
        QTest::addRow("004 bhyve, mdb") << samples[4] << QStringLiteral("mdb") << false;
        QTest::addRow("healthy kernel, console") << samples[5] << QStringLiteral("console") << true;
        QTest::addRow("healthy qemu, gdb") << samples[6] << QStringLiteral("gdb") << true;
    }

    void importSample()
    {
        QFETCH(QString, sample);
        QFETCH(QString, format);
        QFETCH(bool, healthy);
        CaseStore store = freshStore();
        CaseInput in = sampleCase(sample);
        QVERIFY(in.threads > 0);
        QCOMPARE(in.findings.empty(), healthy);
        const std::string raw = in.rawText;
        const std::size_t findings = in.findings.size();

        Result<ImportResult> r = store.import(in);
        QVERIFY2(r.ok(), r.error().message.c_str());
        QVERIFY(r->created);
        QCOMPARE(r->groupId, r->id);
        QVERIFY(r->sameSignature.empty());

        Result<CaseDetail> d = store.show(r->id);
        QVERIFY2(d.ok(), d.error().message.c_str());
        QCOMPARE(QString::fromStdString(d->summary.fileName), sample);
        QCOMPARE(d->summary.status, CaseStatus::New);
        QCOMPARE(d->summary.hash.size(), 64u);
        QCOMPARE(d->summary.threads, in.threads);
        QVERIFY(std::find(d->formats.begin(), d->formats.end(), format.toStdString()) != d->formats.end());
        QCOMPARE(d->findings.size(), findings);
        QCOMPARE(d->rawSize, raw.size());
        QCOMPARE(d->summary.importedBy.empty(), false);
        QVERIFY(d->summary.importedAt.size() == 20 && d->summary.importedAt.back() == 'Z');
        for (std::size_t i = 0; i < findings; ++i) {
            QCOMPARE(d->findings[i].signature, in.findings[i].signature);
            QCOMPARE(d->findings[i].title, in.findings[i].title);
            QCOMPARE(d->findings[i].ruleId, in.findings[i].ruleId);
            QCOMPARE(d->findings[i].keyFrames, in.findings[i].keyFrames);
            QVERIFY(d->findings[i].json.find("\"signature\"") != std::string::npos);
        }
        QCOMPARE(d->summary.title, healthy ? std::string() : in.findings.front().title);

        // the GUI reopens a case from the stored text alone
        Result<std::string> text = store.rawText(r->id);
        QVERIFY(text.ok());
        QVERIFY(*text == raw);

        Result<IntegrityReport> check = store.check();
        QVERIFY(check.ok());
        QCOMPARE(check->integrity, std::string("ok"));
        QVERIFY(check->problems.empty());
        QCOMPARE(check->cases, 1);
    }

    void sameBytesAreOneCase()
    {
        CaseStore store = freshStore();
        CaseInput first = sampleCase(samples[3]);
        CaseInput again = sampleCase(samples[3]);
        Result<ImportResult> a = store.import(first);
        Result<ImportResult> b = store.import(again);
        QVERIFY(a.ok() && b.ok());
        QVERIFY(a->created);
        QVERIFY(!b->created);
        QCOMPARE(b->id, a->id);
        QCOMPARE(*store.caseCount(), 1);
        QCOMPARE(first.hash, again.hash);
    }

    void sameSignatureIsGrouped_data()
    {
        QTest::addColumn<QString>("sample");
        for (int i = 0; i < 5; ++i)
            QTest::addRow("%s", qPrintable(samples[i])) << samples[i];
    }

    void sameSignatureIsGrouped()
    {
        QFETCH(QString, sample);
        CaseStore store = freshStore();
        const CaseId other = file(store, sampleCase(samples[sample == samples[0] ? 1 : 0]));
        CaseInput original = sampleCase(sample);
        CaseInput variant = casefixture::textCase(reworded(original.rawText), "reworded.txt");
        QVERIFY(original.hash != variant.hash || original.hash.empty());
        QCOMPARE(variant.findings.size(), original.findings.size());
        for (std::size_t i = 0; i < original.findings.size(); ++i)
            QCOMPARE(variant.findings[i].signature, original.findings[i].signature);

        const CaseId first = file(store, original);
        Result<ImportResult> r = store.import(variant);
        QVERIFY(r.ok());
        QVERIFY(r->created);
        QVERIFY(r->id != first);
        QCOMPARE(r->groupId, first);
        QCOMPARE(r->sameSignature.size(), 1u);
        QCOMPARE(r->sameSignature[0].id, first);

        ListFilter group;
        group.groupId = first;
        Result<std::vector<CaseSummary>> members = store.list(group);
        QVERIFY(members.ok());
        QCOMPARE(members->size(), 2u);
        QVERIFY(std::none_of(members->begin(), members->end(), [&](const CaseSummary& c) { return c.id == other; }));

        Result<CaseDetail> d = store.show(first);
        QCOMPARE(d->sameSignature.size(), 1u);
        QCOMPARE(d->sameSignature[0].id, r->id);
    }

    void similarRanksSignatureThenOverlap()
    {
        CaseStore store = freshStore();
        const CaseId a = file(store, madeCase("a", { "sig-1" }, { "alpha", "beta", "gamma", "delta" }));
        const CaseId noOverlap = file(store, madeCase("e", { "sig-9" }, { "omega" }));
        const CaseId half = file(store, madeCase("d", { "sig-3" }, { "alpha", "beta" }));
        const CaseId sameSig = file(store, madeCase("b", { "sig-1" }, { "alpha" }));
        const CaseId sameFrames = file(store, madeCase("c", { "sig-2" }, { "alpha", "beta", "gamma", "delta" }));
        Q_UNUSED(noOverlap);

        Result<std::vector<SimilarCase>> s = store.similar(a, 10);
        QVERIFY2(s.ok(), s.error().message.c_str());
        QCOMPARE(ids(*s), (std::vector<CaseId> { sameSig, sameFrames, half }));
        // why: the shared signature, the shared frames
        QCOMPARE((*s)[0].sharedSignatures.size(), 1u);
        QCOMPARE((*s)[0].sharedSignatures[0].signature, std::string("sig-1"));
        QCOMPARE((*s)[0].sharedSignatures[0].title, std::string("deadlock in sig-1"));
        QCOMPARE((*s)[0].sharedFunctions, std::vector<std::string> { "alpha" });
        QCOMPARE((*s)[0].jaccard, 0.25);
        QVERIFY((*s)[1].sharedSignatures.empty());
        QCOMPARE((*s)[1].sharedFunctions, (std::vector<std::string> { "alpha", "beta", "delta", "gamma" }));
        QCOMPARE((*s)[1].jaccard, 1.0);
        QCOMPARE((*s)[2].jaccard, 0.5);

        Result<std::vector<SimilarCase>> top = store.similar(a, 1);
        QCOMPARE(ids(*top), std::vector<CaseId> { sameSig });
        QCOMPARE(store.similar(999, 10).error().kind, ErrorKind::NotFound);
    }

    void similarMatchesTheExhaustiveRanking()
    {
        // similar() reads only what can change its answer; it must give the answer of ranking
        // every other case: random cases from a few signatures (groups of all sizes, and none) and
        // a skewed vocabulary (a few functions on most stacks), with some matches rejected
        CaseStore store = freshStore();
        std::mt19937 random(20240501);
        struct Made
        {
            std::set<std::string> signatures;
            std::set<std::string> functions;
        };
        std::vector<Made> made(1); // ids start at 1
        for (int n = 1; n <= 400; ++n) {
            Made m;
            for (int k = int(random() % 3); k > 0; --k)
                m.signatures.insert("sig-" + std::to_string(random() % 40 < 30 ? random() % 4 : random() % 60));
            for (int k = 1 + int(random() % 8); k > 0; --k)
                m.functions.insert("fn" + std::to_string(random() % 2 ? random() % 6 : random() % 300));
            QCOMPARE(file(store,
                         madeCase("case" + std::to_string(n), { m.signatures.begin(), m.signatures.end() },
                             { m.functions.begin(), m.functions.end() })),
                CaseId(n));
            made.push_back(std::move(m));
        }
        std::set<std::pair<CaseId, CaseId>> rejected;
        for (int k = 0; k < 150; ++k) {
            const CaseId a = 1 + CaseId(random() % 400), b = 1 + CaseId(random() % 400);
            if (a != b) {
                QVERIFY(!store.reject(a, b, "tester"));
                rejected.insert({ std::min(a, b), std::max(a, b) });
            }
        }
        auto count = [](const std::set<std::string>& x, const std::set<std::string>& y) {
            return std::size_t(std::count_if(x.begin(), x.end(), [&](const std::string& s) { return y.count(s); }));
        };
        for (CaseId id = 1; id <= 400; id += 3) {
            struct Expected
            {
                std::size_t signatures;
                double jaccard;
                CaseId id;
            };
            std::vector<Expected> expected;
            const Made& a = made[std::size_t(id)];
            for (CaseId other = 1; other <= 400; ++other) {
                const Made& b = made[std::size_t(other)];
                const std::size_t sigs = count(a.signatures, b.signatures), shared = count(a.functions, b.functions);
                if (other == id || (sigs == 0 && shared == 0)
                    || rejected.count({ std::min(id, other), std::max(id, other) }))
                    continue;
                expected.push_back(
                    { sigs, double(shared) / double(a.functions.size() + b.functions.size() - shared), other });
            }
            std::sort(expected.begin(), expected.end(), [](const Expected& x, const Expected& y) {
                return std::tie(y.signatures, y.jaccard, x.id) < std::tie(x.signatures, x.jaccard, y.id);
            });
            for (std::size_t limit : { 1u, 5u, 10u, 40u, 0u }) {
                Result<std::vector<SimilarCase>> got = store.similar(id, limit);
                QVERIFY2(got.ok(), got.error().message.c_str());
                const std::size_t n = limit == 0 ? expected.size() : std::min(limit, expected.size());
                QCOMPARE(got->size(), n);
                for (std::size_t i = 0; i < n; ++i) {
                    const SimilarCase& g = (*got)[i];
                    QVERIFY2(g.summary.id == expected[i].id,
                        qPrintable(QStringLiteral("case %1, limit %2, place %3: got #%4, expected #%5")
                                       .arg(id)
                                       .arg(limit)
                                       .arg(i)
                                       .arg(g.summary.id)
                                       .arg(expected[i].id)));
                    QCOMPARE(g.sharedSignatures.size(), expected[i].signatures);
                    QCOMPARE(g.jaccard, expected[i].jaccard);
                    QCOMPARE(g.sharedFunctions.size(), count(a.functions, made[std::size_t(g.summary.id)].functions));
                }
            }
        }
    }

    void similarFindsTheSameHangInRealSamples()
    {
        CaseStore store = freshStore();
        std::vector<CaseId> filed;
        for (const QString& s : samples)
            filed.push_back(file(store, sampleCase(s)));
        CaseInput variant = casefixture::textCase(reworded(sampleCase(samples[1]).rawText), "001-again.txt");
        const CaseId again = file(store, variant);

        Result<std::vector<SimilarCase>> s = store.similar(again, 5);
        QVERIFY(s.ok());
        QVERIFY(!s->empty());
        QCOMPARE(s->front().summary.id, filed[1]);
        QVERIFY(!s->front().sharedSignatures.empty());
        QCOMPARE(s->front().jaccard, 1.0);
        const std::vector<std::string>& frames = s->front().sharedFunctions;
        QVERIFY(std::any_of(frames.begin(), frames.end(),
            [](const std::string& f) { return f.find("signal_vcpus") != std::string::npos; }));
        // another hang entirely shares no signature with it
        for (std::size_t i = 1; i < s->size(); ++i)
            QVERIFY((*s)[i].sharedSignatures.empty());
    }

    void rejectedMatchIsNotOffered()
    {
        CaseStore store = freshStore();
        const CaseId a = file(store, madeCase("a", { "sig-1" }, { "alpha", "beta" }));
        const CaseId b = file(store, madeCase("b", { "sig-1" }, { "alpha", "beta" }));
        const CaseId c = file(store, madeCase("c", { "sig-2" }, { "alpha" }));
        QCOMPARE(ids(*store.similar(a, 10)), (std::vector<CaseId> { b, c }));

        QVERIFY(!store.reject(b, a, "tester")); // either order names the same pair
        QVERIFY(!store.reject(a, b, "tester")); // twice is fine
        QCOMPARE(ids(*store.similar(a, 10)), std::vector<CaseId> { c });
        QCOMPARE(ids(*store.similar(b, 10)), std::vector<CaseId> { c });
        QCOMPARE(ids(*store.similar(c, 10)), (std::vector<CaseId> { a, b }));

        QCOMPARE(store.reject(a, a, "tester").kind, ErrorKind::InvalidArgument);
        QCOMPARE(store.reject(a, 999, "tester").kind, ErrorKind::NotFound);
    }

    void search_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("expected"); // the sample found first; empty: none
        QTest::addRow("function on a stack") << QStringLiteral("virtqueue_get_buf") << samples[0];
        QTest::addRow("function, any case") << QStringLiteral("QCOW2_CLOSE") << samples[3];
        QTest::addRow("rust path") << QStringLiteral("CpuManager::signal_vcpus") << samples[1];
        QTest::addRow("prefix") << QStringLiteral("vmm_drv_lease*") << samples[4];
        QTest::addRow("thread name") << QStringLiteral("khvcd") << samples[0];
        QTest::addRow("finding title") << QStringLiteral("lost wakeup") << samples[3];
        QTest::addRow("two words, both required") << QStringLiteral("vhost handle_rx") << samples[2];
        QTest::addRow("no such word") << QStringLiteral("frobnicate_the_widget") << QString();
        QTest::addRow("fts syntax is text") << QStringLiteral("\"NEAR(a\" OR") << QString();
    }

    void search()
    {
        QFETCH(QString, query);
        QFETCH(QString, expected);
        CaseStore store = freshStore();
        for (const QString& s : samples)
            file(store, sampleCase(s));
        Result<std::vector<SearchHit>> hits = store.search(query.toStdString());
        QVERIFY2(hits.ok(), hits.error().message.c_str());
        if (expected.isEmpty()) {
            QVERIFY(hits->empty());
            return;
        }
        QVERIFY(!hits->empty());
        QCOMPARE(QString::fromStdString(hits->front().summary.fileName), expected);
        QVERIFY2(hits->front().snippet.find('[') != std::string::npos, hits->front().snippet.c_str());
    }

    void searchNeedsAWord()
    {
        CaseStore store = freshStore();
        QCOMPARE(store.search("  ** ").error().kind, ErrorKind::InvalidArgument);
    }

    void notesRoundTripAndAreSearchable()
    {
        CaseStore store = freshStore();
        const CaseId a = file(store, sampleCase(samples[0]));
        const CaseId b = file(store, sampleCase(samples[3]));
        Result<Note> first = store.addNote(a, "alice", "crosvm exited on reboot; guest kept writing to hvc0");
        Result<Note> second = store.addNote(a, "bob", "same as the Pixel ramdump from March");
        QVERIFY(first.ok() && second.ok());
        QVERIFY(second->id > first->id);
        QCOMPARE(store.addNote(999, "bob", "x").error().kind, ErrorKind::NotFound);
        QCOMPARE(store.addNote(a, "bob", "  ").error().kind, ErrorKind::InvalidArgument);

        Result<CaseDetail> d = store.show(a);
        QCOMPARE(d->notes.size(), 2u);
        QCOMPARE(d->notes[0].author, std::string("alice"));
        QCOMPARE(d->notes[0].text, std::string("crosvm exited on reboot; guest kept writing to hvc0"));
        QCOMPARE(d->notes[1].author, std::string("bob"));
        QVERIFY(!d->notes[1].createdAt.empty());
        QVERIFY(store.show(b)->notes.empty());

        for (const char* word : { "crosvm", "ramdump", "Pixel March" }) {
            Result<std::vector<SearchHit>> hits = store.search(word);
            QVERIFY(hits.ok());
            QCOMPARE(hits->size(), 1u);
            QCOMPARE(hits->front().summary.id, a);
        }
    }

    void statusRoundTrip()
    {
        CaseStore store = freshStore();
        const CaseId a = file(store, sampleCase(samples[1]));
        const CaseId b = file(store, sampleCase(samples[2]));
        QCOMPARE(store.summary(a)->status, CaseStatus::New);

        const std::string url = "https://github.com/cloud-hypervisor/cloud-hypervisor/pull/8092";
        QVERIFY(!store.setStatus(a, CaseStatus::Fixed, url));
        QCOMPARE(store.summary(a)->status, CaseStatus::Fixed);
        QCOMPARE(store.summary(a)->fixUrl, url);
        QVERIFY(!store.show(a)->updatedAt.empty());
        QVERIFY(!store.setStatus(a, CaseStatus::Known)); // without --fix the link stays
        QCOMPARE(store.summary(a)->fixUrl, url);
        QVERIFY(!store.setStatus(b, CaseStatus::NotABug, std::string()));
        QCOMPARE(store.summary(b)->status, CaseStatus::NotABug);
        QCOMPARE(store.setStatus(999, CaseStatus::Known).kind, ErrorKind::NotFound);

        ListFilter known;
        known.anyStatus = false;
        known.status = CaseStatus::Known;
        QCOMPARE(store.list(known)->size(), 1u);
        QCOMPARE(store.list(known)->front().id, a);
        ListFilter all;
        QCOMPARE(store.list(all)->front().id, b); // newest first
        all.newestFirst = false;
        all.limit = 1;
        QCOMPARE(store.list(all)->size(), 1u);
        QCOMPARE(store.list(all)->front().id, a);

        for (CaseStatus s : { CaseStatus::New, CaseStatus::Known, CaseStatus::Fixed, CaseStatus::NotABug }) {
            CaseStatus back = CaseStatus::New;
            QVERIFY(caseStatusFromName(caseStatusName(s), back));
            QCOMPARE(back, s);
        }
        CaseStatus unused;
        QVERIFY(!caseStatusFromName("open", unused));
    }

    void cancelledImportLeavesNothing()
    {
        // the desktop app's Cancel (interrupt() from another thread) arriving while a case's
        // findings are being written: here a function that a trigger calls half-way does it
        CaseStore store = freshStore();
        const CaseId a = file(store, madeCase("a", { "sig-1" }, { "alpha" }));
        const auto cancelNow = [](sqlite3_context* context, int, sqlite3_value**) {
            static_cast<CaseStore*>(sqlite3_user_data(context))->interrupt();
            sqlite3_result_null(context);
        };
        QCOMPARE(sqlite3_create_function(
                     store.database().handle(), "cancel_now", 0, SQLITE_UTF8, &store, cancelNow, nullptr, nullptr),
            SQLITE_OK);
        QVERIFY(!store.database().exec("CREATE TEMP TRIGGER cancel_findings BEFORE INSERT ON findings WHEN "
                                       "NEW.title = 'deadlock in sig-late' BEGIN SELECT cancel_now(); END"));
        CaseInput cancelled = madeCase("b", { "sig-2", "sig-late" }, { "alpha", "beta" });
        Result<ImportResult> r = store.import(cancelled);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ErrorKind::Cancelled);
        QCOMPARE(*store.caseCount(), 1);
        QCOMPARE(*store.database().queryInt("SELECT count(*) FROM findings"), 1);
        QCOMPARE(*store.database().queryInt("SELECT count(*) FROM case_raw"), 1);
        QCOMPARE(*store.database().queryInt("SELECT count(*) FROM functions"), 1);
        QVERIFY(store.check()->problems.empty());

        // the store goes on: the same dump is filed once the trigger is gone
        QVERIFY(!store.database().exec("DROP TRIGGER cancel_findings"));
        Result<ImportResult> again = store.import(cancelled);
        QVERIFY2(again.ok(), again.error().message.c_str());
        QVERIFY(again->created);
        QCOMPARE(*store.caseCount(), 2);
        QCOMPARE(store.summary(a)->id, a);
    }

    void failedImportLeavesNothing()
    {
        // a trigger makes the second finding's insert fail half-way through the case
        CaseStore store = freshStore();
        const CaseId a = file(store, madeCase("a", { "sig-1" }, { "alpha" }));
        QVERIFY(!store.database().exec("CREATE TRIGGER fail_findings BEFORE INSERT ON findings WHEN "
                                       "NEW.title = 'deadlock in sig-boom' BEGIN SELECT RAISE(ABORT, 'boom'); END"));
        CaseInput bad = madeCase("b", { "sig-2", "sig-boom" }, { "alpha", "beta" });
        Result<ImportResult> r = store.import(bad);
        QVERIFY(!r.ok());
        QVERIFY(r.error().message.find("boom") != std::string::npos);
        QCOMPARE(*store.caseCount(), 1);
        QCOMPARE(*store.database().queryInt("SELECT count(*) FROM findings"), 1);
        QCOMPARE(*store.database().queryInt("SELECT count(*) FROM case_raw"), 1);
        QCOMPARE(*store.database().queryInt("SELECT count(*) FROM case_text"), 1);
        QCOMPARE(*store.database().queryInt("SELECT count(*) FROM case_functions"), 1);
        QCOMPARE(*store.database().queryInt("SELECT count(*) FROM functions"), 1);
        QVERIFY(store.check()->problems.empty());
        QCOMPARE(store.summary(a)->id, a);
    }
};

QTEST_GUILESS_MAIN(TestCaseStore)
#include "tst_casestore.moc"
