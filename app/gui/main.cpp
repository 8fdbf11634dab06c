// SPDX-License-Identifier: GPL-2.0-or-later
// hvdump-gui: opens the dumps named on the command line (files or folders) in the main window.
// --screenshot FILE saves a picture of the window once every dump is analyzed and laid out,
// then quits (used under Xvfb for the README's screenshots); --dark uses a dark palette; --db and
// --no-db choose the case database.
#include <hvdump/app/gui/widgets/dumppage.h>
#include <hvdump/app/gui/widgets/mainwindow.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QIcon>
#include <QPalette>
#include <QStyleFactory>
#include <QTimer>

#include <cstdio>

namespace {

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x30);
    const QColor base(0x1e, 0x1f, 0x22);
    const QColor text(0xe6, 0xe6, 0xe8);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, QColor(0x3c, 0x3f, 0x41));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9d, 0xa3));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::Link, QColor(0x7c, 0xb7, 0xff));
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x65, 0xca));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x80));
    return p;
}

// saves the window once every page has its graph (or gave up), then quits
void screenshotWhenReady(hvdump::gui::MainWindow* window, const QString& path)
{
    auto* poll = new QTimer(window);
    auto* deadline = new QElapsedTimer;
    deadline->start();
    QObject::connect(poll, &QTimer::timeout, window, [window, path, poll, deadline]() {
        bool ready = !window->pages().isEmpty();
        for (hvdump::gui::DumpPage* page : window->pages())
            ready = ready
                && (page->graphReady() || page->state() == hvdump::gui::DumpPage::State::Failed
                    || page->state() == hvdump::gui::DumpPage::State::Cancelled);
        if (!ready && deadline->elapsed() < 120000)
            return;
        poll->stop();
        delete deadline;
        // one more turn of the event loop so the last layout is painted
        QTimer::singleShot(400, window, [window, path]() {
            const bool saved = window->grab().save(path);
            std::fprintf(stderr, "%s %s\n", saved ? "saved" : "could not save", qPrintable(path));
            QApplication::exit(saved ? 0 : 1);
        });
    });
    poll->start(100);
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("hvdump"));
    QApplication::setApplicationName(QStringLiteral("hvdump-gui"));
    QApplication::setApplicationDisplayName(QStringLiteral("hvdump"));
    QApplication::setApplicationVersion(QStringLiteral(HVDUMP_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("com.hvdump.hvdump"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/com.hvdump.hvdump.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Postmortem analyzer for hangs in hypervisors, VMMs and kernels"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("paths"), QStringLiteral("Dump files or folders to open."), QStringLiteral("[paths...]"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
        QStringLiteral("Save a picture of the window once analyzed, then quit."), QStringLiteral("file"));
    const QCommandLineOption size(
        QStringLiteral("size"), QStringLiteral("Window size, e.g. 1600x1000."), QStringLiteral("WxH"));
    const QCommandLineOption dark(QStringLiteral("dark"), QStringLiteral("Use a dark palette."));
    const QCommandLineOption db(QStringLiteral("db"),
        QStringLiteral("Case database to file dumps in (default: the one chosen in the Cases menu, else $HVDUMP_DB, "
                       "else ~/.local/share/hvdump/cases.sqlite)."),
        QStringLiteral("path"));
    const QCommandLineOption noDb(QStringLiteral("no-db"), QStringLiteral("Use no case database."));
    parser.addOption(db);
    parser.addOption(noDb);
    parser.addOption(screenshot);
    parser.addOption(size);
    parser.addOption(dark);
    parser.process(app);

    if (parser.isSet(dark)) {
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(darkPalette());
    }
    hvdump::gui::MainWindow window;
    if (parser.isSet(size)) {
        const QStringList wh = parser.value(size).split(QLatin1Char('x'));
        if (wh.size() == 2)
            window.resize(wh[0].toInt(), wh[1].toInt());
    }
    window.setCaseDatabasePath(parser.isSet(noDb) ? QString()
            : parser.isSet(db)                    ? parser.value(db)
                                                  : hvdump::gui::MainWindow::configuredCaseDatabasePath());
    window.show();
    window.openPaths(parser.positionalArguments());
    if (parser.isSet(screenshot))
        screenshotWhenReady(&window, parser.value(screenshot));
    return QApplication::exec();
}
