// SPDX-License-Identifier: GPL-2.0-or-later
// The rule catalog, as data (loaded from YAML by RuleCatalogLoader; nothing in it can run code).
// Primitives say which frames acquire, wait, spin or signal, on which kind of object, and which
// argument names it; sites and hold rules name objects that stacks do not carry as arguments;
// signal rules say who can wake a wait; object holders read owners out of object dumps.
// Diagnoses are known hang signatures with a title, explanation, fix and workaround.
#pragma once

#include "finding.h"
#include "namepattern.h"
#include "waitforgraph.h"

#include <hvdump/parsers/dump.h>

#include <string>
#include <utility>
#include <vector>

namespace hvdump::graph {

/// Where a rule was written, for messages about it ("linux.yaml:42").
struct RuleLocation
{
    std::string file;
    std::uint32_t line = 0;
};

enum class PrimitiveAction : std::uint8_t {
    Acquire, // takes a lock-like object; blocks (or spins) while another context holds it
    Wait, // sleeps until an event / condvar / completion / poll set is signalled
    Spin, // busy-waits on CPU for a condition (of an object or an external party)
    Loop, // a retry loop: makes no progress when its condition never changes (livelock)
    Signal, // wakes the waiters of an object
};
const char* primitiveActionName(PrimitiveAction a);

struct TimeoutSpec
{
    enum class Kind : std::uint8_t { Unknown, Never, Always, Argument } kind = Kind::Unknown;
    std::string argument; // gdb name ("timeout") or 0-based position ("2")
    std::vector<std::string> infinite; // values meaning "no timeout": "-1", "0x0", "NULL", "true"
};

struct Primitive
{
    std::string id;
    std::string platform;
    RuleLocation where;
    std::vector<NamePattern> frames;
    std::vector<NamePattern> callers; // only when the first frame outside the primitive matches
    PrimitiveAction action = PrimitiveAction::Acquire;
    ResourceKind kind = ResourceKind::Unknown;
    WaitMode mode = WaitMode::Exclusive;
    std::string modeArgument; // argument deciding the mode, e.g. rw_enter's RW_WRITER/RW_READER
    std::vector<std::pair<std::string, WaitMode>> modeValues;
    std::string objectArgument; // argument naming the object: "mutex", "0"
    std::string object; // fixed object name when no argument names it
    std::string explains; // short words for the UI: "spins on the host to consume the buffer"
    bool spinning = false;
    bool irqsOff = false;
    bool innermost = false; // only when it is the context's innermost frame
    bool objectIsThread = false; // the object argument is a thread handle: the wait ends when it exits
    TimeoutSpec timeout;
};

/// Names the object a primitive works on from the frame that calls it.
struct ObjectSite
{
    std::string id;
    std::string platform;
    RuleLocation where;
    std::vector<NamePattern> callers;
    ResourceKind kind = ResourceKind::Unknown; // the object's kind; Unknown: the primitive's kind
    std::string object;
    bool hasMode = false;
    WaitMode mode = WaitMode::Exclusive;
};

/// A function that holds an object for the frames above (inner to) it.
struct HoldRule
{
    std::string id;
    std::string platform;
    RuleLocation where;
    std::vector<NamePattern> frames;
    std::vector<NamePattern> unless; // not held when any of these frames is on the stack
    std::vector<NamePattern> threadNames; // only for contexts with these names (empty: any)
    ResourceKind kind = ResourceKind::Mutex;
    WaitMode mode = WaitMode::Exclusive;
    std::string object;
    bool irqsOff = false;
};

/// Who can wake a wait on an object: contexts with these names and/or frames.
struct SignalRule
{
    std::string id;
    std::string platform;
    RuleLocation where;
    std::vector<NamePattern> objects; // object names this rule applies to
    std::vector<NamePattern> threadNames;
    std::vector<NamePattern> frames; // the signaller has one of these on its stack
    std::vector<NamePattern> unless; // ...and none of these (e.g. already parked)
};

/// Reads a holder out of an object dump: pthread __owner, struct mutex owner, a ring's worker.
struct ObjectHolder
{
    std::string id;
    std::string platform;
    RuleLocation where;
    NamePattern type; // object type ("*" or empty: any)
    NamePattern ownerField; // field path holding the owner ("*__data.__owner")
    enum class OwnerIs : std::uint8_t { Tid, TaskAddress } ownerIs = OwnerIs::Tid;
    std::vector<std::string> nonzero; // fields that must be non-zero for the hold to count
    std::string object; // held object's name; empty: the dumped object itself
    ResourceKind kind = ResourceKind::Mutex;
    WaitMode mode = WaitMode::Exclusive;
};

struct FieldCondition
{
    NamePattern type;
    NamePattern field;
    NamePattern value;
};

struct Diagnosis
{
    std::string id;
    std::string platform;
    RuleLocation where;
    std::string title;
    std::string explanation;
    std::string fix;
    std::string workaround;
    std::vector<std::string> references;
    bool generic = false; // used only when no specific diagnosis matches
    std::vector<FindingKind> kinds;
    std::vector<NamePattern> rootFrames; // each must match a frame of the root context
    std::vector<NamePattern> frames; // each must match a frame of some context in the finding
    std::vector<NamePattern> objects; // each must match a resource name in the finding
    std::vector<ResourceKind> resourceKinds; // the finding involves one of these kinds
    std::vector<parsers::ReportKind> reports; // the dump has one of these console reports
    std::vector<FieldCondition> objectFields;
    int rootIrqsOff = -1; // -1 don't care, 0/1 required value
    int rootHolds = -1; // root holds something another context waits for
    int rootSpinning = -1; // root is on CPU spinning
    int rootStack = -1; // the root is a context whose stack the dump shows (0: a report names it, no stack)
    std::vector<ResourceKind> rootHoldsKinds; // root holds an object of one of these kinds
    int minContexts = 0;
    int maxContexts = 0; // 0: no limit
};

struct RuleCatalog
{
    /// Mechanics of waiting that sit above the primitive on a stack (schedule, swtch, futex
    /// syscalls); skipped when looking for what a context waits on.
    std::vector<NamePattern> transparent;
    std::vector<Primitive> primitives;
    std::vector<ObjectSite> sites;
    std::vector<HoldRule> holds;
    std::vector<SignalRule> signals;
    std::vector<ObjectHolder> objectHolders;
    std::vector<Diagnosis> diagnoses;
    std::vector<std::string> files; // loaded, in order

    const Diagnosis* diagnosis(std::string_view id) const;
    std::size_t ruleCount() const;
};

} // namespace hvdump::graph
