// SPDX-License-Identifier: GPL-2.0-or-later
#include "dumpjson.h"

#include "linecursor.h"

#include <cstdio>

namespace hvdump::parsers {
namespace {

    std::string hex(std::uint64_t v)
    {
        char buf[24];
        std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
        return buf;
    }

    // only non-empty strings are written, so the JSON stays readable
    void putString(Json& j, const char* key, std::string_view value)
    {
        if (!value.empty())
            j[key] = std::string(value);
    }

} // namespace

std::vector<std::string_view> splitArguments(std::string_view arguments)
{
    std::vector<std::string_view> out;
    int depth = 0;
    bool quoted = false;
    std::size_t start = 0;
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        char c = arguments[i];
        if (c == '"' && (i == 0 || arguments[i - 1] != '\\'))
            quoted = !quoted;
        if (quoted)
            continue;
        if (c == '(' || c == '{' || c == '[' || c == '<')
            ++depth;
        else if ((c == ')' || c == '}' || c == ']' || c == '>') && depth > 0)
            --depth;
        else if (c == ',' && depth == 0) {
            out.push_back(trim(arguments.substr(start, i - start)));
            start = i + 1;
        }
    }
    std::string_view last = trim(arguments.substr(start));
    if (!last.empty() || !out.empty())
        out.push_back(last);
    return out;
}

Json spanToJson(LineSpan span)
{
    return Json::array({ span.first, span.last });
}

Json frameToJson(const Dump& dump, const Frame& f)
{
    Json j;
    if (f.hasAddress)
        j["address"] = hex(f.address);
    if (f.stackPointer)
        j["stackPointer"] = hex(f.stackPointer);
    putString(j, "function", dump.str(f.function));
    if (f.hasOffset)
        j["offset"] = hex(f.offset);
    if (f.hasSize)
        j["size"] = hex(f.size);
    putString(j, "module", dump.str(f.module));
    if (f.arguments.value != 0 && f.arguments.valid()) {
        Json args = Json::array();
        for (std::string_view a : splitArguments(dump.str(f.arguments)))
            args.push_back(std::string(a));
        j["arguments"] = std::move(args);
    }
    putString(j, "file", dump.str(f.file));
    putString(j, "note", dump.str(f.note));
    if (f.line)
        j["line"] = f.line;
    if (f.context != FrameContext::Task)
        j["context"] = frameContextName(f.context);
    Json flags = Json::array();
    if (f.unreliable)
        flags.push_back("unreliable");
    if (f.inlined)
        flags.push_back("inlined");
    if (f.symbolized)
        flags.push_back("symbolized");
    if (!flags.empty())
        j["flags"] = std::move(flags);
    if (!f.locals.empty()) {
        Json locals = Json::array();
        for (const ObjectField& l : f.locals)
            locals.push_back({ { "path", std::string(dump.str(l.path)) }, { "value", std::string(dump.str(l.value)) },
                { "line", l.line } });
        j["locals"] = std::move(locals);
    }
    j["span"] = spanToJson(f.span);
    return j;
}

Json threadToJson(const Dump& dump, const Thread& t)
{
    Json j;
    putString(j, "id", dump.str(t.id));
    putString(j, "name", dump.str(t.name));
    if (t.tid >= 0)
        j["tid"] = t.tid;
    if (t.taskAddress)
        j["task"] = hex(t.taskAddress);
    if (t.cpu >= 0)
        j["cpu"] = t.cpu;
    j["state"] = threadStateName(t.state);
    putString(j, "stateText", dump.str(t.stateText));
    putString(j, "note", dump.str(t.note));
    putString(j, "waitObject", dump.str(t.waitObject));
    j["format"] = formatName(t.format);
    j["sample"] = t.sample;
    if (t.count > 1)
        j["count"] = t.count;
    Json frames = Json::array();
    for (const Frame& f : t.frames)
        frames.push_back(frameToJson(dump, f));
    j["frames"] = std::move(frames);
    j["span"] = spanToJson(t.span);
    return j;
}

Json diagnosticToJson(const Diagnostic& d)
{
    return { { "severity", severityName(d.severity) }, { "code", d.code }, { "file", d.file }, { "line", d.line },
        { "column", d.column }, { "message", d.message } };
}

static Json reportToJson(const Dump& dump, const ConsoleReport& r)
{
    Json j;
    j["kind"] = reportKindName(r.kind);
    putString(j, "headline", dump.str(r.headline));
    if (r.cpu >= 0)
        j["cpu"] = r.cpu;
    if (r.pid >= 0)
        j["pid"] = r.pid;
    putString(j, "task", dump.str(r.task));
    if (r.seconds > 0)
        j["seconds"] = r.seconds;
    if (r.timestamp >= 0)
        j["timestamp"] = r.timestamp;
    putString(j, "lock", dump.str(r.lockName));
    if (r.lockAddress)
        j["lockAddress"] = hex(r.lockAddress);
    putString(j, "ownerTask", dump.str(r.ownerTask));
    if (r.ownerPid >= 0)
        j["ownerPid"] = r.ownerPid;
    if (!r.heldLocks.empty()) {
        Json locks = Json::array();
        for (const HeldLock& l : r.heldLocks) {
            Json lj { { "depth", l.depth }, { "name", std::string(dump.str(l.name)) }, { "span", spanToJson(l.span) } };
            if (l.address)
                lj["address"] = hex(l.address);
            putString(lj, "acquiredAt", dump.str(l.acquiredAt));
            locks.push_back(std::move(lj));
        }
        j["heldLocks"] = std::move(locks);
    }
    if (!r.chain.empty()) {
        Json chain = Json::array();
        for (const LockChainLink& link : r.chain) {
            Json fns = Json::array();
            for (StringId f : link.functions)
                fns.push_back(std::string(dump.str(f)));
            chain.push_back({ { "depth", link.depth }, { "lock", std::string(dump.str(link.lock)) },
                { "functions", std::move(fns) }, { "span", spanToJson(link.span) } });
        }
        j["chain"] = std::move(chain);
    }
    if (r.thread.valid())
        j["thread"] = r.thread.value;
    j["span"] = spanToJson(r.span);
    return j;
}

Json dumpToJson(const Dump& dump, const std::vector<Diagnostic>& diagnostics)
{
    Json j;
    j["schema"] = "hvdump.dump";
    j["version"] = dumpSchemaVersion;
    j["source"] = dump.source;
    j["lines"] = dump.lineCount;
    Json regions = Json::array();
    for (const Region& r : dump.regions)
        regions.push_back({ { "format", formatName(r.format) }, { "span", spanToJson(r.span) } });
    j["regions"] = std::move(regions);
    Json samples = Json::array();
    for (const Sample& s : dump.samples)
        samples.push_back({ { "span", spanToJson(s.span) } });
    j["samples"] = std::move(samples);
    Json threads = Json::array();
    for (const Thread& t : dump.threads)
        threads.push_back(threadToJson(dump, t));
    j["threads"] = std::move(threads);
    Json reports = Json::array();
    for (const ConsoleReport& r : dump.reports)
        reports.push_back(reportToJson(dump, r));
    j["reports"] = std::move(reports);
    Json objects = Json::array();
    for (const ObjectDump& o : dump.objects) {
        Json fields = Json::array();
        for (const ObjectField& f : o.fields)
            fields.push_back({ { "path", std::string(dump.str(f.path)) }, { "value", std::string(dump.str(f.value)) },
                { "line", f.line } });
        Json oj { { "format", formatName(o.format) }, { "fields", std::move(fields) }, { "span", spanToJson(o.span) } };
        if (o.address)
            oj["address"] = hex(o.address);
        putString(oj, "type", dump.str(o.type));
        putString(oj, "expression", dump.str(o.expression));
        objects.push_back(std::move(oj));
    }
    j["objects"] = std::move(objects);
    Json counters = Json::array();
    for (const Counter& c : dump.counters)
        counters.push_back({ { "map", std::string(dump.str(c.map)) }, { "key", std::string(dump.str(c.key)) },
            { "value", c.value }, { "span", spanToJson(c.span) } });
    j["counters"] = std::move(counters);
    Json diags = Json::array();
    for (const Diagnostic& d : diagnostics)
        diags.push_back(diagnosticToJson(d));
    j["diagnostics"] = std::move(diags);
    return j;
}

} // namespace hvdump::parsers
