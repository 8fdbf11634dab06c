// SPDX-License-Identifier: GPL-2.0-or-later
#include "diagnosismatcher.h"

#include "waitanalysis.h"

#include <algorithm>

namespace hvdump::graph {
namespace {

    bool stackHas(const parsers::Dump& dump, const parsers::Thread& t, const NamePattern& p)
    {
        return std::any_of(t.frames.begin(), t.frames.end(),
            [&](const parsers::Frame& f) { return p.matches(matchableName(dump.str(f.function))); });
    }

    const parsers::Thread* threadOf(const Graph& g, const parsers::Dump& dump, VertexId v)
    {
        if (v == boost::graph_traits<Graph>::null_vertex() || g[v].type != Vertex::Type::Context
            || !g[v].thread.valid())
            return nullptr;
        return &dump.thread(g[v].thread);
    }

    // root holds an object another context waits for; kinds: which kinds count (empty: any)
    bool rootHolds(const Graph& g, VertexId root, const std::vector<ResourceKind>& kinds)
    {
        for (auto [e, end] = boost::in_edges(root, g); e != end; ++e) {
            if (g[*e].kind != EdgeKind::Holds)
                continue;
            VertexId r = boost::source(*e, g);
            if (!kinds.empty() && std::find(kinds.begin(), kinds.end(), g[r].kind) == kinds.end())
                continue;
            if (!kinds.empty())
                return true;
            for (auto [w, wend] = boost::in_edges(r, g); w != wend; ++w)
                if (g[*w].kind == EdgeKind::Waits && boost::source(*w, g) != root)
                    return true;
        }
        return false;
    }

    // -1 when a condition fails, else how many conditions the diagnosis states (its specificity)
    int score(const Diagnosis& d, const Finding& f, const Graph& g, const parsers::Dump& dump,
        std::vector<Evidence>& evidence)
    {
        int points = 0;
        if (!d.kinds.empty()) {
            if (std::find(d.kinds.begin(), d.kinds.end(), f.kind) == d.kinds.end())
                return -1;
            ++points;
        }
        const parsers::Thread* root = threadOf(g, dump, f.root);
        for (const NamePattern& p : d.rootFrames) {
            if (!root || !stackHas(dump, *root, p))
                return -1;
            points += 2;
        }
        for (const NamePattern& p : d.frames) {
            bool found = std::any_of(f.contexts.begin(), f.contexts.end(), [&](const FindingMember& m) {
                const parsers::Thread* t = threadOf(g, dump, m.vertex);
                return t && stackHas(dump, *t, p);
            });
            if (!found)
                return -1;
            points += 2;
        }
        // lockdep findings name locks the graph may not have: such members carry only a label
        const VertexId none = boost::graph_traits<Graph>::null_vertex();
        for (const NamePattern& p : d.objects) {
            bool found = std::any_of(f.resources.begin(), f.resources.end(), [&](const FindingMember& m) {
                return p.matches(m.vertex == none ? std::string_view(m.label) : std::string_view(g[m.vertex].name));
            });
            if (!found)
                return -1;
            points += 2;
        }
        if (!d.resourceKinds.empty()) {
            bool found = std::any_of(f.resources.begin(), f.resources.end(), [&](const FindingMember& m) {
                return m.vertex != none
                    && std::find(d.resourceKinds.begin(), d.resourceKinds.end(), g[m.vertex].kind)
                    != d.resourceKinds.end();
            });
            if (!found)
                return -1;
            ++points;
        }
        if (!d.reports.empty()) {
            bool found = std::any_of(dump.reports.begin(), dump.reports.end(), [&](const parsers::ConsoleReport& r) {
                return std::find(d.reports.begin(), d.reports.end(), r.kind) != d.reports.end();
            });
            if (!found)
                return -1;
            ++points;
        }
        for (const FieldCondition& c : d.objectFields) {
            bool found = false;
            for (const parsers::ObjectDump& o : dump.objects) {
                if (!c.type.matches(dump.str(o.type)))
                    continue;
                for (const parsers::ObjectField& field : o.fields)
                    if (c.field.matches(dump.str(field.path)) && c.value.matches(dump.str(field.value))) {
                        found = true;
                        evidence.push_back({ { field.line, field.line },
                            std::string(dump.str(o.type)) + "." + std::string(dump.str(field.path)) + " = "
                                + std::string(dump.str(field.value)),
                            d.id });
                    }
            }
            if (!found)
                return -1;
            points += 2;
        }
        const bool isContext =
            f.root != boost::graph_traits<Graph>::null_vertex() && g[f.root].type == Vertex::Type::Context;
        if (d.rootIrqsOff >= 0) {
            if (!isContext || g[f.root].irqsOff != (d.rootIrqsOff == 1))
                return -1;
            ++points;
        }
        if (d.rootSpinning >= 0) {
            if (!isContext || g[f.root].spinning != (d.rootSpinning == 1))
                return -1;
            ++points;
        }
        if (d.rootStack >= 0) {
            if (isContext != (d.rootStack == 1))
                return -1;
            ++points;
        }
        if (d.rootHolds >= 0) {
            if (!isContext || rootHolds(g, f.root, {}) != (d.rootHolds == 1))
                return -1;
            ++points;
        }
        if (!d.rootHoldsKinds.empty()) {
            if (!isContext || !rootHolds(g, f.root, d.rootHoldsKinds))
                return -1;
            ++points;
        }
        const int contexts = static_cast<int>(f.contexts.size());
        if (d.minContexts > 0 && contexts < d.minContexts)
            return -1;
        if (d.maxContexts > 0 && contexts > d.maxContexts)
            return -1;
        return points + (d.minContexts > 0) + (d.maxContexts > 0);
    }

} // namespace

int diagnosisSpecificity(const Diagnosis& d)
{
    // keep in step with score(): what it adds when each condition holds
    const auto two = [](std::size_t n) { return 2 * static_cast<int>(n); };
    return !d.kinds.empty() + two(d.rootFrames.size()) + two(d.frames.size()) + two(d.objects.size())
        + !d.resourceKinds.empty() + !d.reports.empty() + two(d.objectFields.size()) + (d.rootIrqsOff >= 0)
        + (d.rootSpinning >= 0) + (d.rootStack >= 0) + (d.rootHolds >= 0) + !d.rootHoldsKinds.empty()
        + (d.minContexts > 0) + (d.maxContexts > 0);
}

const Diagnosis* bestDiagnosis(const Finding& finding, const Graph& graph, const parsers::Dump& dump,
    const RuleCatalog& catalog, std::vector<Evidence>* matchedEvidence)
{
    const Diagnosis* best = nullptr;
    int bestScore = -1;
    std::vector<Evidence> bestEvidence;
    for (bool generic : { false, true }) {
        for (const Diagnosis& d : catalog.diagnoses) {
            if (d.generic != generic)
                continue;
            std::vector<Evidence> evidence;
            int s = score(d, finding, graph, dump, evidence);
            if (s > bestScore) {
                best = &d;
                bestScore = s;
                bestEvidence = std::move(evidence);
            }
        }
        if (best)
            break; // generic diagnoses only when no specific one applies
    }
    if (best && matchedEvidence)
        matchedEvidence->insert(matchedEvidence->end(), bestEvidence.begin(), bestEvidence.end());
    return best;
}

void applyDiagnoses(
    std::vector<Finding>& findings, const Graph& graph, const parsers::Dump& dump, const RuleCatalog& catalog)
{
    for (Finding& f : findings) {
        std::vector<Evidence> evidence;
        const Diagnosis* d = bestDiagnosis(f, graph, dump, catalog, &evidence);
        if (!d)
            continue;
        f.ruleId = d->id;
        f.diagnosis = d->title;
        f.explanation = d->explanation;
        f.fix = d->fix;
        f.workaround = d->workaround;
        f.references = d->references;
        f.evidence.insert(f.evidence.end(), evidence.begin(), evidence.end());
    }
}

} // namespace hvdump::graph
