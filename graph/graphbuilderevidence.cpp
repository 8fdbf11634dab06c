// SPDX-License-Identifier: GPL-2.0-or-later
// What the dump states outside the stacks: lockdep's held-lock lists, hung-task "blocked on ...
// owned by" lines, and owners read out of object dumps (pthread __owner, a ring's worker).
#include "graphbuilderstate.h"

#include <hvdump/parsers/linecursor.h>

#include <algorithm>

namespace hvdump::graph::detail {
namespace {

    bool isIdentifier(std::string_view s)
    {
        if (s.empty() || parsers::isDigit(s[0]))
            return false;
        return std::all_of(s.begin(), s.end(), [](char c) { return parsers::isIdentChar(c) && c != '$'; });
    }

    bool parseNumber(std::string_view value, bool hexadecimal, std::uint64_t& out)
    {
        value = parsers::trim(value);
        value = value.substr(0, value.find(' '));
        if (hexadecimal)
            return parsers::parseHex(value, out);
        std::int64_t v = 0;
        if (parsers::parseInt(value, v) && v >= 0) {
            out = static_cast<std::uint64_t>(v);
            return true;
        }
        return parsers::startsWith(value, "0x") && parsers::parseHex(value, out);
    }

    const parsers::ObjectField* findField(const Dump& dump, const parsers::ObjectDump& o, const NamePattern& path)
    {
        for (const parsers::ObjectField& f : o.fields)
            if (path.matches(dump.str(f.path)))
                return &f;
        return nullptr;
    }

} // namespace

void Builder::addHeldLock(VertexId holder, const parsers::ConsoleReport& r, const parsers::HeldLock& l, bool last)
{
    std::string name(m_dump.str(l.name));
    // lockdep's workqueue annotations are not locks anyone can hold up
    if (parsers::startsWith(name, "(wq_completion)") || parsers::startsWith(name, "(work_completion)"))
        return;
    ObjectMention m;
    m.keys.push_back("name:" + name);
    if (l.address)
        m.keys.push_back("addr:" + std::to_string(l.address));
    m.name = name;
    m.address = l.address;
    // lockdep lists a lock at acquire time: the last one, taken where the task now waits, is
    // the lock it is still trying to get, not one it holds
    auto waitIt = m_wait.find(holder);
    if (last && waitIt != m_wait.end() && waitIt->second.found && m_waitMention.count(holder)) {
        const ThreadWait& w = waitIt->second;
        const Thread& t = threadOf(holder);
        std::string_view at = matchableName(m_dump.str(l.acquiredAt));
        bool acquiring = false;
        for (std::size_t i = w.first; i <= w.caller && i < t.frames.size(); ++i)
            acquiring = acquiring || (!at.empty() && m_analyzer.name(t.frames[i].function) == at);
        if (acquiring) {
            PendingEdge& wait = m_pending[m_waitMention[holder]];
            ObjectMention merged = w.object;
            merged.keys.insert(merged.keys.end(), m.keys.begin(), m.keys.end());
            merged.name = name;
            wait.mention = m_objects.add(merged);
            wait.edge.confidence = Confidence::Stated;
            wait.edge.evidence.push_back(
                { l.span, "lockdep lists " + name + " as being acquired at " + std::string(at), "" });
            return;
        }
    }
    Edge e;
    e.kind = EdgeKind::Holds;
    e.confidence = Confidence::Stated;
    e.evidence.push_back({ l.span, "lockdep: " + std::string(m_dump.str(r.task)) + " holds " + name, "" });
    m.kind = ResourceKind::Unknown;
    pend(holder, m, std::move(e));
}

void Builder::addReports()
{
    for (const parsers::ConsoleReport& r : m_dump.reports) {
        VertexId none = boost::graph_traits<Graph>::null_vertex();
        VertexId task = r.pid >= 0 ? contextByTid(r.pid) : none;
        if (task == none && r.thread.valid())
            task = contextFor(r.thread);
        if (r.kind == parsers::ReportKind::HeldLocks && task != none) {
            for (std::size_t i = 0; i < r.heldLocks.size(); ++i)
                addHeldLock(task, r, r.heldLocks[i], i + 1 == r.heldLocks.size());
        }
        if (r.kind != parsers::ReportKind::BlockedOnOwner || task == none)
            continue;
        VertexId owner = r.ownerPid >= 0 ? contextByTid(r.ownerPid) : none;
        ObjectMention m;
        std::string lock(m_dump.str(r.lockName));
        if (!lock.empty()) {
            m.keys.push_back("name:" + lock);
            m.name = lock;
        }
        if (r.lockAddress) {
            m.keys.push_back("addr:" + std::to_string(r.lockAddress));
            m.address = r.lockAddress;
        }
        if (m.keys.empty())
            m.keys.push_back("report:" + std::to_string(r.span.first));
        m.kind = ResourceKind::Mutex;
        parsers::LineSpan span = r.span;
        std::string what(m_dump.str(r.headline));
        if (auto it = m_waitMention.find(task); it != m_waitMention.end()) {
            // the same wait the stack shows: give it the kernel's identity for the lock
            PendingEdge& wait = m_pending[it->second];
            ObjectMention merged = m_wait[task].object;
            merged.keys.insert(merged.keys.end(), m.keys.begin(), m.keys.end());
            if (!m.name.empty())
                merged.name = m.name;
            wait.mention = m_objects.add(merged);
            wait.edge.confidence = Confidence::Stated;
            wait.edge.evidence.push_back({ span, what, "" });
        } else {
            Edge e;
            e.kind = EdgeKind::Waits;
            e.confidence = Confidence::Stated;
            e.evidence.push_back({ span, what, "" });
            pend(task, m, std::move(e));
        }
        if (owner == none)
            continue;
        Edge h;
        h.kind = EdgeKind::Holds;
        h.confidence = Confidence::Stated;
        h.evidence.push_back({ span, what + " (the kernel says \"likely\")", "" });
        pend(owner, m, std::move(h));
    }
}

void Builder::addObjectHolders()
{
    for (const parsers::ObjectDump& o : m_dump.objects) {
        std::string_view type = m_dump.str(o.type);
        for (const ObjectHolder& rule : m_catalog.objectHolders) {
            if (!rule.type.text().empty() && rule.type.text() != "*" && !rule.type.matches(type))
                continue;
            const parsers::ObjectField* field = findField(m_dump, o, rule.ownerField);
            std::uint64_t owner = 0;
            if (!field
                || !parseNumber(m_dump.str(field->value), rule.ownerIs == ObjectHolder::OwnerIs::TaskAddress, owner)
                || owner == 0)
                continue; // unlocked, or not an owner field after all
            bool required = true;
            for (const std::string& name : rule.nonzero) {
                const parsers::ObjectField* f = findField(m_dump, o, NamePattern(name));
                std::uint64_t v = 0;
                required = required && f && parseNumber(m_dump.str(f->value), true, v) && v != 0;
            }
            if (!required)
                continue;
            VertexId holder = rule.ownerIs == ObjectHolder::OwnerIs::Tid
                ? contextByTid(static_cast<std::int64_t>(owner))
                : contextByTask(owner);
            if (holder == boost::graph_traits<Graph>::null_vertex())
                continue;
            ObjectMention m;
            m.kind = rule.kind;
            if (rule.object.empty()) {
                if (o.address) {
                    m.keys.push_back("addr:" + std::to_string(o.address));
                    m.address = o.address;
                }
                std::string_view expr = m_dump.str(o.expression);
                while (!expr.empty() && (expr[0] == '&' || expr[0] == ' '))
                    expr.remove_prefix(1);
                if (isIdentifier(expr)) {
                    m.keys.push_back("sym:" + std::string(expr));
                    m.name = std::string(expr);
                }
                if (m.keys.empty())
                    continue; // cannot tell which object it is
            } else {
                m.keys.push_back("name:" + rule.object);
                m.name = rule.object;
            }
            Edge e;
            e.kind = EdgeKind::Holds;
            e.mode = rule.mode;
            e.confidence = rule.object.empty() ? Confidence::Stated : Confidence::Derived;
            e.ruleId = rule.id;
            std::string what = std::string(m_dump.str(o.expression).empty() ? type : m_dump.str(o.expression)) + ": "
                + std::string(m_dump.str(field->path)) + " = " + std::string(m_dump.str(field->value));
            e.evidence.push_back({ { field->line, field->line }, what, rule.id });
            e.evidence.push_back({ o.span, "object dump", "" });
            pend(holder, m, std::move(e));
        }
    }
}

} // namespace hvdump::graph::detail
