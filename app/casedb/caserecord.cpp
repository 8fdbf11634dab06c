// SPDX-License-Identifier: GPL-2.0-or-later
#include "caserecord.h"

namespace hvdump::casedb {

const char* caseStatusName(CaseStatus s)
{
    switch (s) {
    case CaseStatus::New:
        return "new";
    case CaseStatus::Known:
        return "known";
    case CaseStatus::Fixed:
        return "fixed";
    case CaseStatus::NotABug:
        return "not-a-bug";
    }
    return "new";
}

bool caseStatusFromName(std::string_view name, CaseStatus& out)
{
    for (CaseStatus s : { CaseStatus::New, CaseStatus::Known, CaseStatus::Fixed, CaseStatus::NotABug }) {
        if (name == caseStatusName(s)) {
            out = s;
            return true;
        }
    }
    return false;
}

} // namespace hvdump::casedb
