// SPDX-License-Identifier: GPL-2.0-or-later
// crash(8) output: bt, bt -a, foreach bt, bt -l/-f/-t, ps tables, arm64 and x86_64 stacks with
// IRQ/NMI markers and exception frames, mail-quoted pastes, and what cannot be read.
#include "parsertests.h"

#include <hvdump/parsers/crashline.h>
#include <hvdump/parsers/crashparser.h>
#include <hvdump/parsers/dumpparser.h>
#include <hvdump/parsers/linestream.h>

#include <QFile>
#include <QTest>

using namespace hvdump::parsers;
using namespace hvdump::parsers::test;
using namespace Qt::StringLiterals;

namespace {

ParseResult parseData(const QString& name, Format forced = Format::Crash)
{
    QFile f(QString::fromUtf8(HVDUMP_SOURCE_DIR) + u"/tests/data/crash/"_s + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot open test data %s", qPrintable(name));
    const QByteArray bytes = f.readAll();
    ParseOptions options;
    options.forced = forced;
    options.source = name.toStdString();
    return parseText(std::string_view(bytes.constData(), std::size_t(bytes.size())), options);
}

QString hex(std::uint64_t v)
{
    return QString::number(qulonglong(v), 16);
}

} // namespace

class TestCrashParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void threads_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("index");
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("cpu");
        QTest::addColumn<QString>("state");
        QTest::addColumn<QString>("stateText");
        QTest::addColumn<QString>("task");
        QTest::addColumn<int>("frames");
        QTest::addColumn<QString>("top");
        QTest::addColumn<int>("first");
        QTest::addColumn<int>("last");

        QTest::addRow("x86_64 bt in NMI: on CPU from crash_nmi_callback")
            << u"x86_64_nmi.txt"_s << 0 << u"pid 2211"_s << u"qemu-kvm"_s << 5 << u"running"_s << QString()
            << u"ffff9b5e8a3d0000"_s << 23 << u"crash_nmi_callback"_s << 2 << 41;
        QTest::addRow("x86_64 bt of a page fault: interrupted function added")
            << u"x86_64_nmi.txt"_s << 1 << u"pid 1811"_s << u"vhost-2211"_s << 2 << u"running"_s << QString()
            << u"ffff9b5e91c48000"_s << 10 << u"machine_kexec"_s << 43 << 60;
        QTest::addRow("bt -a idle task names its CPU")
            << u"bt_a_x86_64.txt"_s << 0 << u"pid 0 CPU 0"_s << u"swapper/0"_s << 0 << u"running"_s << QString()
            << u"ffffffff8ac1a940"_s << 14 << u"crash_nmi_callback"_s << 2 << 25;
        QTest::addRow("bt -a task in IRQ on IRQ stack")
            << u"bt_a_x86_64.txt"_s << 1 << u"pid 4012"_s << u"fio"_s << 1 << u"running"_s << QString()
            << u"ffff8f0c4a8e2d00"_s << 25 << u"crash_nmi_callback"_s << 27 << 76;
        QTest::addRow("bt -a third CPU after a blank line")
            << u"bt_a_x86_64.txt"_s << 2 << u"pid 0 CPU 2"_s << u"swapper/2"_s << 2 << u"running"_s << QString()
            << u"ffff8f0c4025a680"_s << 12 << u"crash_nmi_callback"_s << 78 << 99;
        QTest::addRow("foreach UN bt gives the state")
            << u"foreach_un.txt"_s << 1 << u"pid 2290"_s << u"jbd2/vda1-8"_s << 3 << u"uninterruptible"_s << u"UN"_s
            << u"ffff8f0c4d3c5a00"_s << 6 << u"__schedule"_s << 23 << 29;
        QTest::addRow("foreach bt with user registers")
            << u"foreach_un.txt"_s << 0 << u"pid 812"_s << u"rsyslogd"_s << 0 << u"uninterruptible"_s << u"UN"_s
            << u"ffff8f0c4b7b8000"_s << 12 << u"__schedule"_s << 2 << 21;
        QTest::addRow("bt -l of a sleeping task: state unknown")
            << u"bt_l_f.txt"_s << 0 << u"pid 2290"_s << u"jbd2/vda1-8"_s << 3 << u"unknown"_s << QString()
            << u"ffff8f0c4d3c5a00"_s << 6 << u"__schedule"_s << 2 << 13;
        QTest::addRow("bt -f stack data skipped")
            << u"bt_l_f.txt"_s << 1 << u"pid 3391"_s << u"kworker/u8:2"_s << 1 << u"unknown"_s << QString()
            << u"ffff8f0c4e0b2d00"_s << 5 << u"__schedule"_s << 15 << 29;
        QTest::addRow("arm64 bt -a idle CPU in an IRQ")
            << u"arm64_bt_a.txt"_s << 0 << u"pid 0 CPU 0"_s << u"swapper/0"_s << 0 << u"running"_s << QString()
            << u"ffffffd00a2a7e80"_s << 20 << u"queued_spin_lock_slowpath"_s << 2 << 36;
        QTest::addRow("arm64 bt -a task stopped by crash_save_cpu")
            << u"arm64_bt_a.txt"_s << 1 << u"pid 2319"_s << u"binder:2319_2"_s << 1 << u"running"_s << QString()
            << u"ffffff8063a2be00"_s << 21 << u"crash_save_cpu"_s << 38 << 64;
        QTest::addRow("bt -t text symbols")
            << u"bt_t.txt"_s << 0 << u"pid 3391"_s << u"kworker/u8:2"_s << 1 << u"unknown"_s << QString()
            << u"ffff8f0c4e0b2d00"_s << 6 << u"__schedule"_s << 2 << 8;
        QTest::addRow("ps row: active idle task")
            << u"ps_table.txt"_s << 0 << u"pid 0 CPU 0"_s << u"swapper/0"_s << 0 << u"running"_s << u"RU"_s
            << u"ffffffff8ac1a940"_s << 0 << QString() << 3 << 3;
        QTest::addRow("ps row: RU without > is runnable")
            << u"ps_table.txt"_s << 1 << u"pid 0 CPU 1"_s << u"swapper/1"_s << 1 << u"runnable"_s << u"RU"_s
            << u"ffff8f0c40258000"_s << 0 << QString() << 4 << 4;
        QTest::addRow("ps row: ID kernel thread, brackets dropped")
            << u"ps_table.txt"_s << 5 << u"pid 37"_s << u"kworker/1:1"_s << 1 << u"idle"_s << u"ID"_s
            << u"ffff8f0c40a8a680"_s << 0 << QString() << 8 << 8;
        QTest::addRow("ps row: UN") << u"ps_table.txt"_s << 6 << u"pid 812"_s << u"rsyslogd"_s << 0
                                    << u"uninterruptible"_s << u"UN"_s << u"ffff8f0c4b7b8000"_s << 0 << QString() << 9
                                    << 9;
        QTest::addRow("ps row: ST") << u"ps_table.txt"_s << 7 << u"pid 1733"_s << u"vim"_s << 3 << u"stopped"_s
                                    << u"ST"_s << u"ffff8f0c4a8e0000"_s << 0 << QString() << 10 << 10;
        QTest::addRow("ps row: active user task")
            << u"ps_table.txt"_s << 8 << u"pid 4012"_s << u"fio"_s << 1 << u"running"_s << u"RU"_s
            << u"ffff8f0c4a8e2d00"_s << 0 << QString() << 11 << 11;
        QTest::addRow("ps row: comm with a space, zombie")
            << u"ps_table.txt"_s << 10 << u"pid 5120"_s << u"tmux: server"_s << 2 << u"zombie"_s << u"ZO"_s
            << u"ffff8f0c4c412d00"_s << 0 << QString() << 13 << 13;
        QTest::addRow("ps row: > glued to the pid")
            << u"ps_table.txt"_s << 11 << u"pid 12044"_s << u"sshd"_s << 3 << u"running"_s << u"RU"_s
            << u"ffff8f0c4d0b0000"_s << 0 << QString() << 14 << 14;
        QTest::addRow("mail-quoted bt with wrapped lines")
            << u"quoted_mail.txt"_s << 0 << u"pid 7702"_s << u"CPU 1/KVM"_s << 6 << u"unknown"_s << QString()
            << u"ffff8b2e4c1a0000"_s << 10 << u"__schedule"_s << 4 << 19;
        QTest::addRow("ppc64 foreach UN bt with elided frames")
            << u"foreach_elided_ppc64.txt"_s << 1 << u"pid 290"_s << u"kworker/6:1"_s << 6 << u"uninterruptible"_s
            << u"UN"_s << u"c000000036e5f800"_s << 3 << u"rtnl_lock"_s << 13 << 17;
        QTest::addRow("startup banner's task context: (SYSRQ) means on its CPU")
            << u"context.txt"_s << 0 << u"pid 35261"_s << u"zsh"_s << 2 << u"running"_s << u"TASK_RUNNING (SYSRQ)"_s
            << u"ffff9a25a9511800"_s << 0 << QString() << 5 << 9;
        QTest::addRow("set PID context completed by its bt")
            << u"context.txt"_s << 1 << u"pid 812"_s << u"rsyslogd"_s << 0 << u"uninterruptible"_s
            << u"TASK_UNINTERRUPTIBLE"_s << u"ffff8f0c4b7b8000"_s << 2 << u"__schedule"_s << 18 << 20;
        QTest::addRow("bt after crash> log, completed by a later ps")
            << u"session.txt"_s << 0 << u"pid 2290"_s << u"jbd2/vda1-8"_s << 3 << u"uninterruptible"_s << u"UN"_s
            << u"ffff8f0c4d3c5a00"_s << 3 << u"__schedule"_s << 6 << 9;
    }

    void threads()
    {
        QFETCH(QString, file);
        QFETCH(int, index);
        ParseResult r = parseData(file);
        const Dump& d = r.dump;
        QVERIFY(index < int(d.threads.size()));
        const Thread& t = d.threads[std::size_t(index)];
        QCOMPARE(t.format, Format::Crash);
        QTEST(str(d, t.id), "id");
        QTEST(str(d, t.name), "name");
        QTEST(int(t.cpu), "cpu");
        QTEST(QString::fromUtf8(threadStateName(t.state)), "state");
        QTEST(str(d, t.stateText), "stateText");
        QTEST(hex(t.taskAddress), "task");
        QTEST(int(t.frames.size()), "frames");
        QTEST(t.frames.empty() ? QString() : str(d, t.frames.front().function), "top");
        QTEST(int(t.span.first), "first");
        QTEST(int(t.span.last), "last");
    }

    void frames_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("thread");
        QTest::addColumn<int>("frame");
        QTest::addColumn<QString>("function");
        QTest::addColumn<QString>("address");
        QTest::addColumn<int>("offset"); // -1: none
        QTest::addColumn<QString>("module");
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("context");
        QTest::addColumn<bool>("unreliable");
        QTest::addColumn<int>("first");
        QTest::addColumn<int>("last");

        QTest::addRow("NMI handler frame above the marker")
            << u"x86_64_nmi.txt"_s << 0 << 4 << u"end_repeat_nmi"_s << u"ffffffffa2e0153b"_s << -1 << QString()
            << QString() << u"nmi"_s << false << 7 << 7;
        QTest::addRow("interrupted frame below the marker takes the exception offset")
            << u"x86_64_nmi.txt"_s << 0 << 5 << u"native_queued_spin_lock_slowpath"_s << u"ffffffffa2135f62"_s << 322
            << QString() << QString() << u"task"_s << false << 17 << 17;
        QTest::addRow("module suffix") << u"x86_64_nmi.txt"_s << 0 << 15 << u"handle_ept_misconfig"_s
                                       << u"ffffffffc0e4c6a1"_s << -1 << u"kvm_intel"_s << QString() << u"task"_s
                                       << false << 27 << 27;
        QTest::addRow("outermost frame before user registers")
            << u"x86_64_nmi.txt"_s << 0 << 22 << u"entry_SYSCALL_64_after_hwframe"_s << u"ffffffffa2e000aa"_s << -1
            << QString() << QString() << u"task"_s << false << 34 << 34;
        QTest::addRow("page fault handler frames are exception context")
            << u"x86_64_nmi.txt"_s << 1 << 6 << u"asm_exc_page_fault"_s << u"ffffffffa2e00b62"_s << -1 << QString()
            << QString() << u"exception"_s << false << 50 << 50;
        QTest::addRow("interrupted function from [exception RIP:] and RIP:")
            << u"x86_64_nmi.txt"_s << 1 << 7 << u"vhost_worker"_s << u"ffffffffc0b7b0fb"_s << 107 << QString()
            << QString() << u"task"_s << false << 51 << 58;
        QTest::addRow("caller after the interrupted function")
            << u"x86_64_nmi.txt"_s << 1 << 8 << u"kthread"_s << u"ffffffffa20f1e04"_s << -1 << QString() << QString()
            << u"task"_s << false << 59 << 59;
        QTest::addRow("IRQ stack frame with module")
            << u"bt_a_x86_64.txt"_s << 1 << 7 << u"virtblk_done"_s << u"ffffffffc04f2183"_s << -1 << u"virtio_blk"_s
            << QString() << u"irq"_s << false << 44 << 44;
        QTest::addRow("interrupt entry after the IRQ stack marker")
            << u"bt_a_x86_64.txt"_s << 1 << 14 << u"asm_common_interrupt"_s << u"ffffffff8ac00ce2"_s << -1 << QString()
            << QString() << u"irq"_s << false << 52 << 52;
        QTest::addRow("interrupted task code under the IRQ")
            << u"bt_a_x86_64.txt"_s << 1 << 15 << u"_raw_spin_unlock_irqrestore"_s << u"ffffffff8aa3e6f9"_s << 25
            << QString() << QString() << u"task"_s << false << 53 << 60;
        QTest::addRow("bt -l source line")
            << u"bt_l_f.txt"_s << 0 << 2 << u"jbd2_journal_commit_transaction"_s << u"ffffffffc0411c83"_s << -1
            << u"jbd2"_s << u"/usr/src/debug/kernel-6.1.0/linux-6.1.0/fs/jbd2/commit.c:496"_s << u"task"_s << false << 7
            << 8;
        QTest::addRow("source line from a second display of the same stack")
            << u"repeated_bt.txt"_s << 0 << 0 << u"__schedule"_s << u"ffffffff8aa3a1bd"_s << -1 << QString()
            << u"/usr/src/debug/kernel-6.1.0/linux-6.1.0/kernel/sched/core.c:5357"_s << u"task"_s << false << 3 << 3;
        QTest::addRow("bt -l frame without source")
            << u"bt_l_f.txt"_s << 0 << 3 << u"kjournald2"_s << u"ffffffffc0417a3d"_s << -1 << u"jbd2"_s << QString()
            << u"task"_s << false << 9 << 9;
        QTest::addRow("bt -f keeps frames, drops data")
            << u"bt_l_f.txt"_s << 1 << 3 << u"__mutex_lock.constprop.0"_s << u"ffffffff8aa3c151"_s << -1 << QString()
            << QString() << u"task"_s << false << 25 << 25;
        QTest::addRow("arm64 IRQ stack frame")
            << u"arm64_bt_a.txt"_s << 0 << 0 << u"queued_spin_lock_slowpath"_s << u"ffffffd0080f1e2c"_s << -1
            << QString() << QString() << u"irq"_s << false << 3 << 3;
        QTest::addRow("arm64 el1h_64_irq is the IRQ entry")
            << u"arm64_bt_a.txt"_s << 0 << 13 << u"el1h_64_irq"_s << u"ffffffd0080112e4"_s << -1 << QString()
            << QString() << u"irq"_s << false << 17 << 17;
        QTest::addRow("arm64 interrupted PC from the exception frame")
            << u"arm64_bt_a.txt"_s << 0 << 14 << u"cpuidle_enter_state"_s << u"ffffffd008a7b22c"_s << 0x1b4 << QString()
            << QString() << u"task"_s << false << 18 << 31;
        QTest::addRow("arm64 task frame after the IRQ stack")
            << u"arm64_bt_a.txt"_s << 1 << 10 << u"queued_spin_lock_slowpath"_s << u"ffffffd0080f1e2c"_s << -1
            << QString() << QString() << u"task"_s << false << 50 << 50;
        QTest::addRow("bt -t START frame") << u"bt_t.txt"_s << 0 << 0 << u"__schedule"_s << u"ffffffff8aa3a1bd"_s << -1
                                           << QString() << QString() << u"task"_s << false << 3 << 3;
        QTest::addRow("bt -t text symbol is unreliable")
            << u"bt_t.txt"_s << 0 << 2 << u"xfs_buf_find"_s << u"ffffffffc0457435"_s << -1 << u"xfs"_s << QString()
            << u"task"_s << true << 5 << 5;
        QTest::addRow("quoted-printable soft break joined")
            << u"quoted_mail.txt"_s << 0 << 5 << u"kvm_arch_vcpu_ioctl_run"_s << u"ffffffffc0cf8b55"_s << -1 << u"kvm"_s
            << QString() << u"task"_s << false << 10 << 10;
        QTest::addRow("frame wrapped after \"at\"")
            << u"quoted_mail.txt"_s << 0 << 7 << u"__x64_sys_ioctl"_s << u"ffffffff9a3679c3"_s << -1 << QString()
            << QString() << u"task"_s << false << 13 << 13;
    }

    void frames()
    {
        QFETCH(QString, file);
        QFETCH(int, thread);
        QFETCH(int, frame);
        ParseResult r = parseData(file);
        const Dump& d = r.dump;
        QVERIFY(thread < int(d.threads.size()));
        const Thread& t = d.threads[std::size_t(thread)];
        QVERIFY(frame < int(t.frames.size()));
        const Frame& f = t.frames[std::size_t(frame)];
        QTEST(str(d, f.function), "function");
        QVERIFY(f.hasAddress);
        QTEST(hex(f.address), "address");
        QTEST(f.hasOffset ? int(f.offset) : -1, "offset");
        QTEST(str(d, f.module), "module");
        QTEST(f.line ? str(d, f.file) + u':' + QString::number(f.line) : QString(), "source");
        QTEST(QString::fromUtf8(frameContextName(f.context)), "context");
        QTEST(f.unreliable, "unreliable");
        QTEST(int(f.span.first), "first");
        QTEST(int(f.span.last), "last");
    }

    void counts_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("threads");
        QTest::addColumn<int>("samples");
        QTest::addColumn<QString>("regions");

        QTest::addRow("two bt commands") << u"x86_64_nmi.txt"_s << 2 << 1 << u"1-60"_s;
        QTest::addRow("bt -a, three CPUs") << u"bt_a_x86_64.txt"_s << 3 << 1 << u"1-99"_s;
        QTest::addRow("foreach bt") << u"foreach_un.txt"_s << 3 << 1 << u"1-42"_s;
        QTest::addRow("ps, ps | grep and ps -m read the same tasks once") << u"ps_table.txt"_s << 12 << 1 << u"1-20"_s;
        QTest::addRow("arm64 bt -a") << u"arm64_bt_a.txt"_s << 2 << 1 << u"1-64"_s;
        QTest::addRow("log and struct output are not crash's") << u"session.txt"_s << 1 << 1 << u"1-1 5-10 14-16"_s;
        QTest::addRow("bt then bt -l of one task: one snapshot") << u"repeated_bt.txt"_s << 1 << 1 << u"1-9"_s;
        QTest::addRow("prose around a quoted bt") << u"quoted_mail.txt"_s << 1 << 1 << u"4-19"_s;
    }

    void counts()
    {
        QFETCH(QString, file);
        ParseResult r = parseData(file);
        QTEST(int(r.dump.threads.size()), "threads");
        QTEST(int(r.dump.samples.size()), "samples");
        QStringList regions;
        for (const Region& region : r.dump.regions) {
            QCOMPARE(region.format, Format::Crash);
            regions << QString::number(region.span.first) + u'-' + QString::number(region.span.last);
        }
        QTEST(regions.join(u' '), "regions");
    }

    void diagnostics_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("code");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("threads");
        QTest::addColumn<int>("frames");

        QTest::addRow("garbled TASK field") << u"bad_task.txt"_s << u"HVP012"_s << 2 << 1 << 2;
        QTest::addRow("frame line cut mid-way") << u"cut_frame.txt"_s << u"HVP010"_s << 5 << 1 << 4;
        QTest::addRow("elided frames right after the prompt")
            << u"foreach_elided_ppc64.txt"_s << u"HVP013"_s << 5 << 2 << 3;
        QTest::addRow("elided ps rows") << u"ps_table.txt"_s << u"HVP013"_s << 15 << 12 << 0;
    }

    void diagnostics()
    {
        QFETCH(QString, file);
        QFETCH(QString, code);
        QFETCH(int, line);
        ParseResult r = parseData(file);
        bool found = false;
        for (const Diagnostic& diag : r.diagnostics)
            found = found || (QString::fromStdString(diag.code) == code && int(diag.line) == line);
        QVERIFY2(found, qPrintable(u"no "_s + code));
        QTEST(int(r.dump.threads.size()), "threads");
        QTEST(int(r.dump.threads.front().frames.size()), "frames");
    }

    void sample000()
    {
        QFile f(QString::fromUtf8(HVDUMP_SOURCE_DIR) + u"/samples/000_virtio_console_crash.txt"_s);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        ParseOptions options;
        options.forced = Format::Crash;
        ParseResult r = parseText(std::string_view(bytes.constData(), std::size_t(bytes.size())), options);
        const Dump& d = r.dump;
        QCOMPARE(int(d.threads.size()), 5); // the four active tasks, and logcat's sleeping main thread from ps
        QStringList summary;
        for (const Thread& t : d.threads)
            summary << str(d, t.id) + u' ' + QString::number(t.cpu) + u' ' + QString::fromUtf8(threadStateName(t.state))
                    + u' ' + str(d, t.stateText) + u' '
                    + (t.frames.empty() ? QString() : str(d, t.frames.front().function));
        QCOMPARE(summary,
            (QStringList { u"pid 0 CPU 0 0 running RU queued_spin_lock_slowpath"_s,
                u"pid 87 1 running RU vprintk_emit"_s, u"pid 63 2 running RU queued_spin_lock_slowpath"_s,
                u"pid 412 3 running RU virtqueue_get_buf"_s, u"pid 410 1 sleeping IN "_s }));
        const Thread& cpu0 = d.threads[0];
        QCOMPARE(int(cpu0.frames.size()), 31);
        QCOMPARE(str(d, cpu0.frames[12].function), u"qcom_wdt_bark_handler"_s);
        QCOMPARE(str(d, cpu0.frames[12].module), u"qcom_wdt_core"_s);
        QCOMPARE(cpu0.frames[12].context, FrameContext::Irq);
        QCOMPARE(str(d, cpu0.frames[23].function), u"arch_cpu_idle"_s);
        QCOMPARE(cpu0.frames[23].context, FrameContext::Task);
        QCOMPARE(cpu0.frames[23].offset, std::uint64_t(28));
        QCOMPARE(str(d, d.threads[3].frames[1].function), u"__send_to_port"_s);
        QCOMPARE(int(d.threads[3].frames.size()), 20);
        for (const Diagnostic& diag : r.diagnostics)
            QVERIFY2(diag.severity == Severity::Note || diag.code == codes::NoStacks, diag.message.c_str());
    }

    void garbledTaskKeepsTheRest()
    {
        ParseResult r = parseData(u"bad_task.txt"_s);
        const Thread& t = r.dump.threads.front();
        QCOMPARE(t.tid, std::int64_t(1234));
        QCOMPARE(t.cpu, 3);
        QCOMPARE(t.taskAddress, std::uint64_t(0));
        QCOMPARE(str(r.dump, t.name), u"kworker/3:1"_s);
    }

    void sniffs_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("crash");

        QTest::addRow("prompt") << QByteArray("crash> bt -a\n") << true;
        QTest::addRow("header") << QByteArray("PID: 1  TASK: ffff888100a40000  CPU: 1  COMMAND: \"systemd\"\n") << true;
        QTest::addRow("newer header with an extra field")
            << QByteArray("PID: 1        TASK: ffff888100a40000  CPU: 1    COMMAND: \"systemd\"  ARCH: x86_64\n")
            << true;
        QTest::addRow("ps header and row") << QByteArray("   PID    PPID  CPU       TASK        ST  %MEM     VSZ    "
                                                         "RSS  COMM\n      1      0   1  ffff888100a40000  IN   0.1  "
                                                         "167404  11600  systemd\n")
                                           << true;
        QTest::addRow("two frames without header")
            << QByteArray(" #0 [ffffc90000003e48] schedule at ffffffff8106b5a3\n #1 [ffffc90000003e90] "
                          "schedule_timeout at ffffffff8106c0f1\n")
            << true;
        QTest::addRow("gdb frame") << QByteArray("#0  0x00007f2a1c93e94b in ppoll () from /lib64/libc.so.6\n#1  "
                                                 "0x000055d6f0a1b2c3 in aio_poll ()\n")
                                   << false;
        QTest::addRow("console frame") << QByteArray(" schedule+0x3c/0x90\n schedule_timeout+0x1a1/0x1c0\n") << false;
        QTest::addRow("sys banner PID line") << QByteArray("         PID: 35261\n     COMMAND: \"zsh\"\n") << false;
        QTest::addRow("prose") << QByteArray("The PID of the task was 1234 and COMM was bash.\n") << false;
        QTest::addRow("ps header alone") << QByteArray("PID PPID CPU TASK ST COMM\nnothing follows\n") << false;
    }

    void sniffs()
    {
        QFETCH(QByteArray, text);
        LineStream lines(std::string_view(text.constData(), std::size_t(text.size())));
        QTEST(sniffCrash(lines), "crash");
    }

    void lineClassifiers()
    {
        crash::FrameLine f;
        QCOMPARE(crash::parseFrameLine(
                     " #5 [ff646f199a8c7e00] ipoib_mcast_join_task+0x1b1 at ffffffffc0944ac1 [ib_ipoib]", f),
            crash::Parse::Ok);
        QCOMPARE(f.function, std::string_view("ipoib_mcast_join_task"));
        QCOMPARE(f.offset, std::uint64_t(0x1b1));
        QCOMPARE(f.module, std::string_view("ib_ipoib"));
        QCOMPARE(crash::parseFrameLine(" #7 [ffffc90000003f38] handle_edge_i", f), crash::Parse::Malformed);
        QCOMPARE(crash::parseFrameLine(" #7 [ffffc9000000", f), crash::Parse::Malformed);
        QCOMPARE(crash::parseFrameLine("#include <stdio.h>", f), crash::Parse::No);

        crash::ExceptionLine e;
        QVERIFY(crash::parseExceptionLine("    [exception RIP: free_pcppages_bulk+529]", e));
        QCOMPARE(e.function, std::string_view("free_pcppages_bulk"));
        QCOMPARE(e.offset, std::uint64_t(529)); // crash's default radix is decimal
        QVERIFY(crash::parseExceptionLine("    [exception RIP: unknown or invalid address]", e));
        QVERIFY(e.function.empty());
        QVERIFY(
            !crash::parseExceptionLine("     PC: 00000073b8f1c6a8   LR: 00000073b8ec4b2c   SP: 00000073b2ff2610", e));

        FrameContext c = FrameContext::Task;
        QVERIFY(crash::parseStackMarker("--- <hard IRQ> ---", c));
        QCOMPARE(c, FrameContext::Irq);
        QVERIFY(crash::parseStackMarker("--- <soft IRQ> ---", c));
        QCOMPARE(c, FrameContext::SoftIrq);
        QVERIFY(crash::parseStackMarker("--- <DOUBLEFAULT exception stack> ---", c));
        QCOMPARE(c, FrameContext::Exception);

        std::uint64_t ip = 0;
        bool hasIp = false;
        QVERIFY(crash::isRegisterLine("    CS: 0010  EIP: c012f803  ERR: ffffff09  EFLAGS: 00000246", ip, hasIp));
        QVERIFY(hasIp);
        QCOMPARE(ip, std::uint64_t(0xc012f803));
        QVERIFY(!crash::isRegisterLine("    /usr/src/linux/fs/namei.c: 2810", ip, hasIp));
    }

    void hostileInput()
    {
        // long lines, junk and a header cut at the end must neither crash nor stall
        std::string text = "crash> bt -a\nPID: 1  TASK: ffff888100a40000  CPU: 1  COMMAND: \"";
        text += std::string(200000, 'x');
        text += "\n #0 [";
        text += std::string(100000, 'f');
        text += "] f at 1\n";
        for (int i = 0; i < 20000; ++i)
            text += " #1 [ffffc90000003e48] schedule at ffffffff8106b5a3\n--- <IRQ stack> ---\n";
        text += "PID: 2  TASK: ffff8881";
        ParseOptions options;
        options.forced = Format::Crash;
        ParseResult r = parseText(text, options);
        QVERIFY(!r.dump.threads.empty());
        QVERIFY(r.dump.threads.front().frames.size() <= 20001);
    }
};

QTEST_GUILESS_MAIN(TestCrashParser)
#include "tst_crashparser.moc"
