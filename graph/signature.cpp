// SPDX-License-Identifier: GPL-2.0-or-later
#include "signature.h"

#include "namepattern.h"

#include <algorithm>
#include <cstdio>

namespace hvdump::graph {
namespace {

    bool isHex(char c)
    {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    bool isIdent(char c)
    {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
    }

    std::string_view trimView(std::string_view s)
    {
        while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
            s.remove_prefix(1);
        while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
            s.remove_suffix(1);
        return s;
    }

    bool startsWith(std::string_view s, std::string_view p)
    {
        return s.substr(0, p.size()) == p;
    }

    // a whole token of hex digits (optionally 0x-prefixed): an address, not a name
    bool isAddressToken(std::string_view t)
    {
        if (startsWith(t, "0x") || startsWith(t, "0X"))
            t.remove_prefix(2);
        else if (t.size() < 8)
            return false; // "add", "dead" and friends are names
        return !t.empty() && std::all_of(t.begin(), t.end(), isHex);
    }

    // drops what precedes the name: "#3", "[<ffffffff81000000>]", "? ", a bare address, "in "
    std::string_view skipFramePrefix(std::string_view s)
    {
        for (int guard = 0; guard < 8; ++guard) {
            s = trimView(s);
            if (startsWith(s, "? ") || startsWith(s, "[ ")) {
                s.remove_prefix(2);
            } else if (startsWith(s, "[<")) {
                std::size_t close = s.find(">]");
                if (close == std::string_view::npos)
                    return s;
                s.remove_prefix(close + 2);
            } else if (!s.empty() && s[0] == '#') {
                std::size_t i = 1;
                while (i < s.size() && s[i] >= '0' && s[i] <= '9')
                    ++i;
                if (i == 1)
                    return s;
                s.remove_prefix(i);
            } else if (startsWith(s, "in ")) {
                s.remove_prefix(3);
            } else {
                std::size_t space = s.find(' ');
                if (space == std::string_view::npos || !isAddressToken(s.substr(0, space)))
                    return s;
                s.remove_prefix(space + 1);
            }
        }
        return s;
    }

    // C++ operator names carry brackets that are not argument lists: operator(), operator<<, ...
    std::size_t operatorSymbolLength(std::string_view rest)
    {
        if (startsWith(rest, "()") || startsWith(rest, "[]"))
            return 2;
        static constexpr std::string_view symbols = "+-*/%^&|~!=<>,";
        std::size_t n = 0;
        while (n < rest.size() && n < 3 && symbols.find(rest[n]) != std::string_view::npos)
            ++n;
        return n;
    }

    // the name part of a frame: stops at the argument list, the +offset, or text after the name
    std::string extractName(std::string_view s)
    {
        std::string out;
        out.reserve(s.size());
        int angle = 0, brace = 0, square = 0;
        for (std::size_t i = 0; i < s.size(); ++i) {
            const char c = s[i];
            const bool top = angle == 0 && brace == 0 && square == 0;
            if (top && c == '(' && startsWith(s.substr(i), "(anonymous namespace)")) {
                out += "(anonymous namespace)";
                i += 20;
                continue;
            }
            if (top && (c == '(' || c == '@' || c == ' ' || c == '\t'))
                break;
            if (top && c == '+' && i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '9')
                break;
            if (top && c == '`') { // illumos module`function
                out.clear();
                continue;
            }
            if (c == 'o' && startsWith(s.substr(i), "operator") && (i == 0 || !isIdent(s[i - 1]))) {
                std::size_t n = operatorSymbolLength(s.substr(i + 8));
                out.append(s.substr(i, 8 + n));
                i += 7 + n;
                continue;
            }
            if (c == '<')
                ++angle;
            else if (c == '>' && angle > 0 && !(i > 0 && s[i - 1] == '-'))
                --angle;
            else if (c == '{')
                ++brace;
            else if (c == '}' && brace > 0)
                --brace;
            else if (c == '[')
                ++square;
            else if (c == ']' && square > 0)
                --square;
            // spaces are kept only between two identifier characters ("<A as B>", "unsigned int")
            if (c == ' ' || c == '\t') {
                if (!out.empty() && isIdent(out.back()) && i + 1 < s.size() && isIdent(s[i + 1]))
                    out += ' ';
                continue;
            }
            out += c;
        }
        return out;
    }

    void eraseAll(std::string& s, std::string_view what)
    {
        for (std::size_t p = s.find(what); p != std::string::npos; p = s.find(what, p))
            s.erase(p, what.size());
    }

    // Rust v0 crate disambiguators "std[9a1b2c3d]::", and C++ ABI tags "[abi:cxx11]"
    void stripBracketTags(std::string& s)
    {
        eraseAll(s, "<optimized out>");
        for (std::size_t p = s.find('['); p != std::string::npos; p = s.find('[', p)) {
            std::size_t close = s.find(']', p);
            if (close == std::string::npos)
                return;
            std::string_view inner(s.data() + p + 1, close - p - 1);
            if (startsWith(inner, "abi:") || (!inner.empty() && std::all_of(inner.begin(), inner.end(), isHex)))
                s.erase(p, close - p + 1);
            else
                ++p;
        }
    }

    // Rust legacy hashes: "path::h0123456789abcdef" demangled, "...17h0123456789abcdefE" mangled
    void stripRustHash(std::string& s)
    {
        auto isHash = [&](std::size_t from) {
            return s.size() - from == 16 && std::all_of(s.begin() + from, s.end(), isHex);
        };
        if (s.size() > 19 && s.compare(s.size() - 19, 3, "::h") == 0 && isHash(s.size() - 16))
            s.resize(s.size() - 19);
        if (startsWith(s, "_ZN") && s.size() > 21 && s.back() == 'E' && s.compare(s.size() - 20, 3, "17h") == 0) {
            std::string_view hash(s.data() + s.size() - 17, 16);
            if (std::all_of(hash.begin(), hash.end(), isHex))
                s.erase(s.size() - 20, 19);
        }
    }

    // GCC/LLVM clones: foo.isra.0, foo.constprop.3, foo.part.1, foo.cold, foo.llvm.123, foo.42
    void stripCloneSuffix(std::string& s)
    {
        static constexpr std::string_view suffixes[] = { "isra", "constprop", "part", "cold", "llvm", "lto_priv",
            "clone", "localalias", "specialized", "str" };
        for (std::size_t p = s.find('.'); p != std::string::npos && p > 0; p = s.find('.', p + 1)) {
            std::string_view rest(s.data() + p + 1, s.size() - p - 1);
            if (!rest.empty() && rest[0] >= '0' && rest[0] <= '9') {
                s.resize(p);
                return;
            }
            for (std::string_view suffix : suffixes) {
                if (startsWith(rest, suffix) && (rest.size() == suffix.size() || !isIdent(rest[suffix.size()]))) {
                    s.resize(p);
                    return;
                }
            }
        }
    }

} // namespace

std::string normalizeFunction(std::string_view function)
{
    std::string_view s = skipFramePrefix(function);
    if (s.size() > 4096) // a name this long is junk; keep the work bounded
        s = s.substr(0, 4096);
    std::string name = extractName(s);
    stripBracketTags(name);
    stripRustHash(name);
    stripCloneSuffix(name);
    if (name == "??" || name == "?" || isAddressToken(name))
        return {};
    return name;
}

namespace {

    // splits at top-level "::" (not inside <...>, (...), {...} or [...])
    std::vector<std::string_view> splitPath(std::string_view s)
    {
        std::vector<std::string_view> parts;
        int depth = 0;
        std::size_t start = 0;
        for (std::size_t i = 0; i < s.size(); ++i) {
            const char c = s[i];
            if (c == '<' || c == '(' || c == '{' || c == '[')
                ++depth;
            else if ((c == '>' && !(i > 0 && s[i - 1] == '-')) || c == ')' || c == '}' || c == ']')
                depth = depth > 0 ? depth - 1 : 0;
            else if (depth == 0 && c == ':' && i + 1 < s.size() && s[i + 1] == ':') {
                parts.push_back(s.substr(start, i - start));
                start = i + 2;
                ++i;
            }
        }
        parts.push_back(s.substr(start));
        return parts;
    }

    std::string_view withoutTemplateArgs(std::string_view s)
    {
        std::size_t lt = s.find('<');
        return lt == std::string_view::npos || lt == 0 ? s : s.substr(0, lt);
    }

} // namespace

std::string shortFunction(std::string_view function)
{
    const std::string n = normalizeFunction(function);
    std::vector<std::string_view> parts = splitPath(n);
    while (parts.size() > 1 && !parts.back().empty() && parts.back().front() == '{')
        parts.pop_back(); // closures and lambdas: name the function that owns them
    std::string last(withoutTemplateArgs(parts.back()));
    if (parts.size() < 2)
        return last;
    std::string_view prev = parts[parts.size() - 2];
    if (prev.size() > 2 && prev.front() == '<' && prev.back() == '>') {
        // <Type as Trait>::method, <Type>::method: the method belongs to Type
        std::string_view self = prev.substr(1, prev.size() - 2);
        if (std::size_t as = self.find(" as "); as != std::string_view::npos)
            self = self.substr(0, as);
        std::vector<std::string_view> selfParts = splitPath(self);
        return std::string(withoutTemplateArgs(selfParts.back())) + "::" + last;
    }
    std::string_view type = withoutTemplateArgs(prev);
    const bool isType = type.size() < prev.size() || (!type.empty() && type.front() >= 'A' && type.front() <= 'Z');
    return isType ? std::string(type) + "::" + last : last;
}

bool isWaitInternal(std::string_view f)
{
    // generic machinery of every platform hvdump reads; the rule catalog knows the rest
    static const std::vector<NamePattern> internals = [] {
        static constexpr const char* globs[] = { // Linux scheduler and wait primitives
            "schedule", "__schedule", "schedule_*", "io_schedule*", "preempt_schedule*", "__switch_to*",
            "context_switch", "finish_task_switch*", "do_wait_for_common", "__wait_for_common", "wait_for_common*",
            "wait_for_completion*", "__wait_event*", "wait_woken", "prepare_to_wait*", "finish_wait", "__down*", "down",
            "down_read*", "down_write*", "down_interruptible", "down_killable", "down_timeout", "rwsem_down_*",
            "__rwsem_*", "rwsem_optimistic_spin", "__mutex_lock*", "mutex_lock*", "__mutex_lock_slowpath",
            "mutex_optimistic_spin", "osq_lock", "rt_mutex*", "__rt_mutex*", "rt_spin_lock*", "_raw_spin_lock*",
            "_raw_read_lock*", "_raw_write_lock*", "raw_spin_lock*", "do_raw_spin_lock", "arch_spin_lock", "spin_lock*",
            "*queued_spin_lock_slowpath", "queued_read_lock_slowpath", "queued_write_lock_slowpath", "lock_acquire*",
            "__lock_acquire*", "lock_acquired", "lock_contended", "check_prev_add", "check_prevs_add", "validate_chain",
            "futex_*", "__futex_*", "do_futex", "__x64_sys_*", "__se_sys_*", "__do_sys_*", "__arm64_sys_*",
            "do_syscall_*", "entry_SYSCALL*", "syscall_exit*", "el0_svc*", "invoke_syscall", "el0t_64_sync*",
            "do_sys_poll", "do_poll*", "do_select", "core_sys_select", "ep_poll", "do_epoll_wait", "hrtimer_nanosleep",
            "do_nanosleep", "cpu_relax", "rep_nop",
            // interrupt, NMI and watchdog reporting machinery
            "nmi_*", "*_nmi", "default_do_nmi", "do_nmi", "end_repeat_nmi", "arch_trigger_cpumask_backtrace",
            "dump_stack*", "show_stack", "show_regs", "show_trace_log_lvl", "sched_show_task", "watchdog_*",
            "*hrtimer_interrupt", "__hrtimer_run_queues", "hrtimer_run_queues", "*sysvec_*", "*apic_timer_interrupt",
            "irq_exit*", "__irq_exit_rcu", "rcu_dump_cpu_stacks", "print_cpu_stall", "check_cpu_stall",
            "rcu_sched_clock_irq", "rcu_pending", "update_process_times", "tick_sched_handle", "tick_sched_timer",
            "tick_nohz_handler", "*perf_event_overflow", "*pmu_handle_irq", "perf_event_nmi_handler",
            // glibc / musl
            "__lll_*", "lll_*", "__GI___lll_*", "*pthread_mutex_lock*", "*pthread_cond_*wait*",
            "*pthread_rwlock_*lock*", "*futex_abstimed_wait*", "*futex_wait*", "__new_sem_wait*", "sem_wait",
            "do_futex_wait*", "*pthread_clockjoin*", "pthread_join", "syscall", "__syscall*", "__GI_syscall", "poll",
            "__poll", "ppoll", "__ppoll", "__GI_ppoll", "__GI___poll", "epoll_wait", "epoll_pwait*", "select",
            "__select", "pselect*", "__pselect*", "__GI___select", "nanosleep", "__nanosleep", "clock_nanosleep*",
            "__clock_nanosleep*", "__GI___clock_nanosleep*", "__GI___nanosleep",
            // Rust std and parking_lot
            "std::sys::*", "std::sys_common::*", "std::sync::*", "std::thread::park*", "parking_lot::*",
            "parking_lot_core::*", "<parking_lot::*", "<std::sync::*", "lock_api::*", "<lock_api::*",
            // illumos
            "swtch", "swtch_to", "_resume_from_idle", "resume", "cv_wait*", "cv_timedwait*", "cv_reltimedwait*",
            "cv_block", "turnstile_block", "rw_enter_sleep", "rw_enter", "mutex_vector_enter", "mutex_enter",
            "mutex_delay*", "lock_set_spl_spin", "lock_set_spin", "sema_p*", "sleepq_*", "poll_common", "pollsys",
            "sys_syscall*", "_sys_sysenter*", "cv_*_hrtime"
        };
        std::vector<NamePattern> v;
        for (const char* g : globs)
            v.emplace_back(g);
        return v;
    }();
    return matchesAny(internals, f);
}

int keyFrameIndex(const parsers::Dump& dump, const parsers::Thread& thread, std::size_t from)
{
    int lastInternal = -1;
    for (std::size_t i = from; i < thread.frames.size(); ++i) {
        const parsers::Frame& f = thread.frames[i];
        if (f.unreliable || f.context == parsers::FrameContext::Nmi)
            continue; // stale stack words and the NMI handler that printed the stack
        std::string name = normalizeFunction(dump.str(f.function));
        if (name.empty())
            continue;
        if (!isWaitInternal(name))
            return static_cast<int>(i);
        lastInternal = static_cast<int>(i);
    }
    return lastInternal; // only internals: the outermost one is the closest to the caller
}

std::string keyFrame(const parsers::Dump& dump, const parsers::Thread& thread)
{
    int i = keyFrameIndex(dump, thread);
    return i < 0 ? std::string() : normalizeFunction(dump.str(thread.frames[std::size_t(i)].function));
}

std::string contextKeyFrame(const Graph& g, const parsers::Dump& dump, VertexId v)
{
    if (v >= boost::num_vertices(g) || g[v].type != Vertex::Type::Context)
        return {};
    if (std::string k = normalizeFunction(g[v].keyFrame); !k.empty())
        return k;
    const parsers::ThreadId id = g[v].thread;
    if (!id.valid() || id.value >= dump.threads.size())
        return {};
    return keyFrame(dump, dump.thread(id));
}

std::string signatureText(FindingKind kind, const std::vector<std::string>& keyFrames)
{
    std::vector<std::string> frames;
    for (const std::string& f : keyFrames) {
        std::string n = normalizeFunction(f);
        if (!n.empty())
            frames.push_back(std::move(n));
    }
    std::sort(frames.begin(), frames.end());
    std::string text = findingKindName(kind);
    text += ':';
    for (std::size_t i = 0; i < frames.size(); ++i) {
        if (i)
            text += '|';
        text += frames[i];
    }
    return text;
}

std::string makeSignature(FindingKind kind, const std::vector<std::string>& keyFrames)
{
    std::uint64_t h = 14695981039346656037ull; // FNV-1a 64
    for (unsigned char c : signatureText(kind, keyFrames)) {
        h ^= c;
        h *= 1099511628211ull;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

std::string makeTitle(FindingKind kind, const std::vector<std::string>& keyFrames, std::uint32_t blocked)
{
    std::vector<std::string> names;
    for (const std::string& f : keyFrames) {
        std::string s = shortFunction(f);
        if (!s.empty() && std::find(names.begin(), names.end(), s) == names.end())
            names.push_back(std::move(s));
    }
    std::string list;
    constexpr std::size_t shown = 3;
    for (std::size_t i = 0; i < names.size() && i < shown; ++i)
        list += (i ? " / " : "") + names[i];
    if (names.size() > shown)
        list += " / +" + std::to_string(names.size() - shown) + " more";
    switch (kind) {
    case FindingKind::Deadlock:
        return list.empty() ? "deadlock" : "deadlock in " + list;
    case FindingKind::Spin:
        return list.empty() ? "spin without progress" : "spin in " + list;
    case FindingKind::LostWakeup:
        return list.empty() ? "lost wakeup" : "lost wakeup in " + list;
    case FindingKind::Stall:
        break;
    }
    std::string counted = " (" + std::to_string(blocked) + " blocked)";
    return (list.empty() ? "stall" : "stall behind " + list) + counted;
}

} // namespace hvdump::graph
