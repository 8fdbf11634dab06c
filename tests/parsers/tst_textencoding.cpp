// SPDX-License-Identifier: GPL-2.0-or-later
// Dumps saved by Windows tools: UTF-8 with a byte order mark, UTF-16LE/BE with one (PowerShell),
// read through readWholeFile into the same threads, frames and line numbers as the UTF-8 file.
#include <hvdump/parsers/dumpparser.h>
#include <hvdump/parsers/textencoding.h>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace hvdump::parsers;
using namespace Qt::StringLiterals;

namespace {

std::string utf16(const std::string& utf8, bool littleEndian)
{
    const QString text = QString::fromStdString(utf8);
    std::string out = littleEndian ? std::string("\xFF\xFE") : std::string("\xFE\xFF");
    for (QChar c : text) {
        const char hi = static_cast<char>(c.unicode() >> 8), lo = static_cast<char>(c.unicode() & 0xFF);
        out += littleEndian ? std::string { lo, hi } : std::string { hi, lo };
    }
    return out;
}

} // namespace

class TestTextEncoding : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void normalize_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("expected");
        QTest::addColumn<int>("encoding");
        const std::string text = "Thread 1 (LWP 7) \"vcpu\xc3\xa9\":\n#0  0x1 in f ()\r\n";
        auto row = [](const std::string& s) { return QByteArray::fromStdString(s); };
        QTest::addRow("plain UTF-8 is left alone") << row(text) << row(text) << int(TextEncoding::Utf8);
        QTest::addRow("UTF-8 byte order mark dropped")
            << row("\xEF\xBB\xBF" + text) << row(text) << int(TextEncoding::Utf8Bom);
        QTest::addRow("UTF-16LE") << row(utf16(text, true)) << row(text) << int(TextEncoding::Utf16Le);
        QTest::addRow("UTF-16BE") << row(utf16(text, false)) << row(text) << int(TextEncoding::Utf16Be);
        QTest::addRow("surrogate pair") << QByteArray("\xFF\xFE\x3D\xD8\x00\xDE", 6) << QByteArray("\xF0\x9F\x98\x80")
                                        << int(TextEncoding::Utf16Le);
        QTest::addRow("lone surrogate") << QByteArray("\xFF\xFE\x3D\xD8"
                                                      "a\0",
            6)
                                        << QByteArray("\xEF\xBF\xBD"
                                                      "a")
                                        << int(TextEncoding::Utf16Le);
        QTest::addRow("cut in a code unit") << QByteArray("\xFF\xFE"
                                                          "a\0b",
            5) << QByteArray("a\xEF\xBF\xBD")
                                            << int(TextEncoding::Utf16Le);
        QTest::addRow("only a byte order mark") << QByteArray("\xFE\xFF") << QByteArray() << int(TextEncoding::Utf16Be);
        QTest::addRow("a NUL-led binary file is not UTF-16")
            << QByteArray("\0\0\x01\x02", 4) << QByteArray("\0\0\x01\x02", 4) << int(TextEncoding::Utf8);
    }

    void normalize()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, expected);
        QFETCH(int, encoding);
        std::string bytes = input.toStdString();
        QCOMPARE(int(normalizeEncoding(bytes)), encoding);
        QCOMPARE(QByteArray::fromStdString(bytes), expected);
    }

    void windowsSavedSampleParsesAsTheOriginal_data()
    {
        QTest::addColumn<QString>("sample");
        for (const QString& s : { u"001_cloud_hypervisor_pause_deadlock.txt"_s, u"004_bhyve_vmm_drv_lease.txt"_s })
            QTest::addRow("%s", qPrintable(s)) << s;
    }

    void windowsSavedSampleParsesAsTheOriginal()
    {
        QFETCH(QString, sample);
        const std::string path = QString(QString::fromUtf8(HVDUMP_SOURCE_DIR) + u"/samples/"_s + sample).toStdString();
        std::string original, error;
        QVERIFY(readWholeFile(path, original, error));
        const ParseResult reference = parseText(original, {});
        QVERIFY(!reference.dump.threads.empty());

        QTemporaryDir dir;
        for (bool littleEndian : { true, false }) {
            const QString saved = dir.filePath(littleEndian ? u"le.txt"_s : u"be.txt"_s);
            QFile f(saved);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray::fromStdString(utf16(original, littleEndian)));
            f.close();
            std::string converted;
            QVERIFY(readWholeFile(saved.toStdString(), converted, error));
            QCOMPARE(converted.size(), original.size());
            const ParseResult again = parseText(converted, {});
            QCOMPARE(again.dump.threads.size(), reference.dump.threads.size());
            for (std::size_t i = 0; i < again.dump.threads.size(); ++i) {
                QCOMPARE(again.dump.threads[i].frames.size(), reference.dump.threads[i].frames.size());
                QCOMPARE(again.dump.threads[i].span.first, reference.dump.threads[i].span.first);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestTextEncoding)
#include "tst_textencoding.moc"
