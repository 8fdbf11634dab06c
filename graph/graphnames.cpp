// SPDX-License-Identifier: GPL-2.0-or-later
// The stable names of the graph's enums (used in rule files, JSON, DOT and the UI).
#include "finding.h"
#include "rulecatalog.h"
#include "waitforgraph.h"

#include <array>
#include <utility>

namespace hvdump::graph {
namespace {

    constexpr std::array<std::pair<ResourceKind, const char*>, 13> resourceKindNames = { {
        { ResourceKind::Unknown, "unknown" },
        { ResourceKind::Spinlock, "spinlock" },
        { ResourceKind::Mutex, "mutex" },
        { ResourceKind::RwLock, "rwlock" },
        { ResourceKind::Semaphore, "semaphore" },
        { ResourceKind::CondVar, "condvar" },
        { ResourceKind::WaitQueue, "waitqueue" },
        { ResourceKind::Futex, "futex" },
        { ResourceKind::Completion, "completion" },
        { ResourceKind::Event, "event" },
        { ResourceKind::Lease, "lease" },
        { ResourceKind::PollSet, "pollset" },
        { ResourceKind::External, "external" },
    } };

    constexpr std::array<std::pair<WaitMode, const char*>, 4> waitModeNames = { {
        { WaitMode::Exclusive, "exclusive" },
        { WaitMode::Shared, "shared" },
        { WaitMode::Read, "read" },
        { WaitMode::Write, "write" },
    } };

} // namespace

const char* confidenceName(Confidence c)
{
    switch (c) {
    case Confidence::Inferred:
        return "inferred";
    case Confidence::Derived:
        return "derived";
    case Confidence::Stated:
        return "stated";
    }
    return "inferred";
}

const char* resourceKindName(ResourceKind k)
{
    for (const auto& [kind, name] : resourceKindNames)
        if (kind == k)
            return name;
    return "unknown";
}

ResourceKind resourceKindFromName(std::string_view name)
{
    for (const auto& [kind, n] : resourceKindNames)
        if (name == n)
            return kind;
    return ResourceKind::Unknown;
}

const char* edgeKindName(EdgeKind k)
{
    switch (k) {
    case EdgeKind::Waits:
        return "waits";
    case EdgeKind::Holds:
        return "holds";
    case EdgeKind::Signals:
        return "signals";
    }
    return "waits";
}

const char* waitModeName(WaitMode m)
{
    for (const auto& [mode, name] : waitModeNames)
        if (mode == m)
            return name;
    return "exclusive";
}

bool waitModeFromName(std::string_view name, WaitMode& out)
{
    for (const auto& [mode, n] : waitModeNames)
        if (name == n) {
            out = mode;
            return true;
        }
    return false;
}

bool isIndefiniteWait(const Edge& e)
{
    return e.kind == EdgeKind::Waits && e.blocking && !e.timed;
}

const char* findingKindName(FindingKind k)
{
    switch (k) {
    case FindingKind::Deadlock:
        return "deadlock";
    case FindingKind::Spin:
        return "spin";
    case FindingKind::LostWakeup:
        return "lost-wakeup";
    case FindingKind::Stall:
        return "stall";
    }
    return "stall";
}

const char* primitiveActionName(PrimitiveAction a)
{
    switch (a) {
    case PrimitiveAction::Acquire:
        return "acquire";
    case PrimitiveAction::Wait:
        return "wait";
    case PrimitiveAction::Spin:
        return "spin";
    case PrimitiveAction::Loop:
        return "loop";
    case PrimitiveAction::Signal:
        return "signal";
    }
    return "acquire";
}

const Diagnosis* RuleCatalog::diagnosis(std::string_view id) const
{
    for (const Diagnosis& d : diagnoses)
        if (d.id == id)
            return &d;
    return nullptr;
}

std::size_t RuleCatalog::ruleCount() const
{
    return transparent.size() + primitives.size() + sites.size() + holds.size() + signals.size() + objectHolders.size()
        + diagnoses.size();
}

} // namespace hvdump::graph
