// SPDX-License-Identifier: GPL-2.0-or-later
// What every parser test needs: a test file from the source tree, the text parsed (with a format
// forced or sniffed), a Dump string as a QString, the diagnostics looked up by code and line, and
// a printed object's field by path. One copy here instead of one per suite.
#pragma once

#include <hvdump/parsers/dumpparser.h>

#include <QByteArray>
#include <QFile>
#include <QString>

#include <string_view>

namespace hvdump::parsers::test {

/// A whole file; stops the test when it cannot be read.
inline QByteArray readFileOrStop(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot open test data %s", qPrintable(path));
    return f.readAll();
}

/// A file below the source tree, e.g. "tests/data/gdb/x.txt".
inline QByteArray readSourceFile(const QString& relative)
{
    return readFileOrStop(QString::fromUtf8(HVDUMP_SOURCE_DIR) + u'/' + relative);
}

/// A suite's test file: "samples/x.txt" from the top of the tree, any other name from
/// tests/data/<folder>/.
inline QByteArray readTestData(const QString& folder, const QString& name)
{
    return name.startsWith(QStringLiteral("samples/"))
        ? readSourceFile(name)
        : readSourceFile(QStringLiteral("tests/data/") + folder + u'/' + name);
}

inline ParseResult parseBytes(const QByteArray& bytes, Format forced = Format::Unknown)
{
    ParseOptions options;
    options.forced = forced;
    return parseText(std::string_view(bytes.constData(), std::size_t(bytes.size())), options);
}

inline QString str(const Dump& d, StringId id)
{
    const std::string_view s = d.str(id);
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

inline bool hasDiagnostic(const ParseResult& r, const char* code, std::uint32_t line)
{
    for (const Diagnostic& d : r.diagnostics)
        if (d.code == code && d.line == line)
            return true;
    return false;
}

inline bool hasDiagnostic(const ParseResult& r, const char* code, std::uint32_t line, Severity severity)
{
    for (const Diagnostic& d : r.diagnostics)
        if (d.code == code && d.line == line && d.severity == severity)
            return true;
    return false;
}

/// Diagnostics above a note.
inline int warnings(const ParseResult& r)
{
    int n = 0;
    for (const Diagnostic& d : r.diagnostics)
        n += d.severity != Severity::Note;
    return n;
}

inline const ObjectField* findField(const Dump& d, const std::vector<ObjectField>& fields, const QString& path)
{
    for (const ObjectField& f : fields)
        if (str(d, f.path) == path)
            return &f;
    return nullptr;
}

} // namespace hvdump::parsers::test
