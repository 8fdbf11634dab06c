// SPDX-License-Identifier: GPL-2.0-or-later
#include "detectors.h"

#include "deadlockdetector.h"
#include "graphquery.h"
#include "lockdepdetector.h"
#include "lostwakeupdetector.h"
#include "signature.h"
#include "spindetector.h"
#include "stalldetector.h"

#include <algorithm>

namespace hvdump::graph {
namespace {

    void append(std::vector<Finding>& to, std::vector<Finding> from)
    {
        to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
    }

    void addKey(std::vector<std::string>& keys, std::string key)
    {
        if (!key.empty())
            keys.push_back(std::move(key));
    }

    // contexts in the order the first cycle visits them, then the other cycles' new ones
    std::vector<std::string> deadlockKeys(const Finding& f, const Graph& g, const parsers::Dump& dump)
    {
        std::vector<VertexId> seen;
        std::vector<std::string> keys;
        for (const std::vector<EdgeId>& cycle : f.cycles)
            for (EdgeId e : cycle) {
                const VertexId v = boost::source(e, g);
                if (!isContext(g, v) || std::find(seen.begin(), seen.end(), v) != seen.end())
                    continue;
                seen.push_back(v);
                addKey(keys, contextKeyFrame(g, dump, v));
            }
        return keys;
    }

    // a stall is named after its root: the deadlock's functions, the root context's, or for a
    // resource root (an external party, an unknown holder) the functions waiting on it directly
    std::vector<std::string> stallKeys(
        const Finding& f, const Graph& g, const parsers::Dump& dump, const std::vector<Finding>& all)
    {
        std::vector<std::string> keys;
        if (f.root == noVertex)
            return keys;
        for (const Finding& d : all)
            if (d.kind == FindingKind::Deadlock && !d.cycles.empty())
                for (const std::vector<EdgeId>& cycle : d.cycles)
                    for (EdgeId e : cycle)
                        if (boost::source(e, g) == f.root)
                            return d.keyFrames.empty() ? deadlockKeys(d, g, dump) : d.keyFrames;
        if (isContext(g, f.root)) {
            addKey(keys, contextKeyFrame(g, dump, f.root));
            return keys;
        }
        for (EdgeId w : boost::make_iterator_range(boost::in_edges(f.root, g)))
            if (g[w].kind == EdgeKind::Waits) {
                addKey(keys, contextKeyFrame(g, dump, boost::source(w, g)));
                if (!keys.empty())
                    break;
            }
        return keys;
    }

    std::string ownerHintOf(const Finding& f, const Graph& g)
    {
        for (const FindingMember& m : f.resources) {
            if (m.vertex == noVertex || g[m.vertex].ownerHint.empty())
                continue;
            bool held = false;
            for (EdgeId e : boost::make_iterator_range(boost::out_edges(m.vertex, g)))
                held = held || g[e].kind == EdgeKind::Holds;
            if (!held)
                return g[m.vertex].ownerHint;
        }
        return {};
    }

} // namespace

void completeFinding(Finding& f, const Graph& g, const parsers::Dump& dump, const std::vector<Finding>& all)
{
    if (f.keyFrames.empty()) {
        switch (f.kind) {
        case FindingKind::Deadlock:
            f.keyFrames = deadlockKeys(f, g, dump);
            break;
        case FindingKind::Spin:
        case FindingKind::LostWakeup:
            if (f.root != noVertex)
                addKey(f.keyFrames, contextKeyFrame(g, dump, f.root));
            break;
        case FindingKind::Stall:
            f.keyFrames = stallKeys(f, g, dump, all);
            break;
        }
    }
    // a detector with no frames to go by (a lockup whose stack was not captured) names it itself
    if (f.signature.empty())
        f.signature = makeSignature(f.kind, f.keyFrames);
    if (f.title.empty())
        f.title = makeTitle(f.kind, f.keyFrames, f.blockedCount);
    if (f.ownerHint.empty())
        f.ownerHint = ownerHintOf(f, g);
}

std::vector<Finding> runDetectors(const Graph& g, const parsers::Dump& dump)
{
    std::vector<Finding> findings = findDeadlocks(g, dump);
    append(findings, findLockdepDeadlocks(g, dump));
    append(findings, findSpins(g, dump));
    append(findings, findLostWakeups(g, dump, findings));
    append(findings, findStalls(g, dump, findings));
    // roots first, so a stall can reuse its deadlock's key frames
    for (Finding& f : findings)
        if (f.kind != FindingKind::Stall)
            completeFinding(f, g, dump, findings);
    for (Finding& f : findings)
        if (f.kind == FindingKind::Stall)
            completeFinding(f, g, dump, findings);
    return findings;
}

} // namespace hvdump::graph
