// SPDX-License-Identifier: GPL-2.0-or-later
#include "analyzebatch.h"

#include <hvdump/app/casedb/caseinput.h>

namespace hvdump::cli {
using namespace hvdump::parsers;

namespace {

    AnalyzedFile::Input readInput(const std::string& file)
    {
        AnalyzedFile::Input in;
        if (!readWholeFile(file, in.text, in.error) && in.error.empty())
            in.error = "read error";
        return in;
    }

    // returns the analysis as a prvalue, so that it is built in its final place
    graph::Analysis analyzeInput(const AnalyzedFile::Input& in, const std::string& file, ParseOptions options,
        const Symbolization& symbolization, const graph::RuleCatalog& catalog)
    {
        options.source = file;
        ParseResult parsed;
        if (!in.error.empty()) {
            // what parseFile() reports for a file it cannot read
            parsed.dump.source = file;
            parsed.status = ParseStatus::Partial;
            parsed.diagnostics.push_back(
                { Severity::Error, codes::UnreadableFile, file, 0, 0, "cannot read: " + in.error });
        } else {
            parsed = parseText(in.text, options);
        }
        applySymbolization(parsed, symbolization);
        return graph::analyzeParsed(std::move(parsed), catalog);
    }

} // namespace

AnalyzedFile::AnalyzedFile(const std::string& file, ParseOptions options, const Symbolization& symbolization,
    const graph::RuleCatalog& catalog, bool forDatabase)
    : m_input(readInput(file))
    , analysis(analyzeInput(m_input, file, std::move(options), symbolization, catalog))
    , unreadable(!m_input.error.empty())
{
    if (unreadable) {
        notFiled = "cannot read: " + m_input.error;
        return;
    }
    if (!forDatabase)
        return;
    if (!casedb::hasContent(analysis.dump)) {
        notFiled = "no stack, report or object recognised in it; not filed";
        return;
    }
    caseInput = casedb::makeCaseInput(analysis, std::move(m_input.text), file);
    casedb::prepareCase(*caseInput); // hash and compress here, off the writer thread
}

std::string describeFiling(const casedb::ImportResult& r)
{
    std::string out = "case #" + std::to_string(r.id) + (r.created ? " filed" : " already filed");
    if (r.sameSignature.empty())
        return out;
    out += "; same hang as";
    std::size_t shown = 0;
    for (const casedb::CaseSummary& c : r.sameSignature) {
        if (shown++ == 5) {
            out += " and " + std::to_string(r.sameSignature.size() - 5) + " more";
            break;
        }
        out += (shown > 1 ? ", #" : " #") + std::to_string(c.id) + " (" + casedb::caseStatusName(c.status);
        if (!c.fixUrl.empty())
            out += ": " + c.fixUrl;
        out += ")";
    }
    return out;
}

} // namespace hvdump::cli
