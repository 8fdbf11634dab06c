// SPDX-License-Identifier: GPL-2.0-or-later
// Reads one stack against the catalog's primitives: what the context waits on, acquires or
// spins on (the innermost run of primitive frames under the transparent scheduler/syscall
// frames), how (mode, spinning, timeout), which object (argument address, symbol, a site rule's
// name, or the acquire site), and where in the input it says so.
#pragma once

#include "rulecatalog.h"

#include <hvdump/parsers/dump.h>

#include <string>
#include <unordered_map>
#include <vector>

namespace hvdump::graph {

/// The identity keys of one object mention: "addr:55d0c6e1a2c0", "sym:bql", "name:vcpu_states",
/// "site:mutex:kvm_cpu_exec". Mentions sharing a key are the same object.
struct ObjectMention
{
    std::vector<std::string> keys;
    std::uint64_t address = 0;
    std::string name; // best human name: rule name, else symbol
    ResourceKind kind = ResourceKind::Unknown;
};

struct ThreadWait
{
    bool found = false;
    std::size_t first = 0; // innermost frame of the primitive run
    std::size_t last = 0; // outermost frame of the run
    std::size_t caller = 0; // first reliable frame outside the run (== frames.size() if none)
    std::vector<std::size_t> run; // the run's frames, innermost first (unreliable "? " frames skipped)
    PrimitiveAction action = PrimitiveAction::Acquire;
    WaitMode mode = WaitMode::Exclusive;
    bool spinning = false;
    bool irqsOff = false;
    bool objectIsThread = false; // the object is a thread (pthread_join): its exit ends the wait
    enum class Timeout : std::uint8_t { Unknown, Timed, Untimed } timeout = Timeout::Unknown;
    ObjectMention object;
    Confidence confidence = Confidence::Derived;
    std::vector<std::string> ruleIds;
    std::string explains;
    parsers::LineSpan span;
    std::string what; // "qemu_mutex_lock_impl(mutex=0x55d0 <bql>) from kvm_cpu_exec"
};

/// Strips what differs between builds of the same code: Rust hashes, .isra/.constprop/.cold.
std::string_view matchableName(std::string_view function);

/// Parses "0x55d0c6e1a2c0 <bql>" / "fffffd6b03a206a0" (bareHex, mdb) / "140027093399232" (a
/// decimal id): the value as a number and the <symbol> gdb prints after it.
void parseObjectValue(std::string_view value, std::uint64_t& address, std::string& symbol, bool bareHex);

/// The value of a frame argument by gdb name ("mutex") or 0-based position ("0").
bool frameArgument(std::string_view arguments, const std::string& which, std::string_view& value);

class WaitAnalyzer
{
public:
    WaitAnalyzer(const parsers::Dump& dump, const RuleCatalog& catalog);
    ThreadWait analyze(const parsers::Thread& thread);
    /// Indices of the catalog primitives whose frames match this function (cached per name).
    const std::vector<std::size_t>& candidates(parsers::StringId function);
    bool transparent(parsers::StringId function);
    std::string_view name(parsers::StringId function) const
    {
        return matchableName(m_dump.str(function));
    }

private:
    std::size_t firstCandidate(const parsers::Thread& t);
    const Primitive* choose(std::size_t frame, const parsers::Thread& t, std::size_t caller);
    void readObject(const parsers::Thread& t, ThreadWait& w, const std::vector<const Primitive*>& chosen);
    void endRunAtInnerLock(
        const parsers::Thread& t, std::vector<std::size_t>& run, std::vector<const Primitive*>& chosen);
    void readTimeoutAndMode(const parsers::Thread& t, ThreadWait& w, const std::vector<const Primitive*>& chosen);

    const parsers::Dump& m_dump;
    const RuleCatalog& m_catalog;
    std::unordered_map<std::uint32_t, std::vector<std::size_t>> m_candidates;
    std::unordered_map<std::uint32_t, bool> m_transparent;
};

} // namespace hvdump::graph
