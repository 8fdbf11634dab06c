// SPDX-License-Identifier: GPL-2.0-or-later
// Stable names for findings: function names normalized so that the same hang from two machines
// (other addresses, offsets, pids, thread order, compiler clones) reads the same; the key frame
// of a blocked context (the first frame outward of the lock/wait/scheduler internals); the
// signature hash and the one-line title built from key frames.
#pragma once

#include "finding.h"

#include <hvdump/parsers/dump.h>

#include <string>
#include <string_view>
#include <vector>

namespace hvdump::graph {

/// Strips offsets, addresses, module prefixes/suffixes, compiler clone suffixes (.isra.0,
/// .constprop.0, .part.0, .cold), Rust hashes, gdb's <optimized out> and argument lists.
/// Returns "" for a frame with no name ("??", a bare address).
std::string normalizeFunction(std::string_view function);

/// The name for a title: the last path component, or the last two when the last is a method
/// of a type ("CpuManager::signal_vcpus", "AcpiCpuHotplugController::read").
std::string shortFunction(std::string_view function);

/// Generic lock, wait, scheduler, syscall-entry and reporting machinery (any platform).
bool isWaitInternal(std::string_view normalizedFunction);

/// Index of the most telling frame of a thread at or outward of `from`: the first reliable
/// frame past the innermost run of internals; -1 when the thread has no usable frame.
int keyFrameIndex(const parsers::Dump& dump, const parsers::Thread& thread, std::size_t from = 0);

/// The normalized function of keyFrameIndex(), or "" when there is none.
std::string keyFrame(const parsers::Dump& dump, const parsers::Thread& thread);

/// The normalized key frame of a context vertex: the builder's Vertex::keyFrame, else the
/// keyFrame() of its thread; "" for resources and contexts without frames.
std::string contextKeyFrame(const Graph& g, const parsers::Dump& dump, VertexId v);

/// kind + sorted normalized key frames, hashed (FNV-1a 64) to 16 hex digits.
std::string makeSignature(FindingKind kind, const std::vector<std::string>& keyFrames);

/// The text the signature hashes; exposed for tests and for showing it.
std::string signatureText(FindingKind kind, const std::vector<std::string>& keyFrames);

/// "deadlock in A / B", "spin in A", "lost wakeup in A", "stall behind A (N blocked)".
std::string makeTitle(FindingKind kind, const std::vector<std::string>& keyFrames, std::uint32_t blocked = 0);

} // namespace hvdump::graph
