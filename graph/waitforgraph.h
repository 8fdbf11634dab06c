// SPDX-License-Identifier: GPL-2.0-or-later
// The wait-for graph: execution contexts and resources as vertices; `waits` (context ->
// resource), `holds` (resource -> context) and `signals` (resource -> the context able to wake
// it) as edges. Following edges from a context therefore walks "who am I waiting for". Every
// edge carries its evidence and confidence. Storage is a Boost.Graph adjacency_list so the
// standard algorithms (strong components, cycles, DFS) run on it directly.
#pragma once

#include "confidence.h"

#include <hvdump/parsers/dump.h>

#include <boost/graph/adjacency_list.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace hvdump::graph {

enum class ResourceKind : std::uint8_t {
    Unknown,
    Spinlock,
    Mutex,
    RwLock,
    Semaphore,
    CondVar,
    WaitQueue,
    Futex,
    Completion,
    Event,
    Lease,
    PollSet,
    External, // a party outside the dump: "host drains TX virtqueue"
};
const char* resourceKindName(ResourceKind k);
ResourceKind resourceKindFromName(std::string_view name); // Unknown if not a kind name

enum class EdgeKind : std::uint8_t { Waits, Holds, Signals };
const char* edgeKindName(EdgeKind k);

enum class WaitMode : std::uint8_t { Exclusive, Shared, Read, Write };
const char* waitModeName(WaitMode m);
bool waitModeFromName(std::string_view name, WaitMode& out);

/// One piece of evidence: input lines plus what they show and the rule that read them.
struct Evidence
{
    parsers::LineSpan span;
    std::string what; // "frame #3 rw_enter_sleep(fffffd6b03a206a0, 0)"
    std::string ruleId; // empty when the dump states it directly
};

struct Vertex
{
    enum class Type : std::uint8_t { Context, Resource } type = Type::Context;
    std::string label; // "vcpu0 (LWP 4243)", "mutex vcpu_states", "external: host drains TX virtqueue"
    // contexts
    parsers::ThreadId thread; // the latest snapshot of this context
    std::vector<parsers::ThreadId> snapshots; // every sample of the same context, oldest first
    bool spinning = false; // on CPU in a spin or retry loop
    bool loopUnlisted = false; // spinning only because a lockup report names it: no catalogued loop
    bool live = false; // running or able to run: may still signal someone
    bool irqsOff = false; // spins or waits with interrupts disabled
    std::uint32_t count = 1; // contexts this vertex stands for (mdb ::stacks rows)
    std::string keyFrame; // the function that waits, acquires or spins (caller of the primitive)
    std::string waitWhat; // plain words for the UI: "acquires mutex", "spins on host drains TX virtqueue"
    // resources
    ResourceKind kind = ResourceKind::Unknown;
    std::string identity; // the key two waiters share: "addr:0x55d0c6e1a2c0", "name:vcpu_states", "site:__hvc_poll"
    std::uint64_t address = 0;
    std::string name; // the object's name when known
    std::string ownerHint; // how to print the owner when the dump does not say who holds it
};

struct Edge
{
    EdgeKind kind = EdgeKind::Waits;
    WaitMode mode = WaitMode::Exclusive;
    bool spinning = false; // busy-wait (waits edges)
    bool timed = false; // the wait has a timeout (waits edges)
    bool blocking = true; // false for waits that cannot stall (trylock, timed polls that return)
    Confidence confidence = Confidence::Inferred;
    std::vector<Evidence> evidence;
    std::string ruleId; // the primitive / rule that produced the edge
};

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, Vertex, Edge>;
using VertexId = boost::graph_traits<Graph>::vertex_descriptor;
using EdgeId = boost::graph_traits<Graph>::edge_descriptor;

/// Is this a wait that can hold a context forever (blocking, untimed, or spinning)?
bool isIndefiniteWait(const Edge& e);

} // namespace hvdump::graph
