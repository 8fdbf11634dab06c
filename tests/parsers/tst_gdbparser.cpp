// SPDX-License-Identifier: GPL-2.0-or-later
// gdb output: thread apply all bt (C, C++ templates, Rust), bt full locals, info threads (plain
// and terminal-wrapped), printed values (one line, pretty, cut), core files, selected-thread bt,
// mail-quoted and mail-wrapped dumps, CRLF, old gdb "from LIB" frames, and what cannot be read.
// The gdb samples (samples/*gdb*, 001, 003) are read in tst_gdbsamples.cpp.
#include "parsertests.h"

#include <hvdump/parsers/dumpbuilder.h>
#include <hvdump/parsers/dumpparser.h>
#include <hvdump/parsers/gdbframe.h>
#include <hvdump/parsers/gdbparser.h>
#include <hvdump/parsers/linestream.h>

#include <QElapsedTimer>
#include <QFile>
#include <QTest>

using namespace hvdump::parsers;
using namespace hvdump::parsers::test;
using namespace Qt::StringLiterals;

namespace {

QByteArray readData(const QString& name)
{
    return readTestData(u"gdb"_s, name);
}

QString hex(const Frame& f)
{
    return f.hasAddress ? u"0x"_s + QString::number(qulonglong(f.address), 16) : QString();
}

} // namespace

class TestGdbParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void threads_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("threads");
        QTest::addColumn<int>("samples");
        QTest::addColumn<int>("objects");
        QTest::addColumn<int>("firstLine"); // of the gdb region
        QTest::addColumn<int>("lastLine");

        QTest::addRow("real ABBA deadlock") << u"real_abba.txt"_s << 3 << 1 << 2 << 1 << 40;
        QTest::addRow("real three-lock cycle") << u"real_cycle3.txt"_s << 4 << 1 << 3 << 1 << 56;
        QTest::addRow("real lock held across a wait") << u"real_lock_held_across_wait.txt"_s << 3 << 1 << 4 << 1 << 45;
        QTest::addRow("real idle pool") << u"real_idle_pool.txt"_s << 5 << 1 << 2 << 1 << 62;
        QTest::addRow("info threads then bt full: two snapshots")
            << u"c_bt_full_info_threads.txt"_s << 6 << 2 << 0 << 1 << 120;
        QTest::addRow("core file: location echo dropped") << u"c_core_file.txt"_s << 6 << 2 << 0 << 1 << 38;
        QTest::addRow("selected thread, bt, pretty values")
            << u"c_selected_thread_bt_pretty.txt"_s << 1 << 1 << 4 << 1 << 63;
        QTest::addRow("terminal-wrapped attach line and info threads")
            << u"c_terminal_wrapped.txt"_s << 6 << 2 << 0 << 1 << 43;
        QTest::addRow("CRLF") << u"c_abba_crlf.txt"_s << 3 << 1 << 2 << 1 << 40;
        QTest::addRow("C++ templates and lambdas") << u"cxx_templates.txt"_s << 3 << 1 << 0 << 1 << 51;
        QTest::addRow("Rust thread apply all bt") << u"rust_thread_apply_all_bt.txt"_s << 3 << 1 << 0 << 1 << 77;
        QTest::addRow("Rust bt full with stderr inside a value")
            << u"rust_bt_full_locals.txt"_s << 6 << 2 << 2 << 1 << 235;
        QTest::addRow("mail quoted and wrapped at 72 columns")
            << u"qemu_mail_quoted_wrapped.txt"_s << 2 << 1 << 0 << 7 << 59;
        QTest::addRow("old gdb, from LIB, cut and stopped stacks")
            << u"old_gdb_libvirt_from_lib.txt"_s << 5 << 1 << 1 << 1 << 58;
        QTest::addRow("batch thread N and bt without command echo")
            << u"c_batch_thread_bt_no_echo.txt"_s << 2 << 1 << 0 << 1 << 23;
        QTest::addRow("FreeBSD: LWP of process, wrapped by gdb")
            << u"freebsd_terminal_wrapped.txt"_s << 2 << 1 << 0 << 1 << 19;
        QTest::addRow("core of a crash: location echo replaced by bt")
            << u"distro_report_unknown_symbols.txt"_s << 1 << 1 << 0 << 1 << 12;
        QTest::addRow("info threads wrapped, LWP-only and running rows")
            << u"info_threads_cloud_hypervisor_wrapped.txt"_s << 7 << 1 << 0 << 1 << 11;
    }

    void threads()
    {
        QFETCH(QString, file);
        QFETCH(int, threads);
        QFETCH(int, samples);
        QFETCH(int, objects);
        QFETCH(int, firstLine);
        QFETCH(int, lastLine);
        ParseResult r = parseBytes(readData(file));
        QCOMPARE(int(r.dump.threads.size()), threads);
        QCOMPARE(int(r.dump.samples.size()), samples);
        QCOMPARE(int(r.dump.objects.size()), objects);
        QVERIFY(!r.dump.regions.empty());
        QCOMPARE(r.dump.regions.front().format, Format::Gdb);
        QCOMPARE(int(r.dump.regions.front().span.first), firstLine);
        QCOMPARE(int(r.dump.regions.back().span.last), lastLine);
        for (const Thread& t : r.dump.threads) {
            QCOMPARE(t.format, Format::Gdb);
            QVERIFY(t.span.valid());
        }
    }

    void threadIdentity_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("thread");
        QTest::addColumn<QString>("id");
        QTest::addColumn<int>("tid");
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("frames");
        QTest::addColumn<int>("firstLine");
        QTest::addColumn<int>("lastLine");
        QTest::addColumn<QString>("note");

        QTest::addRow("header with name")
            << u"real_abba.txt"_s << 0 << u"LWP 22143"_s << 22143 << u"abba"_s << 7 << 9 << 17 << QString();
        QTest::addRow("main thread") << u"real_abba.txt"_s << 2 << u"LWP 22140"_s << 22140 << u"abba"_s << 5 << 29 << 35
                                     << QString();
        QTest::addRow("15-character comm") << u"real_lock_held_across_wait.txt"_s << 1 << u"LWP 22219"_s << 22219
                                           << u"lock_held_acros"_s << 8 << 19 << 28 << QString();
        QTest::addRow("core: no names") << u"c_core_file.txt"_s << 2 << u"LWP 1563"_s << 1563 << QString() << 5 << 29
                                        << 34 << QString();
        QTest::addRow("core: info threads row") << u"c_core_file.txt"_s << 3 << u"LWP 1563"_s << 1563 << QString() << 1
                                                << 36 << 36 << u"current thread (*) in gdb's info threads"_s;
        QTest::addRow("bt after thread 2: id from the switch line")
            << u"c_selected_thread_bt_pretty.txt"_s << 0 << u"LWP 1565"_s << 1565 << QString() << 7 << 12 << 18
            << QString();
        QTest::addRow("Rust vcpu thread") << u"rust_thread_apply_all_bt.txt"_s << 1 << u"LWP 10260"_s << 10260
                                          << u"vcpu0"_s << 20 << 29 << 49 << QString();
        QTest::addRow("bt full spans the locals")
            << u"rust_bt_full_locals.txt"_s << 3 << u"LWP 10261"_s << 10261 << u"vmm"_s << 20 << 13 << 69 << QString();
        QTest::addRow("name with a slash and blank") << u"qemu_mail_quoted_wrapped.txt"_s << 0 << u"LWP 81212"_s
                                                     << 81212 << u"CPU 1/KVM"_s << 11 << 7 << 32 << QString();
        QTest::addRow("bt after a batch thread switch") << u"c_batch_thread_bt_no_echo.txt"_s << 1 << u"LWP 15445"_s
                                                        << 15445 << QString() << 3 << 20 << 22 << QString();
        QTest::addRow("no name, old header") << u"old_gdb_libvirt_from_lib.txt"_s << 0 << u"LWP 1191"_s << 1191
                                             << QString() << 12 << 3 << 15 << QString();
        QTest::addRow("Thread N (LWP N): backtrace stopped")
            << u"old_gdb_libvirt_from_lib.txt"_s << 2 << u"LWP 1189"_s << 1189 << QString() << 3 << 27 << 31
            << u"Backtrace stopped: previous frame inner to this frame (corrupt stack?)"_s;
        QTest::addRow("more frames follow") << u"old_gdb_libvirt_from_lib.txt"_s << 3 << u"LWP 1188"_s << 1188
                                            << QString() << 4 << 33 << 38 << u"(More stack frames follow...)"_s;
        QTest::addRow("Thread N (process N)") << u"old_gdb_libvirt_from_lib.txt"_s << 4 << u"Thread 1"_s << 1180
                                              << QString() << 5 << 40 << 45 << QString();
        QTest::addRow("info threads wrapped row")
            << u"info_threads_cloud_hypervisor_wrapped.txt"_s << 0 << u"LWP 20514"_s << 20514 << u"cloud-hyperviso"_s
            << 1 << 3 << 4 << QString();
        QTest::addRow("info threads current row")
            << u"info_threads_cloud_hypervisor_wrapped.txt"_s << 3 << u"LWP 20531"_s << 20531 << u"vcpu0"_s << 1 << 7
            << 7 << u"current thread (*) in gdb's info threads"_s;
        QTest::addRow("info threads LWP-only row")
            << u"info_threads_cloud_hypervisor_wrapped.txt"_s << 5 << u"LWP 20533"_s << 20533 << u"signal_handler"_s
            << 1 << 9 << 9 << QString();
        // posted on the web: the source line's tab became spaces ("135    ../sysdeps/...")
        QTest::addRow("bt after (gdb) thread 14, source line with spaces")
            << u"../realworld/gdb_istgt_queue_clear_mutex.txt"_s << 0 << u"LWP 2268"_s << 2268 << QString() << 8 << 6
            << 16 << QString();
        QTest::addRow("bt after (gdb) t 57, glibc 2.35 frames")
            << u"../realworld/gdb_indigo_lll_lock_wait_glibc235.txt"_s << 0 << u"LWP 3118"_s << 3118 << QString() << 8
            << 7 << 17 << QString();
    }

    // the pthread_t gdb names a thread by ("Thread 0x7f99eaaff6c0 (LWP n)"), what pthread_join takes
    void threadHandle_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("thread");
        QTest::addColumn<QString>("handle");
        QTest::addRow("thread apply all bt header") << u"real_join_holding_lock.txt"_s << 0 << u"7f99eaaff6c0"_s;
        QTest::addRow("main thread") << u"real_join_holding_lock.txt"_s << 1 << u"7f99eab00740"_s;
        QTest::addRow("switch line") << u"../realworld/gdb_istgt_queue_clear_mutex.txt"_s << 0 << u"7f904e3fe700"_s;
        QTest::addRow("info threads row") << u"info_threads_cloud_hypervisor_wrapped.txt"_s << 0 << u"7f3c61b3ba00"_s;
        QTest::addRow("Thread N (process N): no handle") << u"old_gdb_libvirt_from_lib.txt"_s << 4 << QString();
    }

    void threadHandle()
    {
        QFETCH(QString, file);
        QFETCH(int, thread);
        QFETCH(QString, handle);
        ParseResult r = parseBytes(readData(file));
        QVERIFY(thread < int(r.dump.threads.size()));
        const std::uint64_t task = r.dump.threads[std::size_t(thread)].taskAddress;
        QCOMPARE(task ? QString::number(task, 16) : QString(), handle);
    }

    void threadIdentity()
    {
        QFETCH(QString, file);
        QFETCH(int, thread);
        QFETCH(QString, id);
        QFETCH(int, tid);
        QFETCH(QString, name);
        QFETCH(int, frames);
        QFETCH(int, firstLine);
        QFETCH(int, lastLine);
        QFETCH(QString, note);
        ParseResult r = parseBytes(readData(file));
        QVERIFY(thread < int(r.dump.threads.size()));
        const Thread& t = r.dump.threads[std::size_t(thread)];
        QCOMPARE(str(r.dump, t.id), id);
        QCOMPARE(int(t.tid), tid);
        QCOMPARE(str(r.dump, t.name), name);
        QCOMPARE(int(t.frames.size()), frames);
        QCOMPARE(int(t.span.first), firstLine);
        QCOMPARE(int(t.span.last), lastLine);
        QCOMPARE(str(r.dump, t.note), note);
        QCOMPARE(t.state, ThreadState::Unknown);
    }

    void frames_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("thread");
        QTest::addColumn<int>("frame");
        QTest::addColumn<QString>("address");
        QTest::addColumn<QString>("function");
        QTest::addColumn<QString>("arguments");
        QTest::addColumn<QString>("source"); // file:line
        QTest::addColumn<QString>("module");
        QTest::addColumn<bool>("inlined");
        QTest::addColumn<int>("firstLine");
        QTest::addColumn<int>("lastLine");

        QTest::addRow("inlined futex_wait without pc")
            << u"real_abba.txt"_s << 0 << 0 << QString() << u"futex_wait"_s
            << u"private=0, expected=2, futex_word=0x56152d6e8080 <lock_a>"_s
            << u"../sysdeps/nptl/futex-internal.h:146"_s << QString() << true << 11 << 11;
        QTest::addRow("the frame it was inlined into")
            << u"real_abba.txt"_s << 0 << 1 << QString() << u"__GI___lll_lock_wait"_s
            << u"futex=futex@entry=0x56152d6e8080 <lock_a>, private=0"_s << u"./nptl/lowlevellock.c:49"_s << QString()
            << false << 12 << 12;
        QTest::addRow("thread function") << u"real_abba.txt"_s << 0 << 4 << u"0x56152d6e5212"_s << u"take_b_then_a"_s
                                         << u"arg=0x0"_s << u"/work/main/tests/data/programs/abba.c:26"_s << QString()
                                         << false << 15 << 15;
        QTest::addRow("no arguments") << u"real_abba.txt"_s << 0 << 6 << u"0x7f05b19458ec"_s << u"clone3"_s << QString()
                                      << u"../sysdeps/unix/sysv/linux/x86_64/clone3.S:81"_s << QString() << false << 17
                                      << 17;
        QTest::addRow("cond wait with the mutex")
            << u"real_lock_held_across_wait.txt"_s << 1 << 4 << QString() << u"___pthread_cond_wait"_s
            << u"cond=0x564e8050e100 <flag_cond>, mutex=0x564e8050e0c0 <flag_lock>"_s
            << u"./nptl/pthread_cond_wait.c:618"_s << QString() << false << 25 << 25;
        QTest::addRow("poll with a timeout")
            << u"real_idle_pool.txt"_s << 0 << 0 << u"0x7f010cec226f"_s << u"__GI___poll"_s
            << u"fds=0x0, nfds=0, timeout=1000"_s << u"../sysdeps/unix/sysv/linux/poll.c:29"_s << QString() << false
            << 13 << 13;
        QTest::addRow("C++ operator() of a template")
            << u"cxx_templates.txt"_s << 0 << 7 << u"0x55cffdf00d30"_s
            << u"store::Registry<std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >, "
               "int>::Compactor::operator()"_s
            << u"this=0x55d03765f0d0, generation=7"_s << u"cxx_deadlock.cpp:35"_s << QString() << false << 15 << 15;
        QTest::addRow("C++ lambda operator()")
            << u"cxx_templates.txt"_s << 1 << 8 << u"0x55cffdefb40a"_s << u"operator()"_s
            << u"__closure=0x55d03765ef78"_s << u"cxx_deadlock.cpp:54"_s << QString() << false << 34 << 34;
        QTest::addRow("C++ name with its parameter list")
            << u"cxx_templates.txt"_s << 1 << 9 << u"0x55cffdefb8b2"_s
            << u"std::__invoke_impl<void, main()::<lambda()> >(std::__invoke_other, struct {...} &&)"_s << u"__f=..."_s
            << u"/usr/include/c++/12/bits/invoke.h:61"_s << QString() << false << 35 << 35;
        QTest::addRow("C++ reference argument") << u"cxx_templates.txt"_s << 1 << 7 << u"0x55cffdefc4ea"_s
                                                << u"store::Registry<std::__cxx11::basic_string<char, "
                                                   "std::char_traits<char>, std::allocator<char> >, int>::insert"_s
                                                << u"this=0x7fffefe60d50, key=\"vcpu0\", value=@0x7fad4581cdcc: 42"_s
                                                << u"cxx_deadlock.cpp:24"_s << QString() << false << 33 << 33;
        QTest::addRow("unknown function from a library")
            << u"cxx_templates.txt"_s << 0 << 13 << u"0x7fad45ad44a3"_s << QString() << QString() << QString()
            << u"/lib/x86_64-linux-gnu/libstdc++.so.6"_s << false << 21 << 21;
        QTest::addRow("Rust futex lock_contended, inlined")
            << u"rust_thread_apply_all_bt.txt"_s << 1 << 1 << u"0x564eb95994b6"_s
            << u"std::sys::pal::unix::futex::futex_wait"_s << QString() << u"library/std/src/sys/pal/unix/futex.rs:73"_s
            << QString() << true << 31 << 31;
        QTest::addRow("Rust mutex lock with self")
            << u"rust_thread_apply_all_bt.txt"_s << 1 << 3 << u"0x564eb9578f7d"_s
            << u"std::sys::sync::mutex::futex::Mutex::lock"_s << u"self=0x564ef6de8db0"_s
            << u"/rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/std/src/"
               "sys/sync/mutex/futex.rs:33"_s
            << QString() << true << 33 << 33;
        QTest::addRow("Rust trait impl") << u"rust_thread_apply_all_bt.txt"_s << 1 << 5 << u"0x564eb957d10f"_s
                                         << u"rust_deadlock::{impl#0}::read"_s
                                         << u"self=0x564ef6de8de0, offset=0, data=..."_s << u"rust_deadlock.rs:29"_s
                                         << QString() << false << 35 << 35;
        QTest::addRow("Rust closure with generics and dyn")
            << u"rust_thread_apply_all_bt.txt"_s << 0 << 16 << u"0x564eb95ac0ef"_s
            << u"alloc::boxed::{impl#31}::call_once<(), (dyn core::ops::function::FnOnce<(), Output=()> + "
               "core::marker::Send), alloc::alloc::Global>"_s
            << QString() << u"library/alloc/src/boxed.rs:2240"_s << QString() << true << 24 << 24;
        QTest::addRow("mail: wrapped inside the arguments")
            << u"qemu_mail_quoted_wrapped.txt"_s << 0 << 4 << u"0x55d0c5b3e1f3"_s << u"qemu_mutex_lock_impl"_s
            << u"mutex=0x55d0c6e1a2c0 <qemu_global_mutex>, file=0x55d0c5d7a1e8 \"../accel/kvm/kvm-all.c\", line=2929"_s
            << u"../util/qemu-thread-posix.c:94"_s << QString() << false << 17 << 19;
        QTest::addRow("mail: wrapped before the arguments")
            << u"qemu_mail_quoted_wrapped.txt"_s << 0 << 5 << u"0x55d0c57a2c1e"_s << u"qemu_mutex_lock_iothread_impl"_s
            << u"file=file@entry=0x55d0c5d7a1e8 \"../accel/kvm/kvm-all.c\", line=line@entry=2929"_s
            << u"../softmmu/cpus.c:504"_s << QString() << false << 20 << 22;
        QTest::addRow("mail: wrapped after at")
            << u"qemu_mail_quoted_wrapped.txt"_s << 0 << 3 << QString() << u"___pthread_mutex_lock"_s
            << u"mutex=0x55d0c6e1a2c0 <qemu_global_mutex>"_s << u"./nptl/pthread_mutex_lock.c:93"_s << QString()
            << false << 15 << 16;
        QTest::addRow("mail: ppoll with a NULL timeout")
            << u"qemu_mail_quoted_wrapped.txt"_s << 1 << 0 << u"0x7f2a5c50fe26"_s << u"__ppoll"_s
            << u"fds=0x55d0c8a21e40, nfds=1, timeout=<optimized out>, timeout@entry=0x0, sigmask=sigmask@entry=0x0"_s
            << u"../sysdeps/unix/sysv/linux/ppoll.c:42"_s << QString() << false << 35 << 37;
        QTest::addRow("mail: wrapped inside <optimized out>")
            << u"qemu_mail_quoted_wrapped.txt"_s << 1 << 12 << u"0x55d0c5554b6a"_s << u"main"_s
            << u"argc=<optimized out>, argv=<optimized out>"_s << u"../softmmu/main.c:38"_s << QString() << false << 58
            << 59;
        QTest::addRow("from LIB") << u"old_gdb_libvirt_from_lib.txt"_s << 0 << 0 << u"0x7f6b8c9b051d"_s
                                  << u"__lll_lock_wait"_s << QString() << QString() << u"/lib64/libpthread.so.0"_s
                                  << false << 4 << 4;
        QTest::addRow("versioned symbol")
            << u"old_gdb_libvirt_from_lib.txt"_s << 1 << 0 << u"0x7f6b8c9ad965"_s << u"pthread_cond_wait@@GLIBC_2.3.2"_s
            << QString() << QString() << u"/lib64/libpthread.so.0"_s << false << 18 << 18;
        QTest::addRow("after an elision")
            << u"old_gdb_libvirt_from_lib.txt"_s << 1 << 4 << u"0x7f6b8f3a1506"_s << u"virThreadHelper"_s
            << u"data=<optimized out>"_s << u"util/virthread.c:206"_s << QString() << false << 23 << 23;
        QTest::addRow("?? frame") << u"old_gdb_libvirt_from_lib.txt"_s << 2 << 1 << u"0x7f6b8f35e7d8"_s << QString()
                                  << QString() << QString() << QString() << false << 29 << 29;
        QTest::addRow("signal handler") << u"old_gdb_libvirt_from_lib.txt"_s << 3 << 2 << QString()
                                        << u"<signal handler called>"_s << QString() << QString() << QString() << false
                                        << 36 << 36;
        QTest::addRow("info threads: wrapped at") << u"info_threads_cloud_hypervisor_wrapped.txt"_s << 0 << 0
                                                  << u"0x7f3c61313d2d"_s << u"__GI___pthread_timedjoin_ex"_s
                                                  << u"threadid=139897401259776, thread_return=0x0, abstime=0x0, "
                                                     "block=<optimized out>"_s
                                                  << u"pthread_join_common.c:89"_s << QString() << false << 3 << 4;
        QTest::addRow("info threads: terminal wrapped")
            << u"c_terminal_wrapped.txt"_s << 3 << 0 << QString() << u"__futex_abstimed_wait_common64"_s
            << u"private=128, cancel=true, abstime=0x0, op=265, expected=1661, futex_word=0x7f1a55915990"_s
            << u"./nptl/futex-internal.c:57"_s << QString() << false << 35 << 37;
        QTest::addRow("gdb-wrapped arguments and at")
            << u"freebsd_terminal_wrapped.txt"_s << 0 << 3 << u"0x113c1a4"_s << u"elf_add"_s
            << u"state=<optimized out>, filename=0x7fffffffef98 "
               "\"/usr/home/builder/target/debug/deps/test-95ca27225834b4f2\", "
               "descriptor=7, base_address=16912384, "
               "error_callback=<optimized out>, data=<optimized out>, "
               "fileline_fn=0x7fffdf7f8378, found_sym=0x7fffdf7f87f4, "
               "found_dwarf=0x7fffdf7f8384, exe=0, debuginfo=0"_s
            << u"src/libbacktrace/elf.c:2945"_s << QString() << false << 7 << 9;
        QTest::addRow("gdb-wrapped, location on the same line")
            << u"freebsd_terminal_wrapped.txt"_s << 0 << 6 << u"0x113b7d3"_s << u"__rdos_backtrace_initialize"_s
            << u"state=0x802417000, filename=0x115d239 "
               "\"/proc/curproc/file\", descriptor=7, "
               "error_callback=0x1136180 "
               "<std::sys_common::gnu::libbacktrace::error_cb>, "
               "data=0x7fffdf7f8928, fileline_fn=0x7fffdf7f8870"_s
            << u"src/libbacktrace/elf.c:3313"_s << QString() << false << 12 << 13;
        QTest::addRow("empty name, library after at")
            << u"distro_report_unknown_symbols.txt"_s << 0 << 0 << u"0x7f7e77de16e4"_s << QString() << QString()
            << QString() << u"/usr/lib/x86_64-linux-gnu/libglib-2.0.so.0"_s << false << 9 << 9;
        QTest::addRow("??? and the binary after at")
            << u"distro_report_unknown_symbols.txt"_s << 0 << 3 << u"0x55974eb4dcde"_s << QString() << QString()
            << QString() << u"/usr/bin/xapp-sn-watcher"_s << false << 12 << 12;
        QTest::addRow("CRLF") << u"c_abba_crlf.txt"_s << 1 << 4 << u"0x56152d6e51d2"_s << u"take_a_then_b"_s
                              << u"arg=0x0"_s << u"/work/main/tests/data/programs/abba.c:17"_s << QString() << false
                              << 25 << 25;
    }

    void frames()
    {
        QFETCH(QString, file);
        QFETCH(int, thread);
        QFETCH(int, frame);
        QFETCH(QString, address);
        QFETCH(QString, function);
        QFETCH(QString, arguments);
        QFETCH(QString, source);
        QFETCH(QString, module);
        QFETCH(bool, inlined);
        QFETCH(int, firstLine);
        QFETCH(int, lastLine);
        ParseResult r = parseBytes(readData(file));
        QVERIFY(thread < int(r.dump.threads.size()));
        const Thread& t = r.dump.threads[std::size_t(thread)];
        QVERIFY(frame < int(t.frames.size()));
        const Frame& f = t.frames[std::size_t(frame)];
        QCOMPARE(hex(f), address);
        QCOMPARE(str(r.dump, f.function), function);
        QCOMPARE(str(r.dump, f.arguments), arguments);
        QString where = str(r.dump, f.file);
        if (f.line)
            where += u':' + QString::number(f.line);
        QCOMPARE(where, source);
        QCOMPARE(str(r.dump, f.module), module);
        QCOMPARE(f.inlined, inlined);
        QCOMPARE(int(f.span.first), firstLine);
        QCOMPARE(int(f.span.last), lastLine);
    }

    void frameNote()
    {
        ParseResult r = parseBytes(readData(u"old_gdb_libvirt_from_lib.txt"_s));
        const Frame& f = r.dump.threads[3].frames[1];
        QCOMPARE(str(r.dump, f.function), u"sigsegv_handler"_s);
        QCOMPARE(str(r.dump, f.note), u"<-- our own handler"_s);
        QCOMPARE(f.line, 44u);
    }

    void objects_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("object");
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("type");
        QTest::addColumn<int>("fields");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("value");
        QTest::addColumn<int>("fieldLine");
        QTest::addColumn<int>("firstLine");
        QTest::addColumn<int>("lastLine");

        QTest::addRow("mutex owner, one line") << u"real_abba.txt"_s << 0 << u"lock_a"_s << QString() << 11
                                               << u"__data.__owner"_s << u"22142"_s << 37 << 37 << 37;
        QTest::addRow("string with a repeat")
            << u"real_abba.txt"_s << 1 << u"lock_b"_s << QString() << 11 << u"__size"_s
            << u"\"\\002\\000\\000\\000\\000\\000\\000\\000\\177V\\000\\000\\001\", "
               "'\\000' <repeats 26 times>"_s
            << 39 << 39 << 39;
        QTest::addRow("nested struct") << u"real_abba.txt"_s << 1 << u"lock_b"_s << QString() << 11
                                       << u"__data.__list.__next"_s << u"0x0"_s << 39 << 39 << 39;
        QTest::addRow("condition variable, scalar arrays")
            << u"real_lock_held_across_wait.txt"_s << 2 << u"flag_cond"_s << QString() << 13 << u"__data.__g_refs"_s
            << u"{2, 0}"_s << 42 << 42 << 42;
        QTest::addRow("scalar") << u"real_lock_held_across_wait.txt"_s << 3 << u"flag_set"_s << QString() << 1
                                << QString() << u"0"_s << 44 << 44 << 44;
        QTest::addRow("pretty print over lines")
            << u"c_selected_thread_bt_pretty.txt"_s << 1 << u"lock_b"_s << QString() << 11 << u"__data.__owner"_s
            << u"1566"_s << 30 << 26 << 42;
        QTest::addRow("pretty print: last member") << u"c_selected_thread_bt_pretty.txt"_s << 1 << u"lock_b"_s
                                                   << QString() << 11 << u"__align"_s << u"2"_s << 41 << 26 << 42;
        QTest::addRow("pointer value") << u"c_selected_thread_bt_pretty.txt"_s << 2 << u"&lock_a"_s
                                       << u"pthread_mutex_t *"_s << 1 << QString()
                                       << u"(pthread_mutex_t *) 0x55a374400080 <lock_a>"_s << 44 << 44 << 44;
        QTest::addRow("cast expression gives the type")
            << u"c_selected_thread_bt_pretty.txt"_s << 3 << u"*(pthread_mutex_t *) &lock_b"_s << u"pthread_mutex_t"_s
            << 11 << u"__data.__lock"_s << u"2"_s << 48 << 46 << 62;
        QTest::addRow("Rust struct") << u"rust_bt_full_locals.txt"_s << 0 << u"*self"_s << u"rust_deadlock::Manager"_s
                                     << 3 << u"states.ptr.pointer"_s << u"0x564ef6de8da0"_s << 232 << 232 << 232;
        QTest::addRow("after frame and info frame") << u"old_gdb_libvirt_from_lib.txt"_s << 0 << u"*m"_s << QString()
                                                    << 11 << u"lock.__data.__owner"_s << u"1191"_s << 58 << 58 << 58;
        QTest::addRow("cut value keeps what it read")
            << u"bad_unterminated_value.txt"_s << 0 << u"lock_a"_s << QString() << 6 << u"__data.__owner"_s << u"8114"_s
            << 2 << 2 << 2;
        QTest::addRow("the value after a cut one") << u"bad_unterminated_value.txt"_s << 1 << u"lock_b"_s << QString()
                                                   << 11 << u"__data.__owner"_s << u"8115"_s << 4 << 4 << 4;
    }

    void objects()
    {
        QFETCH(QString, file);
        QFETCH(int, object);
        QFETCH(QString, expression);
        QFETCH(QString, type);
        QFETCH(int, fields);
        QFETCH(QString, path);
        QFETCH(QString, value);
        QFETCH(int, fieldLine);
        QFETCH(int, firstLine);
        QFETCH(int, lastLine);
        ParseResult r = parseBytes(readData(file));
        QVERIFY(object < int(r.dump.objects.size()));
        const ObjectDump& o = r.dump.objects[std::size_t(object)];
        QCOMPARE(o.format, Format::Gdb);
        QCOMPARE(str(r.dump, o.expression), expression);
        QCOMPARE(str(r.dump, o.type), type);
        QCOMPARE(int(o.fields.size()), fields);
        const ObjectField* f = findField(r.dump, o.fields, path);
        QVERIFY2(f, qPrintable(path));
        QCOMPARE(str(r.dump, f->value), value);
        QCOMPARE(int(f->line), fieldLine);
        QCOMPARE(int(o.span.first), firstLine);
        QCOMPARE(int(o.span.last), lastLine);
    }

    void addressFromExpression()
    {
        const QByteArray text = "(gdb) p *(QemuMutex *) 0x55d0c6e1a2c0\n"
                                "$7 = {lock = {__data = {__lock = 2, __count = 0, __owner = 81190, __nusers = 1}, "
                                "__align = 2}, initialized = true}\n"
                                "(gdb) p *mutex\n"
                                "$8 = (QemuMutex &) @0x55d0c6e1a2c0: {lock = {__data = {__owner = 81190}}}\n";
        ParseResult r = parseBytes(text);
        QCOMPARE(int(r.dump.objects.size()), 2);
        QCOMPARE(r.dump.objects[0].address, 0x55d0c6e1a2c0ull);
        QCOMPARE(str(r.dump, r.dump.objects[0].type), u"QemuMutex"_s);
        QCOMPARE(str(r.dump, findField(r.dump, r.dump.objects[0].fields, u"lock.__data.__owner"_s)->value), u"81190"_s);
        QCOMPARE(str(r.dump, findField(r.dump, r.dump.objects[0].fields, u"initialized"_s)->value), u"true"_s);
        QCOMPARE(r.dump.objects[1].address, 0x55d0c6e1a2c0ull);
        QCOMPARE(str(r.dump, r.dump.objects[1].type), u"QemuMutex"_s);
        QCOMPARE(str(r.dump, r.dump.objects[1].expression), u"*mutex"_s);
    }

    void locals_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("thread");
        QTest::addColumn<int>("frame");
        QTest::addColumn<int>("count");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("value");
        QTest::addColumn<int>("line");

        QTest::addRow("scalar local") << u"c_bt_full_info_threads.txt"_s << 3 << 0 << 13 << u"__ret"_s << u"-512"_s
                                      << 14;
        QTest::addRow("pointer to the mutex")
            << u"c_bt_full_info_threads.txt"_s << 3 << 2 << 4 << u"__futex"_s << u"0x55a374400080 <lock_a>"_s << 30;
        QTest::addRow("string local") << u"c_bt_full_info_threads.txt"_s << 3 << 3 << 3 << u"__PRETTY_FUNCTION__"_s
                                      << u"\"___pthread_mutex_lock\""_s << 36;
        QTest::addRow("No locals.") << u"c_bt_full_info_threads.txt"_s << 3 << 1 << 0 << QString() << QString() << 0;
        QTest::addRow("array of structs") << u"c_bt_full_info_threads.txt"_s << 3 << 5 << 10
                                          << u"unwind_buf.cancel_jmp_buf[0].mask_was_saved"_s << u"0"_s << 44;
        QTest::addRow("Rust guard") << u"rust_bt_full_locals.txt"_s << 3 << 5 << 6 << u"states.lock"_s
                                    << u"0x564ef6de8db0"_s << 30;
        QTest::addRow("Rust local after stderr noise")
            << u"rust_bt_full_locals.txt"_s << 4 << 6 << 0 << QString() << QString() << 0;
    }

    void locals()
    {
        QFETCH(QString, file);
        QFETCH(int, thread);
        QFETCH(int, frame);
        QFETCH(int, count);
        QFETCH(QString, path);
        QFETCH(QString, value);
        QFETCH(int, line);
        ParseResult r = parseBytes(readData(file));
        const Frame& f = r.dump.threads.at(std::size_t(thread)).frames.at(std::size_t(frame));
        if (count > 0)
            QCOMPARE(int(f.locals.size()), count);
        else if (path.isEmpty())
            QVERIFY(f.locals.empty() || count == 0);
        if (path.isEmpty())
            return;
        const ObjectField* l = findField(r.dump, f.locals, path);
        QVERIFY2(l, qPrintable(path));
        QCOMPARE(str(r.dump, l->value), value);
        QCOMPARE(int(l->line), line);
    }

    void rustLocalsAcrossStderr()
    {
        // gdb's stderr warnings landed inside a local's value; the locals after it still belong
        // to the frame, and the thread keeps all of its frames
        ParseResult r = parseBytes(readData(u"rust_bt_full_locals.txt"_s));
        const Thread& vcpu = r.dump.threads.at(4);
        QCOMPARE(str(r.dump, vcpu.name), u"vcpu0"_s);
        QCOMPARE(int(vcpu.frames.size()), 20);
        const Frame& closure = vcpu.frames.at(6);
        QCOMPARE(str(r.dump, closure.function), u"rust_deadlock::main::{closure#0}"_s);
        QVERIFY(findField(r.dump, closure.locals, u"device.pointer"_s));
        QVERIFY(findField(r.dump, closure.locals, u"e2.ptr.pointer"_s));
        QCOMPARE(warnings(r), 0);
    }

    void badInput_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("code");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("threads");
        QTest::addColumn<int>("frames"); // of the first thread

        QTest::addRow("frame cut mid-line")
            << u"bad_cut_frame.txt"_s << QString::fromLatin1(codes::MalformedFrame) << 4 << 1 << 5;
        QTest::addRow("stack ends inside a frame")
            << u"bad_cut_at_end.txt"_s << QString::fromLatin1(codes::TruncatedStack) << 4 << 1 << 3;
        QTest::addRow("#x garbage level")
            << u"bad_level.txt"_s << QString::fromLatin1(codes::MalformedFrame) << 4 << 1 << 4;
        QTest::addRow("unterminated $1 = {")
            << u"bad_unterminated_value.txt"_s << QString::fromLatin1(codes::MalformedObject) << 2 << 0 << 0;
        QTest::addRow("frame without a call")
            << u"bad_no_call.txt"_s << QString::fromLatin1(codes::MalformedFrame) << 3 << 1 << 3;
        QTest::addRow("elision in a stack")
            << u"old_gdb_libvirt_from_lib.txt"_s << QString::fromLatin1(codes::OutputCut) << 22 << 5 << 12;
    }

    void badInput()
    {
        QFETCH(QString, file);
        QFETCH(QString, code);
        QFETCH(int, line);
        QFETCH(int, threads);
        QFETCH(int, frames);
        ParseResult r = parseBytes(readData(file));
        QVERIFY2(hasDiagnostic(r, qPrintable(code), std::uint32_t(line)), qPrintable(code));
        QCOMPARE(int(r.dump.threads.size()), threads);
        if (threads > 0)
            QCOMPARE(int(r.dump.threads[0].frames.size()), frames);
        QCOMPARE(r.status, ParseStatus::Partial);
    }

    void cutFrameKeepsFunctionNotArguments()
    {
        ParseResult r = parseBytes(readData(u"bad_cut_frame.txt"_s));
        const Frame& f = r.dump.threads[0].frames[2];
        QCOMPARE(str(r.dump, f.function), u"lll_mutex_lock_optimized"_s);
        QCOMPARE(f.address, 0x7f9dac6cf482ull);
        QVERIFY(str(r.dump, f.arguments).isEmpty()); // a cut address must not become evidence
        QCOMPARE(str(r.dump, r.dump.threads[0].frames[3].function), u"___pthread_mutex_lock"_s);
    }

    void cleanOutputHasNoWarnings_data()
    {
        QTest::addColumn<QString>("file");
        for (const char* f :
            { "real_abba.txt", "real_cycle3.txt", "real_lock_held_across_wait.txt", "real_idle_pool.txt",
                "c_bt_full_info_threads.txt", "c_core_file.txt", "c_selected_thread_bt_pretty.txt",
                "c_terminal_wrapped.txt", "cxx_templates.txt", "rust_thread_apply_all_bt.txt",
                "qemu_mail_quoted_wrapped.txt", "info_threads_cloud_hypervisor_wrapped.txt" })
            QTest::addRow("%s", f) << QString::fromLatin1(f);
    }

    void cleanOutputHasNoWarnings()
    {
        QFETCH(QString, file);
        ParseResult r = parseBytes(readData(file));
        for (const Diagnostic& d : r.diagnostics)
            qWarning("%s", formatDiagnostic(d).c_str());
        QCOMPARE(warnings(r), 0);
    }

    void sniff_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<bool>("gdb");

        QTest::addRow("thread header") << QByteArray("Thread 3 (Thread 0x7f1c2d7fa640 (LWP 4242) \"qemu-kvm\"):")
                                       << true;
        QTest::addRow("LWP header") << QByteArray("Thread 1 (LWP 100):") << true;
        QTest::addRow("frame") << QByteArray(
            "#0  0x00007f3a1c91e9bf in __GI___poll (fds=0x55d0, nfds=3, timeout=-1) at "
            "../sysdeps/unix/sysv/linux/poll.c:29")
                               << true;
        QTest::addRow("frame without pc")
            << QByteArray("#1  qemu_poll_ns (fds=0x1, nfds=1, timeout=-1) at a.c:3") << true;
        QTest::addRow("value") << QByteArray("$1 = {__data = {__lock = 2}}") << true;
        QTest::addRow("prompt") << QByteArray("(gdb) thread apply all bt") << true;
        QTest::addRow("attach noise") << QByteArray("[New LWP 1234]") << true;
        QTest::addRow("info threads header") << QByteArray("  Id   Target Id                Frame ") << true;
        QTest::addRow("eu-stack frame") << QByteArray("#0  0x00007f6c8574112b __GI___lll_lock_wait") << false;
        QTest::addRow("crash frame") << QByteArray(" #0 [ffffb1a0c0a8bd28] __schedule at ffffffff81a5b5e2") << false;
        QTest::addRow("sanitizer frame") << QByteArray(
            "    #0 0x4a1b2c in __interceptor_malloc (/usr/lib/libasan.so+0x10a)")
                                         << false;
        QTest::addRow("prose") << QByteArray("Thread 3 was stuck for an hour.") << false;
        QTest::addRow("a person's thread heading") << QByteArray("Thread 3 (vcpu0):") << false;
        QTest::addRow("Windows target id") << QByteArray("Thread 2 (Thread 4660.0x1a2b):") << true;
        QTest::addRow("kernel frame") << QByteArray(" __send_to_port+0x1a/0x40") << false;
    }

    void sniff()
    {
        QFETCH(QByteArray, line);
        QFETCH(bool, gdb);
        LineStream lines(std::string_view(line.constData(), std::size_t(line.size())));
        QCOMPARE(sniffGdb(lines), gdb);
    }

    void regionStopsAtForeignText()
    {
        const QByteArray text =
            "Thread 2 (Thread 0x7f9dac63f6c0 (LWP 8114) \"abba\"):\n"
            "#0  futex_wait (private=0, expected=2, futex_word=0x55fc99a4e0c0 <lock_b>) at f.h:146\n"
            "#1  0x000055fc99a4b1d2 in take_a_then_b (arg=0x0) at abba.c:17\n"
            "\n"
            "So this thread waits for lock_b, which thread 3 holds.\n"
            "#0  0x00007f6c8574112b __GI___lll_lock_wait\n";
        ParseResult r = parseBytes(text);
        QCOMPARE(r.dump.regions.front().format, Format::Gdb);
        QCOMPARE(r.dump.regions.front().span, (LineSpan { 1, 3 }));
        QVERIFY(!r.dump.threads.empty());
        QCOMPARE(int(r.dump.threads[0].frames.size()), 2);
        QCOMPARE(str(r.dump, r.dump.threads[0].id), u"LWP 8114"_s);
    }

    void headerlessBacktraces()
    {
        // two plain "bt" outputs one after the other are two stacks
        const QByteArray text = "(gdb) bt\n"
                                "#0  0x00007f0 in poll () from /lib64/libc.so.6\n"
                                "#1  0x0000401 in main () at m.c:9\n"
                                "(gdb) bt\n"
                                "#0  0x00007f0 in poll () from /lib64/libc.so.6\n"
                                "#1  0x0000402 in main () at m.c:10\n";
        ParseResult r = parseBytes(text);
        QCOMPARE(int(r.dump.threads.size()), 2);
        QCOMPARE(r.dump.threads[1].frames[1].line, 10u);
        QCOMPARE(int(r.dump.threads[1].span.first), 5);
    }

    void hostileLines()
    {
        // unbalanced brackets, a huge line, deep braces: bounded work, no crash
        QByteArray text = "Thread 1 (LWP 1):\n#0  0x1 in f (";
        text += QByteArray(200000, '(');
        text += "\n#1  0x2 in <";
        text += QByteArray(200000, '<');
        text += "\n$1 = ";
        text += QByteArray(100000, '{');
        text += "\n";
        for (int i = 0; i < 2000; ++i)
            text += "#" + QByteArray::number(i) + "  0x1 in g (a=" + QByteArray(50, '(') + "\n";
        QElapsedTimer timer;
        timer.start();
        ParseResult r = parseBytes(text);
        QVERIFY(timer.elapsed() < 10000);
        QVERIFY(!r.dump.threads.empty());
        QVERIFY(!r.diagnostics.empty());
    }

    void frameLevelParsing_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("level");
        QTest::addRow("two digits") << QByteArray("#12 0x1 in f ()") << true;
        QTest::addRow("letter") << QByteArray("#x  0x1 in f ()") << false;
        QTest::addRow("glued") << QByteArray("#1foo") << false;
        QTest::addRow("overflow") << QByteArray("#99999999999999999999 0x1 in f ()") << false;
    }

    void frameLevelParsing()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, level);
        std::uint32_t n = 0;
        std::string_view body;
        QCOMPARE(splitGdbFrameLevel(std::string_view(text.constData(), std::size_t(text.size())), n, body), level);
    }
};

QTEST_GUILESS_MAIN(TestGdbParser)
#include "tst_gdbparser.moc"
