// SPDX-License-Identifier: GPL-2.0-or-later
// Helpers of the mdb parser tests: reading tests/data/mdb/ files and samples/, parsing them with the
// mdb parser alone (or with every format), and looking up strings, fields and diagnostics.
#pragma once

#include <hvdump/parsers/dumpparser.h>

#include <QFile>
#include <QString>

namespace hvdump::mdbtest {

using namespace hvdump::parsers;
using namespace Qt::StringLiterals;

inline const QString seedPath = QString::fromUtf8(HVDUMP_SOURCE_DIR) + u"/../shared/seeds/004_ae4433829f59484f.txt"_s;

inline QByteArray readData(const QString& name)
{
    // samples/ files sit at the top of the tree, the rest in tests/data/mdb/
    QString path = QString::fromUtf8(HVDUMP_SOURCE_DIR) + u'/';
    if (!name.startsWith(u"samples/"_s))
        path += u"tests/data/mdb/"_s;
    path += name;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot open test data %s", qPrintable(path));
    return f.readAll();
}

inline ParseResult parseBytes(const QByteArray& bytes, Format forced = Format::Mdb)
{
    ParseOptions options;
    options.forced = forced;
    return parseText(std::string_view(bytes.constData(), std::size_t(bytes.size())), options);
}

inline ParseResult parseData(const QString& name, Format forced = Format::Mdb)
{
    return parseBytes(readData(name), forced);
}

inline QString str(const Dump& d, StringId id)
{
    std::string_view s = d.str(id);
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

inline QString qs(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

inline QString hex(std::uint64_t v)
{
    return v ? QString::number(qulonglong(v), 16) : QString();
}

inline const ObjectField* findField(const Dump& d, const ObjectDump& o, const QString& path)
{
    for (const ObjectField& f : o.fields)
        if (str(d, f.path) == path)
            return &f;
    return nullptr;
}

inline bool hasDiagnostic(const ParseResult& r, const char* code, std::uint32_t line, Severity severity)
{
    for (const Diagnostic& d : r.diagnostics)
        if (d.code == code && d.line == line && d.severity == severity)
            return true;
    return false;
}

} // namespace hvdump::mdbtest
