// SPDX-License-Identifier: GPL-2.0-or-later
#include "crashstack.h"

#include "dumpbuilder.h"

#include <array>
#include <charconv>

namespace hvdump::parsers::crash {
namespace {

    // a task whose innermost frames are the kdump/ramdump stop path was on its CPU when the dump
    // was taken, whatever command printed it
    constexpr std::array<std::string_view, 9> onCpuAtDump = {
        "crash_nmi_callback",
        "crash_save_cpu",
        "machine_kexec",
        "__crash_kexec",
        "crash_kexec",
        "ipi_cpu_crash_stop",
        "kdump_nmi_callback",
        "crash_smp_send_stop",
        "nmi_shootdown_cpus",
    };

    bool empty(const Dump& dump, StringId id)
    {
        return dump.str(id).empty();
    }

    // how far back a session's earlier threads are searched for the same task: bounded, so that
    // many small crash regions between console regions cannot make the parse quadratic
    constexpr std::size_t maxScanBack = 4096;

    bool sameStack(const Thread& a, const Thread& b)
    {
        if (a.frames.size() != b.frames.size() || a.frames.empty())
            return false;
        for (std::size_t i = 0; i < a.frames.size(); ++i)
            if (a.frames[i].function != b.frames[i].function || a.frames[i].address != b.frames[i].address)
                return false;
        return true;
    }

} // namespace

StringId taskId(DumpBuilder& out, std::int64_t pid, std::int32_t cpu)
{
    char buf[48] = "pid ";
    char* p = buf + 4;
    char* end = buf + sizeof buf;
    p = std::to_chars(p, end, pid).ptr;
    if (pid == 0 && cpu >= 0) {
        static constexpr std::string_view cpuWord = " CPU ";
        for (char c : cpuWord)
            *p++ = c;
        p = std::to_chars(p, end, cpu).ptr;
    }
    return out.intern(std::string_view(buf, static_cast<std::size_t>(p - buf)));
}

Thread* TaskTable::find(StringId id)
{
    auto& threads = m_out.dump().threads;
    if (!m_scanned) {
        m_scanned = true;
        std::size_t n = threads.size();
        std::size_t stop = n > maxScanBack ? n - maxScanBack : 0;
        for (std::size_t i = n; i > stop; --i) {
            const Thread& t = threads[i - 1];
            if (t.format == Format::Crash && t.id.valid())
                m_byId.emplace(t.id.value, static_cast<std::uint32_t>(i - 1));
        }
    }
    auto it = m_byId.find(id.value);
    if (it == m_byId.end() || it->second >= threads.size())
        return nullptr;
    return &threads[it->second];
}

void TaskTable::remember(StringId id, std::size_t index)
{
    m_byId[id.value] = static_cast<std::uint32_t>(index);
}

void TaskTable::addStack(Thread thread)
{
    Dump& dump = m_out.dump();
    if (thread.id.valid() && !empty(dump, thread.id)) {
        Thread* seen = find(thread.id);
        if (seen && seen->frames.empty() && (seen->taskAddress == 0 || seen->taskAddress == thread.taskAddress)) {
            seen->frames = std::move(thread.frames);
            seen->span = thread.span; // the stack is the evidence; the ps row stays next to it
            if (thread.state != ThreadState::Unknown && seen->state == ThreadState::Unknown)
                seen->state = thread.state;
            if (seen->cpu < 0)
                seen->cpu = thread.cpu;
            if (seen->taskAddress == 0)
                seen->taskAddress = thread.taskAddress;
            if (empty(dump, seen->name))
                seen->name = thread.name;
            if (seen->sample < dump.samples.size()) {
                dump.samples[seen->sample].span.extend(thread.span.first);
                dump.samples[seen->sample].span.extend(thread.span.last);
            }
            return;
        }
        // "bt 812" then "bt -l 812" on a vmcore show one snapshot twice: keep one thread, with
        // what the second display adds (source lines), rather than start a new sample
        if (seen && seen->taskAddress == thread.taskAddress && sameStack(*seen, thread)) {
            for (std::size_t i = 0; i < seen->frames.size(); ++i) {
                Frame& f = seen->frames[i];
                const Frame& g = thread.frames[i];
                if (f.line == 0 && g.line != 0) {
                    f.file = g.file;
                    f.line = g.line;
                }
                if (!f.hasOffset && g.hasOffset) {
                    f.offset = g.offset;
                    f.hasOffset = true;
                }
            }
            if (seen->state == ThreadState::Unknown)
                seen->state = thread.state;
            return;
        }
    }
    StringId id = thread.id;
    ThreadId added = m_out.addThread(std::move(thread));
    if (added.valid() && id.valid())
        remember(id, added.value);
}

void TaskTable::addPsRow(Thread thread)
{
    Dump& dump = m_out.dump();
    Thread* seen = find(thread.id);
    // a task ps already described (same ST) is the same snapshot read again
    if (seen && (empty(dump, seen->stateText) || seen->stateText == thread.stateText)
        && (seen->taskAddress == 0 || thread.taskAddress == 0 || seen->taskAddress == thread.taskAddress)) {
        seen->stateText = thread.stateText;
        // ps knows the state; bt only knew "on its CPU", which ps's RU and ">" confirm
        if (seen->state == ThreadState::Unknown || thread.state != ThreadState::Runnable)
            if (thread.state != ThreadState::Unknown)
                seen->state = thread.state;
        if (seen->cpu < 0)
            seen->cpu = thread.cpu;
        if (seen->taskAddress == 0)
            seen->taskAddress = thread.taskAddress;
        if (empty(dump, seen->name))
            seen->name = thread.name;
        if (seen->tid < 0)
            seen->tid = thread.tid;
        return;
    }
    StringId id = thread.id;
    ThreadId added = m_out.addThread(std::move(thread));
    if (added.valid())
        remember(id, added.value);
}

void StackBuilder::begin(const TaskHeader& header, std::uint32_t line)
{
    m_thread.emplace();
    m_irqMarker.reset();
    Thread& t = *m_thread;
    t.format = Format::Crash;
    t.tid = header.pid;
    t.cpu = header.cpu;
    t.taskAddress = header.hasTask ? header.task : 0;
    t.name = m_out.intern(header.command);
    if (header.pid >= 0)
        t.id = taskId(m_out, header.pid, header.cpu);
    t.span.extend(line);
    m_segmentStart = 0;
    m_exception.reset();
    m_sawActive = false;
}

void StackBuilder::beginHeaderless(std::uint32_t line)
{
    m_thread.emplace();
    m_irqMarker.reset();
    m_thread->format = Format::Crash;
    m_thread->span.extend(line);
    m_segmentStart = 0;
    m_exception.reset();
    m_sawActive = false;
}

void StackBuilder::touch(std::uint32_t line)
{
    if (m_thread)
        m_thread->span.extend(line);
}

void StackBuilder::assignContext(FrameContext context)
{
    auto& frames = m_thread->frames;
    for (std::size_t i = m_segmentStart; i < frames.size(); ++i)
        frames[i].context = context;
    m_segmentStart = frames.size();
}

// An exception frame splits the stack: the frames above it ran in the handler, the frames below
// are the interrupted code. crash often omits the interrupted function itself (it is only in the
// "[exception RIP: fn+off]" line), so add it unless the next frame already is that function.
void StackBuilder::resolveException(std::string_view nextFunction, bool hasNext)
{
    if (!m_exception)
        return;
    PendingException e = *m_exception;
    m_exception.reset();
    // after "--- <IRQ stack> ---" the frames up to the first exception frame are the interrupt's
    // entry path on the task stack (asm_common_interrupt, el1h_64_irq): still the interrupt
    if (!e.markerSeen)
        assignContext(m_irqMarker ? *m_irqMarker : FrameContext::Exception);
    m_irqMarker.reset();
    if (e.line.function.empty())
        return;
    if (hasNext && nextFunction == e.line.function)
        return;
    Frame f;
    f.function = m_out.intern(e.line.function);
    f.offset = e.line.offset;
    f.hasOffset = e.line.hasOffset;
    f.address = e.line.address;
    f.hasAddress = e.line.hasAddress;
    f.span = e.span;
    m_thread->frames.push_back(f);
}

void StackBuilder::addFrame(const FrameLine& line, std::uint32_t number)
{
    if (!m_thread)
        beginHeaderless(number);
    Thread& t = *m_thread;
    std::optional<std::uint64_t> exceptionOffset;
    if (m_exception && m_exception->line.function == line.function && m_exception->line.hasOffset)
        exceptionOffset = m_exception->line.offset;
    resolveException(line.function, true);
    Frame f;
    f.function = m_out.intern(line.function);
    f.module = line.module.empty() ? StringId {} : m_out.intern(line.module);
    f.address = line.address;
    f.hasAddress = line.hasAddress;
    f.offset = line.offset;
    f.hasOffset = line.hasOffset;
    if (!f.hasOffset && exceptionOffset) {
        f.offset = *exceptionOffset;
        f.hasOffset = true;
    }
    f.unreliable = line.textSymbol;
    f.span.extend(number);
    t.frames.push_back(f);
    t.span.extend(number);
}

void StackBuilder::marker(FrameContext context, std::uint32_t line)
{
    if (!m_thread)
        return;
    if (m_exception)
        m_exception->markerSeen = true;
    assignContext(context);
    if (context == FrameContext::Irq || context == FrameContext::SoftIrq)
        m_irqMarker = context;
    else
        m_irqMarker.reset();
    m_thread->span.extend(line);
}

void StackBuilder::exception(const ExceptionLine& e, std::uint32_t line)
{
    if (!m_thread)
        return;
    if (m_exception)
        resolveException({}, false); // two exception frames in a row: the first stands alone
    m_exception = PendingException { e, {}, false };
    m_exception->span.extend(line);
    m_thread->span.extend(line);
}

void StackBuilder::registers(std::uint64_t ip, bool hasIp, std::uint32_t line)
{
    if (!m_thread)
        return;
    m_thread->span.extend(line);
    if (m_exception && !m_exception->markerSeen) {
        m_exception->span.extend(line);
        if (hasIp && !m_exception->line.hasAddress) {
            m_exception->line.address = ip;
            m_exception->line.hasAddress = true;
        }
    }
}

void StackBuilder::source(std::string_view file, std::uint32_t sourceLine, std::uint32_t line)
{
    if (!m_thread)
        return;
    m_thread->span.extend(line);
    if (m_thread->frames.empty())
        return;
    Frame& f = m_thread->frames.back();
    f.file = m_out.intern(file);
    f.line = sourceLine;
    f.span.extend(line);
}

void StackBuilder::markActive(std::uint32_t line)
{
    if (!m_thread)
        return;
    m_sawActive = true;
    m_thread->span.extend(line);
}

void StackBuilder::finish(const StackDefaults& defaults, TaskTable& table)
{
    if (!m_thread)
        return;
    resolveException({}, false);
    Thread t = std::move(*m_thread);
    m_thread.reset();
    if (t.frames.empty() && !m_sawActive && !defaults.keepFrameless)
        return;
    bool onCpu = defaults.active || m_sawActive;
    for (std::size_t i = 0; i < t.frames.size() && i < 8 && !onCpu; ++i) {
        std::string_view fn = m_out.dump().str(t.frames[i].function);
        for (std::string_view stop : onCpuAtDump)
            onCpu = onCpu || fn == stop;
    }
    if (onCpu) {
        t.state = ThreadState::Running;
    } else if (defaults.state != ThreadState::Unknown) {
        t.state = defaults.state;
        t.stateText = m_out.intern(defaults.stateText);
    }
    table.addStack(std::move(t));
}

} // namespace hvdump::parsers::crash
