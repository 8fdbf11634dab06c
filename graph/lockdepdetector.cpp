// SPDX-License-Identifier: GPL-2.0-or-later
#include "lockdepdetector.h"

#include "graphquery.h"
#include "signature.h"

#include <algorithm>

namespace hvdump::graph {
namespace {

    // "(&vq->mutex)", "&rq->__lock#2", "console_lock/1" -> "vq->mutex", "rq->__lock", "console_lock"
    std::string_view lockCore(std::string_view s)
    {
        while (!s.empty() && (s.front() == '(' || s.front() == '&' || s.front() == ' '))
            s.remove_prefix(1);
        while (!s.empty() && (s.back() == ')' || s.back() == ' '))
            s.remove_suffix(1);
        for (char sep : { '#', '/' }) {
            const std::size_t p = s.rfind(sep);
            if (p != std::string_view::npos && p + 1 < s.size()
                && std::all_of(s.begin() + std::ptrdiff_t(p + 1), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
                s = s.substr(0, p);
        }
        return s;
    }

    bool endsWithMember(std::string_view longer, std::string_view shorter)
    {
        if (shorter.size() < 6 || longer.size() <= shorter.size()
            || longer.substr(longer.size() - shorter.size()) != shorter)
            return false;
        const std::string_view head = longer.substr(0, longer.size() - shorter.size());
        return head.back() == '.' || (head.size() >= 2 && head.substr(head.size() - 2) == "->");
    }

    VertexId contextOfReport(const Graph& g, const parsers::Dump& dump, const parsers::ConsoleReport& r)
    {
        for (VertexId v : boost::make_iterator_range(boost::vertices(g))) {
            if (!isContext(g, v))
                continue;
            for (const parsers::Thread* t : snapshotsOf(g, dump, v)) {
                const bool sameThread =
                    r.thread.valid() && r.thread.value < dump.threads.size() && &dump.thread(r.thread) == t;
                if (sameThread || (r.pid >= 0 && r.pid == t->tid))
                    return v;
            }
        }
        return noVertex;
    }

    VertexId resourceNamed(const Graph& g, std::string_view lock)
    {
        for (VertexId v : boost::make_iterator_range(boost::vertices(g)))
            if (!isContext(g, v) && (sameLockName(g[v].name, lock) || sameLockName(g[v].label, lock)))
                return v;
        return noVertex;
    }

    // the first function of an acquire stack past lockdep's and the lock primitives' own frames
    std::string chainKeyFrame(const parsers::Dump& dump, const parsers::LockChainLink& link)
    {
        std::string last;
        for (parsers::StringId id : link.functions) {
            std::string n = normalizeFunction(dump.str(id));
            if (n.empty())
                continue;
            if (!isWaitInternal(n))
                return n;
            last = std::move(n);
        }
        return last;
    }

} // namespace

bool sameLockName(std::string_view a, std::string_view b)
{
    a = lockCore(a);
    b = lockCore(b);
    if (a.empty() || b.empty())
        return false;
    return a == b || endsWithMember(a, b) || endsWithMember(b, a);
}

std::vector<Finding> findLockdepDeadlocks(const Graph& g, const parsers::Dump& dump)
{
    std::vector<Finding> findings;
    for (const parsers::ConsoleReport& r : dump.reports) {
        if (r.kind != parsers::ReportKind::LockdepCircular && r.kind != parsers::ReportKind::LockdepRecursive)
            continue;
        Finding f;
        f.kind = FindingKind::Deadlock;
        f.confidence = Confidence::Stated; // the kernel proved the lock-order cycle
        f.root = contextOfReport(g, dump, r);
        std::string task(dump.str(r.task));
        if (r.pid >= 0)
            task += (task.empty() ? "pid " : "/") + std::to_string(r.pid);
        f.contexts.push_back({ f.root, f.root != noVertex ? g[f.root].label : task, "reporter", 0 });
        f.evidence.push_back({ r.span, std::string(dump.str(r.headline)), {} });

        std::vector<std::string> locks;
        for (const parsers::LockChainLink& link : r.chain) {
            locks.emplace_back(dump.str(link.lock));
            f.evidence.push_back(
                { link.span, "-> #" + std::to_string(link.depth) + " " + std::string(dump.str(link.lock)), {} });
            std::string key = chainKeyFrame(dump, link);
            if (!key.empty())
                f.keyFrames.push_back(std::move(key));
        }
        if (!dump.str(r.lockName).empty())
            locks.emplace_back(dump.str(r.lockName));
        if (f.keyFrames.empty() && r.thread.valid() && r.thread.value < dump.threads.size())
            if (std::string k = keyFrame(dump, dump.thread(r.thread)); !k.empty())
                f.keyFrames.push_back(std::move(k));

        std::vector<std::string> stuck;
        for (const std::string& lock : locks) {
            if (lock.empty() || std::any_of(f.resources.begin(), f.resources.end(), [&](const FindingMember& m) {
                    return sameLockName(m.label, lock);
                }))
                continue;
            const VertexId v = resourceNamed(g, lock);
            f.resources.push_back({ v, lock, "lock", 0 });
            if (v == noVertex)
                continue;
            for (EdgeId w : boost::make_iterator_range(boost::in_edges(v, g)))
                if (blocksForever(g, w))
                    stuck.push_back(g[boost::source(w, g)].label);
        }

        const bool circular = r.kind == parsers::ReportKind::LockdepCircular;
        f.summary = std::string("lockdep reports a possible ")
            + (circular ? "circular locking dependency" : "recursive locking") + " in "
            + (task.empty() ? f.contexts.front().label : task);
        if (!f.resources.empty()) {
            f.summary += " over ";
            for (std::size_t i = 0; i < f.resources.size(); ++i)
                f.summary += (i ? ", " : "") + f.resources[i].label;
        }
        if (stuck.empty()) {
            f.summary +=
                "; the graph shows no context stuck on these locks (lockdep warns about the order before it hangs).";
        } else {
            f.summary += "; the graph also shows " + std::to_string(stuck.size()) + " stuck on them (" + stuck.front();
            f.summary += stuck.size() > 1 ? " and others)." : ").";
        }
        findings.push_back(std::move(f));
    }
    return findings;
}

} // namespace hvdump::graph
