// SPDX-License-Identifier: GPL-2.0-or-later
// The gdb samples as hvdump reads them: 001 (cloud-hypervisor pause deadlock), 003 (QEMU qcow2
// close lost wakeup) and a healthy idle QEMU; the threads, the key frames and the printed objects
// the analysis builds on.
#include "parsertests.h"

#include <hvdump/parsers/dumpparser.h>

#include <QFile>
#include <QTest>

using namespace hvdump::parsers;
using namespace hvdump::parsers::test;
using namespace Qt::StringLiterals;

namespace {

QByteArray readSample(const QString& name)
{
    const QString path = QString::fromUtf8(HVDUMP_SOURCE_DIR) + u"/samples/"_s + name;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot open sample %s", qPrintable(path));
    return f.readAll();
}

ParseResult parseSample(const QString& name)
{
    const QByteArray bytes = readSample(name);
    return parseText(std::string_view(bytes.constData(), std::size_t(bytes.size())), ParseOptions {});
}

} // namespace

class TestGdbSamples : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void samples_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("threads");
        QTest::addColumn<QString>("name"); // of the thread checked
        QTest::addColumn<QString>("function");
        QTest::addColumn<QString>("argument"); // a substring of that frame's arguments
        QTest::addColumn<int>("objects");

        QTest::addRow("001 cloud-hypervisor: vcpu0 blocked on vcpu_states")
            << u"001_cloud_hypervisor_pause_deadlock.txt"_s << 7 << u"vcpu0"_s
            << u"std::sys::sync::mutex::futex::Mutex::lock_contended"_s << u"self=0x7f5ac4011a40"_s << 3;
        QTest::addRow("001 cloud-hypervisor: VMM thread waits for the ack")
            << u"001_cloud_hypervisor_pause_deadlock.txt"_s << 7 << u"vmm"_s
            << u"vmm::cpu::VcpuState::wait_until_signal_acknowledged"_s << u"self=0x7f5ac4011a58"_s << 3;
        QTest::addRow("003 QEMU: main thread polls forever")
            << u"003_qemu_qcow2_close_lost_wakeup.txt"_s << 7 << u"qemu-system-x86"_s << u"qemu_poll_ns"_s
            << u"timeout=timeout@entry=-1"_s << 1;
        QTest::addRow("003 QEMU: vCPU waits for the BQL")
            << u"003_qemu_qcow2_close_lost_wakeup.txt"_s << 7 << u"CPU 0/KVM"_s << u"qemu_mutex_lock_impl"_s
            << u"<bql>"_s << 1;
        QTest::addRow("healthy QEMU: vCPU in KVM_RUN") << u"healthy_idle_qemu_gdb.txt"_s << 7 << u"CPU 1/KVM"_s
                                                       << u"kvm_vcpu_ioctl"_s << u"type=type@entry=44672"_s << 0;
        QTest::addRow("healthy QEMU: main loop with a timeout")
            << u"healthy_idle_qemu_gdb.txt"_s << 7 << u"qemu-system-x86"_s << u"os_host_main_loop_wait"_s
            << u"timeout=499000000"_s << 0;
    }

    void samples()
    {
        QFETCH(QString, file);
        QFETCH(int, threads);
        QFETCH(QString, name);
        QFETCH(QString, function);
        QFETCH(QString, argument);
        QFETCH(int, objects);
        ParseResult r = parseSample(file);
        QCOMPARE(int(r.dump.threads.size()), threads);
        QCOMPARE(int(r.dump.objects.size()), objects);
        QCOMPARE(warnings(r), 0);
        const Thread* thread = nullptr;
        for (const Thread& t : r.dump.threads)
            if (str(r.dump, t.name) == name)
                thread = &t;
        QVERIFY2(thread, qPrintable(name));
        const Frame* frame = nullptr;
        for (const Frame& f : thread->frames)
            if (str(r.dump, f.function) == function)
                frame = &f;
        QVERIFY2(frame, qPrintable(function));
        QVERIFY2(str(r.dump, frame->arguments).contains(argument), qPrintable(str(r.dump, frame->arguments)));
    }

    void sample003OwnerIsMainThread()
    {
        ParseResult r = parseSample(u"003_qemu_qcow2_close_lost_wakeup.txt"_s);
        QCOMPARE(int(r.dump.objects.size()), 1);
        const ObjectDump& bql = r.dump.objects[0];
        QCOMPARE(str(r.dump, bql.expression), u"bql"_s);
        const ObjectField* owner = findField(r.dump, bql.fields, u"lock.__data.__owner"_s);
        QVERIFY(owner);
        const Thread* main = nullptr;
        for (const Thread& t : r.dump.threads)
            if (str(r.dump, t.name) == u"qemu-system-x86"_s)
                main = &t;
        QVERIFY(main);
        QCOMPARE(str(r.dump, owner->value), QString::number(main->tid));
    }

    void sample001SameMutexAddress()
    {
        // vcpu0 waits on the mutex whose guard the VMM thread holds in signal_vcpus (p vcpu_states)
        ParseResult r = parseSample(u"001_cloud_hypervisor_pause_deadlock.txt"_s);
        QString waited;
        for (const Thread& t : r.dump.threads)
            for (const Frame& f : t.frames)
                if (str(r.dump, f.function) == u"std::sys::sync::mutex::futex::Mutex::lock_contended"_s)
                    waited = str(r.dump, f.arguments);
        QCOMPARE(waited, u"self=0x7f5ac4011a40"_s);
        const ObjectDump& guard = r.dump.objects.at(0);
        QCOMPARE(str(r.dump, guard.expression), u"vcpu_states"_s);
        QCOMPARE(str(r.dump, guard.type),
            u"std::sync::mutex::MutexGuard<alloc::vec::Vec<vmm::cpu::VcpuState, alloc::alloc::Global>>"_s);
        QCOMPARE(str(r.dump, findField(r.dump, guard.fields, u"lock"_s)->value), u"0x7f5ac4011a40"_s);
        const ObjectDump& flag = r.dump.objects.at(2);
        QCOMPARE(str(r.dump, findField(r.dump, flag.fields, u"data.v.value"_s)->value), u"0"_s);
        // the frame echoed by "frame 5" is no stack of its own
        QCOMPARE(int(r.dump.threads.size()), 7);
        QCOMPARE(int(r.dump.samples.size()), 1);
    }
};

QTEST_GUILESS_MAIN(TestGdbSamples)
#include "tst_gdbsamples.moc"
