// SPDX-License-Identifier: GPL-2.0-or-later
#include "spindetector.h"

#include "graphquery.h"
#include "signature.h"

#include <algorithm>
#include <cctype>

namespace hvdump::graph {
namespace {

    using parsers::ReportKind;

    // a spinner is a root unless what it spins on is held by, or signalled by, another context
    bool spinsOnOtherContext(const Graph& g, VertexId v)
    {
        for (EdgeId w : boost::make_iterator_range(boost::out_edges(v, g))) {
            if (g[w].kind != EdgeKind::Waits)
                continue;
            for (EdgeId o : ownerEdges(g, boost::target(w, g)))
                if (boost::target(o, g) != v)
                    return true;
        }
        return false;
    }

    bool isProgressReport(ReportKind k)
    {
        return k == ReportKind::SoftLockup || k == ReportKind::HardLockup || k == ReportKind::RcuStall
            || k == ReportKind::NmiBacktrace || k == ReportKind::Watchdog;
    }

    std::string lower(std::string_view s)
    {
        std::string out(s);
        for (char& c : out)
            if (c >= 'A' && c <= 'Z')
                c = char(c - 'A' + 'a');
        return out;
    }

    bool wordsSaySpin(std::string_view text)
    {
        static constexpr std::string_view words[] = { "spin", "busy-wait", "busy wait", "busy-loop", "busy loop",
            "loops forever", "livelock", "100% cpu" };
        const std::string l = lower(text);
        return std::any_of(
            std::begin(words), std::end(words), [&](std::string_view w) { return l.find(w) != std::string::npos; });
    }

    // "@get_rx_ret" names get_rx_bufs; "@handle_rx_calls" names handle_rx
    bool counterNamesFunction(std::string_view map, std::string_view key, std::string_view function)
    {
        if (!map.empty() && map.front() == '@')
            map.remove_prefix(1);
        if (function.empty())
            return false;
        if (map == function || key == function)
            return true;
        static constexpr std::string_view suffixes[] = { "_ret", "_calls", "_count", "_cnt", "_hits", "_ns", "_loops" };
        for (std::string_view s : suffixes)
            if (map.size() > s.size() && map.substr(map.size() - s.size()) == s) {
                map.remove_suffix(s.size());
                break;
            }
        return map.size() >= 4 && (function == map || function.substr(0, map.size() + 1) == std::string(map) + "_");
    }

    struct SpinEvidence
    {
        std::vector<Evidence> items;
        Confidence strength = Confidence::Inferred;
        bool found = false;

        void add(Evidence e, Confidence c)
        {
            strength = found ? std::max(strength, c) : c;
            found = true;
            items.push_back(std::move(e));
        }
    };

    void reportEvidence(
        const parsers::Dump& dump, const std::vector<const parsers::Thread*>& snaps, bool irqsOff, SpinEvidence& ev)
    {
        for (const parsers::ConsoleReport& r : dump.reports) {
            if (!isProgressReport(r.kind))
                continue;
            // a system watchdog that names no CPU (a hypervisor bark) fires when no CPU can pet
            // it: a hint, not proof, for a CPU spinning with interrupts off
            if (r.cpu < 0 && r.pid < 0 && !r.thread.valid() && irqsOff) {
                ev.add({ r.span,
                           "a system watchdog fired while it spins with IRQs off: " + std::string(dump.str(r.headline)),
                           {} },
                    Confidence::Inferred);
                continue;
            }
            for (const parsers::Thread* t : snaps) {
                const bool sameCpu = r.cpu >= 0 && r.cpu == t->cpu;
                const bool samePid = r.pid >= 0 && r.pid == t->tid;
                const bool sameThread =
                    r.thread.valid() && r.thread.value < dump.threads.size() && &dump.thread(r.thread) == t;
                if (sameCpu || samePid || sameThread) {
                    ev.add({ r.span,
                               std::string(parsers::reportKindName(r.kind)) + ": " + std::string(dump.str(r.headline)),
                               {} },
                        Confidence::Stated);
                    break;
                }
            }
        }
    }

    std::string innermost(const parsers::Dump& dump, const parsers::Thread& t)
    {
        for (const parsers::Frame& f : t.frames)
            if (!f.unreliable && f.context != parsers::FrameContext::Nmi) {
                std::string n = normalizeFunction(dump.str(f.function));
                if (!n.empty())
                    return n;
            }
        return {};
    }

    void sampleEvidence(const parsers::Dump& dump, const std::vector<const parsers::Thread*>& snaps, SpinEvidence& ev)
    {
        if (snaps.size() < 2)
            return;
        const std::string first = innermost(dump, *snaps.front());
        if (first.empty())
            return;
        for (const parsers::Thread* t : snaps)
            if (innermost(dump, *t) != first)
                return;
        for (const parsers::Thread* t : snaps)
            ev.add({ t->span, "in " + first + " in all " + std::to_string(snaps.size()) + " samples", {} },
                Confidence::Derived);
    }

    void counterEvidence(const parsers::Dump& dump, const std::vector<const parsers::Thread*>& snaps, SpinEvidence& ev)
    {
        for (const parsers::Counter& c : dump.counters) {
            if (c.value < spinCounterThreshold)
                continue;
            bool named = false;
            for (const parsers::Thread* t : snaps)
                for (const parsers::Frame& f : t->frames)
                    named = named
                        || counterNamesFunction(
                            dump.str(c.map), dump.str(c.key), normalizeFunction(dump.str(f.function)));
            std::string what = std::string(dump.str(c.map));
            if (!dump.str(c.key).empty())
                what += "[" + std::string(dump.str(c.key)) + "]";
            what +=
                " = " + std::to_string(c.value) + (named ? " iterations of a function on its stack" : " iterations");
            // a counter that names nothing on the stack may count another loop: only a hint
            ev.add({ c.span, what, {} }, named ? Confidence::Derived : Confidence::Inferred);
        }
    }

    void noteEvidence(const parsers::Dump& dump, const std::vector<const parsers::Thread*>& snaps, SpinEvidence& ev)
    {
        for (const parsers::Thread* t : snaps) {
            if (wordsSaySpin(dump.str(t->note))) {
                ev.add({ t->span, "the dump says: " + std::string(dump.str(t->note)), {} }, Confidence::Stated);
                return;
            }
            for (const parsers::Frame& f : t->frames)
                if (wordsSaySpin(dump.str(f.note))) {
                    ev.add({ f.span, "the dump says: " + std::string(dump.str(f.note)), {} }, Confidence::Stated);
                    return;
                }
        }
    }

    bool isLockupReport(ReportKind k)
    {
        return k == ReportKind::SoftLockup || k == ReportKind::HardLockup;
    }

    bool reportHasContext(const Graph& g, const parsers::Dump& dump, const parsers::ConsoleReport& r)
    {
        for (VertexId v : boost::make_iterator_range(boost::vertices(g))) {
            if (!isContext(g, v))
                continue;
            for (const parsers::Thread* t : snapshotsOf(g, dump, v))
                if ((r.cpu >= 0 && r.cpu == t->cpu) || (r.pid > 0 && r.pid == t->tid)
                    || (r.thread.valid() && r.thread.value < dump.threads.size() && &dump.thread(r.thread) == t))
                    return true;
        }
        return false;
    }

    std::string reportedContext(const parsers::Dump& dump, const parsers::ConsoleReport& r)
    {
        std::string label(dump.str(r.task));
        if (r.pid >= 0)
            label += (label.empty() ? "pid " : " (pid ") + std::to_string(r.pid) + (label.empty() ? "" : ")");
        if (r.cpu >= 0)
            label += (label.empty() ? "CPU" : " on CPU") + std::to_string(r.cpu);
        return label.empty() ? "a CPU" : label;
    }

    // a command name as a signature key: its letters, so kworker/1:2 and kworker/3:0 are one
    std::string commKey(std::string_view comm)
    {
        std::string key;
        for (char c : comm)
            if (std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '-')
                key += c == '-' ? '_' : c;
        return key;
    }

    // the watchdog states a CPU is stuck, but the copy stops before its stack (or it was never
    // printed): a spin of a loop the dump does not show, on the CPU and task the report names.
    // Repeated reports for the same CPU and task are one spin.
    std::vector<Finding> spinsWithoutStack(const Graph& g, const parsers::Dump& dump)
    {
        std::vector<Finding> findings;
        std::vector<std::pair<std::int64_t, std::int64_t>> seen; // (cpu, pid) -> findings index
        std::vector<std::size_t> index;
        for (const parsers::ConsoleReport& r : dump.reports) {
            if (!isLockupReport(r.kind) || (r.cpu < 0 && r.pid < 0) || reportHasContext(g, dump, r))
                continue;
            const Evidence e { r.span,
                std::string(parsers::reportKindName(r.kind)) + ": " + std::string(dump.str(r.headline)), {} };
            const std::pair<std::int64_t, std::int64_t> key { r.cpu, r.pid };
            auto it = std::find(seen.begin(), seen.end(), key);
            if (it != seen.end()) {
                findings[index[std::size_t(it - seen.begin())]].evidence.push_back(e);
                continue;
            }
            seen.push_back(key);
            index.push_back(findings.size());
            Finding f;
            f.kind = FindingKind::Spin;
            f.confidence = Confidence::Stated; // the watchdog states that the CPU makes no progress
            const std::string who = reportedContext(dump, r);
            f.contexts.push_back({ noVertex, who, "spinner" });
            f.evidence.push_back(e);
            f.summary = who + " spins without progress in a loop the dump does not show (" + e.what
                + "); its stack was not captured, so what it loops on is unknown.";
            // no frame to name it by: the task's command (else the CPU) keeps unrelated lockups
            // from sharing one signature in the case database
            const std::string task(dump.str(r.task));
            f.signature =
                makeSignature(f.kind, { task.empty() ? "cpu_" + std::to_string(r.cpu) : "task_" + commKey(task) });
            f.title = "spin of " + (task.empty() ? "CPU" + std::to_string(r.cpu) : task) + " (stack not captured)";
            findings.push_back(std::move(f));
        }
        return findings;
    }

} // namespace

std::vector<Finding> findSpins(const Graph& g, const parsers::Dump& dump)
{
    std::vector<Finding> findings;
    for (VertexId v : boost::make_iterator_range(boost::vertices(g))) {
        if (!isContext(g, v) || !g[v].spinning || spinsOnOtherContext(g, v))
            continue;
        const std::vector<const parsers::Thread*> snaps = snapshotsOf(g, dump, v);
        SpinEvidence ev;
        reportEvidence(dump, snaps, g[v].irqsOff, ev);
        sampleEvidence(dump, snaps, ev);
        counterEvidence(dump, snaps, ev);
        noteEvidence(dump, snaps, ev);
        // a context caught on CPU in a lock or retry loop is normal for microseconds: a snapshot
        // alone proves nothing, so without evidence of no progress there is no finding
        if (!ev.found)
            continue;
        Finding f;
        f.kind = FindingKind::Spin;
        f.root = v;
        f.contexts.push_back({ v, g[v].label, "spinner" });
        for (EdgeId w : boost::make_iterator_range(boost::out_edges(v, g))) {
            if (g[w].kind != EdgeKind::Waits)
                continue;
            f.edges.push_back(w);
            f.resources.push_back({ boost::target(w, g), g[boost::target(w, g)].label, "waited" });
        }
        f.confidence = weakestOf(g, f.edges, ev.strength);
        // the watchdog states that the CPU is stuck; that the code it was caught in is the loop
        // is only inferred when no catalogued loop is on the stack (a guest's vCPU that the host
        // did not run trips the watchdog too)
        if (g[v].loopUnlisted)
            f.confidence = weakest(f.confidence, Confidence::Inferred);
        for (EdgeId e : f.edges)
            mergeEvidence(f.evidence, g[e].evidence);
        mergeEvidence(f.evidence, ev.items);
        f.summary = g[v].label + " spins without progress";
        if (!f.resources.empty())
            f.summary += " waiting for " + f.resources.front().label;
        if (g[v].irqsOff)
            f.summary += " with interrupts off";
        f.summary += " (" + ev.items.front().what + ")";
        if (g[v].loopUnlisted)
            f.summary += "; " + g[v].keyFrame + " is where the watchdog caught it, not a catalogued loop";
        f.summary += ".";
        findings.push_back(std::move(f));
    }
    std::vector<Finding> unseen = spinsWithoutStack(g, dump);
    findings.insert(findings.end(), std::make_move_iterator(unseen.begin()), std::make_move_iterator(unseen.end()));
    return findings;
}

} // namespace hvdump::graph
