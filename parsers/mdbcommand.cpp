// SPDX-License-Identifier: GPL-2.0-or-later
#include "mdbcommand.h"

#include "linecursor.h"

#include <array>

namespace hvdump::parsers {
namespace {

    // mdb expressions before a dcmd: addresses, symbols, *deref, arithmetic, 0t decimals
    bool isExpressionChar(char c)
    {
        return isIdentChar(c) || c == '*' || c == '+' || c == '-' || c == '(' || c == ')' || c == '<' || c == '`'
            || c == '&' || c == '#';
    }

    bool isExpression(std::string_view s)
    {
        for (char c : s)
            if (!isExpressionChar(c))
                return false;
        return true;
    }

    std::string_view stripPrompt(std::string_view t)
    {
        t = trim(t);
        // kmdb's "[3]> " (the line cleaner may have read "[3]" as a timestamp and left the ">")
        if (t.size() > 3 && t[0] == '[') {
            std::size_t i = 1;
            while (i < t.size() && isDigit(t[i]))
                ++i;
            if (i > 1 && i + 1 < t.size() && t[i] == ']' && t[i + 1] == '>')
                t = trimLeft(t.substr(i + 1));
        }
        while (!t.empty() && t[0] == '>')
            t = trimLeft(t.substr(1));
        return t;
    }

    // One pipeline stage "expr::dcmd args" or "expr$C args"; dcmd is "" for an unknown dcmd.
    bool parseStage(std::string_view stage, std::string_view& expr, std::string_view& dcmd, std::string_view& args)
    {
        stage = trim(stage);
        std::size_t colons = stage.find("::");
        std::size_t dollar = stage.find('$');
        if (colons != std::string_view::npos && (dollar == std::string_view::npos || colons < dollar)) {
            expr = stage.substr(0, colons);
            std::size_t p = colons + 2;
            std::size_t start = p;
            while (p < stage.size() && (isIdentChar(stage[p]) && stage[p] != '.'))
                ++p;
            dcmd = stage.substr(start, p - start);
            if (dcmd.empty() || (p < stage.size() && !isSpace(stage[p])))
                return false;
            args = trim(stage.substr(p));
        } else if (dollar != std::string_view::npos) {
            expr = stage.substr(0, dollar);
            if (dollar + 1 >= stage.size())
                return false;
            dcmd = stage.substr(dollar, 2);
            args = trim(stage.substr(dollar + 2));
            // "$C", "$c0", "$C 0": an optional argument count only
            for (char c : args)
                if (!isDigit(c) && !isSpace(c))
                    return false;
        } else {
            return false;
        }
        // "<." is mdb's "dot" in ::findstack's own "<.$C0"
        if (startsWith(expr, "<"))
            expr.remove_prefix(1);
        return isExpression(expr);
    }

} // namespace

bool parseMdbCommand(std::string_view text, MdbCommand& cmd)
{
    std::string_view t = stripPrompt(text);
    if (t.empty() || t.size() > 512)
        return false;
    cmd = MdbCommand {};
    cmd.text = t;
    std::string_view expr, dcmd, args;
    // every stage must read as an mdb command, or this is prose with a "::" in it
    std::size_t start = 0;
    while (true) {
        std::size_t bar = t.find('|', start);
        std::string_view stage = t.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start);
        if (!parseStage(stage, expr, dcmd, args))
            return false;
        if (bar == std::string_view::npos)
            break;
        cmd.piped = true;
        start = bar + 1;
    }
    static constexpr std::array<std::pair<std::string_view, MdbCommandKind>, 8> known = { {
        { "print", MdbCommandKind::Print },
        { "findstack", MdbCommandKind::Findstack },
        { "stacks", MdbCommandKind::Stacks },
        { "threadlist", MdbCommandKind::Threadlist },
        { "$C", MdbCommandKind::Frames },
        { "$c", MdbCommandKind::Frames },
        { "rwlock", MdbCommandKind::Rwlock },
        { "mutex", MdbCommandKind::Mutex },
    } };
    for (const auto& [name, kind] : known) {
        if (dcmd == name) {
            cmd.kind = kind;
            cmd.address = expr;
            cmd.arguments = args;
            return true;
        }
    }
    return false;
}

std::string_view mdbPrintType(std::string_view arguments)
{
    LineCursor c(arguments);
    std::string_view token;
    while (c.skipSpaces(), c.consumeToken(token)) {
        if (token.size() >= 2 && token[0] == '-') {
            // options that take a value: -c lim, -l lim, -s depth
            char last = token.back();
            if (token.size() == 2 && (last == 'c' || last == 'l' || last == 's')) {
                c.skipSpaces();
                c.consumeToken(token);
            }
            continue;
        }
        if (token == "struct" || token == "union" || token == "enum") {
            std::size_t begin = static_cast<std::size_t>(token.data() - arguments.data());
            std::string_view name;
            c.skipSpaces();
            if (!c.consumeToken(name))
                return token;
            return arguments.substr(
                begin, static_cast<std::size_t>(name.data() - arguments.data()) + name.size() - begin);
        }
        return token;
    }
    return {};
}

} // namespace hvdump::parsers
