// SPDX-License-Identifier: GPL-2.0-or-later
// Informal frame lists pasted in mail: seed 000 as it is, the other header forms, and prose,
// patches and code that must give no thread at all.
#include "parsertests.h"

#include <hvdump/parsers/dumpparser.h>
#include <hvdump/parsers/informalline.h>
#include <hvdump/parsers/informalparser.h>
#include <hvdump/parsers/linestream.h>

#include <QFile>
#include <QTest>

using namespace hvdump::parsers;
using namespace hvdump::parsers::test;
using namespace Qt::StringLiterals;

namespace {

QString seedPath()
{
    return QString::fromUtf8(HVDUMP_SOURCE_DIR) + u"/../shared/seeds/000_87178d0205e064c7.txt"_s;
}

QString dataPath(const QString& name)
{
    return QString::fromUtf8(HVDUMP_SOURCE_DIR) + u"/tests/data/informal/"_s + name;
}

ParseResult parsePath(const QString& path, Format forced = Format::Informal)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot open %s", qPrintable(path));
    const QByteArray bytes = f.readAll();
    ParseOptions options;
    options.forced = forced;
    return parseText(std::string_view(bytes.constData(), std::size_t(bytes.size())), options);
}

QStringList functions(const Dump& d, const Thread& t)
{
    QStringList out;
    for (const Frame& f : t.frames)
        out << str(d, f.function);
    return out;
}

} // namespace

class TestInformalParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void seed000_data()
    {
        QTest::addColumn<int>("index");
        QTest::addColumn<QString>("id");
        QTest::addColumn<int>("cpu");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("state");
        QTest::addColumn<QString>("stateText");
        QTest::addColumn<QStringList>("frames");
        QTest::addColumn<QStringList>("notes"); // "function: note"
        QTest::addColumn<int>("first");
        QTest::addColumn<int>("last");

        QTest::addRow("CPU3 spins in virtqueue_get_buf")
            << 0 << u"CPU 3"_s << 3 << QString() << u"running"_s << u"spins forever in virtqueue_get_buf"_s
            << QStringList { u"virtqueue_get_buf"_s, u"__send_to_port"_s, u"put_chars"_s, u"hvc_push"_s, u"hvc_write"_s,
                   u"n_tty_write"_s }
            << QStringList { u"n_tty_write: <- writev() syscall"_s } << 38 << 47;
        QTest::addRow("CPU0 printk from the bark ISR")
            << 1 << u"CPU 0"_s << 0 << QString() << u"running"_s << u"spins on _raw_spin_lock_irqsave"_s
            << QStringList { u"queued_spin_lock_slowpath"_s, u"_raw_spin_lock_irqsave"_s, u"__send_to_port"_s,
                   u"put_chars"_s, u"hvc_console_print"_s, u"console_flush_all"_s, u"console_unlock"_s,
                   u"vprintk_emit"_s }
            << QStringList { u"vprintk_emit: <- printk (watchdog bark handler)"_s } << 49 << 61;
        QTest::addRow("CPU1 waits for the console lock")
            << 2 << u"CPU 1"_s << 1 << QString() << u"running"_s << u"spinning inside vprintk_emit"_s
            << QStringList { u"vprintk_emit"_s, u"dev_vprintk_emit"_s, u"dev_printk_emit"_s, u"__dev_printk"_s,
                   u"_dev_info"_s }
            << QStringList { u"vprintk_emit: <- spinning for console lock"_s, u"_dev_info: <- virtio_mem worker"_s }
            << 63 << 72;
        QTest::addRow("CPU2 khvcd blocked in __hvc_poll")
            << 3 << u"CPU 2"_s << 2 << u"khvcd kernel thread"_s << u"unknown"_s << u"blocked in __hvc_poll"_s
            << QStringList { u"queued_spin_lock_slowpath"_s, u"_raw_spin_lock_irqsave"_s, u"__hvc_poll"_s, u"khvcd"_s }
            << QStringList {} << 74 << 80;
    }

    void seed000()
    {
        if (!QFile::exists(seedPath()))
            QSKIP("seed 000 (../shared/seeds/000_87178d0205e064c7.txt next to the source tree) is not present");
        QFETCH(int, index);
        ParseResult r = parsePath(seedPath());
        const Dump& d = r.dump;
        // exactly the four lists: nothing from the quoted prose or the diff hunk
        QCOMPARE(int(d.threads.size()), 4);
        QCOMPARE(int(d.samples.size()), 1);
        const Thread& t = d.threads[std::size_t(index)];
        QCOMPARE(t.format, Format::Informal);
        QTEST(str(d, t.id), "id");
        QTEST(int(t.cpu), "cpu");
        QTEST(str(d, t.name), "name");
        QTEST(QString::fromUtf8(threadStateName(t.state)), "state");
        QTEST(str(d, t.stateText), "stateText");
        QTEST(functions(d, t), "frames");
        QStringList notes;
        for (const Frame& f : t.frames)
            if (!str(d, f.note).isEmpty())
                notes << str(d, f.function) + u": "_s + str(d, f.note);
        QTEST(notes, "notes");
        QTEST(int(t.span.first), "first");
        QTEST(int(t.span.last), "last");
        QVERIFY(str(d, t.note).startsWith(u"Core "_s));
        QVERIFY(str(d, t.note).size() <= 300);
        QCOMPARE(int(t.frames.front().span.first), int(t.span.first) + (index == 1 || index == 2 ? 4 : 3));
    }

    void seed000AutoDetected()
    {
        if (!QFile::exists(seedPath()))
            QSKIP("seed 000 (../shared/seeds/000_87178d0205e064c7.txt next to the source tree) is not present");
        ParseResult r = parsePath(seedPath(), Format::Unknown);
        QStringList ids;
        for (const Thread& t : r.dump.threads)
            if (t.format == Format::Informal)
                ids << str(r.dump, t.id);
        QCOMPARE(ids, (QStringList { u"CPU 3"_s, u"CPU 0"_s, u"CPU 1"_s, u"CPU 2"_s }));
    }

    void forms_data()
    {
        QTest::addColumn<int>("index");
        QTest::addColumn<QString>("id");
        QTest::addColumn<int>("cpu");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("stateText");
        QTest::addColumn<int>("frames");
        QTest::addColumn<QString>("top");
        QTest::addColumn<QString>("topDetail"); // "+offset/size [module]"
        QTest::addColumn<QString>("lastNote");
        QTest::addColumn<bool>("lastUnreliable");
        QTest::addColumn<int>("first");
        QTest::addColumn<int>("last");

        QTest::addRow("CPU1: with kernel offsets and modules")
            << 0 << u"CPU 1"_s << 1 << QString() << QString() << 4 << u"native_queued_spin_lock_slowpath"_s
            << u"+2a/2c0 []"_s << QString() << true << 3 << 7;
        QTest::addRow("Thread 3 (vcpu0): Rust paths")
            << 1 << u"Thread 3"_s << -1 << u"vcpu0"_s << QString() << 4 << u"vmm::vm::Vm::handle_mmio_exit"_s
            << QString() << QString() << false << 9 << 13;
        QTest::addRow("vCPU 1 is stuck in:") << 2 << u"vCPU 1"_s << -1 << QString() << u"stuck in"_s << 3
                                             << u"kvm_vcpu_block"_s << QString() << QString() << false << 15 << 18;
        QTest::addRow("list without a header")
            << 3 << u"list at line 21"_s << -1 << QString() << QString() << 4 << u"wait_for_completion"_s << QString()
            << QString() << false << 21 << 24;
    }

    void forms()
    {
        QFETCH(int, index);
        ParseResult r = parsePath(dataPath(u"forms.txt"_s));
        const Dump& d = r.dump;
        QCOMPARE(int(d.threads.size()), 4);
        const Thread& t = d.threads[std::size_t(index)];
        QTEST(str(d, t.id), "id");
        QTEST(int(t.cpu), "cpu");
        QTEST(str(d, t.name), "name");
        QTEST(str(d, t.stateText), "stateText");
        QTEST(int(t.frames.size()), "frames");
        const Frame& top = t.frames.front();
        QTEST(str(d, top.function), "top");
        QString detail;
        if (top.hasOffset)
            detail = u'+' + QString::number(top.offset, 16) + u'/' + QString::number(top.size, 16) + u" ["_s
                + str(d, top.module) + u']';
        QTEST(detail, "topDetail");
        QTEST(str(d, t.frames.back().note), "lastNote");
        QTEST(t.frames.back().unreliable, "lastUnreliable");
        QTEST(int(t.span.first), "first");
        QTEST(int(t.span.last), "last");
    }

    void annotatedFrame()
    {
        ParseResult r = parsePath(dataPath(u"forms.txt"_s));
        const Thread& t = r.dump.threads[1];
        QCOMPARE(str(r.dump, t.frames[2].function), u"std::sync::Mutex<T>::lock"_s);
        QCOMPARE(str(r.dump, t.frames[2].note), u"<- blocked on vcpu_states"_s);
        const Thread& cpu1 = r.dump.threads[0];
        QCOMPARE(str(r.dump, cpu1.frames[2].module), u"vhost"_s);
    }

    void noThreads_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addRow("prose, signature and a list of English words") << u"prose.txt"_s;
        QTest::addRow("patch hunk") << u"patch.txt"_s;
        QTest::addRow("C code") << u"code.txt"_s;
    }

    void noThreads()
    {
        QFETCH(QString, file);
        ParseResult r = parsePath(dataPath(file));
        QCOMPARE(int(r.dump.threads.size()), 0);
        QVERIFY(r.dump.regions.empty());
    }

    void kernelLogIsNotAHeader()
    {
        // a sentence, then a console report with timestamps: the report is the console's (its
        // hard lockup line is a report), not a header of an informal list
        ParseResult r = parsePath(dataPath(u"prose_then_console.txt"_s), Format::Unknown);
        QCOMPARE(int(r.dump.threads.size()), 1);
        QCOMPARE(r.dump.threads.front().format, Format::Console);
        QCOMPARE(r.dump.threads.front().cpu, 10);
        QCOMPARE(int(r.dump.reports.size()), 1);
        QCOMPARE(r.dump.reports.front().kind, ReportKind::HardLockup);
        QCOMPARE(int(r.dump.reports.front().span.first), 2);
    }

    void cutList()
    {
        // bad input: a list with frames left out; the gap is reported with its line
        ParseResult r = parsePath(dataPath(u"cut_list.txt"_s));
        QCOMPARE(int(r.dump.threads.size()), 1);
        const Thread& t = r.dump.threads.front();
        QCOMPARE(str(r.dump, t.id), u"CPU 2"_s);
        QCOMPARE(str(r.dump, t.name), u"kworker/2:1"_s);
        QCOMPARE(t.state, ThreadState::Running);
        QCOMPARE(int(t.frames.size()), 4);
        bool found = false;
        for (const Diagnostic& diag : r.diagnostics)
            if (diag.code == codes::OutputCut) {
                QCOMPARE(diag.line, 5u);
                found = true;
            }
        QVERIFY(found);
    }

    void frameLines_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<bool>("frame");
        QTest::addColumn<bool>("functionLike");

        QTest::addRow("bare C function") << u"__send_to_port"_s << true << true;
        QTest::addRow("with ()") << u"khvcd()"_s << true << true;
        QTest::addRow("kernel offset and module") << u"  vhost_poll_queue+0x1a/0x30 [vhost]"_s << true << true;
        QTest::addRow("C++ path") << u"QEventLoop::exec"_s << true << true;
        QTest::addRow("annotation") << u"vprintk_emit       <- spinning for console lock"_s << true << true;
        QTest::addRow("old x86 kernel frame")
            << u" [<ffffffff8104a2e5>] ? vhost_worker+0x15/0x20 [vhost]"_s << true << true;
        QTest::addRow("plain word") << u"Regards"_s << true << false;
        QTest::addRow("word with a full stop") << u"Thanks."_s << false << false;
        QTest::addRow("call with arguments") << u"spin_lock(&port->outvq_lock)"_s << false << false;
        QTest::addRow("statement") << u"cpu_relax();"_s << false << false;
        QTest::addRow("keyword") << u"static"_s << false << false;
        QTest::addRow("diff line") << u"+\tvirtqueue_kick"_s << false << false;
        QTest::addRow("macro") << u"NSEC_PER_MSEC"_s << false << false;
        QTest::addRow("sentence") << u"with all CPUs stuck"_s << false << false;
        QTest::addRow("label") << u"done:"_s << false << false;
    }

    void frameLines()
    {
        QFETCH(QString, line);
        const QByteArray utf8 = line.toUtf8();
        informal::FrameText f;
        QTEST(informal::parseFrameText(std::string_view(utf8.constData(), std::size_t(utf8.size())), f), "frame");
        QTEST(f.functionLike, "functionLike");
    }

    void headers_data()
    {
        QTest::addColumn<QString>("header");
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("number");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("state");

        QTest::addRow("CPU1:") << u"CPU1:"_s << int(informal::ContextKind::Cpu) << 1 << QString() << u"unknown"_s;
        QTest::addRow("cpu#4 busy-waits") << u"cpu#4 busy-waits in stop_machine:"_s << int(informal::ContextKind::Cpu)
                                          << 4 << QString() << u"running"_s;
        QTest::addRow("vcpu is not cpu") << u"vcpu 2 is blocked:"_s << int(informal::ContextKind::VCpu) << 2
                                         << QString() << u"unknown"_s;
        QTest::addRow("core dump is not a core") << u"The core dump of LWP 17 shows:"_s
                                                 << int(informal::ContextKind::Lwp) << 17 << QString() << u"unknown"_s;
        QTest::addRow("spinlock is not spinning")
            << u"CPU 2 holds the spinlock:"_s << int(informal::ContextKind::Cpu) << 2 << QString() << u"unknown"_s;
        QTest::addRow("short label") << u"Writer side:"_s << int(informal::ContextKind::Named) << -1 << u"Writer side"_s
                                     << u"unknown"_s;
        QTest::addRow("no context") << u"and then it goes on like this"_s << int(informal::ContextKind::None) << -1
                                    << QString() << u"unknown"_s;
    }

    void headers()
    {
        QFETCH(QString, header);
        const QByteArray utf8 = header.toUtf8();
        informal::HeaderInfo h = informal::analyzeHeader(std::string_view(utf8.constData(), std::size_t(utf8.size())));
        QTEST(int(h.kind), "kind");
        QTEST(int(h.number), "number");
        QTEST(QString::fromUtf8(h.name.data(), qsizetype(h.name.size())), "name");
        QTEST(QString::fromUtf8(threadStateName(h.state)), "state");
    }

    void hostileInput()
    {
        std::string text = "CPU 1:\n";
        for (int i = 0; i < 50000; ++i)
            text += "a_b\n";
        text += std::string(300000, '_') + "\n";
        for (int i = 0; i < 1000; ++i)
            text += "Core " + std::string(50, '9') + " spins:\nf_a\nf_b\n\n";
        ParseOptions options;
        options.forced = Format::Informal;
        ParseResult r = parseText(text, options);
        QVERIFY(!r.dump.threads.empty());
    }
};

QTEST_GUILESS_MAIN(TestInformalParser)
#include "tst_informalparser.moc"
