// SPDX-License-Identifier: GPL-2.0-or-later
// illumos mdb objects: ::print (typed, member, -a, walked, mail-quoted and cut, garbled), ::rwlock
// and ::mutex tables, and the command lines that announce them.
#include "mdbtestdata.h"

#include <hvdump/parsers/mdbcommand.h>

#include <QTest>

using namespace hvdump::parsers;
using namespace hvdump::mdbtest;
using namespace Qt::StringLiterals;

class TestMdbPrint : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void objects_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("total");
        QTest::addColumn<int>("index");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("address");
        QTest::addColumn<QString>("expression");
        QTest::addColumn<int>("fields");
        QTest::addColumn<int>("first");
        QTest::addColumn<int>("last");

        QTest::addRow("::print -t with braces, arrays of structs, bitfields")
            << u"print_typed.txt"_s << 4 << 0 << u"viona_vring_t"_s << u"fffffd6b1e186ab8"_s
            << u"fffffd6b1e186ab8::print -t viona_vring_t"_s << 17 << 1 << 32;
        QTest::addRow("::print of two members at depth 0")
            << u"print_typed.txt"_s << 4 << 1 << u"vmm_lease_t"_s << u"fffffd6bf7c44928"_s
            << u"0xfffffd6bf7c44928::print vmm_lease_t vml_expired vml_expire_func"_s << 2 << 33 << 35;
        QTest::addRow("walk | ::print -a: first object, address from its line")
            << u"print_typed.txt"_s << 4 << 2 << u"vmm_lease_t"_s << u"fffffd6bf7c44928"_s
            << u"::walk vmm_lease | ::print -a vmm_lease_t"_s << 4 << 36 << 44;
        QTest::addRow("walk | ::print -a: second object")
            << u"print_typed.txt"_s << 4 << 3 << u"vmm_lease_t"_s << u"fffffd6b2a9c0e10"_s
            << u"::walk vmm_lease | ::print -a vmm_lease_t"_s << 4 << 45 << 52;
        QTest::addRow("mail-quoted ::print cut inside vr_stats")
            << u"print_cut.txt"_s << 1 << 0 << u"viona_vring_t"_s << u"fffffd6b1e186ab8"_s
            << u"fffffd6b1e186ab8::print viona_vring_t"_s << 7 << 3 << 13;
        QTest::addRow("::rwlock") << u"rwlock.txt"_s << 2 << 0 << u"krwlock_t"_s << u"fffffd6b03a206a0"_s
                                  << u"fffffd6b03a206a0::rwlock"_s << 3 << 1 << 6;
        QTest::addRow("::mutex") << u"rwlock.txt"_s << 2 << 1 << u"kmutex_t"_s << u"fffffd6afa7da3f8"_s
                                 << u"fffffd6afa7da3f8::mutex"_s << 5 << 7 << 9;
        QTest::addRow("garbled member skipped")
            << u"bad_print_field.txt"_s << 1 << 0 << u"vmm_lease_t"_s << u"fffffd6bf7c44928"_s
            << u"0xfffffd6bf7c44928::print vmm_lease_t"_s << 5 << 1 << 11;
        QTest::addRow("sample: TX ring with closed braces")
            << u"samples/004_bhyve_vmm_drv_lease.txt"_s << 4 << 2 << u"viona_vring_t"_s << u"fffffd6b1e186ab8"_s
            << u"fffffd6b1e186ab8::print viona_vring_t"_s << 42 << 123 << 177;
        QTest::addRow("sample: expired lease")
            << u"samples/004_bhyve_vmm_drv_lease.txt"_s << 4 << 3 << u"vmm_lease_t"_s << u"fffffd6bf7c44928"_s
            << u"0xfffffd6bf7c44928::print vmm_lease_t"_s << 9 << 178 << 193;
    }

    void objects()
    {
        QFETCH(QString, file);
        QFETCH(int, total);
        QFETCH(int, index);
        const ParseResult r = parseData(file);
        const Dump& d = r.dump;
        QCOMPARE(int(d.objects.size()), total);
        const ObjectDump& o = d.objects[std::size_t(index)];
        QCOMPARE(o.format, Format::Mdb);
        QFETCH(QString, type);
        QCOMPARE(str(d, o.type), type);
        QFETCH(QString, address);
        QCOMPARE(hex(o.address), address);
        QFETCH(QString, expression);
        QCOMPARE(str(d, o.expression), expression);
        QFETCH(int, fields);
        QCOMPARE(int(o.fields.size()), fields);
        QFETCH(int, first);
        QCOMPARE(int(o.span.first), first);
        QFETCH(int, last);
        QCOMPARE(int(o.span.last), last);
    }

    void fields_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("object");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("value");
        QTest::addColumn<int>("line");

        QTest::addRow("typed pointer member")
            << u"print_typed.txt"_s << 0 << u"vr_link"_s << u"0xfffffd6b1e186980"_s << 3;
        QTest::addRow("typed nested array") << u"print_typed.txt"_s << 0 << u"vr_lock._opaque"_s << u"[ 0 ]"_s << 5;
        QTest::addRow("bitfield width skipped") << u"print_typed.txt"_s << 0 << u"vr_intr_enabled"_s << u"0"_s << 15;
        QTest::addRow("char * with its string")
            << u"print_typed.txt"_s << 0 << u"vr_name"_s << u"0xfffffd6b1e186b70 \"viona_tx\""_s << 16;
        QTest::addRow("nested struct closed by its brace")
            << u"print_typed.txt"_s << 0 << u"vr_stats.rs_bad_idx"_s << u"0"_s << 19;
        QTest::addRow("array of structs, second element")
            << u"print_typed.txt"_s << 0 << u"vr_used_ring[1].len"_s << u"0x42"_s << 28;
        QTest::addRow("depth limit") << u"print_typed.txt"_s << 0 << u"vr_hold"_s << u"{ ... }"_s << 31;
        QTest::addRow("member print: enum") << u"print_typed.txt"_s << 1 << u"vml_expired"_s << u"0x1 (B_TRUE)"_s << 34;
        QTest::addRow("member print: function pointer")
            << u"print_typed.txt"_s << 1 << u"vml_expire_func"_s << u"viona_ring_lease_expire_cb"_s << 35;
        QTest::addRow("-a address prefix skipped")
            << u"print_typed.txt"_s << 3 << u"vml_node.list_prev"_s << u"0xfffffd6b03a20688"_s << 48;
        QTest::addRow("B_FALSE") << u"print_typed.txt"_s << 3 << u"vml_expired"_s << u"0 (B_FALSE)"_s << 51;
        QTest::addRow("quoted and cut: nesting closed by indentation")
            << u"print_cut.txt"_s << 0 << u"vr_cv._opaque"_s << u"0x1"_s << 8;
        QTest::addRow("quoted and cut: sibling after lost brace")
            << u"print_cut.txt"_s << 0 << u"vr_state"_s << u"0x2"_s << 9;
        QTest::addRow("quoted and cut: last member inside the open struct")
            << u"print_cut.txt"_s << 0 << u"vr_stats.rs_indir_bad_len"_s << u"0"_s << 13;
        QTest::addRow("rwlock readers") << u"rwlock.txt"_s << 0 << u"OWNER/COUNT"_s << u"READERS=1"_s << 3;
        QTest::addRow("rwlock flags") << u"rwlock.txt"_s << 0 << u"FLAGS"_s << u"B011"_s << 3;
        QTest::addRow("rwlock writer waiting")
            << u"rwlock.txt"_s << 0 << u"WAITERS[0]"_s << u"fffffd6b04d27c00 (W)"_s << 3;
        QTest::addRow("mutex owner") << u"rwlock.txt"_s << 1 << u"HELD"_s << u"fffffd6b04d27c00"_s << 9;
        QTest::addRow("member after a garbled one")
            << u"bad_print_field.txt"_s << 0 << u"vml_expired"_s << u"0x1 (B_TRUE)"_s << 8;
        QTest::addRow("sample: lease expired")
            << u"samples/004_bhyve_vmm_drv_lease.txt"_s << 3 << u"vml_expired"_s << u"0x1 (B_TRUE)"_s << 185;
        QTest::addRow("sample: ring's worker")
            << u"samples/004_bhyve_vmm_drv_lease.txt"_s << 2 << u"vr_worker_thread"_s << u"0xfffffd6b0c4d6820"_s << 135;
        QTest::addRow("sample: lease blocker")
            << u"samples/004_bhyve_vmm_drv_lease.txt"_s << 1 << u"vmm_lease_blocker"_s << u"0x1"_s << 122;
    }

    void fields()
    {
        QFETCH(QString, file);
        QFETCH(int, object);
        QFETCH(QString, path);
        const ParseResult r = parseData(file);
        const Dump& d = r.dump;
        QVERIFY(std::size_t(object) < d.objects.size());
        const ObjectField* f = findField(d, d.objects[std::size_t(object)], path);
        QVERIFY2(f, qPrintable(path));
        QFETCH(QString, value);
        QCOMPARE(str(d, f->value), value);
        QFETCH(int, line);
        QCOMPARE(int(f->line), line);
    }

    void commands_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("recognised");
        QTest::addColumn<QString>("address");
        QTest::addColumn<QString>("arguments");
        QTest::addColumn<bool>("piped");

        QTest::addRow("prompt stripped by the cleaner")
            << u"::stacks -m vmm"_s << true << QString() << u"-m vmm"_s << false;
        QTest::addRow("raw prompt") << u"> ::findstack -v"_s << true << QString() << u"-v"_s << false;
        QTest::addRow("kmdb prompt") << u"[3]> $C"_s << true << QString() << QString() << false;
        QTest::addRow("cleaner left kmdb's '>'") << u"> $c 4"_s << true << QString() << u"4"_s << false;
        QTest::addRow("address and type") << u"fffffd6b1e186ab8::print viona_vring_t"_s << true << u"fffffd6b1e186ab8"_s
                                          << u"viona_vring_t"_s << false;
        QTest::addRow("pipeline") << u"::walk thread | ::findstack -v"_s << true << QString() << u"-v"_s << true;
        QTest::addRow("dereference") << u"*vmm_list::print -t vmm_softc_t"_s << true << u"*vmm_list"_s
                                     << u"-t vmm_softc_t"_s << false;
        QTest::addRow("dcmd whose output is not read") << u"::ps -f"_s << false << QString() << QString() << false;
        QTest::addRow("C++ in prose") << u"std::vector<int>::size is used"_s << false << QString() << QString()
                                      << false;
        QTest::addRow("sentence with a dollar") << u"it costs $5"_s << false << QString() << QString() << false;
    }

    void commands()
    {
        QFETCH(QString, text);
        QFETCH(bool, recognised);
        const QByteArray utf8 = text.toUtf8();
        MdbCommand cmd;
        QCOMPARE(parseMdbCommand(std::string_view(utf8.constData(), std::size_t(utf8.size())), cmd), recognised);
        if (!recognised)
            return;
        QFETCH(QString, address);
        QCOMPARE(qs(cmd.address), address);
        QFETCH(QString, arguments);
        QCOMPARE(qs(cmd.arguments), arguments);
        QFETCH(bool, piped);
        QCOMPARE(cmd.piped, piped);
    }

    void printType_data()
    {
        QTest::addColumn<QString>("arguments");
        QTest::addColumn<QString>("type");
        QTest::addRow("plain") << u"viona_vring_t"_s << u"viona_vring_t"_s;
        QTest::addRow("options") << u"-a -t vmm_lease_t vml_expired"_s << u"vmm_lease_t"_s;
        QTest::addRow("option with a value") << u"-l 16 -t struct vmm_lease"_s << u"struct vmm_lease"_s;
        QTest::addRow("none") << u"-t"_s << QString();
    }

    void printType()
    {
        QFETCH(QString, arguments);
        const QByteArray utf8 = arguments.toUtf8();
        QFETCH(QString, type);
        QCOMPARE(qs(mdbPrintType(std::string_view(utf8.constData(), std::size_t(utf8.size())))), type);
    }
    void diagnostics_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("code");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("severity");

        QTest::addRow("garbled ::print member")
            << u"bad_print_field.txt"_s << QString::fromUtf8(codes::MalformedObject) << 7 << int(Severity::Warning);
        QTest::addRow("::print braces lost: one note")
            << u"print_cut.txt"_s << QString::fromUtf8(codes::MalformedObject) << 7 << int(Severity::Note);
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

    void lostBracesGiveOneNote()
    {
        const ParseResult r = parseData(u"print_cut.txt"_s);
        int notes = 0;
        for (const Diagnostic& d : r.diagnostics)
            notes += d.code == codes::MalformedObject ? 1 : 0;
        QCOMPARE(notes, 1);
        // a complete ::print with all its braces gives none
        const ParseResult typed = parseData(u"print_typed.txt"_s);
        QVERIFY(typed.diagnostics.empty());
    }
};

QTEST_GUILESS_MAIN(TestMdbPrint)
#include "tst_mdbprint.moc"
