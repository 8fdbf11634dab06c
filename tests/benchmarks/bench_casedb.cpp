// SPDX-License-Identifier: GPL-2.0-or-later
// Case database figures: import throughput (dumps/s, one transaction per case, hash and zlib
// included) while a database grows to N synthetic cases, then the latency of similar(), search()
// and list() on it. Synthetic cases come from hang "families" (a signature and its key frames)
// plus noise frames drawn from a shared vocabulary, so that similar() meets the fan-out of real
// data: many cases per signature, common functions shared by thousands of cases. Never fails on time.
//   bench_casedb [--cases N] [--db PATH] [--queries N] [--seed N] [--cache-kib N]
#include <hvdump/app/casedb/caseinput.h>
#include <hvdump/app/casedb/casestore.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include <vector>

using namespace hvdump::casedb;
using Clock = std::chrono::steady_clock;

namespace {

struct Options
{
    std::size_t cases = 100000;
    std::size_t queries = 200;
    std::string db;
    std::uint64_t seed = 1;
    long cacheKiB = 0; // 0: the CaseStore's own page cache size
};

struct Family
{
    std::string signature;
    std::string kind;
    std::vector<std::string> frames;
};

class CaseGenerator
{
public:
    explicit CaseGenerator(std::uint64_t seed)
        : m_random(seed)
    {
        static constexpr const char* subsystems[] = { "vhost", "virtio", "kvm", "qemu_aio", "bdrv", "qcow2", "vmm",
            "viona", "mm", "sched", "net", "blk" };
        for (int i = 0; i < 4000; ++i)
            m_vocabulary.push_back(std::string(subsystems[i % 12]) + "_fn" + std::to_string(i));
        static constexpr const char* kinds[] = { "deadlock", "spin", "lost-wakeup", "stall" };
        for (int f = 0; f < 3000; ++f) {
            Family family;
            family.kind = kinds[f % 4];
            for (int k = 0; k < 6 + f % 7; ++k)
                family.frames.push_back(pick());
            char sig[17];
            std::snprintf(sig, sizeof sig, "%016llx", static_cast<unsigned long long>(m_random()));
            family.signature = sig;
            m_families.push_back(std::move(family));
        }
    }

    CaseInput make(std::size_t n)
    {
        // a few families are common (the same hang filed over and over), most are rare
        const std::size_t familyIndex = (m_random() % 4 == 0) ? m_random() % 30 : m_random() % m_families.size();
        const Family& family = m_families[familyIndex];
        CaseInput in;
        in.fileName = "/triage/batch-" + std::to_string(n / 1000) + "/dump-" + std::to_string(n) + ".txt";
        in.formats = { "console" };
        in.samples = 1;
        in.threads = 20 + static_cast<std::uint32_t>(m_random() % 400);
        in.importedBy = "bench";
        std::vector<std::string> functions = family.frames;
        for (int k = 0, extra = 3 + static_cast<int>(m_random() % 6); k < extra; ++k)
            functions.push_back(pick());
        std::sort(functions.begin(), functions.end());
        functions.erase(std::unique(functions.begin(), functions.end()), functions.end());
        FindingRecord f;
        f.kind = family.kind;
        f.title = family.kind + " in " + family.frames[0] + " / " + family.frames[1];
        f.signature = family.signature;
        f.confidence = "derived";
        f.rootLabel = "vhost-" + std::to_string(n % 9000) + " (pid " + std::to_string(n) + ")";
        f.keyFrames = { family.frames[0], family.frames[1] };
        f.json = "{\"kind\":\"" + f.kind + "\",\"title\":\"" + f.title + "\",\"signature\":\"" + f.signature + "\"}";
        in.findings.push_back(std::move(f));
        in.functions = functions;
        in.searchFunctions = functions;
        in.threadNames = { "vhost-" + std::to_string(n % 9000), "qemu-kvm", "CPU " + std::to_string(n % 8) + "/KVM" };
        // a few KB of dump-like text, distinct per case
        std::string& raw = in.rawText;
        raw = "[" + std::to_string(n) + ".000000] INFO: task qemu-kvm:" + std::to_string(n) + " blocked\n";
        for (int t = 0; t < 12; ++t) {
            raw += "Call Trace:\n";
            for (const std::string& fn : functions)
                raw += " " + fn + "+0x" + std::to_string(m_random() % 4096) + "/0x1000\n";
        }
        return in;
    }

private:
    std::string pick()
    {
        // skewed: low indexes (scheduler-like helpers) are on many stacks
        const std::size_t i = m_random() % 3 == 0 ? m_random() % 50 : m_random() % m_vocabulary.size();
        return m_vocabulary[i];
    }

    std::mt19937_64 m_random;
    std::vector<std::string> m_vocabulary;
    std::vector<Family> m_families;
};

// CPU seconds of this process: on a shared machine the wall clock also counts waiting for a core
double cpuSeconds()
{
    rusage u {};
    ::getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double threadCpuMs()
{
    timespec t {};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * double(v.size())))];
}

void printLatency(const char* what, const std::vector<double>& ms)
{
    double sum = 0;
    for (double x : ms)
        sum += x;
    std::printf("%-28s n=%zu  mean %.2f ms  median %.2f ms  p95 %.2f ms  max %.2f ms\n", what, ms.size(),
        ms.empty() ? 0.0 : sum / double(ms.size()), percentile(ms, 0.5), percentile(ms, 0.95), percentile(ms, 1.0));
}

constexpr const char* usage =
    "usage: bench_casedb [--cases N] [--db PATH] [--queries N] [--seed N] [--cache-kib N]\n"
    "Files N synthetic cases (default 100000) one transaction each into a new case database (a\n"
    "temporary file unless --db), printing dumps/s per tenth (wall clock, and per CPU second: the\n"
    "machine may be shared), then times N rounds (default 200) of similar (top 10 and top 100),\n"
    "search and list over the cases in the file. --cases 0 --db FILE only queries FILE.\n"
    "--cache-kib N: SQLite page cache size instead of the CaseStore's, to see what it changes.\n";

bool parseOptions(int argc, char** argv, Options& o)
{
    for (int i = 1; i < argc; ++i) {
        const bool hasValue = i + 1 < argc;
        if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h")) {
            std::fputs(usage, stdout);
            std::exit(0);
        }
        if (!std::strcmp(argv[i], "--cases") && hasValue)
            o.cases = std::strtoull(argv[++i], nullptr, 10);
        else if (!std::strcmp(argv[i], "--queries") && hasValue)
            o.queries = std::strtoull(argv[++i], nullptr, 10);
        else if (!std::strcmp(argv[i], "--db") && hasValue)
            o.db = argv[++i];
        else if (!std::strcmp(argv[i], "--seed") && hasValue)
            o.seed = std::strtoull(argv[++i], nullptr, 10);
        else if (!std::strcmp(argv[i], "--cache-kib") && hasValue)
            o.cacheKiB = std::strtol(argv[++i], nullptr, 10);
        else
            return false;
    }
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    Options o;
    if (!parseOptions(argc, argv, o)) {
        std::fputs(usage, stderr);
        return 2;
    }
    const bool temporary = o.db.empty();
    if (temporary)
        o.db = (std::filesystem::temp_directory_path() / ("bench_casedb-" + std::to_string(::getpid()) + ".sqlite"))
                   .string();
    Result<CaseStore> store = CaseStore::open(o.db, CaseStore::OpenMode::Create);
    if (!store) {
        std::fprintf(stderr, "%s\n", store.error().message.c_str());
        return 3;
    }
    if (o.cacheKiB > 0)
        store->database().exec("PRAGMA cache_size = -" + std::to_string(o.cacheKiB));
    std::printf("database %s, %zu synthetic cases, page cache %lld KiB\n", o.db.c_str(), o.cases,
        -static_cast<long long>(store->database().queryInt("PRAGMA cache_size").value()));
    std::fflush(stdout);

    CaseGenerator generator(o.seed);
    const double cpuStart = cpuSeconds();
    const auto start = Clock::now();
    auto chunkStart = start;
    double chunkCpu = cpuStart;
    const std::size_t chunk = std::max<std::size_t>(1, o.cases / 10);
    for (std::size_t n = 0; n < o.cases; ++n) {
        CaseInput in = generator.make(n);
        Result<ImportResult> r = store->import(in);
        if (!r) {
            std::fprintf(stderr, "import %zu: %s\n", n, r.error().message.c_str());
            return 3;
        }
        if ((n + 1) % chunk == 0) {
            const auto now = Clock::now();
            const double s = std::chrono::duration<double>(now - chunkStart).count();
            const double cpuNow = cpuSeconds();
            std::printf("  imported %7zu  %8.0f dumps/s, %8.0f dumps per CPU second over the last %zu\n", n + 1,
                double(chunk) / s, double(chunk) / (cpuNow - chunkCpu), chunk);
            std::fflush(stdout);
            chunkStart = now;
            chunkCpu = cpuNow;
        }
    }
    const double total = std::chrono::duration<double>(Clock::now() - start).count();
    const double cpu = cpuSeconds() - cpuStart;
    if (o.cases > 0)
        std::printf("import: %zu cases in %.1f s = %.0f dumps/s (one transaction each); %.1f CPU s = %.0f dumps per "
                    "CPU second\n",
            o.cases, total, double(o.cases) / total, cpu, double(o.cases) / cpu);
    // the queries pick among every case in the file (--cases 0 --db FILE: only query FILE)
    const std::int64_t inFile = store->caseCount().value();
    if (inFile == 0)
        return 0;

    std::mt19937_64 random(o.seed + 1);
    std::vector<double> similarMs, similarCpuMs, similarWideMs, searchMs, listMs;
    std::size_t matches = 0;
    for (std::size_t q = 0; q < o.queries; ++q) {
        const CaseId id = 1 + static_cast<CaseId>(random() % std::uint64_t(inFile));
        auto t0 = Clock::now();
        const double c0 = threadCpuMs();
        Result<std::vector<SimilarCase>> s = store->similar(id, 10);
        similarCpuMs.push_back(threadCpuMs() - c0);
        similarMs.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        if (!s) {
            std::fprintf(stderr, "similar %lld: %s\n", static_cast<long long>(id), s.error().message.c_str());
            return 3;
        }
        matches += s->size();
        // more than most groups hold: the cases sharing functions are weighed too
        t0 = Clock::now();
        if (!store->similar(id, 100))
            return 3;
        similarWideMs.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        t0 = Clock::now();
        Result<std::vector<SearchHit>> hits = store->search("vhost_fn" + std::to_string(12 * (random() % 300)), 20);
        searchMs.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        t0 = Clock::now();
        ListFilter newest;
        newest.limit = 50;
        Result<std::vector<CaseSummary>> list = store->list(newest);
        listMs.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        if (!hits || !list)
            return 3;
    }
    const double queryCpu = cpuSeconds() - cpuStart - cpu;
    printLatency("similar (top 10):", similarMs);
    printLatency("similar, CPU time only:", similarCpuMs);
    printLatency("similar (top 100):", similarWideMs);
    printLatency("search (one function):", searchMs);
    printLatency("list (newest 50):", listMs);
    std::printf("queries used %.2f CPU s in all (%.2f ms of CPU per round of the four)\n", queryCpu,
        o.queries ? queryCpu * 1000.0 / double(o.queries) : 0.0);
    std::printf("similar returned %.1f cases on average\n", o.queries ? double(matches) / double(o.queries) : 0.0);
    std::error_code ec;
    std::printf("file size: %.1f MB\n", double(std::filesystem::file_size(o.db, ec)) / 1e6);
    if (temporary) {
        for (const char* suffix : { "", "-wal", "-shm" })
            std::filesystem::remove(o.db + suffix, ec);
    }
    return 0;
}
