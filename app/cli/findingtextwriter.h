// SPDX-License-Identifier: GPL-2.0-or-later
// An analysis printed for people: one block per finding — what is stuck, on what, the root,
// how sure, the known hang it matches with its fix, and the input lines it stands on.
#pragma once

#include <hvdump/graph/analysis.h>

#include <ostream>

namespace hvdump::cli {

void writeAnalysisText(std::ostream& out, const graph::Analysis& analysis, bool verbose);

} // namespace hvdump::cli
