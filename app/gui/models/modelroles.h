// SPDX-License-Identifier: GPL-2.0-or-later
// The item-data roles every hvdump model answers beyond Qt's own: a numeric sort key, the input
// lines an item stands on (a parsers::LineSpan), its confidence, its index in the analysis, and
// the text a filter box searches.
#pragma once

#include <Qt>

namespace hvdump::gui {

enum ModelRole {
    SortRole = Qt::UserRole + 1, // numbers sort as numbers
    EvidenceRole, // parsers::LineSpan of the item (QVariant::fromValue)
    ConfidenceRole, // int(graph::Confidence)
    IdRole, // index of the finding / thread / frame / diagnostic
    SearchRole, // text the filter box matches
    ThreadRole, // int thread index in the Dump, -1 for rows that are not one thread
};

} // namespace hvdump::gui
