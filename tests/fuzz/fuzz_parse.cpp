// SPDX-License-Identifier: GPL-2.0-or-later
// libFuzzer entry point: the bytes go through parseText() once with format detection and once
// per forced format, and the result is checked for the model's invariants (every span and
// diagnostic line inside the input, every string id known, frame limits kept). A crash, a
// sanitizer report or a broken invariant is a finding; see README.md for how to run it.
#include <hvdump/parsers/dumpparser.h>
#include <hvdump/parsers/formatregistry.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

using namespace hvdump::parsers;

namespace {

[[noreturn]] void broken(const char* what, Format forced, std::uint32_t value, std::uint32_t lineCount)
{
    std::fprintf(stderr, "fuzz_parse: invariant broken with --format %s: %s (value %u, %u lines)\n",
        forced == Format::Unknown ? "auto" : formatName(forced), what, value, lineCount);
    std::abort();
}

void checkSpan(LineSpan span, const char* what, Format forced, std::uint32_t lineCount)
{
    if (!span.valid())
        return;
    if (span.first > span.last)
        broken(what, forced, span.first, lineCount);
    if (span.last > lineCount)
        broken(what, forced, span.last, lineCount);
}

void checkString(const Dump& dump, StringId id, const char* what, Format forced)
{
    if (id.valid() && id.value >= dump.strings.size())
        broken(what, forced, id.value, dump.lineCount);
}

void check(const ParseResult& r, Format forced)
{
    const Dump& d = r.dump;
    const ParseLimits limits;
    for (const Thread& t : d.threads) {
        checkSpan(t.span, "thread span outside the input", forced, d.lineCount);
        checkString(d, t.id, "thread id not interned", forced);
        checkString(d, t.name, "thread name not interned", forced);
        if (t.frames.size() > limits.maxFramesPerThread)
            broken("more frames than maxFramesPerThread", forced, static_cast<std::uint32_t>(t.frames.size()),
                d.lineCount);
        if (t.sample >= d.samples.size())
            broken("thread sample out of range", forced, t.sample, d.lineCount);
        for (const Frame& f : t.frames) {
            checkSpan(f.span, "frame span outside the input", forced, d.lineCount);
            checkString(d, f.function, "frame function not interned", forced);
            checkString(d, f.module, "frame module not interned", forced);
            checkString(d, f.arguments, "frame arguments not interned", forced);
            checkString(d, f.file, "frame file not interned", forced);
        }
    }
    for (const ConsoleReport& rep : d.reports) {
        checkSpan(rep.span, "report span outside the input", forced, d.lineCount);
        if (rep.thread.valid() && rep.thread.value >= d.threads.size())
            broken("report names a thread that does not exist", forced, rep.thread.value, d.lineCount);
    }
    for (const ObjectDump& o : d.objects)
        checkSpan(o.span, "object span outside the input", forced, d.lineCount);
    for (const Counter& c : d.counters)
        checkSpan(c.span, "counter span outside the input", forced, d.lineCount);
    for (const Region& reg : d.regions)
        checkSpan(reg.span, "region span outside the input", forced, d.lineCount);
    for (const Diagnostic& diag : r.diagnostics)
        if (diag.line > d.lineCount)
            broken("diagnostic line outside the input", forced, diag.line, d.lineCount);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    ParseOptions options;
    options.maxLineLength = 1024; // reach the over-long line paths with small inputs
    check(parseText(text, options), Format::Unknown);
    for (const FormatParser& p : formatParsers()) {
        options.forced = p.format;
        check(parseText(text, options), p.format);
    }
    return 0;
}
