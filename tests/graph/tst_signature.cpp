// SPDX-License-Identifier: GPL-2.0-or-later
// Function normalization (kernel, illumos, gdb C/C++, Rust), short names for titles, key frames,
// and signatures that stay the same for the same hang from another machine.
#include "graphfixture.h"

#include <hvdump/graph/detectors.h>
#include <hvdump/graph/signature.h>

#include <QTest>

using namespace hvdump::graph;
using namespace hvdump::graph::test;
using namespace Qt::StringLiterals;

namespace {

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

std::string s(const QString& q)
{
    return q.toStdString();
}

// T1 takes A then B, T2 takes B then A; addresses, pids, offsets and thread order vary per machine
std::vector<Finding> abbaOnMachine(GraphFixture& f, bool swapped, const char* offA, const char* offB, int pidBase)
{
    const std::string fa = std::string("transfer_a") + offA, fb = std::string("transfer_b") + offB;
    VertexId t1, t2;
    if (!swapped) {
        t1 = f.context("t" + std::to_string(pidBase), { "__schedule+0x2f3/0x8a0", "mutex_lock+0x1c/0x30", fa.c_str() },
            -1, pidBase);
        t2 = f.context("t" + std::to_string(pidBase + 1),
            { "__schedule+0x2f3/0x8a0", "mutex_lock+0x1c/0x30", fb.c_str() }, -1, pidBase + 1);
    } else {
        t2 = f.context("t" + std::to_string(pidBase + 1), { "0xffffffff81a2b3c4 __schedule", "mutex_lock", fb.c_str() },
            -1, pidBase + 1);
        t1 = f.context(
            "t" + std::to_string(pidBase), { "0xffffffff81a2b3c4 __schedule", "mutex_lock", fa.c_str() }, -1, pidBase);
    }
    VertexId a = f.resource(ResourceKind::Mutex, swapped ? "0xffff8880a1b2c3d0" : "0xffff88810c0d0e00");
    VertexId b = f.resource(ResourceKind::Mutex, swapped ? "0xffff8880a1b2c400" : "0xffff88810c0d0f00");
    f.holds(a, t1);
    f.waits(t1, b);
    f.holds(b, t2);
    f.waits(t2, a);
    return runDetectors(f.g, f.dump);
}

} // namespace

class TestSignature : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void normalizes_data()
    {
        QTest::addColumn<QString>("raw");
        QTest::addColumn<QString>("normalized");
        QTest::addRow("kernel offset/size")
            << u"queued_spin_lock_slowpath+0x1a/0x40"_s << u"queued_spin_lock_slowpath"_s;
        QTest::addRow("kernel old style address")
            << u"[<ffffffff810a1b2c>] __send_to_port+0x1a/0x40"_s << u"__send_to_port"_s;
        QTest::addRow("unreliable isra clone") << u"? __send_to_port.isra.0+0x12/0x30"_s << u"__send_to_port"_s;
        QTest::addRow("cold part with module") << u"handle_rx.cold+0x5/0x10 [vhost_net]"_s << u"handle_rx"_s;
        QTest::addRow("constprop") << u"vhost_get_vq_desc_n.constprop.0+0x2c/0x540 [vhost]"_s
                                   << u"vhost_get_vq_desc_n"_s;
        QTest::addRow("part") << u"tick_sched_timer.part.0"_s << u"tick_sched_timer"_s;
        QTest::addRow("llvm suffix") << u"do_work.llvm.8712345"_s << u"do_work"_s;
        QTest::addRow("decoded file after symbol")
            << u"do_syscall_64+0x5c/0xf0 arch/x86/entry/common.c:50"_s << u"do_syscall_64"_s;
        QTest::addRow("mdb frame with arguments")
            << u"fffff94616752730 rw_enter_sleep+0x1a5(fffffd6b03a206a0, 0)"_s << u"rw_enter_sleep"_s;
        QTest::addRow("mdb module`function") << u"genunix`cv_wait+0x68"_s << u"cv_wait"_s;
        QTest::addRow("mdb resume line") << u"[ fffff946167525f0 _resume_from_idle+0x12b() ]"_s
                                         << u"_resume_from_idle"_s;
        QTest::addRow("gdb frame") << u"#3  0x00007f1c2a3b4c5d in __lll_lock_wait (futex=futex@entry=0x55d0c6e1a2c0 "
                                      u"<bql>, private=0) at lowlevellock.c:52"_s
                                   << u"__lll_lock_wait"_s;
        QTest::addRow("gdb optimized out")
            << u"qemu_mutex_lock_impl (mutex=<optimized out>, line=94) at x.c:94"_s << u"qemu_mutex_lock_impl"_s;
        QTest::addRow("C++ method const") << u"Foo::bar(int, char const*) const"_s << u"Foo::bar"_s;
        QTest::addRow("C++ call operator") << u"Foo::operator()(int)"_s << u"Foo::operator()"_s;
        QTest::addRow("C++ shift operator") << u"Log::operator<<(int)"_s << u"Log::operator<<"_s;
        QTest::addRow("C++ templates") << u"std::vector<int, std::allocator<int> >::push_back(int const&)"_s
                                       << u"std::vector<int,std::allocator<int>>::push_back"_s;
        QTest::addRow("C++ anonymous namespace")
            << u"(anonymous namespace)::worker(void*)"_s << u"(anonymous namespace)::worker"_s;
        QTest::addRow("C++ abi tag") << u"std::__cxx11::basic_string<char>::_M_create[abi:cxx11](unsigned long&)"_s
                                     << u"std::__cxx11::basic_string<char>::_M_create"_s;
        QTest::addRow("plt") << u"memcpy@plt"_s << u"memcpy"_s;
        QTest::addRow("unknown function") << u"??"_s << QString();
        QTest::addRow("bare address") << u"0x00007f1c2a3b4c5d"_s << QString();
        QTest::addRow("rust hash") << u"std::sys::unix::locks::futex_mutex::Mutex::lock_contended::h5d4f3d1e2a4b6c7d"_s
                                   << u"std::sys::unix::locks::futex_mutex::Mutex::lock_contended"_s;
        QTest::addRow("rust trait impl with args")
            << u"<vmm::cpu::AcpiCpuHotplugController as vm_device::bus::BusDevice>::read (self=0x7f3c, base=4096, "
               u"offset=0, data=...) at vmm/src/cpu.rs:612"_s
            << u"<vmm::cpu::AcpiCpuHotplugController as vm_device::bus::BusDevice>::read"_s;
        QTest::addRow("rust closure") << u"vmm::cpu::CpuManager::signal_vcpus::{{closure}}"_s
                                      << u"vmm::cpu::CpuManager::signal_vcpus::{{closure}}"_s;
        QTest::addRow("rust v0 crate hash") << u"std[8f2a1b3c4d5e6f70]::thread::park"_s << u"std::thread::park"_s;
        QTest::addRow("rust legacy mangled") << u"_ZN3vmm3cpu10CpuManager12signal_vcpus17h0123456789abcdefE"_s
                                             << u"_ZN3vmm3cpu10CpuManager12signal_vcpusE"_s;
        QTest::addRow("informal annotation")
            << u"vprintk_emit       <- spinning for console lock"_s << u"vprintk_emit"_s;
        QTest::addRow("hex-looking short name") << u"add"_s << u"add"_s;
    }

    void normalizes()
    {
        QFETCH(QString, raw);
        QFETCH(QString, normalized);
        QCOMPARE(q(normalizeFunction(s(raw))), normalized);
        QCOMPARE(q(normalizeFunction(normalizeFunction(s(raw)))), normalized); // idempotent
    }

    void shortNames_data()
    {
        QTest::addColumn<QString>("function");
        QTest::addColumn<QString>("shortName");
        QTest::addRow("rust method") << u"vmm::cpu::CpuManager::signal_vcpus"_s << u"CpuManager::signal_vcpus"_s;
        QTest::addRow("rust trait impl") << u"<vmm::cpu::AcpiCpuHotplugController as vm_device::bus::BusDevice>::read"_s
                                         << u"AcpiCpuHotplugController::read"_s;
        QTest::addRow("generic type") << u"std::sync::mutex::Mutex<T>::lock"_s << u"Mutex::lock"_s;
        QTest::addRow("module function") << u"std::thread::park"_s << u"park"_s;
        QTest::addRow("kernel symbol") << u"virtqueue_get_buf+0x10/0x20"_s << u"virtqueue_get_buf"_s;
        QTest::addRow("closure") << u"vmm::cpu::CpuManager::signal_vcpus::{{closure}}"_s
                                 << u"CpuManager::signal_vcpus"_s;
        QTest::addRow("C++ template class") << u"std::vector<int>::push_back"_s << u"vector::push_back"_s;
        QTest::addRow("anonymous namespace") << u"(anonymous namespace)::worker"_s << u"worker"_s;
    }

    void shortNames()
    {
        QFETCH(QString, function);
        QFETCH(QString, shortName);
        QCOMPARE(q(shortFunction(s(function))), shortName);
    }

    void keyFrames_data()
    {
        QTest::addColumn<QStringList>("frames"); // innermost first; a leading "?" marks an unreliable frame
        QTest::addColumn<QString>("key");
        QTest::addRow("linux mutex") << QStringList { u"__schedule+0x1/0x2"_s, u"schedule+0x2/0x3"_s,
            u"schedule_preempt_disabled"_s, u"__mutex_lock.constprop.0"_s, u"__mutex_lock_slowpath"_s, u"mutex_lock"_s,
            u"vhost_dev_flush"_s, u"vhost_net_stop"_s }
                                     << u"vhost_dev_flush"_s;
        QTest::addRow("illumos rwlock") << QStringList { u"_resume_from_idle+0x12b"_s, u"swtch+0x133"_s,
            u"turnstile_block+0x25b"_s, u"rw_enter_sleep+0x1a5"_s, u"vmm_write_lock+0x87"_s,
            u"vmmdev_do_ioctl+0x2e8"_s } << u"vmm_write_lock"_s;
        QTest::addRow("glibc mutex") << QStringList { u"__lll_lock_wait"_s, u"___pthread_mutex_lock"_s,
            u"qemu_mutex_lock_impl"_s, u"kvm_cpu_exec"_s }
                                     << u"qemu_mutex_lock_impl"_s;
        QTest::addRow("rust std mutex") << QStringList { u"syscall"_s,
            u"std::sys::unix::futex::futex_wait::h0123456789abcdef"_s,
            u"std::sys::unix::locks::futex_mutex::Mutex::lock_contended::h0123456789abcdef"_s,
            u"std::sync::mutex::Mutex<T>::lock::h0123456789abcdef"_s,
            u"<vmm::cpu::AcpiCpuHotplugController as vm_device::bus::BusDevice>::read"_s }
                                        << u"<vmm::cpu::AcpiCpuHotplugController as vm_device::bus::BusDevice>::read"_s;
        QTest::addRow("spinner innermost")
            << QStringList { u"virtqueue_get_buf+0x5/0x90"_s, u"__send_to_port"_s } << u"virtqueue_get_buf"_s;
        QTest::addRow("unreliable frame skipped")
            << QStringList { u"?stale_function"_s, u"schedule"_s, u"real_wait"_s } << u"real_wait"_s;
        QTest::addRow("only internals") << QStringList { u"schedule"_s, u"do_syscall_64"_s } << u"do_syscall_64"_s;
        QTest::addRow("no frames") << QStringList {} << QString();
    }

    void keyFrames()
    {
        QFETCH(QStringList, frames);
        QFETCH(QString, key);
        GraphFixture f;
        hvdump::parsers::Thread t;
        for (const QString& fr : frames) {
            hvdump::parsers::Frame frame;
            frame.unreliable = fr.startsWith(u'?');
            frame.function = f.dump.strings.intern(s(frame.unreliable ? fr.mid(1) : fr));
            t.frames.push_back(frame);
        }
        QCOMPARE(q(keyFrame(f.dump, t)), key);
    }

    void sameHangSameSignature()
    {
        GraphFixture a, b;
        const std::vector<Finding> fa = abbaOnMachine(a, false, "+0x40/0x100", "+0x21/0x80", 100);
        const std::vector<Finding> fb = abbaOnMachine(b, true, ".isra.0+0x44/0x110", ".constprop.0+0x11/0x70", 4711);
        QCOMPARE(fa.size(), std::size_t(1));
        QCOMPARE(fb.size(), std::size_t(1));
        QCOMPARE(q(fa[0].signature), q(fb[0].signature));
        QCOMPARE(q(fa[0].title), u"deadlock in transfer_a / transfer_b"_s);
        QCOMPARE(q(fb[0].title), q(fa[0].title));
        QCOMPARE(q(signatureText(FindingKind::Deadlock, fa[0].keyFrames)), u"deadlock:transfer_a|transfer_b"_s);
    }

    void differentHangsDiffer()
    {
        const std::string base = makeSignature(FindingKind::Deadlock, { "transfer_a", "transfer_b" });
        QCOMPARE(base.size(), std::size_t(16));
        QCOMPARE(makeSignature(FindingKind::Deadlock, { "transfer_b+0x10/0x20", "transfer_a.isra.0" }), base);
        QVERIFY(makeSignature(FindingKind::Deadlock, { "transfer_a", "transfer_c" }) != base);
        QVERIFY(makeSignature(FindingKind::Stall, { "transfer_a", "transfer_b" }) != base);
        QVERIFY(makeSignature(FindingKind::Deadlock, { "transfer_a" }) != base);
        // pinned: signatures are stored in the case database, a changed hash would lose every match
        QCOMPARE(q(makeSignature(FindingKind::Spin, { "virtqueue_get_buf+0x5/0x90" })), u"8782dc921bf17958"_s);
    }

    void titles_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QStringList>("frames");
        QTest::addColumn<int>("blocked");
        QTest::addColumn<QString>("title");
        QTest::addRow("deadlock") << int(FindingKind::Deadlock)
                                  << QStringList { u"vmm::cpu::CpuManager::signal_vcpus"_s,
                                         u"<vmm::cpu::AcpiCpuHotplugController as vm_device::bus::BusDevice>::read"_s }
                                  << 0 << u"deadlock in CpuManager::signal_vcpus / AcpiCpuHotplugController::read"_s;
        QTest::addRow("spin") << int(FindingKind::Spin) << QStringList { u"virtqueue_get_buf+0x5/0x90"_s } << 0
                              << u"spin in virtqueue_get_buf"_s;
        QTest::addRow("lost wakeup") << int(FindingKind::LostWakeup)
                                     << QStringList { u"cache_clean_timer_del_and_wait"_s } << 0
                                     << u"lost wakeup in cache_clean_timer_del_and_wait"_s;
        QTest::addRow("stall") << int(FindingKind::Stall) << QStringList { u"virtqueue_get_buf"_s } << 3
                               << u"stall behind virtqueue_get_buf (3 blocked)"_s;
        QTest::addRow("duplicates once") << int(FindingKind::Deadlock) << QStringList { u"worker"_s, u"worker"_s } << 0
                                         << u"deadlock in worker"_s;
        QTest::addRow("long list") << int(FindingKind::Deadlock)
                                   << QStringList { u"a1"_s, u"a2"_s, u"a3"_s, u"a4"_s, u"a5"_s } << 0
                                   << u"deadlock in a1 / a2 / a3 / +2 more"_s;
        QTest::addRow("no frames") << int(FindingKind::Stall) << QStringList {} << 1 << u"stall (1 blocked)"_s;
    }

    void titles()
    {
        QFETCH(int, kind);
        QFETCH(QStringList, frames);
        QFETCH(int, blocked);
        QFETCH(QString, title);
        std::vector<std::string> keys;
        for (const QString& fr : frames)
            keys.push_back(s(fr));
        QCOMPARE(q(makeTitle(FindingKind(kind), keys, std::uint32_t(blocked))), title);
    }

    void hostileNames()
    {
        // long junk and unbalanced brackets: bounded work, no crash
        std::string junk(1 << 20, '<');
        QVERIFY(normalizeFunction(junk).size() <= 4096);
        QVERIFY(shortFunction(junk).size() <= 4096);
        std::string parens = "f" + std::string(100000, '(');
        QCOMPARE(q(normalizeFunction(parens)), u"f"_s);
        QCOMPARE(q(normalizeFunction("")), QString());
        QCOMPARE(q(normalizeFunction("   ")), QString());
    }
};

QTEST_GUILESS_MAIN(TestSignature)
#include "tst_signature.moc"
