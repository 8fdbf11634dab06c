// SPDX-License-Identifier: GPL-2.0-or-later
#include "dumptextwriter.h"

#include <hvdump/parsers/dumpjson.h>

#include <cstdio>

namespace hvdump::cli {
using namespace hvdump::parsers;
namespace {

    // unset (invalid) and empty (id 0) names both mean "not in the dump"
    bool present(StringId id)
    {
        return id.valid() && id.value != 0;
    }

    std::string lines(LineSpan s)
    {
        if (!s.valid())
            return {};
        return s.first == s.last ? " @ L" + std::to_string(s.first)
                                 : " @ L" + std::to_string(s.first) + "-" + std::to_string(s.last);
    }

    std::string hex(std::uint64_t v)
    {
        char buf[24];
        std::snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(v));
        return buf;
    }

    void writeFrame(std::ostream& out, const Dump& dump, std::size_t index, const Frame& f)
    {
        out << "    #" << index << ' ';
        if (f.unreliable)
            out << "? ";
        if (f.context != FrameContext::Task)
            out << '<' << frameContextName(f.context) << "> ";
        if (f.hasAddress)
            out << hex(f.address) << ' ';
        out << (present(f.function) ? dump.str(f.function) : std::string_view("??"));
        if (f.hasOffset)
            out << "+0x" << hex(f.offset);
        if (f.hasSize)
            out << "/0x" << hex(f.size);
        if (present(f.arguments))
            out << '(' << dump.str(f.arguments) << ')';
        if (present(f.module))
            out << " [" << dump.str(f.module) << ']';
        if (present(f.file)) {
            out << " at " << dump.str(f.file);
            if (f.line)
                out << ':' << f.line;
        }
        if (f.inlined)
            out << " (inlined)";
        out << lines(f.span) << '\n';
    }

} // namespace

void writeDumpText(std::ostream& out, const Dump& dump)
{
    out << dump.source << ": " << dump.threads.size() << " threads in " << dump.samples.size() << " sample(s), "
        << dump.reports.size() << " reports, " << dump.objects.size() << " objects, " << dump.counters.size()
        << " counters, " << dump.lineCount << " lines\n";
    for (const Region& r : dump.regions)
        out << "  region " << formatName(r.format) << lines(r.span) << '\n';
    for (const Thread& t : dump.threads) {
        out << "thread " << dump.str(t.id);
        if (present(t.name))
            out << " \"" << dump.str(t.name) << '"';
        if (t.cpu >= 0)
            out << " cpu " << t.cpu;
        out << " state " << threadStateName(t.state);
        if (present(t.stateText))
            out << " (" << dump.str(t.stateText) << ')';
        if (t.count > 1)
            out << " x" << t.count;
        out << " [" << formatName(t.format) << ", sample " << t.sample << ']' << lines(t.span) << '\n';
        for (std::size_t i = 0; i < t.frames.size(); ++i)
            writeFrame(out, dump, i, t.frames[i]);
    }
    for (const ConsoleReport& r : dump.reports) {
        out << "report " << reportKindName(r.kind);
        if (r.cpu >= 0)
            out << " cpu " << r.cpu;
        if (present(r.task))
            out << " task " << dump.str(r.task);
        if (r.pid >= 0)
            out << ':' << r.pid;
        if (r.seconds > 0)
            out << " for " << r.seconds << 's';
        out << lines(r.span) << "\n    " << dump.str(r.headline) << '\n';
        for (const HeldLock& l : r.heldLocks)
            out << "    held #" << l.depth << ' ' << dump.str(l.name) << " at " << dump.str(l.acquiredAt) << '\n';
        for (const LockChainLink& link : r.chain)
            out << "    -> #" << link.depth << ' ' << dump.str(link.lock) << '\n';
    }
    for (const ObjectDump& o : dump.objects) {
        out << "object " << dump.str(o.type);
        if (o.address)
            out << " at " << hex(o.address);
        out << lines(o.span) << '\n';
        for (const ObjectField& f : o.fields)
            out << "    " << dump.str(f.path) << " = " << dump.str(f.value) << '\n';
    }
    for (const Counter& c : dump.counters) {
        out << "counter " << dump.str(c.map);
        if (present(c.key))
            out << '[' << dump.str(c.key) << ']';
        out << " = " << c.value << lines(c.span) << '\n';
    }
}

} // namespace hvdump::cli
