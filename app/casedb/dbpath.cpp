// SPDX-License-Identifier: GPL-2.0-or-later
#include "dbpath.h"

#include <cstdlib>
#include <pwd.h>
#include <unistd.h>

namespace hvdump::casedb {
namespace {

    std::string env(const char* name)
    {
        const char* value = std::getenv(name);
        return value ? std::string(value) : std::string();
    }

    std::string homeDirectory()
    {
        std::string home = env("HOME");
        if (!home.empty())
            return home;
        if (const passwd* pw = ::getpwuid(::getuid()); pw && pw->pw_dir)
            return pw->pw_dir;
        return ".";
    }

} // namespace

std::string defaultDatabasePath()
{
    if (std::string path = env("HVDUMP_DB"); !path.empty())
        return path;
    std::string data = env("XDG_DATA_HOME");
    // the XDG spec says to ignore a relative XDG_DATA_HOME
    if (data.empty() || data[0] != '/')
        data = homeDirectory() + "/.local/share";
    return data + "/hvdump/cases.sqlite";
}

std::string currentUser()
{
    if (std::string user = env("USER"); !user.empty())
        return user;
    if (const passwd* pw = ::getpwuid(::getuid()); pw && pw->pw_name)
        return pw->pw_name;
    return "unknown";
}

} // namespace hvdump::casedb
