// SPDX-License-Identifier: GPL-2.0-or-later
// DebugInfo on a real program built with the system cc (-g -O2): function, inlined call and line
// of an address, a relocatable object, and hostile debug files (missing, a directory, empty, text,
// truncated ELF, an invalid .debug_rnglists header, bytes flipped at random in the DWARF), which
// must give HVP030 diagnostics and never crash.
#include "targetprogram.h"

#include <hvdump/parsers/debuginfo.h>

#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>
#include <elf.h>
#include <memory>
#include <random>

using namespace hvdump::parsers;
using namespace Qt::StringLiterals;

namespace {

bool hasDiagnostic(const std::vector<Diagnostic>& diagnostics, const std::string& file, Severity severity)
{
    for (const Diagnostic& d : diagnostics) {
        if (d.code == codes::DebugInfo && d.file == file && d.severity == severity)
            return true;
    }
    return false;
}

// section header of name in an ELF64 image, or nullptr
const Elf64_Shdr* findSection(const QByteArray& image, const char* name)
{
    if (image.size() < static_cast<qsizetype>(sizeof(Elf64_Ehdr)))
        return nullptr;
    auto* eh = reinterpret_cast<const Elf64_Ehdr*>(image.constData());
    if (eh->e_shoff + quint64(eh->e_shnum) * sizeof(Elf64_Shdr) > quint64(image.size())
        || eh->e_shstrndx >= eh->e_shnum)
        return nullptr;
    auto* sections = reinterpret_cast<const Elf64_Shdr*>(image.constData() + eh->e_shoff);
    const char* names = image.constData() + sections[eh->e_shstrndx].sh_offset;
    for (int i = 0; i < eh->e_shnum; ++i) {
        if (std::strcmp(names + sections[i].sh_name, name) == 0)
            return &sections[i];
    }
    return nullptr;
}

} // namespace

class TestDebugInfo : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_skip;
    targetprogram::Built m_pie;
    QString m_object;

    void skipWithoutCompiler()
    {
        if (!m_skip.isEmpty())
            QSKIP(qPrintable(m_skip));
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (targetprogram::compiler().isEmpty()) {
            m_skip = u"no C compiler (cc) on PATH: the debug info tests build their target program"_s;
            return;
        }
        QVERIFY(m_dir.isValid());
        QVERIFY(targetprogram::build(
            m_pie, m_dir.filePath(u"symbolize_target"_s), { u"-rdynamic"_s, u"-fPIE"_s, u"-pie"_s }));
        m_object = m_dir.filePath(u"symbolize_target.o"_s);
        QString error;
        QVERIFY2(targetprogram::compile(m_object, { u"-c"_s }, error), qPrintable(error));
    }

    void debugInfoLooksUpAddresses()
    {
        skipWithoutCompiler();
        const DebugInfo& info = *m_pie.info;
        QVERIFY(info.hasDwarf());
        QVERIFY(info.isProgram());
        QVERIFY(!info.hasFixedAddresses());
        QVERIFY(!info.isRelocatable());
        QVERIFY(info.unitCount() >= 1);
        std::optional<ElfSymbol> worker = info.findSymbol("worker");
        QVERIFY(worker);
        QCOMPARE(worker->value, m_pie.symbols.value(u"worker"_s));
        QVERIFY(!info.findSymbol("no_such_function"));

        // worker's frame returns into the code inlined from mix(): look up the call instruction
        SourceLookup r = info.lookup(m_pie.trace.frames[1].address - m_pie.slide() - 1);
        QVERIFY(r.found);
        QCOMPARE(r.function, std::string_view("worker"));
        QCOMPARE(r.symbol, std::string_view("worker"));
        QCOMPARE(QFileInfo(QString::fromStdString(std::string(r.file))).fileName(), u"symbolize_target.h"_s);
        QCOMPARE(int(r.line), targetprogram::markerLine(u"mix-calls-capture"_s));
        QCOMPARE(r.inlined.size(), std::size_t(1));
        QCOMPARE(r.inlined[0].function, std::string_view("mix"));
        QCOMPARE(int(r.inlined[0].callLine), targetprogram::markerLine(u"worker-calls-mix"_s));

        QVERIFY(!info.lookup(0).found);
        QVERIFY(!info.lookup(~0ULL).found);
    }

    void linesOfFunctions_data()
    {
        QTest::addColumn<QString>("function");
        QTest::addColumn<int>("offset"); // from the symbol; -1: the return address of backtrace() in capture
        QTest::addColumn<QString>("marker");
        QTest::addRow("scale, the unit's first code, in the header") << u"scale"_s << 0 << u"scale"_s;
        QTest::addRow("capture's call of backtrace") << u"capture"_s << -1 << u"capture"_s;
    }

    void linesOfFunctions()
    {
        // scale() is the first code of the unit: its rows use the line program's initial file
        // (1, the header), which libdwarf 20210528 reads as 0 (the .c)
        skipWithoutCompiler();
        QFETCH(QString, function);
        QFETCH(int, offset);
        QFETCH(QString, marker);
        std::optional<ElfSymbol> sym = m_pie.info->findSymbol(function.toStdString());
        QVERIFY(sym);
        std::uint64_t address = offset >= 0 ? sym->value + offset : m_pie.trace.frames[0].address - m_pie.slide() - 1;
        SourceLookup r = m_pie.info->lookup(address);
        QCOMPARE(QString::fromStdString(std::string(r.function)), function);
        QCOMPARE(QFileInfo(QString::fromStdString(std::string(r.file))).fileName(), targetprogram::markerFile(marker));
        QCOMPARE(int(r.line), targetprogram::markerLine(marker));
    }

    void debugInfoReadsRelocatableObjects()
    {
        skipWithoutCompiler();
        std::vector<Diagnostic> diagnostics;
        std::unique_ptr<DebugInfo> info = DebugInfo::open(m_object.toStdString(), diagnostics);
        QVERIFY(info);
        QVERIFY(info->isRelocatable());
        QVERIFY(!info->isProgram());
        std::optional<ElfSymbol> helper = info->findSymbol("helper");
        QVERIFY(helper);
        SourceLookup r = info->lookup(helper->value + 4);
        QCOMPARE(r.function, std::string_view("helper"));
        QCOMPARE(int(r.line), targetprogram::markerLine(u"helper-calls-worker"_s));
    }

    void hostileDebugFiles_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<bool>("usable"); // symbols survive, DWARF refused
        QTest::addRow("missing file") << u"missing"_s << false;
        QTest::addRow("directory") << u"directory"_s << false;
        QTest::addRow("empty file") << u"empty"_s << false;
        QTest::addRow("text, not ELF") << u"text"_s << false;
        QTest::addRow("ELF cut after 1000 bytes") << u"truncated"_s << false;
        QTest::addRow("bad .debug_rnglists header") << u"rnglists"_s << true;
    }

    void hostileDebugFiles()
    {
        skipWithoutCompiler();
        QFETCH(QString, kind);
        QFETCH(bool, usable);
        QString path = m_dir.filePath(u"hostile-"_s + kind);
        QFile original(m_pie.binary);
        QVERIFY(original.open(QIODevice::ReadOnly));
        QByteArray image = original.readAll();
        QFile out(path);
        if (kind == u"directory"_s) {
            QVERIFY(QDir().mkpath(path));
        } else if (kind != u"missing"_s) {
            QVERIFY(out.open(QIODevice::WriteOnly));
            if (kind == u"text"_s)
                out.write("#0  0x00007f in ?? ()\nnot an ELF file at all\n");
            else if (kind == u"truncated"_s)
                out.write(image.left(1000));
            else if (kind == u"rnglists"_s) {
                const Elf64_Shdr* rnglists = findSection(image, ".debug_rnglists");
                if (!rnglists)
                    QSKIP("this compiler emitted no .debug_rnglists (DWARF 4)");
                image[qsizetype(rnglists->sh_offset + 4)] = 4; // version 5 -> 4
                out.write(image);
            }
            out.close();
        }
        std::vector<Diagnostic> diagnostics;
        std::unique_ptr<DebugInfo> info = DebugInfo::open(path.toStdString(), diagnostics);
        QCOMPARE(bool(info), usable);
        QVERIFY(hasDiagnostic(diagnostics, path.toStdString(), usable ? Severity::Warning : Severity::Error));
        if (info) {
            QVERIFY(!info->hasDwarf());
            SourceLookup r = info->lookup(m_pie.symbols.value(u"helper"_s) + 4);
            QCOMPARE(r.function, std::string_view("helper")); // from the symbol table
            QVERIFY(r.file.empty());
        }
    }

    void corruptDwarfNeverCrashes()
    {
        skipWithoutCompiler();
        // bytes flipped at random (fixed seed) in every debug section: each file must open or be
        // refused with diagnostics, and lookups must return, never crash
        QFile original(m_pie.binary);
        QVERIFY(original.open(QIODevice::ReadOnly));
        const QByteArray image = original.readAll();
        std::vector<std::pair<quint64, quint64>> sections;
        for (const char* name : { ".debug_info", ".debug_abbrev", ".debug_line", ".debug_str", ".debug_line_str",
                 ".debug_rnglists", ".debug_aranges", ".symtab", ".strtab" }) {
            if (const Elf64_Shdr* s = findSection(image, name); s && s->sh_size)
                sections.emplace_back(s->sh_offset, s->sh_size);
        }
        QVERIFY(sections.size() >= 5);
        std::mt19937 random(20240521);
        const QString path = m_dir.filePath(u"corrupt"_s);
        int opened = 0;
        for (int round = 0; round < 60; ++round) {
            QByteArray copy = image;
            int flips = 1 << (round % 6);
            for (int i = 0; i < flips; ++i) {
                const auto& [offset, size] = sections[random() % sections.size()];
                copy[qsizetype(offset + random() % size)] = char(random());
            }
            QFile out(path);
            QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
            out.write(copy);
            out.close();
            std::vector<Diagnostic> diagnostics;
            std::unique_ptr<DebugInfo> info = DebugInfo::open(path.toStdString(), diagnostics);
            if (!info)
                continue;
            ++opened;
            for (const targetprogram::BacktraceFrame& f : m_pie.trace.frames)
                info->lookup(f.address - m_pie.slide(), &diagnostics);
        }
        QVERIFY(opened > 0);
    }
};

QTEST_GUILESS_MAIN(TestDebugInfo)
#include "tst_debuginfo.moc"
