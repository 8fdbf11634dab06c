// SPDX-License-Identifier: GPL-2.0-or-later
#include "waitanalysis.h"

#include <hvdump/parsers/dumpjson.h>
#include <hvdump/parsers/linecursor.h>

#include <algorithm>
#include <array>

namespace hvdump::graph {
namespace {

    // the first frame outside `i` that is not one of the kernel's unreliable "? " frames
    std::size_t nextReliable(const parsers::Thread& t, std::size_t i)
    {
        while (++i < t.frames.size() && t.frames[i].unreliable) { }
        return i;
    }

} // namespace
using parsers::Frame;
using parsers::LineSpan;
using parsers::Thread;

std::string_view matchableName(std::string_view fn)
{
    // Rust legacy mangling hash: "::h0123456789abcdef"
    if (fn.size() > 19 && fn.substr(fn.size() - 19, 3) == "::h") {
        bool hex = true;
        for (char c : fn.substr(fn.size() - 16))
            hex = hex && parsers::isHexDigit(c);
        if (hex)
            fn = fn.substr(0, fn.size() - 19);
    }
    static constexpr std::array<std::string_view, 5> suffixes = { ".isra.", ".constprop.", ".part.", ".cold",
        ".llvm." };
    for (std::string_view s : suffixes)
        if (std::size_t at = fn.find(s); at != std::string_view::npos && at > 0)
            fn = fn.substr(0, at);
    return fn;
}

void parseObjectValue(std::string_view value, std::uint64_t& address, std::string& symbol, bool bareHex)
{
    address = 0;
    symbol.clear();
    value = parsers::trim(value);
    if (!value.empty() && value[0] == '(') { // gdb cast prefix "(QemuMutex *) 0x..."
        std::size_t close = value.find(')');
        if (close == std::string_view::npos)
            return;
        value = parsers::trimLeft(value.substr(close + 1));
    }
    // gdb writes addresses as 0x..., mdb as bare hex; a bare gdb number is decimal (an id, not an address)
    parsers::LineCursor c(value);
    std::uint64_t v = 0;
    const bool prefixed = parsers::startsWith(value, "0x");
    if ((prefixed || bareHex) && c.consumeHex(v) && (c.atEnd() || c.peek() == ' '))
        address = v;
    else if (!prefixed && !bareHex && c.consumeDecimal(v) && (c.atEnd() || c.peek() == ' '))
        address = v;
    std::size_t lt = value.find('<');
    std::size_t gt = value.find('>', lt == std::string_view::npos ? 0 : lt);
    if (lt != std::string_view::npos && gt != std::string_view::npos && gt > lt + 1) {
        std::string_view sym = value.substr(lt + 1, gt - lt - 1);
        sym = sym.substr(0, sym.find('+'));
        symbol = std::string(sym);
    }
}

bool frameArgument(std::string_view arguments, const std::string& which, std::string_view& value)
{
    if (which.empty() || arguments.empty())
        return false;
    const std::vector<std::string_view> args = parsers::splitArguments(arguments);
    std::int64_t index = -1;
    if (parsers::parseInt(which, index)) {
        if (index < 0 || static_cast<std::size_t>(index) >= args.size())
            return false;
        value = args[static_cast<std::size_t>(index)];
        return true;
    }
    for (std::string_view a : args) {
        if (a.size() > which.size() && a.substr(0, which.size()) == which && a[which.size()] == '=') {
            value = parsers::trim(a.substr(which.size() + 1));
            // gdb's "blocking=blocking@entry=true": the value at entry, same as the value here
            const std::string entry = which + "@entry=";
            if (parsers::startsWith(value, entry))
                value = parsers::trim(value.substr(entry.size()));
            return true;
        }
    }
    return false;
}

WaitAnalyzer::WaitAnalyzer(const parsers::Dump& dump, const RuleCatalog& catalog)
    : m_dump(dump)
    , m_catalog(catalog)
{
}

const std::vector<std::size_t>& WaitAnalyzer::candidates(parsers::StringId function)
{
    auto [it, inserted] = m_candidates.try_emplace(function.value);
    if (inserted && function.value != 0) {
        std::string_view fn = name(function);
        for (std::size_t i = 0; i < m_catalog.primitives.size(); ++i)
            if (matchesAny(m_catalog.primitives[i].frames, fn))
                it->second.push_back(i);
    }
    return it->second;
}

bool WaitAnalyzer::transparent(parsers::StringId function)
{
    auto [it, inserted] = m_transparent.try_emplace(function.value, false);
    if (inserted && function.value != 0)
        it->second = matchesAny(m_catalog.transparent, name(function));
    return it->second;
}

const Primitive* WaitAnalyzer::choose(std::size_t frame, const Thread& t, std::size_t caller)
{
    std::string_view callerName = caller < t.frames.size() ? name(t.frames[caller].function) : std::string_view();
    std::size_t innermost = 0;
    while (innermost < t.frames.size() && t.frames[innermost].unreliable)
        ++innermost;
    for (std::size_t i : candidates(t.frames[frame].function)) {
        const Primitive& p = m_catalog.primitives[i];
        if (!p.callers.empty() && !matchesAny(p.callers, callerName))
            continue;
        if (p.innermost && frame != innermost)
            continue;
        return &p;
    }
    return nullptr;
}

// the innermost frame that starts a wait: only transparent frames (or an interrupt section with
// no primitive in it, e.g. the watchdog's own reporting frames) may sit above it
std::size_t WaitAnalyzer::firstCandidate(const Thread& t)
{
    for (std::size_t i = 0; i < t.frames.size(); ++i) {
        const Frame& f = t.frames[i];
        if (f.unreliable || transparent(f.function))
            continue;
        if (!candidates(f.function).empty())
            return i;
        if (f.context == parsers::FrameContext::Task)
            return t.frames.size();
    }
    return t.frames.size();
}

ThreadWait WaitAnalyzer::analyze(const Thread& t)
{
    ThreadWait w;
    const std::size_t n = t.frames.size();
    std::size_t a = firstCandidate(t);
    bool onCpu = t.state == parsers::ThreadState::Running || t.state == parsers::ThreadState::Unknown;
    if (a == n && onCpu) {
        // a spin or retry loop may have its loop body above it: look anywhere on the stack
        for (std::size_t i = 0; i < n && a == n; ++i) {
            if (t.frames[i].unreliable)
                continue;
            for (std::size_t c : candidates(t.frames[i].function)) {
                auto action = m_catalog.primitives[c].action;
                if (action == PrimitiveAction::Spin || action == PrimitiveAction::Loop) {
                    a = i;
                    break;
                }
            }
        }
    }
    if (a == n)
        return w;

    // extend outward over adjacent primitive frames (skipping the kernel's unreliable "? "
    // frames); the longest run whose every frame has a primitive valid for the frame right
    // outside the run wins
    std::vector<std::size_t> run { a };
    for (std::size_t i = a + 1; i < n; ++i) {
        if (t.frames[i].unreliable)
            continue;
        if (candidates(t.frames[i].function).empty())
            break;
        run.push_back(i);
    }
    std::vector<const Primitive*> chosen;
    std::size_t used = run.size();
    for (; used > 0; --used) {
        chosen.clear();
        const std::size_t caller = nextReliable(t, run[used - 1]);
        for (std::size_t k = 0; k < used; ++k) {
            const Primitive* p = choose(run[k], t, caller);
            if (!p)
                break;
            chosen.push_back(p);
        }
        if (chosen.size() == used)
            break;
    }
    if (used == 0)
        return w;
    run.resize(used);
    endRunAtInnerLock(t, run, chosen);
    const std::size_t b = run.back();
    const Primitive& outer = *chosen.back();
    if (outer.action == PrimitiveAction::Signal)
        return w;

    w.found = true;
    w.first = a;
    w.last = b;
    w.caller = nextReliable(t, b);
    w.run = run;
    w.action = outer.action;
    w.mode = outer.mode;
    w.explains = outer.explains;
    for (const Primitive* p : chosen) {
        w.spinning = w.spinning || p->spinning;
        w.irqsOff = w.irqsOff || p->irqsOff;
        w.objectIsThread = w.objectIsThread || p->objectIsThread;
        if (w.ruleIds.empty() || w.ruleIds.back() != p->id)
            w.ruleIds.push_back(p->id);
    }
    w.spinning = w.spinning || w.action == PrimitiveAction::Spin || w.action == PrimitiveAction::Loop;
    w.object.kind = outer.kind;
    readTimeoutAndMode(t, w, chosen);
    readObject(t, w, chosen);

    for (std::size_t k : run) {
        w.span.extend(t.frames[k].span.first);
        w.span.extend(t.frames[k].span.last);
    }
    w.what = std::string(m_dump.str(t.frames[b].function));
    if (t.frames[b].arguments.value)
        w.what += "(" + std::string(m_dump.str(t.frames[b].arguments)) + ")";
    if (w.caller < n) {
        w.what += " from " + std::string(m_dump.str(t.frames[w.caller].function));
        w.span.extend(t.frames[w.caller].span.first);
        w.span.extend(t.frames[w.caller].span.last);
    }
    return w;
}

// A lock taken inside a wait primitive (vhost_dev_flush taking a mutex before it waits for the
// worker, a condvar wait re-taking its mutex) blocks on that lock, not on the wait it has not
// reached or has left: the run ends at the lock. A low-level wait inside a lock (the futex
// under pthread_mutex_lock) is that lock's own mechanism and stays part of it.
void WaitAnalyzer::endRunAtInnerLock(
    const Thread& t, std::vector<std::size_t>& run, std::vector<const Primitive*>& chosen)
{
    auto isLock = [](const Primitive* p) {
        return p->action == PrimitiveAction::Acquire || p->action == PrimitiveAction::Spin;
    };
    for (std::size_t k = 0; k + 1 < chosen.size(); ++k) {
        if (!isLock(chosen[k]) || chosen[k + 1]->action != PrimitiveAction::Wait)
            continue;
        // the primitives of the shorter run must still fit the frame now right outside it
        const std::size_t caller = nextReliable(t, run[k]);
        std::vector<const Primitive*> shorter;
        for (std::size_t i = 0; i <= k; ++i)
            if (const Primitive* p = choose(run[i], t, caller))
                shorter.push_back(p);
        if (shorter.size() == k + 1 && isLock(shorter.back())) {
            run.resize(k + 1);
            chosen = std::move(shorter);
        }
        return;
    }
}

void WaitAnalyzer::readTimeoutAndMode(const Thread& t, ThreadWait& w, const std::vector<const Primitive*>& chosen)
{
    bool modeSet = false;
    // outermost first: the most specific primitive decides
    for (std::size_t i = chosen.size(); i-- > 0;) {
        const Primitive& p = *chosen[i];
        const Frame& f = t.frames[w.run[i]];
        std::string_view args = m_dump.str(f.arguments);
        if (w.timeout == ThreadWait::Timeout::Unknown) {
            if (p.timeout.kind == TimeoutSpec::Kind::Never)
                w.timeout = ThreadWait::Timeout::Untimed;
            else if (p.timeout.kind == TimeoutSpec::Kind::Always)
                w.timeout = ThreadWait::Timeout::Timed;
            else if (std::string_view v; p.timeout.kind == TimeoutSpec::Kind::Argument
                     && frameArgument(args, p.timeout.argument, v) && !parsers::contains(v, "optimized out")) {
                std::string_view first = v.substr(0, v.find(' '));
                bool infinite = false;
                for (const std::string& inf : p.timeout.infinite)
                    infinite = infinite || first == inf || v == inf;
                w.timeout = infinite ? ThreadWait::Timeout::Untimed : ThreadWait::Timeout::Timed;
            }
        }
        if (!modeSet && !p.modeArgument.empty()) {
            std::string_view v;
            if (frameArgument(args, p.modeArgument, v)) {
                for (const auto& [value, mode] : p.modeValues)
                    if (v == value || v.substr(0, v.find(' ')) == value) {
                        w.mode = mode;
                        modeSet = true;
                    }
            }
        }
    }
    if (w.timeout == ThreadWait::Timeout::Unknown && w.action != PrimitiveAction::Wait)
        w.timeout = ThreadWait::Timeout::Untimed; // locks and spins do not give up by themselves
    if (w.timeout == ThreadWait::Timeout::Unknown)
        w.confidence = Confidence::Inferred;
}

void WaitAnalyzer::readObject(const Thread& t, ThreadWait& w, const std::vector<const Primitive*>& chosen)
{
    ObjectMention& m = w.object;
    for (std::size_t i = 0; i < chosen.size(); ++i) {
        const Primitive& p = *chosen[i];
        std::string_view v;
        if (p.objectArgument.empty() || !frameArgument(m_dump.str(t.frames[w.run[i]].arguments), p.objectArgument, v))
            continue;
        std::uint64_t address = 0;
        std::string symbol;
        parseObjectValue(v, address, symbol, t.format == parsers::Format::Mdb);
        if (address) {
            m.keys.push_back("addr:" + std::to_string(address));
            if (!m.address)
                m.address = address;
        }
        if (!symbol.empty()) {
            m.keys.push_back("sym:" + symbol);
            if (m.name.empty())
                m.name = symbol;
        }
    }
    const bool fromArgument = !m.keys.empty();
    std::string_view callerName = w.caller < t.frames.size() ? name(t.frames[w.caller].function) : std::string_view();
    const bool primitiveNamesIt =
        std::any_of(chosen.begin(), chosen.end(), [](const Primitive* p) { return !p->object.empty(); });
    for (const ObjectSite& s : m_catalog.sites) {
        if (primitiveNamesIt)
            break; // a primitive that names its object is more specific than the site
        // a site names the object whatever primitive reaches it (a condvar wait inside
        // vmm_drv_lease_sign is a wait for the VM rwlock), and its kind, if given, wins
        if (!matchesAny(s.callers, callerName))
            continue;
        m.keys.push_back("name:" + s.object);
        m.name = s.object;
        if (s.kind != ResourceKind::Unknown)
            m.kind = s.kind;
        if (s.hasMode)
            w.mode = s.mode;
        w.ruleIds.push_back(s.id);
        if (!fromArgument)
            w.confidence = Confidence::Inferred;
        break;
    }
    for (std::size_t i = chosen.size(); i-- > 0;) {
        if (!chosen[i]->object.empty()) {
            m.keys.push_back("name:" + chosen[i]->object);
            if (m.name.empty() || !fromArgument)
                m.name = chosen[i]->object;
            break;
        }
    }
    if (m.keys.empty()) {
        // no argument and no rule names it: waiters at the same site share one node
        std::string site = callerName.empty() ? chosen.back()->id : std::string(callerName);
        m.keys.push_back(std::string("site:") + resourceKindName(m.kind) + ":" + site);
        m.name = std::string("taken in ") + site;
        w.confidence = Confidence::Inferred;
    }
}

} // namespace hvdump::graph
