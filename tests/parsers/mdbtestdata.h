// SPDX-License-Identifier: GPL-2.0-or-later
// Helpers of the mdb parser tests: reading tests/data/mdb/ files and samples/, parsing them with the
// mdb parser alone (or with every format), and looking up strings, fields and diagnostics.
#pragma once

#include "parsertests.h"

#include <QString>

namespace hvdump::mdbtest {

using namespace hvdump::parsers;
using namespace Qt::StringLiterals;

inline const QString seedPath = QString::fromUtf8(HVDUMP_SOURCE_DIR) + u"/../shared/seeds/004_ae4433829f59484f.txt"_s;

inline QByteArray readData(const QString& name)
{
    return test::readTestData(u"mdb"_s, name);
}

// the mdb suites parse with the mdb parser alone unless they say otherwise
inline ParseResult parseBytes(const QByteArray& bytes, Format forced = Format::Mdb)
{
    return test::parseBytes(bytes, forced);
}

inline ParseResult parseData(const QString& name, Format forced = Format::Mdb)
{
    return parseBytes(readData(name), forced);
}

using test::hasDiagnostic;
using test::str;

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
    return test::findField(d, o.fields, path);
}

} // namespace hvdump::mdbtest
