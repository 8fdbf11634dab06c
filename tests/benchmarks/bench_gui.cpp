// SPDX-License-Identifier: GPL-2.0-or-later
// How the desktop app copes with a huge dump: opens a gdb dump of N threads (a thread pool idle
// on a condvar, a few hundred threads queued on one mutex, an ABBA pair) in the real main window
// and prints the time to the findings and to the graph, and the longest time the GUI thread
// did not turn its event loop (what a user feels as a freeze), while analysing, filtering the
// threads and switching to the whole graph. Figures only: it never fails on time.
//   bench_gui [--threads N]      (offscreen unless QT_QPA_PLATFORM says otherwise)
#include <hvdump/app/gui/widgets/dumppage.h>
#include <hvdump/app/gui/widgets/mainwindow.h>
#include <hvdump/app/gui/widgets/threadspanel.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <cstring>
#include <functional>
#include <string>

namespace {

std::string hex(std::uint64_t v)
{
    char b[32];
    std::snprintf(b, sizeof b, "0x%016llx", static_cast<unsigned long long>(v));
    return b;
}

void frame(std::string& out, int n, std::uint64_t pc, const std::string& call, const char* where)
{
    out += "#" + std::to_string(n) + "  " + hex(pc) + " in " + call + " at " + where + "\n";
}

std::string makeGdbDump(int threads)
{
    std::string out;
    out.reserve(std::size_t(threads) * 700);
    const std::uint64_t lockA = 0x5581c0a01040, lockB = 0x5581c0a01080, queueLock = 0x5581c0a010c0;
    for (int t = threads; t >= 1; --t) {
        const int lwp = 100000 + t;
        const std::string name = t <= 2 ? "migration-" + std::to_string(t)
            : t <= 400                  ? "io-" + std::to_string(t)
                                        : "pool-" + std::to_string(t);
        out += "\nThread " + std::to_string(t) + " (Thread " + hex(0x7f0000000000 + std::uint64_t(t) * 0x1000)
            + " (LWP " + std::to_string(lwp) + ") \"" + name + "\"):\n";
        int n = 0;
        if (t <= 2) { // ABBA: each holds one lock and wants the other
            const std::uint64_t want = t == 1 ? lockB : lockA;
            frame(out, n++, 0x7f5ad2a91f10, "__lll_lock_wait (futex=futex@entry=" + hex(want) + ", private=0)",
                "./nptl/lowlevellock.c:49");
            frame(out, n++, 0x7f5ad2a98ef2, "___pthread_mutex_lock (mutex=" + hex(want) + ")",
                "./nptl/pthread_mutex_lock.c:93");
            frame(out, n++, 0x5581bf2034a0, std::string("migrate_") + (t == 1 ? "out" : "in") + " (vm=0x5581c0b00000)",
                t == 1 ? "migration.c:311" : "migration.c:342");
        } else if (t <= 400) { // queued behind the mutex one of the pair holds
            frame(out, n++, 0x7f5ad2a91f10, "__lll_lock_wait (futex=futex@entry=" + hex(queueLock) + ", private=0)",
                "./nptl/lowlevellock.c:49");
            frame(out, n++, 0x7f5ad2a98ef2, "___pthread_mutex_lock (mutex=" + hex(queueLock) + ")",
                "./nptl/pthread_mutex_lock.c:93");
            frame(out, n++, 0x5581bf2051c8,
                "io_submit_request (req=" + hex(0x5581c1000000 + std::uint64_t(t) * 64) + ")", "io.c:120");
        } else { // an idle pool: healthy
            frame(out, n++, 0x7f5ad2a8f2c6, "__futex_abstimed_wait_common64 (private=0, cancel=true)",
                "./nptl/futex-internal.c:57");
            frame(out, n++, 0x7f5ad2a91e0b, "__pthread_cond_wait_common (cond=0x5581c0a02000, mutex=0x5581c0a02040)",
                "./nptl/pthread_cond_wait.c:503");
            frame(out, n++, 0x7f5ad2a91e0b, "___pthread_cond_wait (cond=0x5581c0a02000, mutex=0x5581c0a02040)",
                "./nptl/pthread_cond_wait.c:618");
            frame(out, n++, 0x5581bf207711, "pool_worker (arg=" + hex(0x5581c2000000 + std::uint64_t(t) * 32) + ")",
                "pool.c:88");
        }
        frame(out, n++, 0x7f5ad2a92134, "start_thread (arg=<optimized out>)", "./nptl/pthread_create.c:442");
        frame(out, n++, 0x7f5ad2b11a40, "clone3 ()", "../sysdeps/unix/sysv/linux/x86_64/clone3.S:81");
    }
    // who owns the mutexes, as `p *mutex` prints it: thread 1 holds A and the queue, thread 2 holds B
    int value = 1;
    for (const auto& [lock, owner] : { std::pair { lockA, 100001 }, { lockB, 100002 }, { queueLock, 100001 } })
        out += "(gdb) p *(pthread_mutex_t *) " + hex(lock) + "\n$" + std::to_string(value++)
            + " = {__data = {__lock = 2, __count = 0, __owner = " + std::to_string(owner)
            + ", __nusers = 1, __kind = 0, __spins = 0, __elision = 0, __list = {__prev = 0x0, __next = 0x0}}, "
              "__size = '\\000' <repeats 39 times>, __align = 2}\n";
    return out;
}

// the longest gap between two turns of the event loop while `until` is false
struct StallMeter
{
    qint64 longestMs = 0;
    qint64 wallMs = 0;
    void run(const std::function<bool()>& until, int limitMs = 600000)
    {
        QElapsedTimer wall, gap;
        wall.start();
        gap.start();
        longestMs = 0;
        while (!until() && wall.elapsed() < limitMs) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
            longestMs = std::max(longestMs, gap.restart());
        }
        wallMs = wall.elapsed();
    }
};

} // namespace

int main(int argc, char** argv)
{
    int threads = 100000;
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], "--threads") == 0)
            threads = std::max(3, std::atoi(argv[i + 1]));
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("hvdump-bench"));

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("huge-gdb.txt"));
    const std::string text = makeGdbDump(threads);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text.data(), qint64(text.size())) != qint64(text.size()))
        return std::fprintf(stderr, "bench_gui: cannot write %s\n", qPrintable(path)), 1;
    file.close();
    std::printf("dump: %d threads, %.1f MB of gdb text\n", threads, double(text.size()) / 1e6);

    hvdump::gui::MainWindow window;
    window.resize(1600, 1000);
    window.show();
    QElapsedTimer clock;
    clock.start();
    hvdump::gui::DumpPage* page = window.openPaths({ path }).value(0);
    if (!page)
        return std::fprintf(stderr, "bench_gui: the page did not open\n"), 1;
    using State = hvdump::gui::DumpPage::State;
    qint64 findingsMs = -1;
    StallMeter meter;
    meter.run([&] {
        if (findingsMs < 0 && page->analysis() && page->state() == State::Ready)
            findingsMs = clock.elapsed();
        return page->graphReady() || page->state() == State::Failed || page->state() == State::Cancelled;
    });
    if (page->state() != State::Ready)
        return std::fprintf(stderr, "bench_gui: %s\n", qPrintable(page->statusText())), 1;
    std::printf("open:   findings after %lld ms, graph after %lld ms, %zu findings; longest GUI stall %lld ms\n",
        static_cast<long long>(findingsMs), static_cast<long long>(meter.wallMs), page->analysis()->findings.size(),
        static_cast<long long>(meter.longestMs));

    QElapsedTimer filterClock;
    filterClock.start();
    page->threadsPanel()->filter()->setText(QStringLiteral("io_submit_request"));
    QCoreApplication::processEvents();
    std::printf("filter: %lld ms to filter the thread groups (on the GUI thread)\n",
        static_cast<long long>(filterClock.elapsed()));

    page->setScope(hvdump::gui::ViewGraph::Scope::Whole);
    meter.run([&] { return page->graphReady(); });
    std::printf("whole graph: laid out after %lld ms; longest GUI stall %lld ms\n",
        static_cast<long long>(meter.wallMs), static_cast<long long>(meter.longestMs));
    return 0;
}
