// SPDX-License-Identifier: GPL-2.0-or-later
// CaseStore::similar: candidates come from two indexed joins, the cases sharing a finding
// signature and the cases sharing a function on the involved stacks; they are ranked by the
// number of shared signatures, then by the Jaccard overlap of the function sets. Only the
// winners are read in full, with the reasons (signatures, shared frames) spelled out.
#include "casesql.h"
#include "casestore.h"

#include <algorithm>
#include <map>
#include <unordered_set>

namespace hvdump::casedb {
namespace {

    struct Candidate
    {
        std::vector<SharedSignature> signatures;
        std::int64_t sharedFunctions = 0;
        std::int64_t functionCount = 0;
        double jaccard = 0;
    };

} // namespace

Result<std::vector<SimilarCase>> CaseStore::similar(CaseId id, std::size_t limit)
{
    Result<Statement> own = m_db.prepare("SELECT function_count FROM cases WHERE id = ?1");
    if (!own)
        return own.error();
    own->bind(1, id);
    if (!own->step()) {
        if (own->failed())
            return own->error();
        return Error { ErrorKind::NotFound, 0, m_db.path() + ": no case #" + std::to_string(id) };
    }
    const std::int64_t ownFunctions = own->int64(0);

    std::map<CaseId, Candidate> candidates;
    Result<Statement> sig = m_db.prepare("SELECT DISTINCT f2.case_id, f1.signature, f1.title FROM findings f1 JOIN "
                                         "findings f2 ON f2.signature = f1.signature WHERE f1.case_id = ?1 AND "
                                         "f2.case_id != ?1");
    if (!sig)
        return sig.error();
    sig->bind(1, id);
    while (sig->step()) {
        std::vector<SharedSignature>& list = candidates[sig->int64(0)].signatures;
        std::string signature = sig->text(1);
        if (std::none_of(list.begin(), list.end(), [&](const SharedSignature& s) { return s.signature == signature; }))
            list.push_back({ std::move(signature), sig->text(2) });
    }
    if (sig->failed())
        return sig->error();

    Result<Statement> overlap = m_db.prepare(
        "SELECT b.case_id, count(*), c.function_count FROM case_functions a JOIN case_functions b ON b.function_id = "
        "a.function_id AND b.case_id != a.case_id JOIN cases c ON c.id = b.case_id WHERE a.case_id = ?1 GROUP BY "
        "b.case_id");
    if (!overlap)
        return overlap.error();
    overlap->bind(1, id);
    while (overlap->step()) {
        Candidate& c = candidates[overlap->int64(0)];
        c.sharedFunctions = overlap->int64(1);
        c.functionCount = overlap->int64(2);
        const std::int64_t unionSize = ownFunctions + c.functionCount - c.sharedFunctions;
        c.jaccard = unionSize > 0 ? double(c.sharedFunctions) / double(unionSize) : 0.0;
    }
    if (overlap->failed())
        return overlap->error();

    Result<Statement> rejected = m_db.prepare(
        "SELECT case_b FROM rejected_matches WHERE case_a = ?1 UNION SELECT case_a FROM rejected_matches WHERE case_b "
        "= ?1");
    if (!rejected)
        return rejected.error();
    rejected->bind(1, id);
    while (rejected->step())
        candidates.erase(rejected->int64(0));
    if (rejected->failed())
        return rejected->error();

    std::vector<std::pair<CaseId, const Candidate*>> ranked;
    ranked.reserve(candidates.size());
    for (const auto& [other, c] : candidates)
        ranked.emplace_back(other, &c);
    auto better = [](const auto& x, const auto& y) {
        if (x.second->signatures.size() != y.second->signatures.size())
            return x.second->signatures.size() > y.second->signatures.size();
        if (x.second->jaccard != y.second->jaccard)
            return x.second->jaccard > y.second->jaccard;
        return x.first < y.first; // the older case first among equals
    };
    const std::size_t keep = limit == 0 ? ranked.size() : std::min(limit, ranked.size());
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(keep), ranked.end(), better);
    ranked.resize(keep);

    Result<Statement> shared = m_db.prepare(
        "SELECT fn.name FROM case_functions a JOIN case_functions b ON b.function_id = a.function_id AND b.case_id = "
        "?2 JOIN functions fn ON fn.id = a.function_id WHERE a.case_id = ?1 ORDER BY fn.name");
    if (!shared)
        return shared.error();
    std::vector<SimilarCase> out;
    for (const auto& [other, c] : ranked) {
        Result<CaseSummary> s = summary(other);
        if (!s)
            return s.error();
        SimilarCase match { std::move(*s), c->signatures, {}, c->jaccard };
        shared->reset();
        shared->bind(1, id).bind(2, other);
        while (shared->step())
            match.sharedFunctions.push_back(shared->text(0));
        if (shared->failed())
            return shared->error();
        out.push_back(std::move(match));
    }
    return out;
}

} // namespace hvdump::casedb
