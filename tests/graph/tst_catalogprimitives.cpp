// SPDX-License-Identifier: GPL-2.0-or-later
// The shipped primitives read real stacks: for each stack (console hung-task traces, gdb
// backtraces, mdb ::findstack), which primitive matches, what the context waits on, how
// (action, kind, mode, timeout, spinning) and under which name.
#include <hvdump/graph/rulecatalogloader.h>
#include <hvdump/graph/waitanalysis.h>
#include <hvdump/parsers/dumpparser.h>

#include <QTest>

using namespace hvdump::graph;

namespace {

const RuleCatalog& shippedCatalog()
{
    static const RuleCatalog catalog = [] {
        RuleCatalogLoader loader;
        loader.loadDirectory(std::string(HVDUMP_SOURCE_DIR) + "/resources/rules");
        return loader.takeCatalog();
    }();
    return catalog;
}

QByteArray hungTask(const char* comm, int pid, const char* frames)
{
    return QByteArray("[ 1234.567890] INFO: task ") + comm + ":" + QByteArray::number(pid)
        + " blocked for more than 122 seconds.\n"
          "[ 1234.567900]       Not tainted 6.1.0-18-amd64 #1 Debian 6.1.76-1\n"
          "[ 1234.567910] \"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.\n"
          "[ 1234.567920] task:"
        + comm + "     state:D stack:0     pid:" + QByteArray::number(pid)
        + " ppid:2      flags:0x00004000\n"
          "[ 1234.567930] Call Trace:\n"
          "[ 1234.567931]  <TASK>\n"
        + frames + "[ 1234.567990]  </TASK>\n";
}

} // namespace

class TestCatalogPrimitives : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsWait_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("rule"); // a primitive or site id in the wait's rules
        QTest::addColumn<QByteArray>("action");
        QTest::addColumn<QByteArray>("kind");
        QTest::addColumn<QByteArray>("mode");
        QTest::addColumn<QByteArray>("name"); // the object's name (prefix)
        QTest::addColumn<int>("timeout"); // ThreadWait::Timeout
        QTest::addColumn<bool>("spinning");

        const int untimed = int(ThreadWait::Timeout::Untimed), timed = int(ThreadWait::Timeout::Timed);
        QTest::addRow("fsync waits for the jbd2 commit")
            << hungTask("postgres", 4121,
                   "[ 1234.567940]  __schedule+0x34d/0x9e0\n"
                   "[ 1234.567941]  schedule+0x5a/0xd0\n"
                   "[ 1234.567942]  jbd2_log_wait_commit+0xac/0x120 [jbd2]\n"
                   "[ 1234.567943]  ? cpuacct_percpu_seq_show+0x20/0x20\n"
                   "[ 1234.567944]  ext4_sync_file+0x154/0x370 [ext4]\n"
                   "[ 1234.567945]  __x64_sys_fsync+0x34/0x60\n"
                   "[ 1234.567946]  do_syscall_64+0x55/0xb0\n")
            << QByteArray("linux.jbd2_wait_commit") << QByteArray("wait") << QByteArray("event")
            << QByteArray("exclusive") << QByteArray("jbd2 journal commit") << untimed << false;
        QTest::addRow("the jbd2 thread waits for open handles")
            << hungTask("jbd2/sda1-8", 512,
                   "[ 1234.567940]  __schedule+0x34d/0x9e0\n"
                   "[ 1234.567941]  schedule+0x5a/0xd0\n"
                   "[ 1234.567942]  jbd2_journal_wait_updates+0x71/0xf0 [jbd2]\n"
                   "[ 1234.567943]  ? __pfx_autoremove_wake_function+0x10/0x10\n"
                   "[ 1234.567944]  jbd2_journal_commit_transaction+0x23e/0x1a80 [jbd2]\n"
                   "[ 1234.567945]  kjournald2+0xa9/0x280 [jbd2]\n"
                   "[ 1234.567946]  kthread+0xe6/0x110\n")
            << QByteArray("linux.jbd2_wait_updates") << QByteArray("wait") << QByteArray("event")
            << QByteArray("exclusive") << QByteArray("jbd2 open handles") << untimed << false;
        QTest::addRow("a writer waits for the locked transaction")
            << hungTask("kworker/u16:0", 12,
                   "[ 1234.567940]  __schedule+0x34d/0x9e0\n"
                   "[ 1234.567941]  schedule+0x5a/0xd0\n"
                   "[ 1234.567942]  wait_transaction_locked+0x8a/0xd0 [jbd2]\n"
                   "[ 1234.567943]  add_transaction_credits+0xd9/0x2b0 [jbd2]\n"
                   "[ 1234.567944]  start_this_handle+0xfb/0x520 [jbd2]\n"
                   "[ 1234.567945]  jbd2__journal_start+0xfb/0x1e0 [jbd2]\n"
                   "[ 1234.567946]  __ext4_journal_start_sb+0x10a/0x130 [ext4]\n")
            << QByteArray("linux.jbd2_wait_transaction") << QByteArray("wait") << QByteArray("event")
            << QByteArray("exclusive") << QByteArray("jbd2 running transaction") << untimed << false;
        QTest::addRow("CPU hotplug writer waits for readers")
            << hungTask("cpuhp/4", 33,
                   "[ 1234.567940]  __schedule+0x34d/0x9e0\n"
                   "[ 1234.567941]  schedule+0x5a/0xd0\n"
                   "[ 1234.567942]  percpu_down_write+0xe4/0x100\n"
                   "[ 1234.567943]  cpus_write_lock+0x1c/0x20\n"
                   "[ 1234.567944]  _cpu_down+0x82/0x340\n")
            << QByteArray("linux.cpu_hotplug_write") << QByteArray("acquire") << QByteArray("rwlock")
            << QByteArray("write") << QByteArray("cpu_hotplug_lock") << untimed << false;
        QTest::addRow("a reader of cpu_hotplug_lock behind the writer")
            << hungTask("kworker/3:2", 877,
                   "[ 1234.567940]  __schedule+0x34d/0x9e0\n"
                   "[ 1234.567941]  schedule+0x5a/0xd0\n"
                   "[ 1234.567942]  percpu_rwsem_wait+0x116/0x140\n"
                   "[ 1234.567943]  ? percpu_free_rwsem+0x30/0x30\n"
                   "[ 1234.567944]  __percpu_down_read+0x5e/0x80\n"
                   "[ 1234.567945]  cpus_read_lock+0x39/0x40\n"
                   "[ 1234.567946]  static_key_slow_inc+0x12/0x30\n")
            << QByteArray("linux.cpu_hotplug_read") << QByteArray("acquire") << QByteArray("rwlock")
            << QByteArray("read") << QByteArray("cpu_hotplug_lock") << untimed << false;
        QTest::addRow("socket lock owned by another task")
            << hungTask("nginx", 2210,
                   "[ 1234.567940]  __schedule+0x34d/0x9e0\n"
                   "[ 1234.567941]  schedule+0x5a/0xd0\n"
                   "[ 1234.567942]  __lock_sock+0x7d/0xc0\n"
                   "[ 1234.567943]  ? __pfx_autoremove_wake_function+0x10/0x10\n"
                   "[ 1234.567944]  lock_sock_nested+0x4e/0x60\n"
                   "[ 1234.567945]  tcp_sendmsg+0x1c/0x50\n"
                   "[ 1234.567946]  sock_sendmsg+0x5f/0x70\n")
            << QByteArray("linux.lock_sock") << QByteArray("acquire") << QByteArray("mutex") << QByteArray("exclusive")
            << QByteArray("taken in tcp_sendmsg") << untimed << false;
        QTest::addRow("queue freeze waits for requests in flight")
            << hungTask("bash", 9120,
                   "[ 1234.567940]  __schedule+0x8c1/0x1be0\n"
                   "[ 1234.567941]  schedule+0xdd/0x270\n"
                   "[ 1234.567942]  blk_mq_freeze_queue_wait+0xf2/0x140\n"
                   "[ 1234.567943]  blk_mq_freeze_queue_nomemsave+0x23/0x30\n"
                   "[ 1234.567944]  queue_ra_store+0x14e/0x290\n"
                   "[ 1234.567945]  queue_attr_store+0x23e/0x2c0\n")
            << QByteArray("linux.blk_mq_freeze") << QByteArray("wait") << QByteArray("completion")
            << QByteArray("exclusive") << QByteArray("taken in queue_ra_store") << untimed << false;
        QTest::addRow("I/O waits for the queue to be unfrozen")
            << hungTask("kworker/6:0", 6,
                   "[ 1234.567940]  __schedule+0x8c1/0x1be0\n"
                   "[ 1234.567941]  schedule+0xdd/0x270\n"
                   "[ 1234.567942]  __bio_queue_enter+0x1c9/0x3c0\n"
                   "[ 1234.567943]  blk_mq_submit_bio+0x3b0/0x7d0\n"
                   "[ 1234.567944]  submit_bio_noacct_nocheck+0x2b0/0x3a0\n")
            << QByteArray("linux.blk_queue_enter") << QByteArray("wait") << QByteArray("event")
            << QByteArray("exclusive") << QByteArray("taken in blk_mq_submit_bio") << untimed << false;
        QTest::addRow("page lock under io_schedule")
            << hungTask("java", 30071,
                   "[ 1234.567940]  __schedule+0x34d/0x9e0\n"
                   "[ 1234.567941]  schedule+0x5a/0xd0\n"
                   "[ 1234.567942]  io_schedule+0x42/0x70\n"
                   "[ 1234.567943]  folio_wait_bit_common+0x12d/0x350\n"
                   "[ 1234.567944]  ? filemap_invalidate_unlock_two+0x40/0x40\n"
                   "[ 1234.567945]  __folio_lock+0x17/0x20\n"
                   "[ 1234.567946]  filemap_fault+0x7a5/0xa20\n")
            << QByteArray("linux.folio_lock") << QByteArray("acquire") << QByteArray("mutex") << QByteArray("exclusive")
            << QByteArray("taken in filemap_fault") << untimed << false;
        QTest::addRow("buffer lock through bit_wait_io")
            << hungTask("kworker/u8:3", 250,
                   "[ 1234.567940]  __schedule+0x34d/0x9e0\n"
                   "[ 1234.567941]  schedule+0x5a/0xd0\n"
                   "[ 1234.567942]  io_schedule+0x42/0x70\n"
                   "[ 1234.567943]  bit_wait_io+0xd/0x60\n"
                   "[ 1234.567944]  __wait_on_bit_lock+0x5f/0xb0\n"
                   "[ 1234.567945]  out_of_line_wait_on_bit_lock+0x92/0xb0\n"
                   "[ 1234.567946]  __lock_buffer+0x3f/0x50\n"
                   "[ 1234.567947]  do_get_write_access+0x26e/0x3e0 [jbd2]\n")
            << QByteArray("linux.buffer_lock") << QByteArray("acquire") << QByteArray("mutex")
            << QByteArray("exclusive") << QByteArray("taken in do_get_write_access") << untimed << false;
        QTest::addRow("kthread_stop waits for the thread to exit")
            << hungTask("modprobe", 7001,
                   "[ 1234.567940]  __schedule+0x34d/0x9e0\n"
                   "[ 1234.567941]  schedule+0x5a/0xd0\n"
                   "[ 1234.567942]  schedule_timeout+0x11f/0x160\n"
                   "[ 1234.567943]  wait_for_completion+0x8a/0x160\n"
                   "[ 1234.567944]  kthread_stop+0x6e/0x180\n"
                   "[ 1234.567945]  mydrv_remove+0x2c/0x90 [mydrv]\n")
            << QByteArray("linux.kthread_stop") << QByteArray("wait") << QByteArray("completion")
            << QByteArray("exclusive") << QByteArray("taken in mydrv_remove") << untimed << false;
        QTest::addRow("synchronize_rcu through __wait_rcu_gp")
            << hungTask("kworker/0:1", 15,
                   "[ 1234.567940]  __schedule+0x34d/0x9e0\n"
                   "[ 1234.567941]  schedule+0x5a/0xd0\n"
                   "[ 1234.567942]  schedule_timeout+0x11f/0x160\n"
                   "[ 1234.567943]  __wait_for_common+0x90/0x190\n"
                   "[ 1234.567944]  __wait_rcu_gp+0x120/0x150\n"
                   "[ 1234.567945]  synchronize_rcu+0xa1/0xb0\n"
                   "[ 1234.567946]  netdev_run_todo+0x6e/0x560\n")
            << QByteArray("linux.synchronize_rcu") << QByteArray("wait") << QByteArray("event")
            << QByteArray("exclusive") << QByteArray("RCU grace period") << untimed << false;
        QTest::addRow("OpenZFS SPL cv_wait under zil_commit")
            << hungTask("qemu-kvm", 11604,
                   "[ 2642.692550]  [<ffffffff8163b809>] schedule+0x29/0x70\n"
                   "[ 2642.692564]  [<ffffffffa0011755>] cv_wait_common+0x125/0x150 [spl]\n"
                   "[ 2642.692567]  [<ffffffff810a6ae0>] ? wake_up_atomic_t+0x30/0x30\n"
                   "[ 2642.692578]  [<ffffffffa0011795>] __cv_wait+0x15/0x20 [spl]\n"
                   "[ 2642.692624]  [<ffffffffa016749b>] zil_commit.part.11+0x8b/0x7d0 [zfs]\n")
            << QByteArray("linux.spl_cv_wait") << QByteArray("wait") << QByteArray("condvar") << QByteArray("exclusive")
            << QByteArray("taken in zil_commit") << untimed << false;
        QTest::addRow("OpenZFS SPL timed cv wait")
            << hungTask("txg_sync", 1200,
                   "[ 1234.567940]  __schedule+0x34d/0x9e0\n"
                   "[ 1234.567941]  schedule+0x5a/0xd0\n"
                   "[ 1234.567942]  schedule_timeout+0x8b/0x150\n"
                   "[ 1234.567943]  __cv_timedwait_common+0x12b/0x160 [spl]\n"
                   "[ 1234.567944]  __cv_timedwait_sig+0x15/0x20 [spl]\n"
                   "[ 1234.567945]  txg_thread_wait+0x9f/0xb0 [zfs]\n"
                   "[ 1234.567946]  txg_sync_thread+0x2a0/0x4a0 [zfs]\n")
            << QByteArray("linux.spl_cv_timedwait") << QByteArray("wait") << QByteArray("condvar")
            << QByteArray("exclusive") << QByteArray("taken in txg_thread_wait") << timed << false;
        QTest::addRow("mutex under 6.8's inlined __schedule_loop")
            << hungTask("syz-executor.3", 8852,
                   " context_switch kernel/sched/core.c:5400 [inline]\n"
                   " __schedule+0x17d1/0x49f0 kernel/sched/core.c:6727\n"
                   " __schedule_loop kernel/sched/core.c:6802 [inline]\n"
                   " schedule+0x149/0x260 kernel/sched/core.c:6817\n"
                   " schedule_preempt_disabled+0x13/0x20 kernel/sched/core.c:6874\n"
                   " __mutex_lock_common kernel/locking/mutex.c:684 [inline]\n"
                   " __mutex_lock+0x6a3/0xd70 kernel/locking/mutex.c:752\n"
                   " tun_chr_close+0x2a/0x90 drivers/net/tun.c:3460\n")
            << QByteArray("linux.mutex_lock") << QByteArray("acquire") << QByteArray("mutex") << QByteArray("exclusive")
            << QByteArray("taken in tun_chr_close") << untimed << false;
        QTest::addRow("illumos libc condvar in pstack")
            << QByteArray("-----------------  thread# 2 / lwp# 7  --------------------\n"
                          " feeb1a6c lwp_park (0, 0, 0)\n"
                          " feeab6c4 cond_wait_queue (8066f20, 8066f08, 0) + 54\n"
                          " feeabb8c __cond_wait (8066f20, 8066f08) + 8c\n"
                          " feeabbd4 cond_wait (8066f20, 8066f08) + 24\n"
                          " 08051f2e worker (8066f00) + 4e\n")
            << QByteArray("illumos-libc.cond_wait") << QByteArray("wait") << QByteArray("condvar")
            << QByteArray("exclusive") << QByteArray("") << untimed << false;
        QTest::addRow("illumos libc mutex in pstack")
            << QByteArray("-----------------  lwp# 3 / thread# 3  --------------------\n"
                          " fffffd7fff19a467 __lwp_park () + 17\n"
                          " fffffd7fff191e81 mutex_lock_impl (6f4c80, 0) + 181\n"
                          " 0000000000412f0e vm_destroy (6f4c00) + 2e\n")
            << QByteArray("illumos-libc.mutex_lock") << QByteArray("acquire") << QByteArray("mutex")
            << QByteArray("exclusive") << QByteArray("") << untimed << false;
        QTest::addRow("glibc barrier") << QByteArray(
            "Thread 3 (Thread 0x7f3a5b7fe640 (LWP 72130) \"worker\"):\n"
            "#0  futex_wait (private=0, expected=2, futex_word=0x404108 <b+8>) at "
            "../sysdeps/nptl/futex-internal.h:146\n"
            "#1  ___pthread_barrier_wait (barrier=0x404100 <b>) at pthread_barrier_wait.c:156\n"
            "#2  0x0000000000401236 in handle (data=0x0) at test.cpp:31\n"
            "#3  0x00007f3a5c094ac3 in start_thread (arg=<optimized out>) at ./nptl/pthread_create.c:442\n")
                                       << QByteArray("glibc.barrier_wait") << QByteArray("wait") << QByteArray("event")
                                       << QByteArray("exclusive") << QByteArray("b") << untimed << false;
        QTest::addRow("glibc timed rwlock read")
            << QByteArray("Thread 2 (Thread 0x7f3a5bfff640 (LWP 72129) \"reader\"):\n"
                          "#0  __futex_abstimed_wait_common64 (private=0, cancel=true, abstime=0x7f3a5bffed90, op=393, "
                          "expected=3, futex_word=0x55d0c6e1a2c8) at ./nptl/futex-internal.c:57\n"
                          "#1  __futex_abstimed_wait_common (futex_word=0x55d0c6e1a2c8, expected=3, clockid=0, "
                          "abstime=0x7f3a5bffed90, private=0, cancel=true) at ./nptl/futex-internal.c:87\n"
                          "#2  __pthread_rwlock_rdlock_full64 (abstime=0x7f3a5bffed90, clockid=0, "
                          "rwlock=0x55d0c6e1a2c0 <table_lock>) at ./nptl/pthread_rwlock_common.c:460\n"
                          "#3  ___pthread_rwlock_timedrdlock64 (rwlock=0x55d0c6e1a2c0 <table_lock>, "
                          "abstime=0x7f3a5bffed90) at ./nptl/pthread_rwlock_timedrdlock.c:27\n"
                          "#4  0x000055d0c5e01a11 in lookup (key=7) at table.c:88\n")
            << QByteArray("glibc.rwlock_timed_read") << QByteArray("acquire") << QByteArray("rwlock")
            << QByteArray("read") << QByteArray("table_lock") << timed << false;
        QTest::addRow("2.6.32 soft lockup spinning on the big kernel lock")
            << QByteArray("BUG: soft lockup - CPU#29 stuck for 67s! [async/5:7802]\n"
                          "Pid: 7802, comm: async/5 Not tainted 2.6.32-431.el6.x86_64 #1\n"
                          "RIP: 0010:[<ffffffff8152a57e>]  [<ffffffff8152a57e>] lock_kernel+0x2e/0x50\n"
                          "Process async/5 (pid: 7802, threadinfo ffff883833eb0000, task ffff883833345500)\n"
                          "Call Trace:\n"
                          " [<ffffffff811c5b5d>] ? __blkdev_get+0x4d/0x3e0\n"
                          " [<ffffffff811c5f00>] ? blkdev_get+0x10/0x20\n")
            << QByteArray("linux.big_kernel_lock") << QByteArray("acquire") << QByteArray("spinlock")
            << QByteArray("exclusive") << QByteArray("big kernel lock") << untimed << true;
        QTest::addRow("printk polling the 8250 UART for the serial console")
            << QByteArray("NMI backtrace for cpu 9\n"
                          "CPU: 9 PID: 8315 Comm: zip Not tainted 3.12.47-clouder1 #1\n"
                          "RIP: 0010:[<ffffffff813ccfe5>] [<ffffffff813ccfe5>] io_serial_in+0x15/0x20\n"
                          "Call Trace:\n"
                          "[<ffffffff813cd63a>] wait_for_xmitr+0x3a/0xa0\n"
                          "[<ffffffff813cd6c6>] serial8250_console_putchar+0x26/0x40\n"
                          "[<ffffffff813c8d7d>] uart_console_write+0x3d/0x70\n")
            << QByteArray("linux.serial_console_tx") << QByteArray("spin") << QByteArray("external")
            << QByteArray("exclusive") << QByteArray("serial console transmitter") << timed << true;
        QTest::addRow("illumos adaptive mutex spinning on a running owner")
            << QByteArray("stack pointer for thread fffffe00f3b4bc20: fffffe00f3b4b8d0\n"
                          "  fffffe00f3b4b900 mutex_delay_default+0xa()\n"
                          "  fffffe00f3b4b970 mutex_vector_enter+0x301(fffffe2cd8a1e0c8)\n"
                          "  fffffe00f3b4b9b0 zfs_range_lock+0x2c(fffffe2cd8a1e000, 0, 4000, 1)\n")
            << QByteArray("illumos.mutex_spin_backoff") << QByteArray("acquire") << QByteArray("mutex")
            << QByteArray("exclusive") << QByteArray("") << untimed << true;
        QTest::addRow("illumos taskq_wait")
            << QByteArray("stack pointer for thread fffffe00f3c2ac20: fffffe00f3c2a9f0\n"
                          "[ fffffe00f3c2a9f0 _resume_from_idle+0x12b() ]\n"
                          "  fffffe00f3c2aa20 swtch+0x133()\n"
                          "  fffffe00f3c2aa60 cv_wait+0x68(fffffe2cc1d4b0b2, fffffe2cc1d4b0a0)\n"
                          "  fffffe00f3c2aab0 taskq_wait+0x73(fffffe2cc1d4b098)\n"
                          "  fffffe00f3c2ab00 viona_ring_reset+0x5b(fffffe2cd0f42000, 1)\n")
            << QByteArray("illumos.taskq_wait") << QByteArray("wait") << QByteArray("completion")
            << QByteArray("exclusive") << QByteArray("") << untimed << false;
    }

    void readsWait()
    {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, rule);
        QFETCH(QByteArray, action);
        QFETCH(QByteArray, kind);
        QFETCH(QByteArray, mode);
        QFETCH(QByteArray, name);
        QFETCH(int, timeout);
        QFETCH(bool, spinning);

        auto parsed = hvdump::parsers::parseText(std::string_view(text.constData(), text.size()), {});
        QCOMPARE(parsed.dump.threads.size(), std::size_t(1));
        WaitAnalyzer analyzer(parsed.dump, shippedCatalog());
        const ThreadWait w = analyzer.analyze(parsed.dump.threads.front());
        QVERIFY(w.found);
        QString rules;
        for (const std::string& r : w.ruleIds)
            rules += QString::fromStdString(r) + u' ';
        QVERIFY2(
            std::find(w.ruleIds.begin(), w.ruleIds.end(), rule.toStdString()) != w.ruleIds.end(), qPrintable(rules));
        QCOMPARE(QByteArray(primitiveActionName(w.action)), action);
        QCOMPARE(QByteArray(resourceKindName(w.object.kind)), kind);
        QCOMPARE(QByteArray(waitModeName(w.mode)), mode);
        QVERIFY2(w.object.name.rfind(name.toStdString(), 0) == 0, w.object.name.c_str());
        QCOMPARE(int(w.timeout), timeout);
        QCOMPARE(w.spinning, spinning);
    }
};

QTEST_GUILESS_MAIN(TestCatalogPrimitives)
#include "tst_catalogprimitives.moc"
