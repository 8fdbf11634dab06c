// SPDX-License-Identifier: GPL-2.0-or-later
// Internal to the graph builder: the state of one build, shared by graphbuilder*.cpp, each of
// which adds one kind of evidence (stacks, reports and object dumps, then the final graph).
#pragma once

#include "graphbuilder.h"
#include "objectidentity.h"
#include "waitanalysis.h"

#include <initializer_list>
#include <map>
#include <unordered_map>

namespace hvdump::graph::detail {
using parsers::Dump;
using parsers::Thread;
using parsers::ThreadId;
using parsers::ThreadState;

std::string hex(std::uint64_t v);
std::string contextLabel(const Dump& dump, const Thread& t);
std::string resourceLabel(const ObjectMention& o);
std::string identityOf(const ObjectMention& o);
bool onCpu(const Thread& t);

struct PendingEdge
{
    VertexId context;
    std::size_t mention;
    Edge edge;
};

class Builder
{
public:
    Builder(const Dump& dump, const RuleCatalog& catalog)
        : m_dump(dump)
        , m_catalog(catalog)
        , m_analyzer(dump, catalog)
    {
    }

    Graph run()
    {
        addContexts();
        addWaits();
        addHoldRules();
        addReports();
        addObjectHolders();
        materialize();
        addSignals();
        markLiveness();
        return std::move(m_graph);
    }

private:
    void addContexts();
    VertexId contextFor(ThreadId id);
    VertexId contextByTid(std::int64_t tid);
    VertexId contextByTask(std::uint64_t task);
    void addWaits();
    std::vector<bool> namedBy(std::initializer_list<parsers::ReportKind> kinds) const;
    void addUnlistedLoop(VertexId v, const Thread& t);
    void addUnlistedWait(VertexId v, const Thread& t);
    void addThreadExit(VertexId waiter, const ThreadWait& w, const std::string& ruleId);
    void addHoldRules();
    void addReports();
    void addObjectHolders();
    void materialize();
    void addSignals();
    void markLiveness();
    void pend(VertexId context, const ObjectMention& mention, Edge edge)
    {
        m_pending.push_back({ context, m_objects.add(mention), std::move(edge) });
    }
    void addHeldLock(VertexId holder, const parsers::ConsoleReport& r, const parsers::HeldLock& l, bool last);
    const Thread& threadOf(VertexId v) const
    {
        return m_dump.thread(m_graph[v].thread);
    }

    const Dump& m_dump;
    const RuleCatalog& m_catalog;
    WaitAnalyzer m_analyzer;
    ObjectIdentity m_objects;
    Graph m_graph;
    std::vector<VertexId> m_contexts;
    std::map<std::string, VertexId> m_byKey;
    std::unordered_map<std::int64_t, ThreadId> m_threadByTid;
    std::unordered_map<std::uint64_t, ThreadId> m_threadByTask;
    std::unordered_map<VertexId, ThreadWait> m_wait;
    std::unordered_map<VertexId, std::size_t> m_waitMention;
    std::vector<PendingEdge> m_pending;
    std::vector<VertexId> m_resourceOfObject;
};

} // namespace hvdump::graph::detail
