// SPDX-License-Identifier: GPL-2.0-or-later
// Builds wait-for graphs by hand for detector tests: each context gets a Dump thread (name,
// frames innermost first, CPU, tid) so key frames and reports can be looked up as for a real dump.
#pragma once

#include <hvdump/graph/waitforgraph.h>
#include <hvdump/parsers/dump.h>

#include <initializer_list>
#include <string>

namespace hvdump::graph::test {

struct GraphFixture
{
    Graph g;
    parsers::Dump dump;

    parsers::ThreadId addThread(const std::string& name, std::initializer_list<const char*> frames, int cpu = -1,
        std::int64_t tid = -1, std::uint32_t sample = 0)
    {
        parsers::Thread t;
        t.id = dump.strings.intern(tid >= 0 ? "LWP " + std::to_string(tid) : name);
        t.name = dump.strings.intern(name);
        t.cpu = cpu;
        t.tid = tid;
        t.sample = sample;
        t.state = parsers::ThreadState::Sleeping;
        const std::uint32_t line = std::uint32_t(dump.threads.size() * 10 + 1);
        t.span = { line, line + std::uint32_t(frames.size()) };
        std::uint32_t n = line;
        for (const char* f : frames) {
            parsers::Frame frame;
            frame.function = dump.strings.intern(f);
            frame.span = { ++n, n };
            t.frames.push_back(frame);
        }
        dump.threads.push_back(std::move(t));
        return parsers::ThreadId { std::uint32_t(dump.threads.size() - 1) };
    }

    void report(parsers::ReportKind kind, int cpu, std::int64_t pid, const char* headline)
    {
        parsers::ConsoleReport r;
        r.kind = kind;
        r.cpu = cpu;
        r.pid = pid;
        r.headline = dump.strings.intern(headline);
        r.span = { 900, 905 };
        dump.reports.push_back(r);
    }

    VertexId context(
        const std::string& name, std::initializer_list<const char*> frames = {}, int cpu = -1, std::int64_t tid = -1)
    {
        Vertex v;
        v.type = Vertex::Type::Context;
        v.label = name;
        v.thread = addThread(name, frames, cpu, tid);
        v.snapshots = { v.thread };
        return boost::add_vertex(v, g);
    }

    VertexId resource(ResourceKind kind, const std::string& name)
    {
        Vertex v;
        v.type = Vertex::Type::Resource;
        v.kind = kind;
        v.name = name;
        v.label = std::string(resourceKindName(kind)) + " " + name;
        v.identity = "name:" + name;
        return boost::add_vertex(v, g);
    }

    EdgeId edge(VertexId from, VertexId to, EdgeKind kind, WaitMode mode, Confidence c)
    {
        Edge e;
        e.kind = kind;
        e.mode = mode;
        e.confidence = c;
        e.evidence.push_back({ { std::uint32_t(from + 1), std::uint32_t(from + 1) },
            std::string(edgeKindName(kind)) + " " + g[to].label, "test-rule" });
        return boost::add_edge(from, to, e, g).first;
    }

    EdgeId waits(VertexId c, VertexId r, WaitMode mode = WaitMode::Exclusive, Confidence conf = Confidence::Derived)
    {
        return edge(c, r, EdgeKind::Waits, mode, conf);
    }
    EdgeId spins(VertexId c, VertexId r)
    {
        EdgeId e = edge(c, r, EdgeKind::Waits, WaitMode::Exclusive, Confidence::Derived);
        g[e].spinning = true;
        g[c].spinning = true;
        g[c].live = true;
        return e;
    }
    EdgeId holds(VertexId r, VertexId c, WaitMode mode = WaitMode::Exclusive, Confidence conf = Confidence::Derived)
    {
        return edge(r, c, EdgeKind::Holds, mode, conf);
    }
    EdgeId signals(VertexId r, VertexId c, Confidence conf = Confidence::Inferred)
    {
        return edge(r, c, EdgeKind::Signals, WaitMode::Exclusive, conf);
    }
};

} // namespace hvdump::graph::test
