// SPDX-License-Identifier: GPL-2.0-or-later
#include "symbolname.h"

#include <cstdlib>
#include <cxxabi.h>
#include <memory>

namespace hvdump::parsers {
namespace {

    // a hostile name must not make the demangler work (or recurse) for long
    constexpr std::size_t maxDemangleInput = 4096;

    bool isHex(char c)
    {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }

    bool removeSuffix(std::string& s, std::string_view suffix)
    {
        if (s.size() < suffix.size() || s.compare(s.size() - suffix.size(), suffix.size(), suffix) != 0)
            return false;
        s.resize(s.size() - suffix.size());
        return true;
    }

    // "ns::f(int, char const*) const" -> "ns::f"; "{lambda()#1}::operator()() const" keeps its lambda
    void stripParameters(std::string& s)
    {
        // "f(int) [clone .constprop.0] [clone .isra.0]": GCC's clones of one function
        while (!s.empty() && s.back() == ']') {
            std::size_t clone = s.rfind(" [clone ");
            if (clone == std::string::npos)
                break;
            s.resize(clone);
        }
        while (removeSuffix(s, " const") || removeSuffix(s, " volatile") || removeSuffix(s, " &&")
            || removeSuffix(s, " &") || removeSuffix(s, " noexcept")) { }
        if (s.empty() || s.back() != ')')
            return;
        int depth = 0;
        for (std::size_t i = s.size(); i-- > 0;) {
            if (s[i] == ')') {
                ++depth;
            } else if (s[i] == '(' && --depth == 0) {
                if (i > 0)
                    s.resize(i);
                return;
            }
        }
    }

    // legacy Rust symbols end in "::h" and 16 hex digits
    void stripRustHash(std::string& s)
    {
        constexpr std::size_t hashLength = 16;
        if (s.size() < hashLength + 3)
            return;
        std::size_t start = s.size() - hashLength;
        if (s.compare(start - 3, 3, "::h") != 0)
            return;
        for (std::size_t i = start; i < s.size(); ++i) {
            if (!isHex(s[i]))
                return;
        }
        s.resize(start - 3);
    }

} // namespace

std::string readableFunctionName(std::string_view linkageName)
{
    if (linkageName.size() < 3 || linkageName.substr(0, 2) != "_Z" || linkageName.size() > maxDemangleInput)
        return std::string(linkageName);
    std::string input(linkageName);
    int status = 0;
    std::unique_ptr<char, void (*)(void*)> out(
        abi::__cxa_demangle(input.c_str(), nullptr, nullptr, &status), std::free);
    if (status != 0 || !out)
        return input;
    std::string name(out.get());
    stripParameters(name);
    stripRustHash(name);
    return name;
}

std::string_view withoutCloneSuffix(std::string_view name)
{
    // GCC appends ".isra.0", ".constprop.1", ".part.2", ".cold", ".lto_priv.0"...; a name never starts with '.'
    std::size_t dot = name.find('.', 1);
    return dot == std::string_view::npos ? name : name.substr(0, dot);
}

} // namespace hvdump::parsers
