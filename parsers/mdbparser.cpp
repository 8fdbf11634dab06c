// SPDX-License-Identifier: GPL-2.0-or-later
#include "mdbparser.h"

#include "dumpbuilder.h"
#include "linecursor.h"
#include "linestream.h"
#include "mdbcommand.h"
#include "mdbframe.h"
#include "mdbinput.h"
#include "mdblocks.h"
#include "mdbprint.h"
#include "mdbstacks.h"

namespace hvdump::parsers {
namespace {

    enum class Block : std::uint8_t {
        None,
        Command,
        Findstack,
        Stacks,
        Threadlist,
        Frames,
        LockTable,
        Elision,
        Message,
    };

    bool containsNoCase(std::string_view s, std::string_view needle)
    {
        for (std::size_t i = 0; i + needle.size() <= s.size(); ++i) {
            std::size_t j = 0;
            while (j < needle.size() && (s[i + j] | 0x20) == (needle[j] | 0x20))
                ++j;
            if (j == needle.size())
                return true;
        }
        return false;
    }

    // "... OUTPUT CUT ...", "[...]", "<snip>": the paster left something out here
    bool isElision(std::string_view text)
    {
        std::string_view t = trim(text);
        if (t.empty() || t.size() > 60)
            return false;
        if (containsNoCase(t, "output cut") || containsNoCase(t, "snip>") || containsNoCase(t, "snip]")
            || containsNoCase(t, "... snip"))
            return true;
        return t == "..." || t == "[...]" || t == "<...>" || t == "(...)" || t == "[ ... ]";
    }

    bool isBlank(const Line* l)
    {
        return l && trim(l->text).empty();
    }

    // What a command's first output line must look like for the command line to be mdb's.
    bool commandOutputFollows(const MdbCommand& cmd, const Line* next)
    {
        if (!next)
            return false;
        if (startsWith(trimLeft(next->text), "mdb: ")) // "mdb: stacks: processing kernel threads"
            return true;
        const std::string_view t = next->text;
        switch (cmd.kind) {
        case MdbCommandKind::Print:
            return looksLikeMdbPrintOutput(t);
        case MdbCommandKind::Findstack:
            return isMdbFindstackHeader(t);
        case MdbCommandKind::Stacks:
            return isMdbStacksHeader(t) || looksLikeMdbStacksRow(t);
        case MdbCommandKind::Threadlist:
            return isMdbThreadlistHeader(t) || looksLikeMdbThreadlistRow(t);
        case MdbCommandKind::Frames:
            return isMdbCallFrameLine(t) || isMdbBracketFrameLine(t);
        case MdbCommandKind::Rwlock:
        case MdbCommandKind::Mutex:
            return isMdbLockTableHeader(t);
        }
        return false;
    }

    Block blockAt(LineStream& lines, std::size_t ahead, bool inRegion)
    {
        const Line* l = lines.peek(ahead);
        if (!l)
            return Block::None;
        const std::string_view t = l->text;
        if (isMdbFindstackHeader(t))
            return Block::Findstack;
        if (isMdbStacksHeader(t))
            return Block::Stacks;
        if (isMdbThreadlistHeader(t))
            return Block::Threadlist;
        if (isMdbLockTableHeader(t))
            return Block::LockTable;
        const Line* next = lines.peek(ahead + 1);
        if (looksLikeMdbStacksRow(t) && next) {
            MdbFrameText f;
            std::string_view n = trim(next->text);
            const bool frame = parseMdbFrame(n, f) == MdbFrameParse::Frame
                && (mdbIndent(next->text) > 0 || f.hasOffset || !f.module.empty());
            if (frame || (n.size() > 2 && n.front() == '<' && n.back() == '>'))
                return Block::Stacks;
        }
        if (looksLikeMdbThreadlistRow(t) && next && startsWith(trim(next->text), "PC:"))
            return Block::Threadlist;
        // $C/$c output without its command: frame lines with offsets ("fn(a, b)" alone is prose)
        if (isMdbBracketFrameLine(t))
            return Block::Frames;
        if (isMdbCallFrameLine(t)) {
            const bool nextIsFrame = next && isMdbCallFrameLine(next->text);
            const bool typical = isMdbTypicalFrameLine(t) || (nextIsFrame && isMdbTypicalFrameLine(next->text));
            if (typical && (inRegion || nextIsFrame))
                return Block::Frames;
        }
        MdbCommand cmd;
        if (parseMdbCommand(t, cmd) && commandOutputFollows(cmd, next))
            return Block::Command;
        if (isElision(t)) {
            for (std::size_t k = 1; k <= 3; ++k) {
                const Line* after = lines.peek(ahead + k);
                if (isBlank(after))
                    continue;
                Block b = after && !isElision(after->text) ? blockAt(lines, ahead + k, false) : Block::None;
                return b == Block::None || b == Block::Message ? Block::None : Block::Elision;
            }
            return Block::None;
        }
        if (inRegion && startsWith(trim(t), "mdb: "))
            return Block::Message;
        return Block::None;
    }

} // namespace

bool sniffMdb(LineStream& lines)
{
    return blockAt(lines, 0, false) != Block::None;
}

void parseMdb(LineStream& lines, DumpBuilder& out)
{
    MdbInput in(lines, out);
    bool inRegion = false;
    while (const Line* l = in.peek()) {
        if (isBlank(l)) {
            // blank lines between commands: the session goes on if mdb output follows closely
            std::size_t k = 1;
            while (k < 4 && isBlank(lines.peek(k)))
                ++k;
            if (!inRegion || blockAt(lines, k, true) == Block::None)
                break;
            while (k-- > 0)
                in.take();
            continue;
        }
        const std::uint32_t number = l->number;
        switch (blockAt(lines, 0, inRegion)) {
        case Block::None:
            out.noteRegion(Format::Mdb, in.region());
            return;
        case Block::Command: {
            MdbCommand cmd;
            parseMdbCommand(l->text, cmd);
            in.take();
            if (cmd.kind == MdbCommandKind::Print)
                parseMdbPrint(in, cmd, number);
            else if (cmd.kind == MdbCommandKind::Rwlock || cmd.kind == MdbCommandKind::Mutex)
                parseMdbLockTable(in, cmd.text, number);
            break; // the other commands' output is read as the blocks that follow
        }
        case Block::Findstack:
            parseMdbFindstack(in);
            break;
        case Block::Stacks:
            parseMdbStacks(in);
            break;
        case Block::Threadlist:
            parseMdbThreadlist(in);
            break;
        case Block::Frames:
            parseMdbFrameList(in);
            break;
        case Block::LockTable:
            parseMdbLockTable(in, {}, 0);
            break;
        case Block::Elision:
            out.diagnose(
                Severity::Note, codes::OutputCut, number, "output left out here: '" + std::string(trim(l->text)) + "'");
            in.take();
            break;
        case Block::Message:
            in.take();
            break;
        }
        if (const Line* now = in.peek(); now && now->number == number)
            break; // nothing consumed: hand the line back to the dispatcher
        inRegion = true;
    }
    out.noteRegion(Format::Mdb, in.region());
}

} // namespace hvdump::parsers
