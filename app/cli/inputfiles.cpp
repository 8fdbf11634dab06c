// SPDX-License-Identifier: GPL-2.0-or-later
#include "inputfiles.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <string_view>
#include <system_error>

namespace hvdump::cli {
namespace {

    bool isCompanionFile(const std::filesystem::path& p)
    {
        static constexpr std::array<std::string_view, 5> skipped = { ".md", ".json", ".expected", ".yaml", ".yml" };
        const std::string name = p.filename().string();
        if (name.empty() || name[0] == '.')
            return true;
        const std::string ext = p.extension().string();
        return std::find(skipped.begin(), skipped.end(), ext) != skipped.end();
    }

} // namespace

InputList expandInputs(const std::vector<std::string>& arguments)
{
    namespace fs = std::filesystem;
    InputList out;
    for (const std::string& arg : arguments) {
        if (arg == "-") {
            out.files.push_back(arg);
            continue;
        }
        std::error_code ec;
        fs::file_status st = fs::status(arg, ec);
        if (ec || !fs::exists(st)) {
            out.errors.push_back(arg + ": no such file or directory");
            continue;
        }
        if (!fs::is_directory(st)) {
            out.files.push_back(arg);
            continue;
        }
        std::vector<std::string> found;
        for (fs::recursive_directory_iterator it(arg, fs::directory_options::skip_permission_denied, ec), end;
             !ec && it != end; it.increment(ec)) {
            if (it->is_regular_file(ec) && !isCompanionFile(it->path()))
                found.push_back(it->path().string());
        }
        if (ec)
            out.errors.push_back(arg + ": " + ec.message());
        std::sort(found.begin(), found.end());
        out.files.insert(out.files.end(), found.begin(), found.end());
    }
    return out;
}

} // namespace hvdump::cli
