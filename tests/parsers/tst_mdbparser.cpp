// SPDX-License-Identifier: GPL-2.0-or-later
// illumos mdb thread output: ::findstack [-v] (alone, after ::walk thread, inside ::threadlist -v,
// userland), $C/$c, ::stacks tables; seed 004 as pasted, the 004 sample, and what cannot be read.
// ::print and the lock tables are in tst_mdbprint.cpp.
#include "mdbtestdata.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTest>

#include <array>

using namespace hvdump::parsers;
using namespace hvdump::mdbtest;
using namespace Qt::StringLiterals;

class TestMdbParser : public QObject
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
        QTest::addColumn<QString>("state");
        QTest::addColumn<QString>("stateText");
        QTest::addColumn<QString>("waitObject");
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("frames");
        QTest::addColumn<QString>("top");
        QTest::addColumn<int>("first");
        QTest::addColumn<int>("last");

        QTest::addRow("walk | findstack -v: kernel thread sched")
            << u"findstack_walk.txt"_s << 6 << 0 << u"fffffffffbc4f9c0"_s << u"sched"_s << u"unknown"_s << QString()
            << QString() << 1 << 5 << u"_resume_from_idle"_s << 2 << 7;
        QTest::addRow("findstack -v: TS_FREE interrupt thread with an empty description")
            << u"findstack_walk.txt"_s << 6 << 1 << u"fffffe00f3a05c20"_s << QString() << u"idle"_s << u"TS_FREE"_s
            << QString() << 1 << 4 << u"_resume_from_idle"_s << 8 << 12;
        QTest::addRow("findstack -v: taskq description with a colon")
            << u"findstack_walk.txt"_s << 6 << 2 << u"fffffe00f4c1bc20"_s << u"tq:zfs_vn_rele_taskq"_s << u"unknown"_s
            << QString() << QString() << 1 << 6 << u"_resume_from_idle"_s << 13 << 19;
        QTest::addRow("findstack -v: module-qualified frames")
            << u"findstack_walk.txt"_s << 6 << 3 << u"fffffd6b04d27c00"_s << u"bhyve/36 [vcpu 0]"_s << u"unknown"_s
            << QString() << QString() << 1 << 8 << u"_resume_from_idle"_s << 20 << 28;
        QTest::addRow("findstack: header only, no frames")
            << u"findstack_walk.txt"_s << 6 << 4 << u"fffffd6b5c3f0020"_s << u"bhyve/41"_s << u"unknown"_s << QString()
            << QString() << 1 << 0 << QString() << 29 << 29;
        QTest::addRow("findstack: bracket line only")
            << u"findstack_walk.txt"_s << 6 << 5 << u"fffffd6b5c3f2780"_s << u"bhyve/42"_s << u"unknown"_s << QString()
            << QString() << 1 << 1 << u"_resume_from_idle"_s << 30 << 31;
        QTest::addRow("findstack without -v after a '> ' prompt")
            << u"findstack_prompt.txt"_s << 2 << 0 << u"fffffd6b90aeb800"_s << u"bhyve/38 [viona_rx_fffffd6b1e186990]"_s
            << u"unknown"_s << QString() << QString() << 1 << 8 << u"_resume_from_idle"_s << 4 << 12;
        QTest::addRow("findstack -v after a second prompt")
            << u"findstack_prompt.txt"_s << 2 << 1 << u"fffffd6b0c4d6820"_s << u"bhyve/39"_s << u"unknown"_s
            << QString() << QString() << 1 << 5 << u"_resume_from_idle"_s << 14 << 19;
        QTest::addRow("old header without description, CRLF and tab indents")
            << u"findstack_crlf_tabs.txt"_s << 1 << 0 << u"fffffd6b03a113e0"_s << QString() << u"unknown"_s << QString()
            << QString() << 1 << 4 << u"_resume_from_idle"_s << 1 << 5;
        QTest::addRow("stacks -m vmm: COUNT 3 on a CV")
            << u"stacks_module.txt"_s << 5 << 0 << u"fffffd6b03a113e0"_s << QString() << u"sleeping"_s << u"SLEEP"_s
            << u"CV"_s << 3 << 12 << u"swtch"_s << 3 << 15;
        QTest::addRow("stacks -m vmm: RWLOCK row")
            << u"stacks_module.txt"_s << 5 << 1 << u"fffffd6b04d27c00"_s << QString() << u"sleeping"_s << u"SLEEP"_s
            << u"RWLOCK"_s << 1 << 11 << u"swtch"_s << 17 << 28;
        QTest::addRow("stacks -c after a second prompt")
            << u"stacks_module.txt"_s << 5 << 3 << u"fffffd6b0c4d6820"_s << QString() << u"sleeping"_s << u"SLEEP"_s
            << u"CV"_s << 1 << 4 << u"swtch"_s << 41 << 45;
        QTest::addRow("stacks -a: first of three rows sharing a stack")
            << u"stacks_all.txt"_s << 6 << 0 << u"fffffe00f5d8fc20"_s << QString() << u"sleeping"_s << u"SLEEP"_s
            << u"MUTEX"_s << 1 << 9 << u"swtch"_s << 3 << 14;
        QTest::addRow("stacks -a: a '-' row has its own thread")
            << u"stacks_all.txt"_s << 6 << 2 << u"fffffe00f5d9bc20"_s << QString() << u"sleeping"_s << u"SLEEP"_s
            << u"MUTEX"_s << 1 << 9 << u"swtch"_s << 5 << 14;
        QTest::addRow("stacks: ONPROC with no consistent stack")
            << u"stacks_all.txt"_s << 6 << 3 << u"fffffe00f4c21c20"_s << QString() << u"running"_s << u"ONPROC"_s
            << QString() << 1 << 0 << QString() << 17 << 17;
        QTest::addRow("stacks: RUN is runnable, truncated stack")
            << u"stacks_all.txt"_s << 6 << 4 << u"fffffd6a41d5e0a0"_s << QString() << u"runnable"_s << u"RUN"_s
            << QString() << 1 << 5 << u"swtch"_s << 20 << 25;
        QTest::addRow("stacks: PANIC stack starts at vpanic")
            << u"stacks_all.txt"_s << 6 << 5 << u"fffffffffbc4f9c0"_s << QString() << u"running"_s << u"PANIC"_s
            << QString() << 1 << 6 << u"vpanic"_s << 28 << 34;
        QTest::addRow("$C without a thread header")
            << u"dollar_c.txt"_s << 2 << 0 << QString() << QString() << u"unknown"_s << QString() << QString() << 1 << 7
            << u"vpanic"_s << 2 << 8;
        QTest::addRow("$c without frame pointers")
            << u"dollar_c.txt"_s << 2 << 1 << QString() << QString() << u"unknown"_s << QString() << QString() << 1 << 6
            << u"vpanic"_s << 10 << 15;
        QTest::addRow("threadlist -v: WCHAN 0 is no wait object")
            << u"threadlist_v.txt"_s << 4 << 0 << u"fffffffffbc4f9c0"_s << u"sched"_s << u"unknown"_s << QString()
            << QString() << 1 << 5 << u"_resume_from_idle"_s << 3 << 10;
        QTest::addRow("threadlist -v: taskq thread sleeping on its WCHAN")
            << u"threadlist_v.txt"_s << 4 << 1 << u"fffffe00f4c1bc20"_s << u"tq:zfs_vn_rele_taskq"_s << u"unknown"_s
            << QString() << u"fffffd6a2c5e1e68"_s << 1 << 6 << u"_resume_from_idle"_s << 12 << 20;
        QTest::addRow("threadlist -v: old findstack header, name from THREAD:")
            << u"threadlist_v.txt"_s << 4 << 2 << u"fffffe00f3c05c20"_s << u"thread_reaper()"_s << u"unknown"_s
            << QString() << u"fffffffffbd0f2e8"_s << 1 << 5 << u"_resume_from_idle"_s << 22 << 29;
        QTest::addRow("threadlist -v: bhyve vcpu on the VM rwlock")
            << u"threadlist_v.txt"_s << 4 << 3 << u"fffffd6b04d27c00"_s << u"bhyve/36 [vcpu 0]"_s << u"unknown"_s
            << QString() << u"fffffd6b03a206a0"_s << 1 << 12 << u"_resume_from_idle"_s << 31 << 45;
        QTest::addRow("wrapped frame joins its continuation")
            << u"wrapped_frame.txt"_s << 1 << 0 << u"fffffd6b04d27c00"_s << u"bhyve/36 [vcpu 0]"_s << u"unknown"_s
            << QString() << QString() << 1 << 5 << u"_resume_from_idle"_s << 1 << 7;
        QTest::addRow("cut frame keeps function and offset")
            << u"bad_cut_frame.txt"_s << 2 << 0 << u"fffffd6b04d27c00"_s << u"bhyve/36 [vcpu 0]"_s << u"unknown"_s
            << QString() << QString() << 1 << 6 << u"_resume_from_idle"_s << 2 << 8;
        QTest::addRow("line cut before its function is skipped")
            << u"bad_cut_frame.txt"_s << 2 << 1 << u"fffffd6b03a113e0"_s << u"bhyve/37 [vcpu 1]"_s << u"unknown"_s
            << QString() << QString() << 1 << 4 << u"_resume_from_idle"_s << 9 << 14;
        QTest::addRow("non-hex stacks row dropped, the good one kept")
            << u"bad_stacks_row.txt"_s << 1 << 0 << u"fffffd6b0c4d6820"_s << QString() << u"sleeping"_s << u"SLEEP"_s
            << u"CV"_s << 1 << 4 << u"swtch"_s << 3 << 7;
        QTest::addRow("userland findstack: thread id is a small hex LWP id")
            << u"findstack_userland.txt"_s << 3 << 0 << u"1"_s << QString() << u"unknown"_s << QString() << QString()
            << 1 << 7 << u"__pollsys"_s << 4 << 11;
        QTest::addRow("userland findstack after an mdb warning")
            << u"findstack_userland.txt"_s << 3 << 2 << u"24"_s << QString() << u"unknown"_s << QString() << QString()
            << 1 << 5 << u"ioctl"_s << 22 << 27;
        QTest::addRow("::stacks pasted without indentation")
            << u"stacks_unindented.txt"_s << 2 << 0 << u"fffffd6b04d27c00"_s << QString() << u"sleeping"_s << u"SLEEP"_s
            << u"RWLOCK"_s << 1 << 5 << u"swtch"_s << 4 << 9;
        QTest::addRow("::stacks without indentation, second group")
            << u"stacks_unindented.txt"_s << 2 << 1 << u"fffffd6b0c4d6820"_s << QString() << u"sleeping"_s << u"SLEEP"_s
            << u"CV"_s << 1 << 4 << u"swtch"_s << 11 << 15;
        QTest::addRow("mail-quoted header wrapped by the mailer")
            << u"findstack_wrapped_header.txt"_s << 1 << 0 << u"fffffd6b90aeb800"_s
            << u"bhyve/38 [viona_rx_fffffd6b1e186990]"_s << u"unknown"_s << QString() << QString() << 1 << 5
            << u"_resume_from_idle"_s << 4 << 11;
        QTest::addRow("script(1) log: underlined ::stacks header")
            << u"script_log_escapes.txt"_s << 2 << 0 << u"fffffd6b04d27c00"_s << QString() << u"sleeping"_s
            << u"SLEEP"_s << u"RWLOCK"_s << 1 << 4 << u"swtch"_s << 4 << 8;
        QTest::addRow("script(1) log: underlined ::threadlist header")
            << u"script_log_escapes.txt"_s << 2 << 1 << u"fffffd6b0c4d6820"_s << u"bhyve/39"_s << u"unknown"_s
            << QString() << u"fffffd6b1e186ac8"_s << 1 << 5 << u"_resume_from_idle"_s << 12 << 19;
        QTest::addRow("sample: TX worker in the proc walk")
            << u"samples/004_bhyve_vmm_drv_lease.txt"_s << 10 << 6 << u"fffffd6b0c4d6820"_s << u"bhyve/39"_s
            << u"unknown"_s << QString() << QString() << 1 << 5 << u"_resume_from_idle"_s << 71 << 76;
        QTest::addRow("sample: ::stacks row for vcpu 0 after the walk")
            << u"samples/004_bhyve_vmm_drv_lease.txt"_s << 10 << 9 << u"fffffd6b04d27c00"_s << QString()
            << u"sleeping"_s << u"SLEEP"_s << u"RWLOCK"_s << 1 << 11 << u"swtch"_s << 102 << 113;
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
        QFETCH(QString, id);
        QCOMPARE(str(d, t.id), id);
        QFETCH(QString, name);
        QCOMPARE(str(d, t.name), name);
        QFETCH(QString, state);
        QCOMPARE(QString::fromUtf8(threadStateName(t.state)), state);
        QFETCH(QString, stateText);
        QCOMPARE(str(d, t.stateText), stateText);
        QFETCH(QString, waitObject);
        QCOMPARE(str(d, t.waitObject), waitObject);
        QFETCH(int, count);
        QCOMPARE(int(t.count), count);
        QFETCH(int, frames);
        QCOMPARE(int(t.frames.size()), frames);
        QCOMPARE(t.format, Format::Mdb);
        QFETCH(QString, top);
        QCOMPARE(t.frames.empty() ? QString() : str(d, t.frames.front().function), top);
        QFETCH(int, first);
        QCOMPARE(int(t.span.first), first);
        QFETCH(int, last);
        QCOMPARE(int(t.span.last), last);
        // kthread_t addresses are the task address; userland prints LWP ids in hex
        bool ok = false;
        const qulonglong value = str(d, t.id).toULongLong(&ok, 16);
        if (ok && str(d, t.id).size() >= 8)
            QCOMPARE(hex(t.taskAddress), str(d, t.id));
        else if (ok)
            QCOMPARE(qulonglong(t.tid), value);
        else
            QCOMPARE(t.tid, std::int64_t(-1));
    }

    void frames_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("thread");
        QTest::addColumn<int>("frame");
        QTest::addColumn<QString>("function");
        QTest::addColumn<QString>("module");
        QTest::addColumn<QString>("offset");
        QTest::addColumn<QString>("arguments");
        QTest::addColumn<QString>("stackPointer");
        QTest::addColumn<QString>("address");
        QTest::addColumn<int>("line");

        QTest::addRow("bracketed innermost frame keeps its stack pointer")
            << u"findstack_walk.txt"_s << 3 << 0 << u"_resume_from_idle"_s << u"unix"_s << u"12b"_s << QString()
            << u"fffff946167525f0"_s << QString() << 21;
        QTest::addRow("positional arguments of turnstile_block")
            << u"findstack_walk.txt"_s << 3 << 2 << u"turnstile_block"_s << u"genunix"_s << u"25b"_s
            << u"0, 0, fffffd6b03a206a0, fffffffffbc1c5c0, 0, 0"_s << u"fffff946167526c0"_s << QString() << 23;
        QTest::addRow("vmm`vmm_write_lock")
            << u"findstack_walk.txt"_s << 3 << 4 << u"vmm_write_lock"_s << u"vmm"_s << u"87"_s << u"fffffd6b03a20580"_s
            << u"fffff94616752790"_s << QString() << 25;
        QTest::addRow("offset printed without 0x")
            << u"findstack_walk.txt"_s << 1 << 3 << u"thread_start"_s << QString() << u"8"_s << QString()
            << u"fffffe00f3a05c10"_s << QString() << 12;
        QTest::addRow("findstack without -v has no arguments")
            << u"findstack_prompt.txt"_s << 0 << 3 << u"vmm_drv_lease_sign"_s << QString() << u"a3"_s << QString()
            << u"fffff94617338e10"_s << QString() << 8;
        QTest::addRow("tab-indented frame")
            << u"findstack_crlf_tabs.txt"_s << 0 << 3 << u"vcpu_set_state_locked"_s << QString() << u"94"_s
            << u"fffffd6afa7da000, 1, 1, 1"_s << u"fffff94616b87710"_s << QString() << 5;
        QTest::addRow("::stacks frame: module, offset, no arguments")
            << u"stacks_module.txt"_s << 1 << 3 << u"vmm_write_lock"_s << u"vmm"_s << u"87"_s << QString() << QString()
            << QString() << 21;
        QTest::addRow("::stacks frame without symbol")
            << u"stacks_all.txt"_s << 4 << 4 << QString() << QString() << QString() << QString() << QString()
            << u"fffffffffb800ea2"_s << 25;
        QTest::addRow("$C frame without offset") << u"dollar_c.txt"_s << 0 << 0 << u"vpanic"_s << QString() << QString()
                                                 << QString() << u"fffffe00f3a64a80"_s << QString() << 2;
        QTest::addRow("$C frame without symbol") << u"dollar_c.txt"_s << 0 << 4 << QString() << QString() << QString()
                                                 << QString() << u"fffffe00f3a64d00"_s << u"fffffffffb8001d6"_s << 6;
        QTest::addRow("$c frame: arguments, no frame pointer")
            << u"dollar_c.txt"_s << 1 << 5 << u"vm_mmap_memseg"_s << u"vmm"_s << u"1fa"_s
            << u"fffffd6afa7da000, 0, 0, 80000000, 0, 3"_s << QString() << QString() << 15;
        QTest::addRow("threadlist -v: $c frames under the findstack header")
            << u"threadlist_v.txt"_s << 3 << 4 << u"vmm_write_lock"_s << QString() << u"87"_s << QString() << QString()
            << QString() << 38;
        QTest::addRow("wrapped frame: arguments joined")
            << u"wrapped_frame.txt"_s << 0 << 2 << u"turnstile_block"_s << QString() << u"25b"_s
            << u"0, 0, fffffd6b03a206a0, fffffffffbc1c5c0, 0, 0"_s << u"fffff946167526c0"_s << QString() << 4;
        QTest::addRow("frame after the wrapped one")
            << u"wrapped_frame.txt"_s << 0 << 3 << u"rw_enter_sleep"_s << QString() << u"1a5"_s
            << u"fffffd6b03a206a0, 0"_s << u"fffff94616752730"_s << QString() << 6;
        QTest::addRow("cut frame: no arguments kept")
            << u"bad_cut_frame.txt"_s << 0 << 5 << u"vmmdev_do_ioctl"_s << QString() << u"2e8"_s << QString()
            << u"fffff94616752c40"_s << QString() << 8;
        QTest::addRow("frame after a line cut before its function")
            << u"bad_cut_frame.txt"_s << 1 << 3 << u"vcpu_set_state"_s << QString() << u"6e"_s
            << u"fffffd6afa7da000, 1, 1, 1"_s << u"fffff94616b87770"_s << QString() << 14;
        QTest::addRow("userland: library module with dots, offset without 0x")
            << u"findstack_userland.txt"_s << 1 << 4 << u"pthread_cond_wait"_s << u"libc.so.1"_s << u"9"_s
            << u"4d5320, 4d5300"_s << u"fffffc7fef1ffe00"_s << QString() << 17;
        QTest::addRow("::stacks frame at column 0") << u"stacks_unindented.txt"_s << 0 << 3 << u"vmm_write_lock"_s
                                                    << u"vmm"_s << u"87"_s << QString() << QString() << QString() << 8;
        QTest::addRow("mail-quoted frame wrapped by the mailer")
            << u"findstack_wrapped_header.txt"_s << 0 << 3 << u"vmm_drv_lease_sign"_s << QString() << u"a3"_s
            << u"fffffd6b1bcf5a98, fffffffff8250310, fffffd6b1e186990"_s << u"fffff94617338e10"_s << QString() << 9;
        QTest::addRow("panic stack: module:function+off, blank before ()")
            << u"panic_stack_cut.txt"_s << 0 << 1 << u"trap"_s << u"unix"_s << u"e08"_s << QString()
            << u"ffffff007d4ed390"_s << QString() << 25;
        QTest::addRow("panic stack: module of a loadable module")
            << u"panic_stack_cut.txt"_s << 0 << 3 << u"kvm_create_vm"_s << u"kvm"_s << u"280"_s << QString()
            << u"ffffff007d4ed4c0"_s << QString() << 27;
        QTest::addRow("sample: rw_enter_sleep names the rwlock and RW_WRITER")
            << u"samples/004_bhyve_vmm_drv_lease.txt"_s << 3 << 3 << u"rw_enter_sleep"_s << QString() << u"1a5"_s
            << u"fffffd6b03a206a0, 0"_s << u"fffff94616752730"_s << QString() << 39;
    }

    void frames()
    {
        QFETCH(QString, file);
        QFETCH(int, thread);
        QFETCH(int, frame);
        const ParseResult r = parseData(file);
        const Dump& d = r.dump;
        QVERIFY(std::size_t(thread) < d.threads.size());
        const Thread& t = d.threads[std::size_t(thread)];
        QVERIFY(std::size_t(frame) < t.frames.size());
        const Frame& f = t.frames[std::size_t(frame)];
        QFETCH(QString, function);
        QCOMPARE(str(d, f.function), function);
        QFETCH(QString, module);
        QCOMPARE(str(d, f.module), module);
        QFETCH(QString, offset);
        QCOMPARE(f.hasOffset, !offset.isEmpty());
        if (f.hasOffset)
            QCOMPARE(QString::number(qulonglong(f.offset), 16), offset);
        QFETCH(QString, arguments);
        QCOMPARE(str(d, f.arguments), arguments);
        QFETCH(QString, stackPointer);
        QCOMPARE(hex(f.stackPointer), stackPointer);
        QFETCH(QString, address);
        QCOMPARE(f.hasAddress, !address.isEmpty());
        QCOMPARE(hex(f.address), address);
        QFETCH(int, line);
        QCOMPARE(int(f.span.first), line);
    }

    void panicStackIsMdb()
    {
        // the console's panic stack looks like a pstack frame list ("pc symbol (args)"); its
        // "module:function+off" names it illumos kernel text
        const ParseResult r = parseData(u"panic_stack_cut.txt"_s, Format::Unknown);
        QCOMPARE(r.dump.threads.size(), std::size_t(1));
        QCOMPARE(r.dump.threads.front().format, Format::Mdb);
        QCOMPARE(r.dump.threads.front().frames.size(), std::size_t(4));
        QCOMPARE(str(r.dump, r.dump.threads.front().frames.front().function), u"real_mode_stop_cpu_stage2_end"_s);
    }

    void diagnostics_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("code");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("severity");

        QTest::addRow("frame cut inside its argument list")
            << u"bad_cut_frame.txt"_s << QString::fromUtf8(codes::TruncatedStack) << 8 << int(Severity::Warning);
        QTest::addRow("frame cut before its function")
            << u"bad_cut_frame.txt"_s << QString::fromUtf8(codes::TruncatedStack) << 13 << int(Severity::Warning);
        QTest::addRow("panic stack cut inside a function name")
            << u"panic_stack_cut.txt"_s << QString::fromUtf8(codes::TruncatedStack) << 28 << int(Severity::Warning);
        QTest::addRow("::stacks row with a non-hex address")
            << u"bad_stacks_row.txt"_s << QString::fromUtf8(codes::MalformedHeader) << 9 << int(Severity::Warning);
        QTest::addRow("::stacks truncated stack")
            << u"stacks_all.txt"_s << QString::fromUtf8(codes::TruncatedStack) << 26 << int(Severity::Note);
    }

    void diagnostics()
    {
        QFETCH(QString, file);
        QFETCH(QString, code);
        QFETCH(int, line);
        QFETCH(int, severity);
        const ParseResult r = parseData(file);
        QVERIFY2(hasDiagnostic(r, code.toUtf8().constData(), std::uint32_t(line), Severity(severity)),
            qPrintable(code + u':' + QString::number(line)));
    }

    void cleanInputs_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("samples");
        QTest::addColumn<int>("regionFirst");
        QTest::addColumn<int>("regionLast");
        QTest::addRow("walk") << u"findstack_walk.txt"_s << 1 << 1 << 31;
        QTest::addRow("prompts; banner and $q are not mdb output") << u"findstack_prompt.txt"_s << 1 << 3 << 19;
        QTest::addRow("same thread twice starts a sample") << u"stacks_module.txt"_s << 2 << 1 << 54;
        QTest::addRow("table ends before prose") << u"stacks_all.txt"_s << 1 << 1 << 34;
        QTest::addRow("$C and $c") << u"dollar_c.txt"_s << 1 << 1 << 15;
        QTest::addRow("threadlist") << u"threadlist_v.txt"_s << 1 << 1 << 45;
        QTest::addRow("print objects end before prose") << u"print_typed.txt"_s << 0 << 1 << 52;
        QTest::addRow("lock tables") << u"rwlock.txt"_s << 0 << 1 << 9;
        QTest::addRow("userland core, warning inside") << u"findstack_userland.txt"_s << 1 << 3 << 27;
        QTest::addRow("unindented table between prose") << u"stacks_unindented.txt"_s << 1 << 3 << 15;
        QTest::addRow("quoted reply, wrapped header") << u"findstack_wrapped_header.txt"_s << 1 << 4 << 11;
        QTest::addRow("sample") << u"samples/004_bhyve_vmm_drv_lease.txt"_s << 2 << 6 << 193;
    }

    void cleanInputs()
    {
        QFETCH(QString, file);
        const ParseResult r = parseData(file, Format::Unknown);
        for (const Diagnostic& diag : r.diagnostics)
            QVERIFY2(diag.severity == Severity::Note, diag.message.c_str());
        QFETCH(int, samples);
        QCOMPARE(int(r.dump.samples.size()), samples);
        QVERIFY(!r.dump.regions.empty());
        QCOMPARE(r.dump.regions.front().format, Format::Mdb);
        QFETCH(int, regionFirst);
        QCOMPARE(int(r.dump.regions.front().span.first), regionFirst);
        QFETCH(int, regionLast);
        QCOMPARE(int(r.dump.regions.front().span.last), regionLast);
    }

    void proseIsNotMdb()
    {
        const ParseResult forced = parseData(u"not_mdb.txt"_s);
        QVERIFY(forced.dump.threads.empty());
        QVERIFY(forced.dump.objects.empty());
        QVERIFY(forced.dump.regions.empty());
        const ParseResult automatic = parseData(u"not_mdb.txt"_s, Format::Unknown);
        for (const Region& region : automatic.dump.regions)
            QVERIFY(region.format != Format::Mdb);
    }

    void seed004_data()
    {
        QTest::addColumn<int>("forced");
        QTest::addRow("mdb only") << int(Format::Mdb);
        QTest::addRow("every format asked") << int(Format::Unknown);
    }

    void seed004()
    {
        QFETCH(int, forced);
        QFile f(seedPath);
        if (!f.open(QIODevice::ReadOnly))
            QSKIP("seed 004 is not next to the source tree");
        const ParseResult r = parseBytes(f.readAll(), Format(forced));
        const Dump& d = r.dump;

        std::vector<const Thread*> threads;
        for (const Thread& t : d.threads)
            if (t.format == Format::Mdb)
                threads.push_back(&t);
        QCOMPARE(int(threads.size()), 4);
        const QStringList ids = { u"fffffd6b04d27c00"_s, u"fffffd6b03a113e0"_s, u"fffffd6b90aeb800"_s,
            u"fffffd6b0c4d6820"_s };
        const QStringList names = { u"bhyve/36 [vcpu 0]"_s, u"bhyve/37 [vcpu 1]"_s,
            u"bhyve/38 [viona_rx_fffffd6b1e186990]"_s, u"bhyve/39"_s };
        // the frame each thread waits in, and the caller that explains why
        const QStringList waits = { u"rw_enter_sleep"_s, u"cv_wait"_s, u"cv_wait"_s, u"cv_wait_sig"_s };
        const QStringList callers = { u"vmm_write_lock"_s, u"vcpu_set_state_locked"_s, u"vmm_drv_lease_sign"_s,
            u"viona_worker"_s };
        const std::array<int, 4> frameCounts = { 12, 13, 8, 5 };
        const std::array<int, 4> firstLines = { 20, 33, 47, 56 };
        for (int i = 0; i < 4; ++i) {
            const Thread& t = *threads[std::size_t(i)];
            QCOMPARE(str(d, t.id), ids[i]);
            QCOMPARE(str(d, t.name), names[i]);
            QCOMPARE(int(t.frames.size()), frameCounts[std::size_t(i)]);
            QCOMPARE(int(t.span.first), firstLines[std::size_t(i)]);
            QCOMPARE(str(d, t.frames[0].function), u"_resume_from_idle"_s);
            QCOMPARE(str(d, t.frames[2].function), i == 0 ? u"turnstile_block"_s : waits[i]);
            const int callerIndex = i == 0 ? 4 : 3;
            QCOMPARE(str(d, t.frames[std::size_t(callerIndex)].function), callers[i]);
            QCOMPARE(t.sample, 0u);
        }
        QCOMPARE(str(d, threads[0]->frames[3].function), waits[0]);
        QCOMPARE(str(d, threads[0]->frames[3].arguments), u"fffffd6b03a206a0, 0"_s);
        QCOMPARE(str(d, threads[3]->frames[2].arguments), u"fffffd6b1e186ac8, fffffd6b1e186ac0"_s);

        std::vector<const ObjectDump*> objects;
        for (const ObjectDump& o : d.objects)
            if (o.format == Format::Mdb)
                objects.push_back(&o);
        QCOMPARE(int(objects.size()), 2);
        QCOMPARE(str(d, objects[0]->type), u"viona_vring_t"_s);
        QCOMPARE(hex(objects[0]->address), u"fffffd6b1e186ab8"_s);
        QCOMPARE(int(objects[0]->fields.size()), 21);
        QCOMPARE(str(d, findField(d, *objects[0], u"vr_lock._opaque"_s)->value), u"[ 0 ]"_s);
        QCOMPARE(str(d, findField(d, *objects[0], u"vr_lease"_s)->value), u"0xfffffd6bf7c44928"_s);
        QCOMPARE(int(objects[0]->span.first), 65);
        QCOMPARE(int(objects[0]->span.last), 91);
        QCOMPARE(str(d, objects[1]->type), u"vmm_lease_t"_s);
        QCOMPARE(hex(objects[1]->address), u"fffffd6bf7c44928"_s);
        const ObjectField* expired = findField(d, *objects[1], u"vml_expired"_s);
        QVERIFY(expired);
        QCOMPARE(str(d, expired->value), u"0x1 (B_TRUE)"_s);
        QCOMPARE(int(expired->line), 114);
        QVERIFY(findField(d, *objects[1], u"vml_expire_node.list_prev"_s));
        QCOMPARE(str(d, findField(d, *objects[1], u"vml_hold"_s)->value), u"0xfffffd6b1bcf5a98"_s);

        QVERIFY(hasDiagnostic(r, codes::OutputCut, 19, Severity::Note));
        // both ::print pastes lost their closing braces: one note each, where nesting was closed
        QVERIFY(hasDiagnostic(r, codes::MalformedObject, 69, Severity::Note));
        QVERIFY(hasDiagnostic(r, codes::MalformedObject, 113, Severity::Note));
        for (const Diagnostic& diag : r.diagnostics)
            if (QString::fromStdString(diag.code).startsWith(u"HVP01"_s) && diag.line >= 19 && diag.line <= 120)
                QCOMPARE(diag.severity, Severity::Note);
        // the prose and the C fragments around the mdb output are not mdb
        for (const Region& region : d.regions) {
            if (region.format != Format::Mdb)
                continue;
            QVERIFY(region.span.first >= 19 && region.span.last <= 120);
            QVERIFY(region.span.last < 93 || region.span.first > 106);
        }
    }

    void hostileInput_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addRow("unclosed argument list a megabyte long")
            << QByteArray("stack pointer for thread fffffd6b04d27c00: fffff946167525f0\n  fffff94616752620 f+0x1(")
                + QByteArray(1 << 20, '(');
        QTest::addRow("deep ::print nesting") << QByteArray("> ::print t\n{\n") + [] {
            QByteArray b;
            for (int i = 0; i < 20000; ++i)
                b += QByteArray(i % 4000, ' ') + "a = {\n";
            return b;
        }();
        QTest::addRow("many headers") << [] {
            QByteArray b;
            for (int i = 0; i < 50000; ++i)
                b += "stack pointer for thread " + QByteArray::number(0xfffffd6b04d00000ull + i, 16) + ": 1\n";
            return b;
        }();
        QTest::addRow("binary in a ::stacks table") << QByteArray(
            "THREAD           STATE    SOBJ                COUNT\n"
            "fffffd6b04d27c00 SLEEP    RWLOCK                  1\n                 \x01\x02\xff\xfe+0x\n");
    }

    void hostileInput()
    {
        QFETCH(QByteArray, input);
        QElapsedTimer timer;
        timer.start();
        const ParseResult r = parseBytes(input);
        QVERIFY(timer.elapsed() < 10000);
        QVERIFY(r.dump.threads.size() <= 50000);
    }
};

QTEST_GUILESS_MAIN(TestMdbParser)
#include "tst_mdbparser.moc"
