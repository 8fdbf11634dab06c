// SPDX-License-Identifier: GPL-2.0-or-later
#include "caseinput.h"

#include "compression.h"
#include "sha256.h"

#include <hvdump/graph/findingjson.h>
#include <hvdump/graph/namepattern.h>
#include <hvdump/graph/signature.h>

#include <algorithm>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace hvdump::casedb {
namespace {

    using graph::Graph;
    using graph::VertexId;
    using parsers::Dump;
    using parsers::StringId;

    // normalizes each distinct interned name once: a dump repeats the same functions many times
    class FunctionNames
    {
    public:
        explicit FunctionNames(const Dump& dump)
            : m_dump(dump)
        {
        }
        const std::string& operator()(StringId id)
        {
            auto [it, inserted] = m_names.try_emplace(id.value);
            if (inserted)
                it->second = graph::normalizeFunction(m_dump.str(id));
            return it->second;
        }

    private:
        const Dump& m_dump;
        std::unordered_map<std::uint32_t, std::string> m_names;
    };

    FindingRecord toRecord(const graph::Finding& f, const graph::Analysis& a)
    {
        FindingRecord r;
        r.kind = graph::findingKindName(f.kind);
        r.title = f.title;
        r.signature = f.signature;
        r.ruleId = f.ruleId;
        r.diagnosis = f.diagnosis;
        r.confidence = graph::confidenceName(f.confidence);
        if (f.root < boost::num_vertices(a.graph))
            r.rootLabel = a.graph[f.root].label;
        r.keyFrames = f.keyFrames;
        r.json = graph::findingToJson(f, a.graph, a.dump).dump();
        return r;
    }

    // where every thread starts and idles: on nearly every stack, so they say nothing about a hang
    bool isThreadBoilerplate(std::string_view function)
    {
        static const std::vector<graph::NamePattern> patterns = [] {
            std::vector<graph::NamePattern> out;
            for (const char* glob :
                { "start_thread", "clone", "clone3", "__clone", "__clone3", "__clone_internal*", "_start",
                    "__libc_start_*", "__libc_start_call_main", "main", "ret_from_fork*", "kthread", "worker_thread",
                    "process_one_work", "smpboot_thread_fn", "cpu_startup_entry", "do_idle", "start_secondary",
                    "secondary_startup*", "start_kernel", "rest_init", "thread_start", "_thread_start", "lwp_start",
                    "_lwp_start", "qemu_thread_start", "std::sys::*thread*::thread_start",
                    "*__rust_begin_short_backtrace*", "*FnOnce*call_once*", "std::panicking::try*",
                    "std::panic::catch_unwind*", "std::thread::Builder::spawn_unchecked_*", "std::rt::lang_start*" })
                out.emplace_back(glob);
            return out;
        }();
        return graph::matchesAny(patterns, function);
    }

    // the functions of every stack the findings stand on, without the generic wait machinery that
    // every hang shares (schedule, mutex_lock, futex_wait...) and the thread entry points
    std::vector<std::string> involvedFunctions(const graph::Analysis& a, FunctionNames& names)
    {
        std::set<std::string> out;
        std::unordered_set<std::uint32_t> seenThreads;
        auto addThread = [&](parsers::ThreadId id) {
            if (!id.valid() || id.value >= a.dump.threads.size() || !seenThreads.insert(id.value).second)
                return;
            for (const parsers::Frame& frame : a.dump.thread(id).frames) {
                const std::string& name = names(frame.function);
                if (!name.empty() && !frame.unreliable && !graph::isWaitInternal(name) && !isThreadBoilerplate(name))
                    out.insert(name);
            }
        };
        for (const graph::Finding& f : a.findings) {
            for (const graph::FindingMember& m : f.contexts) {
                if (m.vertex >= boost::num_vertices(a.graph))
                    continue;
                const graph::Vertex& v = a.graph[m.vertex];
                addThread(v.thread);
                for (parsers::ThreadId s : v.snapshots)
                    addThread(s);
            }
            for (const std::string& k : f.keyFrames)
                if (!k.empty())
                    out.insert(k);
        }
        return { out.begin(), out.end() };
    }

} // namespace

bool hasContent(const Dump& dump)
{
    return !dump.threads.empty() || !dump.reports.empty() || !dump.objects.empty() || !dump.counters.empty();
}

CaseInput makeCaseInput(const graph::Analysis& a, std::string rawText, std::string fileName)
{
    CaseInput in;
    in.fileName = std::move(fileName);
    in.rawText = std::move(rawText);
    for (const parsers::Region& r : a.dump.regions) {
        std::string name = parsers::formatName(r.format);
        if (std::find(in.formats.begin(), in.formats.end(), name) == in.formats.end())
            in.formats.push_back(std::move(name));
    }
    in.threads = static_cast<std::uint32_t>(a.dump.threads.size());
    in.samples = static_cast<std::uint32_t>(a.dump.samples.size());
    in.reports = static_cast<std::uint32_t>(a.dump.reports.size());
    in.parseStatus = parsers::parseStatusName(a.status);
    in.diagnostics = static_cast<std::uint32_t>(a.diagnostics.size());
    for (const graph::Finding& f : a.findings)
        in.findings.push_back(toRecord(f, a));

    FunctionNames names(a.dump);
    in.functions = involvedFunctions(a, names);
    std::set<std::string> all;
    std::set<std::string> threadNames;
    for (const parsers::Thread& t : a.dump.threads) {
        if (std::string_view n = a.dump.str(t.name); !n.empty())
            threadNames.emplace(n);
        for (const parsers::Frame& frame : t.frames)
            if (const std::string& name = names(frame.function); !name.empty())
                all.insert(name);
    }
    in.searchFunctions.assign(all.begin(), all.end());
    in.threadNames.assign(threadNames.begin(), threadNames.end());
    return in;
}

void prepareCase(CaseInput& input)
{
    if (input.hash.empty())
        input.hash = sha256Hex(input.rawText);
    if (input.compressedRaw.empty())
        input.compressedRaw = compressText(input.rawText);
}

} // namespace hvdump::casedb
