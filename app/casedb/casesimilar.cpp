// SPDX-License-Identifier: GPL-2.0-or-later
// CaseStore::similar: other cases ranked by the number of finding signatures they share, then by
// the Jaccard overlap of the function sets, then oldest first. The ranking is exact but reads
// only what can change it: a case sharing a signature always outranks one that shares none, so
// when enough cases share one (the usual answer for a hang seen before) the function index is
// not walked at all; otherwise the cases sharing functions are weighed most-shared first and
// the walk stops once no case left could reach the top (Jaccard <= shared / own functions).
// Only the winners are read in full, with the reasons (signatures, shared frames) spelled out.
#include "casesql.h"
#include "casestore.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

namespace hvdump::casedb {
namespace {

    struct Ranked
    {
        CaseId id = 0;
        std::vector<SharedSignature> signatures;
        double jaccard = 0;
    };

    bool better(const Ranked& x, const Ranked& y)
    {
        if (x.signatures.size() != y.signatures.size())
            return x.signatures.size() > y.signatures.size();
        if (x.jaccard != y.jaccard)
            return x.jaccard > y.jaccard;
        return x.id < y.id; // the older case first among equals
    }

    double jaccard(std::size_t shared, std::size_t own, std::size_t other)
    {
        const std::size_t unionSize = own + other - shared;
        return unionSize > 0 ? double(shared) / double(unionSize) : 0.0;
    }

    // keeps the best `keep` of ranked (all when keep is 0), best first
    void keepBest(std::vector<Ranked>& ranked, std::size_t keep)
    {
        keep = keep == 0 ? ranked.size() : std::min(keep, ranked.size());
        std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(keep), ranked.end(), better);
        ranked.resize(keep);
    }

    Result<std::vector<std::int64_t>> functionIds(Statement& s, CaseId id)
    {
        s.reset();
        s.bind(1, id);
        std::vector<std::int64_t> out;
        while (s.step())
            out.push_back(s.int64(0));
        if (s.failed())
            return s.error();
        return out; // ascending: read from the (case_id, function_id) index
    }

} // namespace

Result<std::vector<SimilarCase>> CaseStore::similar(CaseId id, std::size_t limit)
{
    if (Error e = requireCase(id))
        return e;
    Result<Statement> functionsOf =
        m_db.prepare("SELECT function_id FROM case_functions WHERE case_id = ?1 ORDER BY function_id");
    if (!functionsOf)
        return functionsOf.error();
    Result<std::vector<std::int64_t>> own = functionIds(*functionsOf, id);
    if (!own)
        return own.error();

    std::unordered_set<CaseId> rejected;
    Result<Statement> r = m_db.prepare(
        "SELECT case_b FROM rejected_matches WHERE case_a = ?1 UNION SELECT case_a FROM rejected_matches WHERE case_b "
        "= ?1");
    if (!r)
        return r.error();
    r->bind(1, id);
    while (r->step())
        rejected.insert(r->int64(0));
    if (r->failed())
        return r->error();

    // tier 1: the cases sharing a finding signature, through the (signature, case_id) index
    std::map<CaseId, std::vector<SharedSignature>> sharing;
    Result<Statement> sig = m_db.prepare("SELECT f2.case_id, f1.signature, f1.title FROM findings f1 JOIN findings f2 "
                                         "ON f2.signature = f1.signature WHERE f1.case_id = ?1 AND f2.case_id != ?1");
    if (!sig)
        return sig.error();
    sig->bind(1, id);
    while (sig->step()) {
        const CaseId other = sig->int64(0);
        if (rejected.count(other))
            continue;
        std::vector<SharedSignature>& list = sharing[other];
        std::string signature = sig->text(1);
        if (std::none_of(list.begin(), list.end(), [&](const SharedSignature& s) { return s.signature == signature; }))
            list.push_back({ std::move(signature), sig->text(2) });
    }
    if (sig->failed())
        return sig->error();
    std::vector<Ranked> ranked;
    ranked.reserve(sharing.size());
    for (auto& [other, signatures] : sharing) {
        Result<std::vector<std::int64_t>> theirs = functionIds(*functionsOf, other);
        if (!theirs)
            return theirs.error();
        std::size_t shared = 0;
        for (auto a = own->begin(), b = theirs->begin(); a != own->end() && b != theirs->end();) {
            if (*a == *b)
                ++shared, ++a, ++b;
            else if (*a < *b)
                ++a;
            else
                ++b;
        }
        ranked.push_back({ other, std::move(signatures), jaccard(shared, own->size(), theirs->size()) });
    }

    // tier 2, needed only when tier 1 does not fill the list: the cases sharing functions
    if (limit == 0 || ranked.size() < limit) {
        const std::size_t need = limit == 0 ? 0 : limit - ranked.size();
        std::unordered_map<CaseId, std::uint32_t> sharedCount;
        Result<Statement> posting = m_db.prepare("SELECT case_id FROM case_functions WHERE function_id = ?1");
        if (!posting)
            return posting.error();
        for (std::int64_t f : *own) {
            posting->reset();
            posting->bind(1, f);
            while (posting->step())
                ++sharedCount[posting->int64(0)];
            if (posting->failed())
                return posting->error();
        }
        // most shared first: Jaccard <= shared / own, so a bucket that cannot reach the last
        // place taken ends the walk
        std::vector<std::vector<CaseId>> byShared(own->size() + 1);
        for (const auto& [other, n] : sharedCount)
            if (other != id && !sharing.count(other) && !rejected.count(other))
                byShared[n].push_back(other);
        Result<Statement> count = m_db.prepare("SELECT function_count FROM cases WHERE id = ?1");
        if (!count)
            return count.error();
        std::vector<Ranked> rest;
        for (std::size_t n = own->size(); n > 0; --n) {
            if (need > 0 && rest.size() >= need) {
                keepBest(rest, need);
                if (double(n) / double(own->size()) < rest.back().jaccard)
                    break;
            }
            for (CaseId other : byShared[n]) {
                count->reset();
                count->bind(1, other);
                if (!count->step()) {
                    if (count->failed())
                        return count->error();
                    continue; // no such case: the foreign key keeps this from happening
                }
                rest.push_back({ other, {}, jaccard(n, own->size(), static_cast<std::size_t>(count->int64(0))) });
            }
        }
        ranked.insert(ranked.end(), std::make_move_iterator(rest.begin()), std::make_move_iterator(rest.end()));
    }
    keepBest(ranked, limit);

    Result<Statement> shared = m_db.prepare(
        "SELECT fn.name FROM case_functions a JOIN case_functions b ON b.function_id = a.function_id AND b.case_id = "
        "?2 JOIN functions fn ON fn.id = a.function_id WHERE a.case_id = ?1 ORDER BY fn.name");
    if (!shared)
        return shared.error();
    std::vector<SimilarCase> out;
    for (Ranked& c : ranked) {
        Result<CaseSummary> s = summary(c.id);
        if (!s)
            return s.error();
        SimilarCase match { std::move(*s), std::move(c.signatures), {}, c.jaccard };
        shared->reset();
        shared->bind(1, id).bind(2, c.id);
        while (shared->step())
            match.sharedFunctions.push_back(shared->text(0));
        if (shared->failed())
            return shared->error();
        out.push_back(std::move(match));
    }
    return out;
}

} // namespace hvdump::casedb
