// SPDX-License-Identifier: GPL-2.0-or-later
// Test helper for the symbolization tests: builds tests/data/programs/symbolize_target.c (and its
// header symbolize_target.h) with the
// system cc (-g -O2), runs it for a real backtrace (glibc backtrace_symbols_fd lines
// "MODULE(SYMBOL+0xOFF)[0xADDR]"), reads its symbols with nm and finds the source lines the program
// marks with "LINE:name" comments; build() does it all and opens the result as a DebugInfo.
#pragma once

#include <hvdump/parsers/debuginfo.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QList>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

#include <memory>

namespace targetprogram {

using namespace Qt::StringLiterals;

inline QString sourcePath()
{
    return QString::fromUtf8(HVDUMP_SOURCE_DIR) + u"/tests/data/programs/symbolize_target.c"_s;
}

inline QString compiler()
{
    return QStandardPaths::findExecutable(u"cc"_s);
}

/// Runs program with arguments; its standard output, or an empty array with error set.
inline QByteArray run(const QString& program, const QStringList& arguments, QString& error)
{
    QProcess p;
    p.start(program, arguments);
    if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        error = program + u' ' + arguments.join(u' ') + u": "_s + p.errorString() + u' '
            + QString::fromLocal8Bit(p.readAllStandardError());
        return {};
    }
    return p.readAllStandardOutput();
}

/// Compiles the target into output with -g -O2 plus flags; false with error set on failure.
inline bool compile(const QString& output, const QStringList& flags, QString& error)
{
    QStringList args { u"-g"_s, u"-O2"_s };
    args << flags << u"-o"_s << output << sourcePath();
    run(compiler(), args, error);
    return error.isEmpty();
}

struct BacktraceFrame
{
    QString module; // the path before '('
    QString function; // empty for "(+0x...)"
    quint64 offset = 0;
    bool hasOffset = false;
    quint64 address = 0;
};

/// glibc's backtrace_symbols_fd lines, and "main 0x..." (where main was loaded) from the program.
struct Trace
{
    QList<BacktraceFrame> frames;
    quint64 mainAddress = 0;
};

inline Trace parseTrace(const QByteArray& output)
{
    Trace trace;
    for (const QByteArray& raw : output.split('\n')) {
        QString line = QString::fromUtf8(raw).trimmed();
        if (line.startsWith(u"main "_s)) {
            trace.mainAddress = line.mid(5).toULongLong(nullptr, 16);
            continue;
        }
        qsizetype open = line.indexOf(u'(');
        qsizetype close = line.indexOf(u')', open);
        qsizetype bracket = line.indexOf(u'[', close);
        if (open < 0 || close < 0 || bracket < 0 || !line.endsWith(u']'))
            continue;
        BacktraceFrame f;
        f.module = line.left(open);
        QString symbol = line.mid(open + 1, close - open - 1);
        qsizetype plus = symbol.indexOf(u'+');
        f.function = plus < 0 ? symbol : symbol.left(plus);
        if (plus >= 0)
            f.offset = symbol.mid(plus + 1).toULongLong(&f.hasOffset, 16);
        f.address = line.mid(bracket + 1, line.size() - bracket - 2).toULongLong(nullptr, 16);
        trace.frames.append(f);
    }
    return trace;
}

/// Defined symbols of binary by name, from nm.
inline QHash<QString, quint64> symbols(const QString& binary, QString& error)
{
    QHash<QString, quint64> out;
    QByteArray text = run(u"nm"_s, { u"--defined-only"_s, binary }, error);
    for (const QByteArray& raw : text.split('\n')) {
        QList<QByteArray> parts = raw.simplified().split(' ');
        if (parts.size() == 3)
            out.insert(QString::fromUtf8(parts[2]), parts[0].toULongLong(nullptr, 16));
    }
    return out;
}

/// The file, symbolize_target.c or its header symbolize_target.h, whose line carries "LINE:name".
inline QString markerFile(const QString& name)
{
    QByteArray marker = "LINE:" + name.toUtf8() + ' ';
    const QString header = sourcePath().chopped(1) + u'h';
    for (const QString& path : { sourcePath(), header }) {
        QFile f(path);
        if (f.open(QIODevice::ReadOnly) && f.readAll().contains(marker))
            return QFileInfo(path).fileName();
    }
    return {};
}

/// 1-based number of the line carrying "LINE:name" in markerFile(name), 0 if none.
inline int markerLine(const QString& name)
{
    QFile f(sourcePath().chopped(1) + (markerFile(name).endsWith(u".h"_s) ? u'h' : u'c'));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    QByteArray marker = "LINE:" + name.toUtf8() + ' ';
    int number = 0;
    while (!f.atEnd()) {
        ++number;
        if (f.readLine().contains(marker))
            return number;
    }
    return 0;
}

/// The target built, run and opened as a debug file.
struct Built
{
    QString binary;
    Trace trace;
    QHash<QString, quint64> symbols;
    std::unique_ptr<hvdump::parsers::DebugInfo> info;

    /// where the program was loaded: main's run-time address less its link-time one
    quint64 slide() const
    {
        return trace.mainAddress - symbols.value(u"main"_s);
    }
};

/// Compiles binary with flags, runs it and opens it; false (with a warning) if any step fails.
inline bool build(Built& b, const QString& binary, const QStringList& flags)
{
    QString error;
    b.binary = binary;
    if (!compile(b.binary, flags, error)) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    b.trace = parseTrace(run(b.binary, {}, error));
    b.symbols = symbols(b.binary, error);
    std::vector<hvdump::parsers::Diagnostic> diagnostics;
    b.info = hvdump::parsers::DebugInfo::open(b.binary.toStdString(), diagnostics);
    if (!error.isEmpty())
        qWarning("%s", qPrintable(error));
    return error.isEmpty() && b.info && diagnostics.empty() && b.trace.frames.size() >= 5 && b.trace.mainAddress;
}

} // namespace targetprogram
