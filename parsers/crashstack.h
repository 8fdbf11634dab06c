// SPDX-License-Identifier: GPL-2.0-or-later
// Builds the threads of a crash(8) session. StackBuilder collects one task's backtrace as its
// lines arrive and resolves what crash prints around the frames: stack markers give the context
// of the frames above them ("--- <IRQ stack> ---"), and an exception frame's "[exception RIP:
// fn+off]" adds the interrupted function when crash does not list it. TaskTable adds the finished
// threads, merging a ps row and a backtrace of the same task (same snapshot) into one thread.
#pragma once

#include "crashline.h"
#include "dump.h"

#include <optional>
#include <string_view>
#include <unordered_map>

namespace hvdump::parsers {
class DumpBuilder;
}

namespace hvdump::parsers::crash {

/// Thread id of a task: "pid 1234"; the idle tasks all have pid 0, so theirs names the CPU.
StringId taskId(DumpBuilder& out, std::int64_t pid, std::int32_t cpu);

class TaskTable
{
public:
    explicit TaskTable(DumpBuilder& out)
        : m_out(out)
    {
    }
    /// A backtrace: fills a frameless thread of the same task (from ps) or adds a new one.
    void addStack(Thread thread);
    /// A ps row: completes a thread of the same task not yet seen by ps, or adds a new one.
    void addPsRow(Thread thread);

private:
    Thread* find(StringId id);
    void remember(StringId id, std::size_t index);

    DumpBuilder& m_out;
    std::unordered_map<std::uint32_t, std::uint32_t> m_byId;
    bool m_scanned = false;
};

/// What the command that printed a stack says about its task's state.
struct StackDefaults
{
    bool active = false; // bt -a / bt -c / bt -p: on its CPU
    ThreadState state = ThreadState::Unknown; // foreach UN bt
    std::string_view stateText;
    bool keepFrameless = true; // false for ps -p trees of bare headers
};

class StackBuilder
{
public:
    explicit StackBuilder(DumpBuilder& out)
        : m_out(out)
    {
    }
    bool open() const
    {
        return m_thread.has_value();
    }
    void begin(const TaskHeader& header, std::uint32_t line);
    void beginHeaderless(std::uint32_t line);
    void addFrame(const FrameLine& frame, std::uint32_t line);
    void marker(FrameContext context, std::uint32_t line);
    void exception(const ExceptionLine& e, std::uint32_t line);
    void registers(std::uint64_t ip, bool hasIp, std::uint32_t line);
    void source(std::string_view file, std::uint32_t sourceLine, std::uint32_t line);
    void markActive(std::uint32_t line);
    void touch(std::uint32_t line);
    /// Ends the task and hands it to table (or drops a bare header when defaults say so).
    void finish(const StackDefaults& defaults, TaskTable& table);

private:
    struct PendingException
    {
        ExceptionLine line;
        LineSpan span;
        bool markerSeen = false;
    };
    void assignContext(FrameContext context);
    void resolveException(std::string_view nextFunction, bool hasNext);

    DumpBuilder& m_out;
    std::optional<Thread> m_thread;
    std::optional<PendingException> m_exception;
    std::size_t m_segmentStart = 0; // first frame whose context is not known yet
    std::optional<FrameContext> m_irqMarker; // the segment follows an IRQ stack marker
    bool m_sawActive = false;
};

} // namespace hvdump::parsers::crash
