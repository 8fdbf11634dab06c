// SPDX-License-Identifier: GPL-2.0-or-later
// Shared by the case database tests: the shipped rule catalog (loaded once), the real samples
// analysed into case inputs, hand-made inputs with chosen signatures and functions, and small
// distinct dumps for the batch tests.
#pragma once

#include <hvdump/app/casedb/caseinput.h>
#include <hvdump/app/casedb/casestore.h>
#include <hvdump/graph/rulecatalogloader.h>

#include <QFile>
#include <QProcessEnvironment>
#include <QString>

#include <string>
#include <vector>

namespace casefixture {

using namespace hvdump;

inline QString source(const QString& relative)
{
    return QString::fromUtf8(HVDUMP_SOURCE_DIR) + u'/' + relative;
}

inline const graph::RuleCatalog& catalog()
{
    static const graph::RuleCatalogLoader loader = graph::loadCatalog({});
    return loader.catalog();
}

inline std::string readFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll().toStdString();
}

/// The environment the hvdump binary runs in under test: no rule folder, configuration or case
/// database of the person running the tests; HOME and USER as given.
inline QProcessEnvironment cliEnvironment(const QString& home, const QString& user = QStringLiteral("tester"))
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* name : { "HVDUMP_RULES_PATH", "XDG_CONFIG_HOME", "HVDUMP_DB", "XDG_DATA_HOME" })
        env.remove(QString::fromLatin1(name));
    env.insert(QStringLiteral("HOME"), home);
    env.insert(QStringLiteral("USER"), user);
    return env;
}

/// A real sample as `hvdump analyze` files it.
inline casedb::CaseInput sampleCase(const QString& name)
{
    const QString path = source(QStringLiteral("samples/") + name);
    graph::Analysis a = graph::analyzeFile(path.toStdString(), {}, catalog());
    return casedb::makeCaseInput(a, readFile(path), name.toStdString());
}

/// Text as if it were a file called `name`.
inline casedb::CaseInput textCase(std::string text, const std::string& name)
{
    parsers::ParseOptions options;
    options.source = name;
    graph::Analysis a = graph::analyzeText(text, options, catalog());
    return casedb::makeCaseInput(a, std::move(text), name);
}

/// A hand-made case: one finding per signature, the given functions on its stacks.
inline casedb::CaseInput madeCase(
    const std::string& name, const std::vector<std::string>& signatures, const std::vector<std::string>& functions)
{
    casedb::CaseInput in;
    in.fileName = name;
    in.rawText = "made-up dump " + name;
    in.threads = 2;
    in.samples = 1;
    for (const std::string& s : signatures)
        in.findings.push_back({ "deadlock", "deadlock in " + s, s, "", "", "derived", "ctx", { s }, "{}" });
    in.functions = functions;
    in.searchFunctions = functions;
    in.threadNames = { "worker" };
    in.importedBy = "tester";
    return in;
}

/// A small gdb dump of a process whose worker `n` blocks in one of a few lock paths, with a
/// name, LWP and addresses of its own: distinct bytes for every n.
inline std::string smallDump(int n)
{
    const std::string lwp = std::to_string(20000 + n);
    const std::string path = std::to_string(n % 5);
    std::string out = "Thread 2 (Thread 0x7f3a2c5fe640 (LWP " + lwp + ") \"worker-" + std::to_string(n) + "\"):\n";
    out += "#0  0x00007f3a2e0911bd in __lll_lock_wait () from /lib/x86_64-linux-gnu/libc.so.6\n";
    out += "#1  0x00007f3a2e097f7a in pthread_mutex_lock () from /lib/x86_64-linux-gnu/libc.so.6\n";
    out += "#2  0x000055d0c5a01234 in take_table_lock_" + path + " (m=0x55d0c6e1a2c0) at table.c:" + path + "42\n";
    out += "#3  0x000055d0c5a01300 in worker_loop_" + path + " (arg=0x0) at worker.c:88\n";
    out += "#4  0x00007f3a2e094b43 in start_thread () from /lib/x86_64-linux-gnu/libc.so.6\n";
    out += "#5  0x00007f3a2e126a00 in clone3 () from /lib/x86_64-linux-gnu/libc.so.6\n\n";
    out += "Thread 1 (Thread 0x7f3a2e3ff740 (LWP " + std::to_string(10000 + n) + ") \"server\"):\n";
    out += "#0  0x00007f3a2e10f9ff in __GI___poll (fds=0x55d0c6e00000, nfds=3, timeout=-1) at poll.c:29\n";
    out += "#1  0x000055d0c5a00100 in serve_requests (s=0x55d0c6e00010) at server.c:120\n";
    out += "#2  0x000055d0c5a00050 in main (argc=1, argv=0x7ffd0000) at main.c:10\n";
    return out;
}

} // namespace casefixture
