// SPDX-License-Identifier: GPL-2.0-or-later
// A finding: one hang the detectors found, with the contexts and resources involved as the dump
// names them, the root, a stable signature for recognising the same hang elsewhere, and its
// confidence (never more certain than its weakest edge). A matched diagnosis from the rule
// catalog adds the title, explanation and fix.
#pragma once

#include "waitforgraph.h"

#include <string>
#include <vector>

namespace hvdump::graph {

enum class FindingKind : std::uint8_t { Deadlock, Spin, LostWakeup, Stall };
const char* findingKindName(FindingKind k);

struct FindingMember
{
    VertexId vertex;
    std::string label;
    std::string role; // "waiter", "holder", "spinner", "root", "signaller"
    std::uint32_t depth = 0; // stall: waits between this context and the root (1 = waits on it directly)
};

struct Finding
{
    FindingKind kind = FindingKind::Stall;
    std::string title; // "deadlock in signal_vcpus / AcpiCpuHotplugController::read"
    std::string summary; // one or two sentences in plain words: who waits for whom
    std::string signature; // kind + normalized key frames; same hang on two machines => same signature
    Confidence confidence = Confidence::Inferred;
    std::vector<FindingMember> contexts;
    std::vector<FindingMember> resources;
    VertexId root = boost::graph_traits<Graph>::null_vertex();
    std::vector<std::vector<EdgeId>> cycles; // deadlock: each elementary cycle, closing edge last
    std::vector<EdgeId> edges; // every edge the finding stands on
    std::uint32_t blockedCount = 0; // stall: contexts blocked behind the root (with ::stacks counts)
    std::vector<Evidence> evidence;
    std::vector<std::string> keyFrames; // normalized functions the signature is built from
    std::string ownerHint; // how to print an owner the dump does not state
    // from the matched diagnosis
    std::string ruleId;
    std::string diagnosis; // the known hang's name, e.g. "vCPU pause holds vcpu_states across the ack wait"
    std::string explanation;
    std::string fix;
    std::string workaround;
    std::vector<std::string> references;
};

} // namespace hvdump::graph
