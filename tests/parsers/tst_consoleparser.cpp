// SPDX-License-Identifier: GPL-2.0-or-later
// Linux console / dmesg / journald kernel logs, whole: stacks of every era (old "[<addr>] ? fn",
// new "fn+off/size [mod]", arm64, context markers, RIP/pc), the watchdog, hung task, RCU, NMI and
// lockdep reports, interleaved printk callers, mail quoting, the 002 and healthy samples, where the
// region ends, and what cannot be read. Single lines are tested in tst_kernelframe.cpp.
#include "parsertests.h"

#include <hvdump/parsers/dumpparser.h>

#include <QFile>
#include <QTest>

using namespace hvdump::parsers;
using namespace hvdump::parsers::test;
using namespace Qt::StringLiterals;

namespace {

QByteArray readData(const QString& name)
{
    return readTestData(u"console"_s, name);
}

ParseResult parseData(const QString& name, Format forced = Format::Console)
{
    return parseBytes(readData(name), forced);
}

} // namespace

class TestConsoleParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void threads_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("total");
        QTest::addColumn<int>("index");
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("cpu");
        QTest::addColumn<QString>("state");
        QTest::addColumn<QString>("stateText");
        QTest::addColumn<int>("frames");
        QTest::addColumn<QString>("top");
        QTest::addColumn<int>("first");
        QTest::addColumn<int>("last");

        QTest::addRow("x86 6.x soft lockup")
            << u"softlockup_x86_new.txt"_s << 1 << 0 << u"pid 3412"_s << u"kworker/5:2"_s << 5 << u"running"_s
            << QString() << 20 << u"watchdog_timer_fn"_s << 3 << 43;
        QTest::addRow("2.6 soft lockup: 'Process x (pid: n, ...)' continues the RIP's stack")
            << u"softlockup_26_process_line.txt"_s << 1 << 0 << u"pid 7802"_s << u"async/5"_s << -1 << u"running"_s
            << QString() << 6 << u"lock_kernel"_s << 4 << 27;
        QTest::addRow("3.x hung task, old sched line")
            << u"hungtask_3x_old.txt"_s << 2 << 0 << u"pid 4321"_s << u"qemu-kvm"_s << -1 << u"uninterruptible"_s
            << u"D"_s << 20 << u"schedule"_s << 3 << 27;
        QTest::addRow("3.x soft lockup, RIP twice printed")
            << u"hungtask_3x_old.txt"_s << 2 << 1 << u"pid 4330"_s << u"vhost-4321"_s << 11 << u"running"_s << QString()
            << 9 << u"vhost_get_vq_desc"_s << 30 << 56;
        QTest::addRow("arm64 soft lockup, pc not doubled")
            << u"softlockup_arm64.txt"_s << 1 << 0 << u"pid 98"_s << u"kworker/2:1"_s << 2 << u"running"_s << QString()
            << 14 << u"queued_spin_lock_slowpath"_s << 3 << 28;
        QTest::addRow("5.15 hung task without markers")
            << u"hungtask_locks_5x.txt"_s << 1 << 0 << u"pid 187"_s << u"kworker/u16:3"_s << -1 << u"uninterruptible"_s
            << u"D"_s << 18 << u"__schedule"_s << 4 << 24;
        QTest::addRow("lockdep stack backtrace")
            << u"lockdep_circular.txt"_s << 1 << 0 << u"pid 176"_s << u"kworker/1:2"_s << 1 << u"running"_s << QString()
            << 13 << u"dump_stack_lvl"_s << 51 << 67;
        QTest::addRow("RCU stall: NMI backtrace of the stalled CPU")
            << u"rcu_stall.txt"_s << 2 << 0 << u"pid 2811"_s << u"kvm"_s << 3 << u"running"_s << QString() << 13
            << u"native_queued_spin_lock_slowpath"_s << 7 << 26;
        QTest::addRow("RCU stall: idle CPU skipped") << u"rcu_stall.txt"_s << 2 << 1 << u"CPU 6"_s << QString() << 6
                                                     << u"idle"_s << QString() << 1 << u"intel_idle"_s << 27 << 27;
        QTest::addRow("RCU task dump on a 32-bit kernel: 'R running' without 'task'")
            << u"rcu_task_dump_arm32.txt"_s << 1 << 0 << u"CPU 1"_s << u"swapper/1"_s << 1 << u"runnable"_s << u"R"_s
            << 8 << u"dump_backtrace"_s << 4 << 21;
        QTest::addRow("sysrq-w first task") << u"sysrq_w.txt"_s << 2 << 0 << u"pid 612"_s << u"jbd2/dm-0-8"_s << -1
                                            << u"uninterruptible"_s << u"D"_s << 14 << u"__schedule"_s << 2 << 17;
        QTest::addRow("sysrq-w second task with user RIP")
            << u"sysrq_w.txt"_s << 2 << 1 << u"pid 8852"_s << u"postgres"_s << -1 << u"uninterruptible"_s << u"D"_s
            << 19 << u"__schedule"_s << 18 << 38;
        QTest::addRow("interleaved callers: C1")
            << u"interleaved_callers.txt"_s << 2 << 0 << u"pid 2210"_s << u"qemu-kvm"_s << 1 << u"running"_s
            << QString() << 5 << u"native_queued_spin_lock_slowpath"_s << 4 << 18;
        QTest::addRow("interleaved callers: C2")
            << u"interleaved_callers.txt"_s << 2 << 1 << u"pid 2214"_s << u"CPU 0/KVM"_s << 2 << u"running"_s
            << QString() << 8 << u"kvm_vcpu_block"_s << 5 << 23;
        QTest::addRow("journald prefix") << u"journald_softlockup.txt"_s << 1 << 0 << u"pid 91807"_s << u"CPU 3/KVM"_s
                                         << 14 << u"running"_s << QString() << 12 << u"show_trace_log_lvl"_s << 3 << 23;
        QTest::addRow("mail quoted 4.9 trace")
            << u"mailquoted_oldtrace.txt"_s << 1 << 0 << u"pid 2179"_s << u"kworker/3:1"_s << -1 << u"uninterruptible"_s
            << u"D"_s << 13 << u"__schedule"_s << 7 << 24;
        QTest::addRow("hung task, then the mutex owner")
            << u"hung_blocker_6x.txt"_s << 2 << 1 << u"pid 12"_s << u"kworker/u16:0"_s << -1 << u"uninterruptible"_s
            << u"D"_s << 11 << u"__schedule"_s << 19 << 33;
        QTest::addRow("wrapped lockdep report, arm64 trace")
            << u"lockdep_recursive_wrapped.txt"_s << 1 << 0 << u"pid 1"_s << u"swapper/0"_s << 2 << u"running"_s
            << QString() << 13 << u"dump_backtrace"_s << 42 << 57;
        QTest::addRow("cut mid-frame keeps the frames before")
            << u"bad_cut_midframe.txt"_s << 1 << 0 << u"pid 5120"_s << u"qemu-system-x86"_s << -1
            << u"uninterruptible"_s << u"D"_s << 3 << u"__schedule"_s << 4 << 9;
        QTest::addRow("syzbot: inlined frames with file:line")
            << u"syzbot_hung_inline.txt"_s << 1 << 0 << u"pid 8852"_s << u"syz-executor.3"_s << -1
            << u"uninterruptible"_s << u"D"_s << 8 << u"context_switch"_s << 4 << 14;
        QTest::addRow("hard lockup: the stack after the report")
            << u"hardlockup_panic_4x.txt"_s << 2 << 0 << u"pid 3377"_s << u"CPU 1/KVM"_s << 6 << u"running"_s
            << QString() << 8 << u"native_queued_spin_lock_slowpath"_s << 3 << 15;
        QTest::addRow("panic: the same task again, a second sample")
            << u"hardlockup_panic_4x.txt"_s << 2 << 1 << u"pid 3377"_s << u"CPU 1/KVM"_s << 6 << u"running"_s
            << QString() << 20 << u"dump_stack"_s << 18 << 44;
        QTest::addRow("sysrq-t without timestamps, ARM 'from' frames: exiting task")
            << u"../realworld/sysrq_arm_qemu_vcpu_load_rcu.txt"_s << 2 << 0 << u"pid 720"_s << u"qemu-system-arm"_s
            << -1 << u"zombie"_s << u"x"_s << 6 << u"__schedule"_s << 4 << 10;
        QTest::addRow("sysrq-t without timestamps, ARM 'from' frames: D task")
            << u"../realworld/sysrq_arm_qemu_vcpu_load_rcu.txt"_s << 2 << 1 << u"pid 721"_s << u"qemu-system-arm"_s
            << -1 << u"uninterruptible"_s << u"D"_s << 7 << u"__schedule"_s << 11 << 18;
        QTest::addRow("soft lockup on pid 0 in softirq is not idle")
            << u"../realworld/console_arch_softlockup_softirq_panic.txt"_s << 1 << 0 << u"CPU 3"_s << u"swapper/3"_s
            << 3 << u"running"_s << QString() << 10 << u"dump_stack_lvl"_s << 4 << 17;
        QTest::addRow("oops: RIP confirms a ? frame")
            << u"oops_null_6x.txt"_s << 1 << 0 << u"pid 5312"_s << u"vhost-5290"_s << 2 << u"running"_s << QString()
            << 16 << u"show_regs"_s << 6 << 29;
        QTest::addRow("RCU stall: the blocked task's stack")
            << u"rcu_tasks_blocked_arm64.txt"_s << 1 << 0 << u"pid 2214"_s << u"vhost-2198"_s << -1
            << u"uninterruptible"_s << u"D"_s << 13 << u"__switch_to"_s << 4 << 18;
        QTest::addRow("RCU task dump: running task, empty Call Trace")
            << u"rcu_task_dump.txt"_s << 2 << 1 << u"pid 23"_s << u"migration/2"_s << 2 << u"runnable"_s << u"R"_s << 0
            << QString() << 9 << 12;
        QTest::addRow("garbled frames are skipped")
            << u"bad_garbled_frame.txt"_s << 1 << 0 << u"pid 733"_s << u"fio"_s << 2 << u"running"_s << QString() << 2
            << u"blk_mq_get_tag"_s << 2 << 8;
    }

    void threads()
    {
        QFETCH(QString, file);
        QFETCH(int, total);
        QFETCH(int, index);
        const ParseResult r = parseData(file);
        const Dump& d = r.dump;
        QCOMPARE(int(d.threads.size()), total);
        const Thread& t = d.threads[std::size_t(index)];
        QCOMPARE(t.format, Format::Console);
        QFETCH(QString, id);
        QCOMPARE(str(d, t.id), id);
        QFETCH(QString, name);
        QCOMPARE(str(d, t.name), name);
        QFETCH(int, cpu);
        QCOMPARE(int(t.cpu), cpu);
        QFETCH(QString, state);
        QCOMPARE(QString::fromUtf8(threadStateName(t.state)), state);
        QFETCH(QString, stateText);
        QCOMPARE(str(d, t.stateText), stateText);
        QFETCH(int, frames);
        QCOMPARE(int(t.frames.size()), frames);
        QFETCH(QString, top);
        QCOMPARE(t.frames.empty() ? QString() : str(d, t.frames.front().function), top);
        QFETCH(int, first);
        QCOMPARE(int(t.span.first), first);
        QFETCH(int, last);
        QCOMPARE(int(t.span.last), last);
    }

    void frames_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("thread");
        QTest::addColumn<int>("frame");
        QTest::addColumn<QString>("function");
        QTest::addColumn<QString>("module");
        QTest::addColumn<QString>("context");
        QTest::addColumn<bool>("unreliable");
        QTest::addColumn<QString>("address");
        QTest::addColumn<int>("line");

        QTest::addRow("soft lockup: hrtimer frames under <IRQ>")
            << u"softlockup_x86_new.txt"_s << 0 << 0 << u"watchdog_timer_fn"_s << QString() << u"irq"_s << true
            << QString() << 22;
        QTest::addRow("soft lockup: RIP confirms its ? frame in the task part")
            << u"softlockup_x86_new.txt"_s << 0 << 6 << u"smp_call_function_many_cond"_s << QString() << u"task"_s
            << false << QString() << 30;
        QTest::addRow("soft lockup: task frame after </IRQ> <TASK>")
            << u"softlockup_x86_new.txt"_s << 0 << 8 << u"on_each_cpu_cond_mask"_s << QString() << u"task"_s << false
            << QString() << 32;
        QTest::addRow("3.x RIP line is the innermost frame")
            << u"hungtask_3x_old.txt"_s << 1 << 0 << u"vhost_get_vq_desc"_s << u"vhost"_s << u"task"_s << false
            << u"ffffffffa05d6a1e"_s << 33;
        QTest::addRow("3.x frame with module after Stack: words")
            << u"hungtask_3x_old.txt"_s << 1 << 1 << u"handle_rx"_s << u"vhost_net"_s << u"task"_s << false
            << u"ffffffffa05e1a2b"_s << 49;
        QTest::addRow("3.x unreliable frame") << u"hungtask_3x_old.txt"_s << 0 << 2 << u"try_to_wake_up"_s << QString()
                                              << u"task"_s << true << u"ffffffff810b8c26"_s << 10;
        QTest::addRow("arm64 pc merged with the first trace frame")
            << u"softlockup_arm64.txt"_s << 0 << 0 << u"queued_spin_lock_slowpath"_s << QString() << u"task"_s << false
            << QString() << 15;
        QTest::addRow("arm64 module frame") << u"softlockup_arm64.txt"_s << 0 << 2 << u"sdhci_request"_s << u"sdhci"_s
                                            << u"task"_s << false << QString() << 17;
        QTest::addRow("interleaved: C1 gets only its own frames")
            << u"interleaved_callers.txt"_s << 0 << 2 << u"kvm_mmu_page_fault"_s << u"kvm"_s << u"task"_s << false
            << QString() << 14;
        QTest::addRow("interleaved: C2 continues after C1 ended")
            << u"interleaved_callers.txt"_s << 1 << 5 << u"__x64_sys_ioctl"_s << QString() << u"task"_s << false
            << QString() << 21;
        QTest::addRow("user RIP inside <TASK> is an address-only frame")
            << u"sysrq_w.txt"_s << 1 << 18 << QString() << QString() << u"task"_s << false << u"7f6b9a2b61e7"_s << 38;
        QTest::addRow("4.x RIP before </NMI> belongs to the interrupted task")
            << u"hardlockup_panic_4x.txt"_s << 1 << 12 << u"native_queued_spin_lock_slowpath"_s << QString()
            << u"task"_s << false << QString() << 34;
        QTest::addRow("NMI frames") << u"hardlockup_panic_4x.txt"_s << 1 << 11 << u"end_repeat_nmi"_s << QString()
                                    << u"nmi"_s << false << QString() << 33;
        QTest::addRow("mail quoted old frame") << u"mailquoted_oldtrace.txt"_s << 0 << 5 << u"vhost_poll_flush"_s
                                               << u"vhost"_s << u"task"_s << true << u"ffffffffc0a4c1d8"_s << 17;
        QTest::addRow("journald: RIP after the all-? IRQ part")
            << u"journald_softlockup.txt"_s << 0 << 2 << u"kvm_zap_gfn_range"_s << u"kvm"_s << u"task"_s << false
            << QString() << 5;
    }

    void frames()
    {
        QFETCH(QString, file);
        QFETCH(int, thread);
        QFETCH(int, frame);
        const ParseResult r = parseData(file);
        const Dump& d = r.dump;
        const Frame& f = d.threads[std::size_t(thread)].frames[std::size_t(frame)];
        QFETCH(QString, function);
        QCOMPARE(str(d, f.function), function);
        QFETCH(QString, module);
        QCOMPARE(str(d, f.module), module);
        QFETCH(QString, context);
        QCOMPARE(QString::fromUtf8(frameContextName(f.context)), context);
        QFETCH(bool, unreliable);
        QCOMPARE(f.unreliable, unreliable);
        QFETCH(QString, address);
        QCOMPARE(f.hasAddress ? QString::number(qulonglong(f.address), 16) : QString(), address);
        QFETCH(int, line);
        QCOMPARE(int(f.span.first), line);
    }

    void reports_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("total");
        QTest::addColumn<int>("index");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("cpu");
        QTest::addColumn<int>("pid");
        QTest::addColumn<QString>("task");
        QTest::addColumn<double>("seconds");
        QTest::addColumn<QString>("owner");
        QTest::addColumn<int>("ownerPid");
        QTest::addColumn<int>("thread");
        QTest::addColumn<int>("first");
        QTest::addColumn<int>("last");

        QTest::addRow("soft lockup, comm with ':'")
            << u"softlockup_x86_new.txt"_s << 1 << 0 << u"soft-lockup"_s << 5 << 3412 << u"kworker/5:2"_s << 26.0
            << QString() << -1 << 0 << 1 << 1;
        QTest::addRow("3.x hung task") << u"hungtask_3x_old.txt"_s << 2 << 0 << u"hung-task"_s << -1 << 4321
                                       << u"qemu-kvm"_s << 120.0 << QString() << -1 << 0 << 1 << 1;
        QTest::addRow("3.x soft lockup without watchdog prefix")
            << u"hungtask_3x_old.txt"_s << 2 << 1 << u"soft-lockup"_s << 11 << 4330 << u"vhost-4321"_s << 22.0
            << QString() << -1 << 1 << 28 << 28;
        QTest::addRow("held locks of the hung task")
            << u"hungtask_locks_5x.txt"_s << 4 << 2 << u"held-locks"_s << -1 << 187 << u"kworker/u16:3"_s << 0.0
            << QString() << -1 << -1 << 29 << 32;
        QTest::addRow("lockdep circular with its stack")
            << u"lockdep_circular.txt"_s << 2 << 0 << u"lockdep-circular"_s << -1 << 176 << u"kworker/1:2"_s << 0.0
            << QString() << -1 << 0 << 2 << 50;
        QTest::addRow("RCU stall: first stalled CPU") << u"rcu_stall.txt"_s << 4 << 0 << u"rcu-stall"_s << 3 << -1
                                                      << QString() << 0.0 << QString() << -1 << 0 << 1 << 4;
        QTest::addRow("RCU stall: second stalled CPU, idle")
            << u"rcu_stall.txt"_s << 4 << 1 << u"rcu-stall"_s << 6 << -1 << QString() << 0.0 << QString() << -1 << 1
            << 3 << 3;
        QTest::addRow("NMI backtrace") << u"rcu_stall.txt"_s << 4 << 2 << u"nmi-backtrace"_s << 3 << -1 << QString()
                                       << 0.0 << QString() << -1 << 0 << 6 << 6;
        QTest::addRow("interleaved NMI backtrace of C2")
            << u"interleaved_callers.txt"_s << 2 << 1 << u"nmi-backtrace"_s << 2 << -1 << QString() << 0.0 << QString()
            << -1 << 1 << 3 << 3;
        QTest::addRow("blocked on a mutex owned by")
            << u"hung_blocker_6x.txt"_s << 2 << 1 << u"blocked-on-owner"_s << -1 << 31634 << u"modprobe"_s << 0.0
            << u"kworker/u16:0"_s << 12 << 1 << 18 << 18;
        QTest::addRow("hard lockup, NMI watchdog prefix")
            << u"hardlockup_panic_4x.txt"_s << 2 << 0 << u"hard-lockup"_s << 6 << -1 << QString() << 0.0 << QString()
            << -1 << 0 << 1 << 1;
        QTest::addRow("panic after it") << u"hardlockup_panic_4x.txt"_s << 2 << 1 << u"panic"_s << -1 << -1 << QString()
                                        << 0.0 << QString() << -1 << 1 << 17 << 17;
        QTest::addRow("BUG: NULL pointer and Oops: are one report")
            << u"oops_null_6x.txt"_s << 1 << 0 << u"oops"_s << -1 << -1 << QString() << 0.0 << QString() << -1 << 0 << 1
            << 5;
        QTest::addRow("RCU stall on a blocked task")
            << u"rcu_tasks_blocked_arm64.txt"_s << 1 << 0 << u"rcu-stall"_s << -1 << 2214 << QString() << 0.0
            << QString() << -1 << 0 << 1 << 3;
        QTest::addRow("RCU stall, CPU of a task dump") << u"rcu_task_dump.txt"_s << 2 << 1 << u"rcu-stall"_s << 2 << -1
                                                       << QString() << 0.0 << QString() << -1 << 1 << 3 << 3;
        QTest::addRow("mail quoted hung task") << u"mailquoted_oldtrace.txt"_s << 1 << 0 << u"hung-task"_s << -1 << 2179
                                               << u"kworker/3:1"_s << 120.0 << QString() << -1 << 0 << 4 << 4;
        QTest::addRow("lockdep recursive, wrapped in mail")
            << u"lockdep_recursive_wrapped.txt"_s << 2 << 0 << u"lockdep-recursive"_s << -1 << 1 << u"swapper/0"_s
            << 0.0 << QString() << -1 << 0 << 3 << 41;
    }

    void reports()
    {
        QFETCH(QString, file);
        QFETCH(int, total);
        QFETCH(int, index);
        const ParseResult r = parseData(file);
        const Dump& d = r.dump;
        QCOMPARE(int(d.reports.size()), total);
        const ConsoleReport& rep = d.reports[std::size_t(index)];
        QFETCH(QString, kind);
        QCOMPARE(QString::fromUtf8(reportKindName(rep.kind)), kind);
        QFETCH(int, cpu);
        QCOMPARE(int(rep.cpu), cpu);
        QFETCH(int, pid);
        QCOMPARE(int(rep.pid), pid);
        QFETCH(QString, task);
        QCOMPARE(str(d, rep.task), task);
        QFETCH(double, seconds);
        QCOMPARE(rep.seconds, seconds);
        QFETCH(QString, owner);
        QCOMPARE(str(d, rep.ownerTask), owner);
        QFETCH(int, ownerPid);
        QCOMPARE(int(rep.ownerPid), ownerPid);
        QFETCH(int, thread);
        QCOMPARE(rep.thread.valid() ? int(rep.thread.value) : -1, thread);
        QFETCH(int, first);
        QCOMPARE(int(rep.span.first), first);
        QFETCH(int, last);
        QCOMPARE(int(rep.span.last), last);
    }

    void heldLocks_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("report");
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("index");
        QTest::addColumn<int>("depth");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("address");
        QTest::addColumn<QString>("at");
        QTest::addColumn<int>("first");
        QTest::addColumn<int>("last");

        QTest::addRow("5.x lock with lockdep class in parentheses")
            << u"hungtask_locks_5x.txt"_s << 2 << 3 << 1 << 1 << u"(work_completion)(&entry->work)"_s
            << u"ffffc9000073fe78"_s << u"process_one_work"_s << 31 << 31;
        QTest::addRow("5.x device mutex") << u"hungtask_locks_5x.txt"_s << 2 << 3 << 2 << 2 << u"&dev->mutex"_s
                                          << u"ffff88810a4c60e8"_s << u"device_del"_s << 32 << 32;
        QTest::addRow("3.x lock without address")
            << u"hungtask_oldlocks_3x.txt"_s << 1 << 1 << 0 << 0 << u"&kvm->slots_lock"_s << QString()
            << u"kvm_vm_ioctl"_s << 16 << 16;
        QTest::addRow("lock wrapped over three lines")
            << u"lockdep_recursive_wrapped.txt"_s << 1 << 4 << 2 << 2 << u"regulator_list_mutex"_s
            << u"ffff800012b102c0"_s << u"regulator_lock_dependent"_s << 34 << 36;
        QTest::addRow("syzbot: one lock over its inlined acquire sites")
            << u"syzbot_hung_inline.txt"_s << 1 << 1 << 0 << 0 << u"rcu_read_lock"_s << u"ffffffff8e130d60"_s
            << u"debug_show_all_locks"_s << 19 << 21;
        QTest::addRow("lockdep report's own held list")
            << u"lockdep_circular.txt"_s << 1 << 1 << 0 << 0 << u"&vq->mutex"_s << u"ffff88810b1c9f10"_s
            << u"handle_tx"_s << 48 << 48;
    }

    void heldLocks()
    {
        QFETCH(QString, file);
        QFETCH(int, report);
        const ParseResult r = parseData(file);
        const Dump& d = r.dump;
        const ConsoleReport& rep = d.reports[std::size_t(report)];
        QCOMPARE(rep.kind, ReportKind::HeldLocks);
        QFETCH(int, count);
        QCOMPARE(int(rep.heldLocks.size()), count);
        QFETCH(int, index);
        const HeldLock& l = rep.heldLocks[std::size_t(index)];
        QFETCH(int, depth);
        QCOMPARE(int(l.depth), depth);
        QFETCH(QString, name);
        QCOMPARE(str(d, l.name), name);
        QFETCH(QString, address);
        QCOMPARE(l.address ? QString::number(qulonglong(l.address), 16) : QString(), address);
        QFETCH(QString, at);
        QCOMPARE(str(d, l.acquiredAt), at);
        QFETCH(int, first);
        QCOMPARE(int(l.span.first), first);
        QFETCH(int, last);
        QCOMPARE(int(l.span.last), last);
    }

    void lockdepChain()
    {
        const ParseResult r = parseData(u"lockdep_circular.txt"_s);
        const Dump& d = r.dump;
        const ConsoleReport& rep = d.reports[0];
        QCOMPARE(str(d, rep.lockName), u"&vdev->mutex"_s);
        QCOMPARE(rep.lockAddress, std::uint64_t(0xffff88810b1c8a48));
        QCOMPARE(int(rep.chain.size()), 2);
        QCOMPARE(int(rep.chain[0].depth), 1);
        QCOMPARE(str(d, rep.chain[0].lock), u"&vq->mutex"_s);
        QCOMPARE(int(rep.chain[0].functions.size()), 6);
        QCOMPARE(str(d, rep.chain[0].functions[1]), u"vhost_net_set_backend"_s);
        QCOMPARE(int(rep.chain[0].span.first), 16);
        QCOMPARE(int(rep.chain[0].span.last), 22);
        QCOMPARE(int(rep.chain[1].depth), 0);
        QCOMPARE(str(d, rep.chain[1].lock), u"&vdev->mutex"_s);
        QCOMPARE(int(rep.chain[1].functions.size()), 8);
        QCOMPARE(str(d, rep.chain[1].functions[3]), u"vhost_dev_flush"_s);
        // the chain's frames are no thread: the only thread is the "stack backtrace:"
        QCOMPARE(int(d.threads.size()), 1);
        QVERIFY(r.diagnostics.empty());
        // detected, the region begins at lockdep's rule of '=' above the WARNING
        const ParseResult detected = parseData(u"lockdep_circular.txt"_s, Format::Unknown);
        QCOMPARE(int(detected.dump.regions.at(0).span.first), 1);

        const ParseResult w = parseData(u"lockdep_recursive_wrapped.txt"_s);
        const ConsoleReport& rec = w.dump.reports[0];
        QCOMPARE(int(rec.chain.size()), 2);
        QCOMPARE(int(rec.chain[0].depth), 1);
        QCOMPARE(str(w.dump, rec.chain[0].functions.at(0)), u"regulator_resolve_supply"_s);
        QCOMPARE(int(rec.chain[1].depth), 0);
        QCOMPARE(str(w.dump, rec.chain[1].functions.at(0)), u"regulator_lock_recursive"_s);
        QCOMPARE(rec.lockAddress, std::uint64_t(0xffff000000a13158));
    }

    void diagnostics_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("code");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("count");

        QTest::addRow("Call Trace cut mid-frame") << u"bad_cut_midframe.txt"_s << u"HVP011"_s << 10 << 2;
        QTest::addRow("bad hex in an offset") << u"bad_garbled_frame.txt"_s << u"HVP010"_s << 6 << 3;
        QTest::addRow("unclosed address bracket") << u"bad_garbled_frame.txt"_s << u"HVP010"_s << 7 << 3;
        QTest::addRow("Call Trace with nothing after") << u"bad_garbled_frame.txt"_s << u"HVP011"_s << 10 << 3;
    }

    void diagnostics()
    {
        QFETCH(QString, file);
        QFETCH(QString, code);
        QFETCH(int, line);
        QFETCH(int, count);
        const ParseResult r = parseData(file);
        QVERIFY(hasDiagnostic(r, code.toUtf8().constData(), std::uint32_t(line)));
        QCOMPARE(int(r.diagnostics.size()), count);
        QCOMPARE(r.status, ParseStatus::Partial);
    }

    void cleanInputsHaveNoDiagnostics_data()
    {
        QTest::addColumn<QString>("file");
        for (const char* f : { "softlockup_x86_new.txt", "hungtask_3x_old.txt", "softlockup_arm64.txt",
                 "hungtask_locks_5x.txt", "lockdep_circular.txt", "rcu_stall.txt", "sysrq_w.txt",
                 "interleaved_callers.txt", "journald_softlockup.txt", "mailquoted_oldtrace.txt", "hung_blocker_6x.txt",
                 "lockdep_recursive_wrapped.txt", "hungtask_oldlocks_3x.txt", "syzbot_hung_inline.txt",
                 "hardlockup_panic_4x.txt", "oops_null_6x.txt", "rcu_tasks_blocked_arm64.txt", "rcu_task_dump.txt" })
            QTest::addRow("%s", f) << QString::fromUtf8(f);
    }

    void cleanInputsHaveNoDiagnostics()
    {
        QFETCH(QString, file);
        // detected, not forced: no other parser may take these
        const ParseResult r = parseData(file, Format::Unknown);
        QVERIFY2(r.diagnostics.empty(), r.diagnostics.empty() ? "" : r.diagnostics.front().message.c_str());
        QVERIFY(!r.dump.regions.empty());
        for (const Region& region : r.dump.regions)
            QCOMPARE(region.format, Format::Console);
    }

    void regionEnds_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("last");
        QTest::addColumn<int>("threads");

        const QByteArray trace = "[  10.000000] NMI backtrace for cpu 1\n"
                                 "[  10.000001] CPU: 1 PID: 42 Comm: fio Not tainted 6.1.0 #1\n"
                                 "[  10.000002] Call Trace:\n"
                                 "[  10.000003]  <TASK>\n"
                                 "[  10.000004]  blk_mq_get_tag+0x1b2/0x2a0\n"
                                 "[  10.000005]  </TASK>\n";
        QTest::addRow("crash prompt") << trace + "crash> bt 42\n" << 6 << 1;
        QTest::addRow("gdb thread header") << trace + "Thread 1 (Thread 0x7f0e1 (LWP 42)):\n" << 6 << 1;
        QTest::addRow("gdb frame") << trace + "#0  0x00007f0e1a6c2b5d in ppoll () from /lib64/libc.so.6\n" << 6 << 1;
        QTest::addRow("prose after the log") << trace + "\nThis is what we see every night.\nAny idea?\n" << 6 << 1;
        QTest::addRow("unrelated kernel lines are the log")
            << trace + "[  11.000000] e1000e: eno1 NIC Link is Up\n[  12.000000] usb 1-1: new device\n"
            << 8 << 1;
        QTest::addRow("prose between two stacks")
            << trace + "then a second one:\n" + trace.mid(trace.indexOf("[  10.000000]"), -1).replace("cpu 1", "cpu 2")
            << 13 << 2;
        QTest::addRow("/proc stack after the console")
            << trace + "\n# cat /proc/42/stack\n[<0>] blk_mq_get_tag+0x1b2/0x2a0\n"
            << 6 << 1;
        QTest::addRow("bpftrace after the console") << trace + "Attaching 1 probe...\n@x[1]: 5\n" << 6 << 1;
    }

    void regionEnds()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, last);
        QFETCH(int, threads);
        const ParseResult r = parseBytes(text, Format::Unknown);
        QVERIFY(!r.dump.regions.empty());
        QCOMPARE(r.dump.regions.front().format, Format::Console);
        int consoleThreads = 0;
        std::uint32_t end = 0;
        for (const Region& region : r.dump.regions)
            if (region.format == Format::Console)
                end = std::max(end, region.span.last);
        for (const Thread& t : r.dump.threads)
            consoleThreads += t.format == Format::Console;
        QCOMPARE(int(end), last);
        QCOMPARE(consoleThreads, threads);
    }

    void oldStyleWithoutTimestampsStaysConsole()
    {
        // an old-style trace pasted without timestamps must not become a /proc stack
        const QByteArray text = "Call Trace:\n"
                                " [<ffffffff8163a909>] schedule+0x29/0x70\n"
                                " [<ffffffff816385f9>] schedule_timeout+0x209/0x2d0\n"
                                " [<ffffffff810b8c26>] ? try_to_wake_up+0x186/0x330\n";
        const ParseResult r = parseBytes(text, Format::Unknown);
        QCOMPARE(int(r.dump.threads.size()), 1);
        QCOMPARE(r.dump.threads[0].format, Format::Console);
        QCOMPARE(int(r.dump.threads[0].frames.size()), 3);
    }

    void sample002()
    {
        const ParseResult r = parseData(u"samples/002_vhost_net_livelock.txt"_s, Format::Unknown);
        const Dump& d = r.dump;
        QVERIFY2(r.diagnostics.empty(), r.diagnostics.empty() ? "" : r.diagnostics.front().message.c_str());
        QCOMPARE(int(d.threads.size()), 5);
        // the vhost worker in three soft lockups: the same loop in every sample
        for (int i : { 0, 1, 3 }) {
            const Thread& t = d.threads[std::size_t(i)];
            QCOMPARE(str(d, t.id), u"pid 48230"_s);
            QCOMPARE(str(d, t.name), u"vhost-48213"_s);
            QCOMPARE(t.cpu, 7);
            QCOMPARE(t.state, ThreadState::Running);
            QCOMPARE(t.sample, std::uint32_t(i == 3 ? 2 : i));
            bool handleRx = false;
            for (const Frame& f : t.frames)
                handleRx = handleRx || (str(d, f.function) == u"handle_rx"_s && str(d, f.module) == u"vhost_net"_s);
            QVERIFY(handleRx);
        }
        const Thread& qemu = d.threads[2];
        QCOMPARE(str(d, qemu.id), u"pid 48213"_s);
        QCOMPARE(qemu.state, ThreadState::Uninterruptible);
        QCOMPARE(str(d, qemu.frames[6].function), u"vhost_dev_flush"_s);
        QCOMPARE(str(d, qemu.frames[5].function), u"wait_for_completion"_s);
        QCOMPARE(str(d, qemu.frames[8].function), u"vhost_net_release"_s);
        const Thread& libvirt = d.threads[4];
        QCOMPARE(libvirt.format, Format::ProcStack);
        QCOMPARE(str(d, libvirt.id), u"pid 2260"_s);
        QCOMPARE(str(d, libvirt.name), u"rpc-worker"_s);
        QCOMPARE(str(d, libvirt.frames.front().function), u"futex_wait_queue"_s);

        QCOMPARE(int(d.reports.size()), 4);
        QCOMPARE(d.reports[0].kind, ReportKind::SoftLockup);
        QCOMPARE(d.reports[0].thread.value, 0u);
        QCOMPARE(d.reports[2].kind, ReportKind::HungTask);
        QCOMPARE(d.reports[2].thread.value, 2u);
        QCOMPARE(d.reports[3].seconds, 224.0);
        QCOMPARE(int(d.counters.size()), 3);
        QCOMPARE(str(d, d.counters[0].map), u"@get_rx_ret"_s);
        QCOMPARE(d.counters[0].value, std::int64_t(4468052));
        QCOMPARE(str(d, d.counters[1].key), u"60366"_s);
        QCOMPARE(int(d.regions.size()), 3);
        QCOMPARE(d.regions[0].format, Format::Console);
        QCOMPARE(d.regions[1].format, Format::ProcStack);
        QCOMPARE(d.regions[2].format, Format::Bpftrace);
    }

    void sampleHealthy()
    {
        const ParseResult r = parseData(u"samples/healthy_idle_kernel_sysrq_t.txt"_s, Format::Unknown);
        const Dump& d = r.dump;
        QVERIFY(r.diagnostics.empty());
        QCOMPARE(int(d.threads.size()), 32);
        int sleeping = 0, idle = 0, other = 0;
        for (std::size_t i = 0; i < 28; ++i) {
            const Thread& t = d.threads[i];
            QVERIFY(!t.frames.empty());
            sleeping += t.state == ThreadState::Sleeping;
            idle += t.state == ThreadState::Idle;
            other += t.state != ThreadState::Sleeping && t.state != ThreadState::Idle;
        }
        QCOMPARE(sleeping, 16);
        QCOMPARE(idle, 11);
        QCOMPARE(other, 1); // the bash that wrote the trigger, R
        QCOMPARE(str(d, d.threads[0].name), u"systemd"_s);
        QCOMPARE(str(d, d.threads[0].frames[4].function), u"ep_poll"_s);
        for (std::size_t i = 29; i < 32; ++i) {
            QCOMPARE(d.threads[i].state, ThreadState::Idle);
            QCOMPARE(str(d, d.threads[i].frames.at(0).function), u"native_safe_halt"_s);
        }
        for (const ConsoleReport& rep : d.reports)
            QCOMPARE(rep.kind, ReportKind::NmiBacktrace);
    }
};

QTEST_GUILESS_MAIN(TestConsoleParser)
#include "tst_consoleparser.moc"
