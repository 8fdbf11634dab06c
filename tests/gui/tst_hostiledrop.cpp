// SPDX-License-Identifier: GPL-2.0-or-later
// What people really drop on the window: empty files, binary junk, a core file by mistake, text
// with NULs and no line breaks, FIFOs, paths that vanished. Each either opens and ends in a state
// with its reason shown, or is refused with a message; the window never hangs or crashes.
#include "guitestsupport.h"

#include <hvdump/app/gui/widgets/dumppage.h>
#include <hvdump/app/gui/widgets/mainwindow.h>
#include <hvdump/app/gui/widgets/threadspanel.h>

#include <QFile>
#include <QRandomGenerator>
#include <QSettings>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace hvdump;
using namespace hvdump::gui;
using namespace Qt::StringLiterals;

namespace {

constexpr int timeoutMs = 60000;

QByteArray randomBytes(qsizetype size, quint32 seed)
{
    QByteArray out(size, Qt::Uninitialized);
    QRandomGenerator rng(seed);
    for (char& c : out)
        c = static_cast<char>(rng.bounded(256));
    return out;
}

QByteArray sampleBytes(const QString& name)
{
    QFile f(test::samplePath(name));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestHostileDrop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settings.isValid());
        QCoreApplication::setOrganizationName(u"hvdump-tests"_s);
        QCoreApplication::setApplicationName(u"tst_hostiledrop"_s);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
    }

    void junkOpensAndSettles_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<bool>("expectThreads");
        const QByteArray deadlock = sampleBytes(u"001_cloud_hypervisor_pause_deadlock.txt"_s);
        QTest::addRow("empty") << QByteArray() << false;
        QTest::addRow("random bytes, 2 MB") << randomBytes(2 << 20, 7) << false;
        QTest::addRow("ELF core by mistake") << QByteArray("\x7f"
                                                           "ELF\x02\x01\x01",
                                                    7)
                + randomBytes(300000, 3) << false;
        QTest::addRow("NULs") << QByteArray(500000, '\0') << false;
        QTest::addRow("one 8 MB line") << QByteArray(8 << 20, 'x') << false;
        QTest::addRow("sample cut in half") << deadlock.left(deadlock.size() / 2) << true;
        QTest::addRow("sample with junk spliced in")
            << deadlock.left(3000) + randomBytes(5000, 11) + deadlock.mid(3000) << true;
        // as PowerShell's `>` saves it: UTF-16LE with a byte order mark
        const QString text = QString::fromUtf8(deadlock);
        QTest::addRow("sample saved as UTF-16")
            << QByteArray("\xFF\xFE") + QByteArray(reinterpret_cast<const char*>(text.utf16()), text.size() * 2)
            << true;
    }

    void junkOpensAndSettles()
    {
        QFETCH(QByteArray, content);
        QFETCH(bool, expectThreads);
        QTemporaryDir dir;
        const QString path = dir.filePath(u"dropped.txt"_s);
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(content), content.size());
        f.close();

        MainWindow window;
        window.show();
        DumpPage* page = window.openPaths({ path }).value(0);
        QVERIFY(page);
        QTRY_VERIFY_WITH_TIMEOUT(page->state() != DumpPage::State::Loading, timeoutMs);
        QCOMPARE(page->state(), DumpPage::State::Ready);
        QVERIFY(!page->statusText().isEmpty());
        QCOMPARE(page->analysis() && !page->analysis()->dump.threads.empty(), expectThreads);
        // junk is not a hang
        if (!expectThreads)
            QVERIFY(page->analysis() == nullptr || page->analysis()->findings.empty());
        QTRY_VERIFY_WITH_TIMEOUT(page->graphReady(), timeoutMs);
    }

    void unreadablePathsAreRefusedWithAReason_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expected");
        QTest::addRow("missing file") << u"missing"_s << u"no such file or folder"_s;
        QTest::addRow("FIFO") << u"fifo"_s << u"not a regular file"_s;
    }

    void unreadablePathsAreRefusedWithAReason()
    {
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString path = dir.filePath(u"input"_s);
        if (kind == u"fifo"_s)
            QVERIFY(::mkfifo(QFile::encodeName(path).constData(), 0600) == 0);
        MainWindow window;
        window.show();
        QVERIFY(window.openPaths({ path }).isEmpty());
        QVERIFY(window.pages().isEmpty());
        const QString message = window.statusBar()->currentMessage();
        QVERIFY2(message.contains(path) && message.contains(expected), qPrintable(message));
    }

    void fileGoneBeforeItIsReadFailsInItsTab()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"gone.txt"_s);
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        MainWindow window;
        window.show();
        // chmod 000 does not stop root: a directory in its place does
        QVERIFY(QFile::remove(path));
        QVERIFY(QDir().mkpath(path + u"/"_s));
        auto* page = new DumpPage(path, &window);
        page->start();
        QTRY_VERIFY_WITH_TIMEOUT(page->state() != DumpPage::State::Loading, timeoutMs);
        QCOMPARE(page->state(), DumpPage::State::Failed);
        QVERIFY2(page->statusText().contains(u"directory"_s), qPrintable(page->statusText()));
    }

private:
    QTemporaryDir m_settings;
};

QTEST_MAIN(TestHostileDrop)
#include "tst_hostiledrop.moc"
