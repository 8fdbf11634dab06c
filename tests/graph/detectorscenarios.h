// SPDX-License-Identifier: GPL-2.0-or-later
// The hand-built wait-for graphs the detector tests run on, one builder per situation, and the
// table of what each must produce (findings per kind).
#pragma once

#include "graphfixture.h"

#include <string>
#include <tuple>

namespace hvdump::graph::test::detector {

using parsers::ReportKind;

inline void addReport(GraphFixture& f, ReportKind kind, int cpu, std::int64_t pid, const char* headline)
{
    f.report(kind, cpu, pid, headline);
}

// T1 holds A and waits for B, T2 holds B and waits for A
inline void abba(GraphFixture& f)
{
    VertexId t1 = f.context("t1", { "schedule", "mutex_lock", "transfer_a" }, -1, 101);
    VertexId t2 = f.context("t2", { "schedule", "mutex_lock", "transfer_b" }, -1, 102);
    VertexId a = f.resource(ResourceKind::Mutex, "A");
    VertexId b = f.resource(ResourceKind::Mutex, "B");
    f.holds(a, t1);
    f.waits(t1, b);
    f.holds(b, t2);
    f.waits(t2, a);
}

inline void abbaWithWaiter(GraphFixture& f)
{
    abba(f);
    VertexId t3 = f.context("t3", { "schedule", "mutex_lock", "reader" });
    f.waits(t3, 2); // mutex A
}

inline void threeCycle(GraphFixture& f)
{
    VertexId t[3], m[3];
    for (int i = 0; i < 3; ++i) {
        t[i] = f.context("t" + std::to_string(i), { "__lll_lock_wait", "pthread_mutex_lock", "worker" });
        m[i] = f.resource(ResourceKind::Mutex, "m" + std::to_string(i));
    }
    for (int i = 0; i < 3; ++i) {
        f.holds(m[i], t[i]);
        f.waits(t[i], m[(i + 1) % 3]);
    }
}

// the VMM thread holds vcpu_states and waits for vcpu0's ack; vcpu0 waits for vcpu_states
inline void signalsCycle(GraphFixture& f)
{
    VertexId vmm = f.context("vmm", { "syscall", "std::thread::park", "vmm::cpu::CpuManager::signal_vcpus" });
    VertexId vcpu = f.context("vcpu0",
        { "syscall", "std::sys::unix::locks::futex_mutex::Mutex::lock_contended",
            "<vmm::cpu::AcpiCpuHotplugController as vm_device::bus::BusDevice>::read" });
    VertexId states = f.resource(ResourceKind::Mutex, "vcpu_states");
    VertexId ack = f.resource(ResourceKind::Event, "vcpu0 pause ack");
    f.holds(states, vmm);
    f.waits(vmm, ack);
    f.signals(ack, vcpu);
    f.waits(vcpu, states);
}

// two readers hold the lock, a writer waits for them: nobody is stuck for good
inline void rwlockReaders(GraphFixture& f)
{
    VertexId r1 = f.context("r1", { "reader_one" });
    VertexId r2 = f.context("r2", { "reader_two" });
    VertexId w = f.context("w", { "rw_enter_sleep", "writer" });
    VertexId l = f.resource(ResourceKind::RwLock, "L");
    f.holds(l, r1, WaitMode::Read);
    f.holds(l, r2, WaitMode::Read);
    f.waits(w, l, WaitMode::Write);
    f.g[r1].live = true;
    f.g[r2].live = true;
}

// a reader re-enters a lock only held for read: it gets in
inline void rwlockRecursiveRead(GraphFixture& f)
{
    VertexId r = f.context("r", { "rw_enter_sleep", "reader_again" });
    VertexId l = f.resource(ResourceKind::RwLock, "L");
    f.holds(l, r, WaitMode::Read);
    f.waits(r, l, WaitMode::Read);
}

// the same while a writer waits: kernel rwlocks queue the reader behind the writer, for good
inline void rwlockRecursiveReadBehindWriter(GraphFixture& f)
{
    rwlockRecursiveRead(f);
    f.waits(f.context("w", { "rw_enter_sleep", "writer" }), 1, WaitMode::Write);
}

// the writer holds L and waits for M; the reader holds M and waits for L
inline void rwlockWriter(GraphFixture& f)
{
    VertexId w = f.context("w", { "rw_enter_sleep", "writer" });
    VertexId r = f.context("r", { "rw_enter_sleep", "reader" });
    VertexId l = f.resource(ResourceKind::RwLock, "L");
    VertexId m = f.resource(ResourceKind::Mutex, "M");
    f.holds(l, w, WaitMode::Write);
    f.waits(w, m);
    f.holds(m, r);
    f.waits(r, l, WaitMode::Read);
}

inline void selfDeadlock(GraphFixture& f)
{
    VertexId t = f.context("t", { "__mutex_lock", "mutex_lock_nested", "recurse" });
    VertexId m = f.resource(ResourceKind::Mutex, "M");
    f.holds(m, t);
    f.waits(t, m);
}

inline void spinner(GraphFixture& f)
{
    VertexId cpu3 = f.context("CPU 3", { "virtqueue_get_buf", "__send_to_port", "put_chars" }, 3);
    VertexId host = f.resource(ResourceKind::External, "host drains TX virtqueue");
    f.spins(cpu3, host);
}

inline void spinSoftLockup(GraphFixture& f)
{
    spinner(f);
    addReport(f, ReportKind::SoftLockup, 3, -1, "watchdog: BUG: soft lockup - CPU#3 stuck for 22s!");
}

inline void spinOtherCpuReport(GraphFixture& f)
{
    spinner(f);
    addReport(f, ReportKind::SoftLockup, 1, -1, "watchdog: BUG: soft lockup - CPU#1 stuck for 22s!");
}

// the watchdog names a CPU and task but the copy ends before their stack: no context for them
inline void lockupWithoutStack(GraphFixture& f)
{
    addReport(f, ReportKind::SoftLockup, 3, 1234, "watchdog: BUG: soft lockup - CPU#3 stuck for 22s! [qemu-kvm:1234]");
    f.dump.reports.back().task = f.dump.strings.intern("qemu-kvm");
}

// the same CPU reported twice (hard lockup, then again) is one spin; a context on another CPU
// that waits in a sleeping lock is not evidence either way
inline void hardLockupTwiceWithoutStack(GraphFixture& f)
{
    f.context("kworker", { "schedule", "mutex_lock", "flush_work" }, 1, 77);
    addReport(f, ReportKind::HardLockup, 5, -1, "NMI watchdog: Watchdog detected hard LOCKUP on cpu 5");
    addReport(f, ReportKind::HardLockup, 5, -1, "NMI watchdog: Watchdog detected hard LOCKUP on cpu 5");
    f.dump.reports.back().span = { 950, 950 };
}

inline void spinSamples(GraphFixture& f)
{
    VertexId w = f.context("vhost-4242", { "vhost_get_vq_desc_n", "get_rx_bufs", "handle_rx" }, 5, 4242);
    hvdump::parsers::ThreadId second =
        f.addThread("vhost-4242", { "vhost_get_vq_desc_n", "get_rx_bufs", "handle_rx", "handle_rx_net" }, 5, 4242, 1);
    f.g[w].snapshots.push_back(second);
    f.g[w].thread = second;
    f.g[w].spinning = true;
    f.g[w].live = true;
}

inline void spinCounter(GraphFixture& f)
{
    VertexId w = f.context("vhost-4242", { "handle_rx", "vhost_worker" }, -1, 4242);
    f.g[w].spinning = true;
    f.g[w].live = true;
    hvdump::parsers::Counter c;
    c.map = f.dump.strings.intern("@handle_rx_calls");
    c.value = 4468052;
    c.span = { 50, 50 };
    f.dump.counters.push_back(c);
}

// main holds the BQL and sits in ppoll(-1) with nobody to wake it; a vCPU needs the BQL
inline void lostWakeup(GraphFixture& f)
{
    VertexId main = f.context("main", { "ppoll", "qemu_poll_ns", "aio_poll", "cache_clean_timer_del_and_wait" });
    VertexId vcpu = f.context("vcpu0", { "__lll_lock_wait", "qemu_mutex_lock_impl", "kvm_cpu_exec" });
    VertexId bql = f.resource(ResourceKind::Mutex, "bql");
    VertexId poll = f.resource(ResourceKind::PollSet, "main AioContext");
    f.holds(bql, main);
    f.waits(main, poll);
    f.waits(vcpu, bql);
}

inline void lostWakeupLiveSignaller(GraphFixture& f)
{
    lostWakeup(f);
    VertexId io = f.context("iothread", { "write", "event_notifier_set" });
    f.g[io].live = true;
    f.signals(3, io); // the poll set
}

inline void idlePool(GraphFixture& f)
{
    VertexId q = f.resource(ResourceKind::CondVar, "pool queue");
    for (int i = 0; i < 8; ++i)
        f.waits(f.context("pool-" + std::to_string(i), { "pthread_cond_wait", "worker_loop" }), q);
}

// a spinner with a soft lockup holds L; three waiters, one standing for five identical threads
inline void stallBehindSpinner(GraphFixture& f)
{
    spinSoftLockup(f);
    VertexId l = f.resource(ResourceKind::Spinlock, "outvq_lock");
    f.holds(l, 0);
    for (int i = 0; i < 3; ++i) {
        VertexId w =
            f.context("w" + std::to_string(i), { "queued_spin_lock_slowpath", "_raw_spin_lock_irqsave", "__hvc_poll" });
        f.waits(w, l);
        if (i == 1)
            f.g[w].count = 5;
    }
}

inline void liveHolder(GraphFixture& f)
{
    VertexId h = f.context("holder", { "memcpy", "do_work" }, 0, 300);
    f.g[h].live = true;
    VertexId l = f.resource(ResourceKind::Mutex, "L");
    f.holds(l, h);
    f.waits(f.context("w1", { "__mutex_lock", "mutex_lock", "f1" }, -1, 301), l);
    f.waits(f.context("w2", { "__mutex_lock", "mutex_lock", "f2" }, -1, 302), l);
}

inline void liveHolderHungTask(GraphFixture& f)
{
    liveHolder(f);
    addReport(f, ReportKind::HungTask, -1, 301, "INFO: task w1:301 blocked for more than 120 seconds.");
}

inline void externalRoot(GraphFixture& f)
{
    VertexId q = f.context("qemu", { "schedule", "wait_for_completion", "vhost_dev_flush" });
    VertexId flush = f.resource(ResourceKind::External, "vhost worker flush");
    f.waits(q, flush);
    VertexId m = f.resource(ResourceKind::Mutex, "state change lock");
    f.holds(m, q);
    f.waits(f.context("libvirt", { "pthread_cond_timedwait", "virDomainObjBeginJob" }), m);
}

inline void timedWaits(GraphFixture& f)
{
    abba(f);
    lostWakeup(f);
    for (EdgeId e : boost::make_iterator_range(boost::edges(f.g)))
        if (f.g[e].kind == EdgeKind::Waits)
            f.g[e].timed = true;
}

// eight contexts each holding one mutex and waiting for all the others
inline void complete8(GraphFixture& f)
{
    std::vector<VertexId> t, m;
    for (int i = 0; i < 8; ++i) {
        t.push_back(f.context("t" + std::to_string(i), { "mutex_lock", "worker" }));
        m.push_back(f.resource(ResourceKind::Mutex, "m" + std::to_string(i)));
    }
    for (int i = 0; i < 8; ++i) {
        f.holds(m[i], t[i]);
        for (int j = 0; j < 8; ++j)
            if (j != i)
                f.waits(t[i], m[j]);
    }
}

inline void lockdep(GraphFixture& f)
{
    VertexId t = f.context("kworker/1:2", { "schedule", "__mutex_lock", "mutex_lock_nested", "vq_reset" }, 1, 77);
    VertexId l = f.resource(ResourceKind::Mutex, "vq->mutex");
    f.waits(t, l);
    hvdump::parsers::ConsoleReport r;
    r.kind = ReportKind::LockdepCircular;
    r.pid = 77;
    r.task = f.dump.strings.intern("kworker/1:2");
    r.headline = f.dump.strings.intern("WARNING: possible circular locking dependency detected");
    r.span = { 200, 240 };
    for (auto [depth, lock, fn] :
        { std::tuple { 1u, "&dev->lock", "dev_open" }, std::tuple { 0u, "&vq->mutex", "vq_reset" } }) {
        hvdump::parsers::LockChainLink link;
        link.depth = depth;
        link.lock = f.dump.strings.intern(lock);
        link.functions = { f.dump.strings.intern("lock_acquire+0x1/0x2"), f.dump.strings.intern("__mutex_lock+0x3/0x4"),
            f.dump.strings.intern(fn) };
        link.span = { 210 + depth * 10, 215 + depth * 10 };
        r.chain.push_back(link);
    }
    f.dump.reports.push_back(r);
}

// lockdep saw a task take a lock class it already holds; nothing in the graph is stuck on it
inline void lockdepRecursive(GraphFixture& f)
{
    VertexId t = f.context("modprobe", { "__mutex_lock", "mutex_lock_nested", "dev_reprobe", "dev_probe" }, 0, 501);
    f.g[t].live = true;
    hvdump::parsers::ConsoleReport r;
    r.kind = ReportKind::LockdepRecursive;
    r.pid = 501;
    r.task = f.dump.strings.intern("modprobe");
    r.lockName = f.dump.strings.intern("&dev->mutex");
    r.thread = f.g[t].thread;
    r.headline = f.dump.strings.intern("WARNING: possible recursive locking detected");
    r.span = { 300, 320 };
    f.dump.reports.push_back(r);
}

struct Scenario
{
    const char* name;
    void (*build)(GraphFixture&);
    int deadlocks, spins, lostWakeups, stalls;
};

inline const Scenario scenarios[] = {
    { "ABBA mutex deadlock", abba, 1, 0, 0, 0 },
    { "ABBA with a waiter behind it", abbaWithWaiter, 1, 0, 0, 1 },
    { "three-thread cycle", threeCycle, 1, 0, 0, 0 },
    { "cycle through an event's signaller", signalsCycle, 1, 0, 0, 0 },
    { "rwlock: readers hold, writer waits", rwlockReaders, 0, 0, 0, 0 },
    { "rwlock: recursive read", rwlockRecursiveRead, 0, 0, 0, 0 },
    { "rwlock: recursive read behind a waiting writer", rwlockRecursiveReadBehindWriter, 1, 0, 0, 1 },
    { "rwlock: writer holds, reader waits", rwlockWriter, 1, 0, 0, 0 },
    { "self-deadlock (recursive acquire)", selfDeadlock, 1, 0, 0, 0 },
    { "spin with soft lockup on its CPU", spinSoftLockup, 0, 1, 0, 0 },
    { "spin without evidence", spinner, 0, 0, 0, 0 },
    // the CPU1 report is no evidence for the CPU3 spinner, but states that CPU1 is stuck
    { "spin with a lockup on another CPU", spinOtherCpuReport, 0, 1, 0, 0 },
    { "soft lockup whose stack was not captured", lockupWithoutStack, 0, 1, 0, 0 },
    { "hard lockup reported twice without a stack", hardLockupTwiceWithoutStack, 0, 1, 0, 0 },
    { "spin in the same function in 2 samples", spinSamples, 0, 1, 0, 0 },
    { "spin with millions in a counter", spinCounter, 0, 1, 0, 0 },
    { "lost wakeup holding the BQL", lostWakeup, 0, 0, 1, 1 },
    { "no lost wakeup with a live signaller", lostWakeupLiveSignaller, 0, 0, 0, 0 },
    { "idle pool of 8 condvar waiters", idlePool, 0, 0, 0, 0 },
    { "stall behind a spinner", stallBehindSpinner, 0, 1, 0, 1 },
    { "waiters behind a live holder", liveHolder, 0, 0, 0, 0 },
    { "hung task behind a live holder", liveHolderHungTask, 0, 0, 0, 1 },
    { "external party at the root", externalRoot, 0, 0, 0, 1 },
    { "timed waits never hang", timedWaits, 0, 0, 0, 0 },
    { "lockdep circular report", lockdep, 1, 0, 0, 0 },
    { "lockdep recursive report", lockdepRecursive, 1, 0, 0, 0 },
};

// the row of a scenario in the table, so data rows name the builder instead of a number
inline int indexOf(void (*build)(GraphFixture&))
{
    for (std::size_t i = 0; i < std::size(scenarios); ++i)
        if (scenarios[i].build == build)
            return int(i);
    return -1;
}

} // namespace hvdump::graph::test::detector
