// SPDX-License-Identifier: GPL-2.0-or-later
#include "kernelframe.h"

#include "dumpbuilder.h"
#include "linecursor.h"

#include <limits>

namespace hvdump::parsers {
namespace {

    bool isSymbolStart(char c)
    {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '.' || c == '$';
    }

    // "fs/namei.c:4019" or "lib/dump_stack.c:107" as syzbot and decode_stacktrace print them
    bool parseFileLine(std::string_view token, std::string_view& file, std::uint32_t& line)
    {
        std::size_t colon = token.rfind(':');
        if (colon == std::string_view::npos || colon == 0 || colon + 1 >= token.size())
            return false;
        std::int64_t n = 0;
        if (!parseInt(token.substr(colon + 1), n) || n < 0 || n > std::numeric_limits<std::uint32_t>::max())
            return false;
        std::string_view name = token.substr(0, colon);
        if (name.find('/') == std::string_view::npos && name.find('.') == std::string_view::npos)
            return false;
        file = name;
        line = static_cast<std::uint32_t>(n);
        return true;
    }

    // the module of "[vhost_net]", "[vhost_net 4f2a...]" (build id), "[nvidia(POE)]"
    std::string_view moduleName(std::string_view inner)
    {
        std::size_t end = 0;
        while (end < inner.size() && inner[end] != ' ' && inner[end] != '(' && inner[end] != '\t')
            ++end;
        return inner.substr(0, end);
    }

} // namespace

bool scanKernelFrameLine(std::string_view text, KernelFrameText& frame)
{
    text = trim(text);
    LineCursor c(text);
    std::uint64_t address = 0;
    bool bracketAddress = false;
    if (c.consumePrefix("[<")) {
        if (!c.consumeHex(address) || !c.consumePrefix(">]"))
            return false;
        bracketAddress = true;
        c.skipSpaces();
    }
    bool unreliable = false;
    if (c.peek() == '?') {
        LineCursor probe = c;
        probe.consumeChar('?');
        if (probe.skipSpaces() == 0)
            return false;
        c = probe;
        unreliable = true;
    }

    std::string_view symbol;
    std::uint64_t offset = 0, size = 0;
    bool hasOffset = false, hasSize = false, bareAddress = false, arm32 = false;
    if (startsWith(c.rest(), "0x")) {
        std::uint64_t value = 0;
        if (!c.consumeHex(value))
            return false;
        if (!bracketAddress)
            address = value;
        bareAddress = true;
    } else if (c.peek() == '(' && bracketAddress) {
        // arm32 before 5.x: "[<c0013a1c>] (unwind_backtrace+0x0/0xf0) from [<c0011a6c>] (show_stack+0x10/0x14)"
        std::string_view inner;
        if (!c.consumeBalanced('(', ')', inner))
            return false;
        LineCursor ic(inner);
        if (!isSymbolStart(ic.peek()) || !ic.consumeSymbolOffset(symbol, offset, hasOffset, size, hasSize)
            || !ic.atEnd())
            return false;
        arm32 = true;
    } else {
        if (!isSymbolStart(c.peek()) || !c.consumeSymbolOffset(symbol, offset, hasOffset, size, hasSize))
            return false;
    }

    std::string_view module, file;
    std::uint32_t line = 0;
    bool inlined = false, from = false;
    while (true) {
        c.skipSpaces();
        if (c.atEnd())
            break;
        std::string_view inner;
        if (c.peek() == '[') {
            if (!c.consumeBalanced('[', ']', inner))
                return false;
            if (inner == "inline") {
                inlined = true;
            } else {
                module = moduleName(inner);
                if (module.empty())
                    return false;
            }
            continue;
        }
        if (c.peek() == '(') {
            // arm64 "(T)"/"(P)" marks, decode_stacktrace "(lib/x.c:107 (discriminator 1))"
            if (!c.consumeBalanced('(', ')', inner))
                return false;
            std::size_t space = inner.find(' ');
            parseFileLine(inner.substr(0, space), file, line);
            continue;
        }
        std::string_view token;
        c.consumeToken(token);
        if (token == "from") { // arm32: "callee from caller+0x10/0x14"; the caller is the next frame
            // "Message from syslogd@host at ...": a lone word before "from" is prose
            if (!hasOffset && !bracketAddress && !bareAddress)
                return false;
            from = true;
            break;
        }
        if (parseFileLine(token, file, line))
            continue;
        return false;
    }
    // a lone word is prose, not a frame: a frame has an offset, an address, a location or "from"
    if (!bareAddress && !bracketAddress && !hasOffset && !inlined && file.empty() && !from && !arm32)
        return false;

    frame.address = address;
    frame.hasAddress = (bracketAddress || bareAddress) && address != 0;
    frame.function = symbol;
    frame.offset = offset;
    frame.size = size;
    frame.hasOffset = hasOffset;
    frame.hasSize = hasSize;
    frame.module = module;
    frame.file = file;
    frame.line = line;
    frame.unreliable = unreliable;
    frame.inlined = inlined;
    return true;
}

bool parseKernelFrameLine(std::string_view text, DumpBuilder& out, Frame& frame)
{
    KernelFrameText f;
    if (!scanKernelFrameLine(text, f))
        return false;
    frame.address = f.address;
    frame.hasAddress = f.hasAddress;
    frame.function = f.function.empty() ? StringId {} : out.intern(f.function);
    frame.offset = f.offset;
    frame.size = f.size;
    frame.hasOffset = f.hasOffset;
    frame.hasSize = f.hasSize;
    frame.module = f.module.empty() ? StringId {} : out.intern(f.module);
    frame.file = f.file.empty() ? StringId {} : out.intern(f.file);
    frame.line = f.line;
    frame.unreliable = f.unreliable;
    frame.inlined = f.inlined;
    return true;
}

bool looksLikeKernelFrame(std::string_view text)
{
    text = trim(text);
    if (startsWith(text, "[<") || startsWith(text, "? "))
        return true;
    std::size_t i = 0;
    while (i < text.size() && (isIdentChar(text[i])))
        ++i;
    return i > 0 && i + 1 < text.size() && text[i] == '+' && isDigit(text[i + 1]) && isSymbolStart(text[0]);
}

bool looksLikeCutKernelFrame(std::string_view text)
{
    text = trim(text);
    if (text.empty())
        return false;
    if (endsWith(text, "+") || endsWith(text, "/") || endsWith(text, "+0x") || endsWith(text, "/0x"))
        return true;
    std::size_t open = text.rfind("[<");
    if (open != std::string_view::npos && text.find(">]", open) == std::string_view::npos)
        return true;
    std::size_t bracket = text.rfind('[');
    return bracket != std::string_view::npos && text.find(']', bracket) == std::string_view::npos;
}

ContextMarker consumeContextMarker(std::string_view& text, FrameContext& context, bool& taskEnd)
{
    taskEnd = false;
    std::string_view t = trimLeft(text);
    if (t.size() < 3 || t[0] != '<')
        return ContextMarker::None;
    if (startsWith(t, "<<EOE>>")) { // end of an exception (NMI, #DF) stack, old kernels
        context = FrameContext::Task;
        text = t.substr(7);
        return ContextMarker::Leave;
    }
    std::size_t close = t.find('>');
    if (close == std::string_view::npos || close > 20)
        return ContextMarker::None;
    std::string_view name = t.substr(1, close - 1);
    bool leave = false;
    if (!name.empty() && name[0] == '/') {
        leave = true;
        name.remove_prefix(1);
    }
    if (name.empty())
        return ContextMarker::None;
    for (char ch : name)
        if (!((ch >= 'A' && ch <= 'Z') || isDigit(ch) || ch == '#' || ch == '_'))
            return ContextMarker::None; // "<Interrupt>" in lockdep's scenario table is prose
    FrameContext next = FrameContext::Exception; // <#DF>, <DB>, <MCE>, <VC>, <#MC>, ...
    if (name == "IRQ")
        next = FrameContext::Irq;
    else if (name == "SOFTIRQ")
        next = FrameContext::SoftIrq;
    else if (name == "NMI")
        next = FrameContext::Nmi;
    else if (name == "TASK")
        next = FrameContext::Task;
    else if (name == "EOI") // old x86: end of the IRQ stack, the task's frames follow
        leave = true;
    taskEnd = leave && name == "TASK";
    context = leave ? FrameContext::Task : next;
    text = t.substr(close + 1);
    return leave ? ContextMarker::Leave : ContextMarker::Enter;
}

} // namespace hvdump::parsers
