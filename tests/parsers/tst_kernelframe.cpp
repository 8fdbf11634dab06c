// SPDX-License-Identifier: GPL-2.0-or-later
// One kernel line at a time: frame lines of every era and architecture (kernelframe.h), the
// task/CPU headers of sched_show_task and dump_stack (consolelines.h), and the dmesg -T/-H
// timestamps the line cleaner leaves.
#include <hvdump/parsers/consolelines.h>
#include <hvdump/parsers/kernelframe.h>

#include <QTest>

using namespace hvdump::parsers;
using namespace Qt::StringLiterals;

namespace {

QString qs(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

} // namespace

class TestKernelFrame : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void frameLines_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("function");
        QTest::addColumn<QString>("offset");
        QTest::addColumn<QString>("size");
        QTest::addColumn<QString>("module");
        QTest::addColumn<QString>("address");
        QTest::addColumn<bool>("unreliable");
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("line_");

        QTest::addRow("new style with module")
            << u" handle_rx+0x32c/0x8d0 [vhost_net]"_s << true << u"handle_rx"_s << u"32c"_s << u"8d0"_s
            << u"vhost_net"_s << QString() << false << QString() << 0;
        QTest::addRow("old style unreliable")
            << u" [<ffffffff810b8c26>] ? try_to_wake_up+0x186/0x330"_s << true << u"try_to_wake_up"_s << u"186"_s
            << u"330"_s << QString() << u"ffffffff810b8c26"_s << true << QString() << 0;
        QTest::addRow("/proc stack hidden address")
            << u"[<0>] futex_wait_queue+0x69/0xa0"_s << true << u"futex_wait_queue"_s << u"69"_s << u"a0"_s << QString()
            << QString() << false << QString() << 0;
        QTest::addRow("cold and constprop suffixes")
            << u" __mutex_lock.constprop.0+0x263/0x4a0"_s << true << u"__mutex_lock.constprop.0"_s << u"263"_s
            << u"4a0"_s << QString() << QString() << false << QString() << 0;
        QTest::addRow("bare address") << u" ? 0xffffffffc0a1b2c3"_s << true << QString() << QString() << QString()
                                      << QString() << u"ffffffffc0a1b2c3"_s << true << QString() << 0;
        QTest::addRow("build id in the module bracket")
            << u" vhost_get_vq_desc_n+0x1c4/0x8b0 [vhost 5f0a8c8e3b9c0c3c]"_s << true << u"vhost_get_vq_desc_n"_s
            << u"1c4"_s << u"8b0"_s << u"vhost"_s << QString() << false << QString() << 0;
        QTest::addRow("arm64 (T) mark") << u" __switch_to+0x1ec/0x380 (T)"_s << true << u"__switch_to"_s << u"1ec"_s
                                        << u"380"_s << QString() << QString() << false << QString() << 0;
        QTest::addRow("syzbot location") << u" do_syscall_64+0xcd/0x250 arch/x86/entry/common.c:83"_s << true
                                         << u"do_syscall_64"_s << u"cd"_s << u"250"_s << QString() << QString() << false
                                         << u"arch/x86/entry/common.c"_s << 83;
        QTest::addRow("syzbot inlined frame")
            << u" __dump_stack lib/dump_stack.c:88 [inline]"_s << true << u"__dump_stack"_s << QString() << QString()
            << QString() << QString() << false << u"lib/dump_stack.c"_s << 88;
        QTest::addRow("arm32 callee from caller")
            << u"[<c0013a1c>] (unwind_backtrace+0x0/0xf0) from [<c0011a6c>] (show_stack+0x10/0x14)"_s << true
            << u"unwind_backtrace"_s << u"0"_s << u"f0"_s << QString() << u"c0013a1c"_s << false << QString() << 0;
        QTest::addRow("arm32 callee without offset")
            << u"[<8064b97f>] (__schedule) from [<8064bb01>] (schedule+0x8d/0xc2)"_s << true << u"__schedule"_s
            << QString() << QString() << QString() << u"8064b97f"_s << false << QString() << 0;
        QTest::addRow("a word is not a frame") << u" schedule"_s << false << QString() << QString() << QString()
                                               << QString() << QString() << false << QString() << 0;
        QTest::addRow("a word before 'from' is prose (syslogd's wall banner)")
            << u"Message from syslogd@jagalan at Feb 13 09:02:19 .."_s << false << QString() << QString() << QString()
            << QString() << QString() << false << QString() << 0;
        QTest::addRow("prose is not a frame")
            << u"Modules linked in: vhost_net vhost"_s << false << QString() << QString() << QString() << QString()
            << QString() << false << QString() << 0;
        QTest::addRow("bad hex offset") << u" handle_rx+0xZZ/0x8d0"_s << false << QString() << QString() << QString()
                                        << QString() << QString() << false << QString() << 0;
        QTest::addRow("unclosed address") << u" [<ffffffff8104a2e5] foo+0x1/0x2"_s << false << QString() << QString()
                                          << QString() << QString() << QString() << false << QString() << 0;
    }

    void frameLines()
    {
        QFETCH(QString, line);
        QFETCH(bool, ok);
        const QByteArray bytes = line.toUtf8();
        KernelFrameText f;
        QCOMPARE(scanKernelFrameLine(std::string_view(bytes.constData(), std::size_t(bytes.size())), f), ok);
        if (!ok)
            return;
        QFETCH(QString, function);
        QCOMPARE(qs(f.function), function);
        QFETCH(QString, offset);
        QCOMPARE(f.hasOffset ? QString::number(qulonglong(f.offset), 16) : QString(), offset);
        QFETCH(QString, size);
        QCOMPARE(f.hasSize ? QString::number(qulonglong(f.size), 16) : QString(), size);
        QFETCH(QString, module);
        QCOMPARE(qs(f.module), module);
        QFETCH(QString, address);
        QCOMPARE(f.hasAddress ? QString::number(qulonglong(f.address), 16) : QString(), address);
        QFETCH(bool, unreliable);
        QCOMPARE(f.unreliable, unreliable);
        QFETCH(QString, file);
        QCOMPARE(qs(f.file), file);
        QFETCH(int, line_);
        QCOMPARE(int(f.line), line_);
    }

    void headers_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("comm");
        QTest::addColumn<int>("pid");
        QTest::addColumn<int>("cpu");
        QTest::addColumn<QString>("state");

        QTest::addRow("CPU line") << u"CPU: 3 PID: 1234 Comm: vhost-4321 Not tainted 6.1.0 #1"_s << u"vhost-4321"_s
                                  << 1234 << 3 << QString();
        QTest::addRow("CPU line with UID and a comm with spaces")
            << u"CPU: 14 UID: 0 PID: 91807 Comm: CPU 3/KVM Kdump: loaded Tainted: G L 5.14.0 #1"_s << u"CPU 3/KVM"_s
            << 91807 << 14 << QString();
        QTest::addRow("RCU task dump") << u"Task dump for CPU 1:"_s << QString() << -1 << 1 << QString();
        QTest::addRow("2.6 Pid line") << u"Pid: 0, comm: swapper Not tainted 2.6.32-431.el6.x86_64 #1"_s << u"swapper"_s
                                      << 0 << -1 << QString();
        QTest::addRow("sched task line, 6.x")
            << u"task:qemu-kvm        state:D stack:0     pid:48213 tgid:48213 ppid:1      flags:0x00004002"_s
            << u"qemu-kvm"_s << 48213 << -1 << u"D"_s;
        QTest::addRow("sched task line, 5.8 padding")
            << u"task:kworker/u16:3   state:D stack:    0 pid:  187 ppid:     2 flags:0x00004000"_s
            << u"kworker/u16:3"_s << 187 << -1 << u"D"_s;
        QTest::addRow("sched task line, running task")
            << u"task:bash            state:R  running task     stack:0     pid:1187  ppid:1180   flags:0x00000000"_s
            << u"bash"_s << 1187 << -1 << u"R"_s;
        QTest::addRow("old sched line with address")
            << u"qemu-kvm        D ffff88103fc54780     0  4321      1 0x00000080"_s << u"qemu-kvm"_s << 4321 << -1
            << u"D"_s;
        QTest::addRow("old sched line, 4.x")
            << u"kworker/3:1     D    0  2179      2 0x00000000"_s << u"kworker/3:1"_s << 2179 << -1 << u"D"_s;
        QTest::addRow("old sched line, running task")
            << u"bash            R  running task        0  1234   1233 0x00000000"_s << u"bash"_s << 1234 << -1
            << u"R"_s;
    }

    void headers()
    {
        QFETCH(QString, line);
        const QByteArray bytes = line.toUtf8();
        const std::string_view text(bytes.constData(), std::size_t(bytes.size()));
        TaskHeader h;
        QVERIFY(parseCpuLine(text, h) || parseSchedTaskLine(text, h));
        QFETCH(QString, comm);
        QCOMPARE(qs(h.comm), comm);
        QFETCH(int, pid);
        QCOMPARE(int(h.pid), pid);
        QFETCH(int, cpu);
        QCOMPARE(int(h.cpu), cpu);
        QFETCH(QString, state);
        QCOMPARE(h.state ? QString(QChar::fromLatin1(h.state)) : QString(), state);
    }

    void dmesgHumanTimestamps_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("text");
        QTest::addRow("dmesg -T") << u"[Thu Mar 13 15:18:38 2025] INFO: task cat:1803"_s << u"INFO: task cat:1803"_s;
        QTest::addRow("dmesg -H relative") << u"[  +0.000004]       Tainted: G"_s << u"      Tainted: G"_s;
        QTest::addRow("dmesg -H minute") << u"[Jul25 00:44] audit: type=1400"_s << u"audit: type=1400"_s;
        QTest::addRow("indented timestamp and caller")
            << u"    [  492.326391][  T44] INFO: task systemd:1"_s << u"INFO: task systemd:1"_s;
        QTest::addRow("a frame is no timestamp")
            << u" [<ffffffff8163a909>] schedule+0x29/0x70"_s << u" [<ffffffff8163a909>] schedule+0x29/0x70"_s;
    }

    void dmesgHumanTimestamps()
    {
        QFETCH(QString, line);
        QFETCH(QString, text);
        const QByteArray bytes = line.toUtf8();
        bool stripped = false;
        QCOMPARE(
            qs(stripExtraTimestamp(std::string_view(bytes.constData(), std::size_t(bytes.size())), stripped)), text);
    }
};

QTEST_GUILESS_MAIN(TestKernelFrame)
#include "tst_kernelframe.moc"
