// SPDX-License-Identifier: GPL-2.0-or-later
// Questions every detector asks of a wait-for graph: which waits really block (indefinite,
// blocking, and rwlock semantics: a read wait on a lock only held for read goes through), who
// holds or alone can signal a resource, which dump threads a context stands for, and whether
// the dump itself says a context is stuck. Pure functions over const data.
#pragma once

#include "waitforgraph.h"

#include <hvdump/parsers/dump.h>

#include <vector>

namespace hvdump::graph {

/// "no vertex": a finding member or root the graph does not hold
inline const VertexId noVertex = boost::graph_traits<Graph>::null_vertex();

bool isContext(const Graph& g, VertexId v);
bool isShared(WaitMode m); // Read or Shared

/// A waits edge that can hold its context forever and that nothing in the graph lets through.
bool blocksForever(const Graph& g, EdgeId e);

/// The waits edges of a context for which blocksForever() holds, in edge order.
std::vector<EdgeId> stuckWaits(const Graph& g, VertexId context);

/// Holds and Signals out-edges of a resource: the contexts it waits on.
std::vector<EdgeId> ownerEdges(const Graph& g, VertexId resource);

/// Every dump thread a context stands for (its samples, oldest first; the thread alone if none).
std::vector<const parsers::Thread*> snapshotsOf(const Graph& g, const parsers::Dump& dump, VertexId v);

/// The latest snapshot of a context, or nullptr.
const parsers::Thread* threadOf(const Graph& g, const parsers::Dump& dump, VertexId v);

/// The dump says this context is stuck: a hung-task (or blocked-on-owner) report for it, or the
/// same stack in every sample (>= 2). Appends why to `why`.
bool statedStuck(const Graph& g, const parsers::Dump& dump, VertexId v, std::vector<Evidence>* why = nullptr);

/// Appends the items of `from` that `to` does not hold yet (quadratic: for short lists).
void mergeEvidence(std::vector<Evidence>& to, const std::vector<Evidence>& from);

/// Drops repeated items (same span, text and rule), keeping the first of each, in linear time.
void dedupeEvidence(std::vector<Evidence>& items);

/// The weakest confidence over the edges, starting from `start`.
Confidence weakestOf(const Graph& g, const std::vector<EdgeId>& edges, Confidence start = Confidence::Stated);

/// "a -> b" with the vertices' labels, for summaries and JSON.
std::string edgeText(const Graph& g, EdgeId e);

} // namespace hvdump::graph
