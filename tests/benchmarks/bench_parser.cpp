// SPDX-License-Identifier: GPL-2.0-or-later
// Parser throughput: generates a large realistic dump per format in memory and prints MB/s and
// lines/s of parseText(), the threads and frames found, and the peak RSS. Two baselines come
// first: the line cleaning alone (LineStream) and the dispatcher with every sniffer on text no
// format takes. Never fails on time.
//   bench_parser [--format NAME|lines|dispatch] [--megabytes N] [--stop-after SECONDS] [--seed N]
#include "peakrss.h"
#include "syntheticdumps.h"

#include <hvdump/parsers/dumpparser.h>
#include <hvdump/parsers/linestream.h>
#include <hvdump/parsers/progresssink.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

using namespace hvdump::parsers;
using namespace hvdump::synthetic;
using Clock = std::chrono::steady_clock;

namespace {

struct Options
{
    std::string format = "all";
    std::size_t megabytes = 64;
    double stopAfter = 0; // 0: no limit
    std::uint64_t seed = 1;
};

class LastFraction : public ProgressSink
{
public:
    void progress(std::string_view, double fraction) override
    {
        last = fraction;
        ++reports;
    }
    double last = 0;
    int reports = 0;
};

struct Figures
{
    double seconds = 0;
    std::size_t bytes = 0;
    std::size_t lines = 0;
    std::size_t threads = 0;
    std::size_t frames = 0;
    std::size_t counters = 0;
    std::size_t diagnostics = 0;
    bool cancelled = false;
};

void print(const char* what, const Figures& f, std::size_t peak)
{
    const double mb = static_cast<double>(f.bytes) / 1e6;
    std::printf("%-12s %8.1f MB %8.3f s %9.1f MB/s %11.0f lines/s %9zu threads %10zu frames %8zu counters "
                "%6zu diags %7.0f MB peak RSS%s\n",
        what, mb, f.seconds, mb / f.seconds, static_cast<double>(f.lines) / f.seconds, f.threads, f.frames, f.counters,
        f.diagnostics, static_cast<double>(peak) / 1e6, f.cancelled ? " (stopped)" : "");
    std::fflush(stdout);
}

// a timer that requests stop after opts.stopAfter seconds, if set
std::jthread stopTimer(const Options& opts, std::stop_source& source)
{
    if (opts.stopAfter <= 0)
        return {};
    return std::jthread([&source, seconds = opts.stopAfter](std::stop_token own) {
        const auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
        while (!own.stop_requested() && Clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        if (!own.stop_requested())
            source.request_stop();
    });
}

Figures lineCleaning(const std::string& text, const Options& opts)
{
    std::stop_source source;
    auto timer = stopTimer(opts, source);
    Figures f;
    const auto start = Clock::now();
    LineStream lines(text);
    lines.setStopToken(source.get_token());
    std::size_t textBytes = 0;
    while (const Line* l = lines.peek()) {
        textBytes += l->text.size(); // touch the result so the cleaning cannot be optimized out
        lines.advance();
    }
    f.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    f.lines = lines.linesRead();
    f.bytes = lines.cancelled() ? lines.bytesConsumed() : text.size();
    f.cancelled = lines.cancelled();
    f.counters = textBytes > text.size() ? 1 : 0; // never true; keeps textBytes alive
    return f;
}

Figures parse(const std::string& text, Format forced, const Options& opts)
{
    std::stop_source source;
    auto timer = stopTimer(opts, source);
    LastFraction progress;
    ParseOptions parseOptions;
    parseOptions.forced = forced;
    const auto start = Clock::now();
    ParseResult result = parseText(text, parseOptions, &progress, source.get_token());
    Figures f;
    f.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    f.cancelled = result.status == ParseStatus::Cancelled;
    f.bytes = f.cancelled ? static_cast<std::size_t>(progress.last * static_cast<double>(text.size())) : text.size();
    f.lines = result.dump.lineCount;
    f.threads = result.dump.threads.size();
    for (const Thread& t : result.dump.threads)
        f.frames += t.frames.size();
    f.counters = result.dump.counters.size();
    f.diagnostics = result.diagnostics.size();
    return f;
}

int usage(const char* argv0)
{
    std::fprintf(stderr,
        "usage: %s [--format NAME|lines|dispatch|all] [--megabytes N] [--stop-after SECONDS] [--seed N]\n"
        "  NAME: gdb, mdb, crash, console, proc-stack, eu-stack, bpftrace, informal\n",
        argv0);
    return 2;
}

bool parseArgs(int argc, char** argv, Options& opts)
{
    for (int i = 1; i < argc; ++i) {
        const char* arg = argv[i];
        const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
        if (!value)
            return false;
        if (std::strcmp(arg, "--format") == 0)
            opts.format = value;
        else if (std::strcmp(arg, "--megabytes") == 0)
            opts.megabytes = std::strtoull(value, nullptr, 10);
        else if (std::strcmp(arg, "--stop-after") == 0)
            opts.stopAfter = std::strtod(value, nullptr);
        else if (std::strcmp(arg, "--seed") == 0)
            opts.seed = std::strtoull(value, nullptr, 10);
        else
            return false;
        ++i;
    }
    return opts.megabytes > 0;
}

} // namespace

int main(int argc, char** argv)
{
    Options opts;
    if (!parseArgs(argc, argv, opts))
        return usage(argv[0]);
    const bool all = opts.format == "all";
    const Format only = formatFromName(opts.format);
    if (!all && only == Format::Unknown && opts.format != "lines" && opts.format != "dispatch")
        return usage(argv[0]);
    const std::size_t bytes = opts.megabytes * 1000 * 1000;
    std::printf("bench_parser: %zu MB per input, seed %llu%s\n", opts.megabytes,
        static_cast<unsigned long long>(opts.seed), opts.stopAfter > 0 ? ", time-limited" : "");

    if (all || opts.format == "lines" || opts.format == "dispatch") {
        // the console generator gives timestamped kernel lines: the cleaner's busiest case
        std::string text = makeDump(Format::Console, bytes, opts.seed);
        if (all || opts.format == "lines") {
            resetPeakRss();
            print("lines", lineCleaning(text, opts), peakRssBytes());
        }
        if (all || opts.format == "dispatch") {
            // prose no sniffer takes: every line is offered to every parser, then skipped
            std::string prose = makeProse(bytes, opts.seed);
            resetPeakRss();
            print("dispatch", parse(prose, Format::Unknown, opts), peakRssBytes());
        }
    }
    for (Format format : allFormats) {
        if (!all && format != only)
            continue;
        Expected expected;
        std::string text = makeDump(format, bytes, opts.seed, &expected);
        resetPeakRss();
        const Figures f = parse(text, Format::Unknown, opts);
        print(formatName(format), f, peakRssBytes());
        std::printf("%-12s generated %zu threads, %zu frames, %zu counters in %zu lines\n", "", expected.threads,
            expected.frames, expected.counters, expected.lines);
    }
    return 0;
}
