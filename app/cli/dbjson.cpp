// SPDX-License-Identifier: GPL-2.0-or-later
#include "dbjson.h"

namespace hvdump::cli {
using parsers::Json;
using namespace hvdump::casedb;

Json casesDocument(const std::string& database)
{
    return { { "schema", "hvdump.cases" }, { "version", casesSchemaVersion }, { "database", database } };
}

Json summaryToJson(const CaseSummary& c)
{
    return { { "id", c.id }, { "fileName", c.fileName }, { "hash", c.hash }, { "importedAt", c.importedAt },
        { "importedBy", c.importedBy }, { "status", caseStatusName(c.status) }, { "fixUrl", c.fixUrl },
        { "groupId", c.groupId }, { "findingCount", c.findingCount }, { "threads", c.threads }, { "title", c.title } };
}

Json noteToJson(const Note& n)
{
    return { { "id", n.id }, { "author", n.author }, { "createdAt", n.createdAt }, { "text", n.text } };
}

Json detailToJson(const CaseDetail& d)
{
    Json j = summaryToJson(d.summary);
    j["formats"] = d.formats;
    j["samples"] = d.samples;
    j["reports"] = d.reports;
    j["parseStatus"] = d.parseStatus;
    j["diagnostics"] = d.diagnostics;
    j["rawSize"] = d.rawSize;
    j["updatedAt"] = d.updatedAt;
    Json findings = Json::array();
    for (const FindingRecord& f : d.findings) {
        // the stored hvdump.analysis finding, as it was when the case was filed
        Json stored = Json::parse(f.json, nullptr, false);
        findings.push_back(
            stored.is_discarded() ? Json { { "kind", f.kind }, { "title", f.title } } : std::move(stored));
    }
    j["findings"] = std::move(findings);
    Json notes = Json::array();
    for (const Note& n : d.notes)
        notes.push_back(noteToJson(n));
    j["notes"] = std::move(notes);
    Json same = Json::array();
    for (const CaseSummary& c : d.sameSignature)
        same.push_back(c.id);
    j["sameSignature"] = std::move(same);
    return j;
}

Json similarToJson(const SimilarCase& s)
{
    Json j = summaryToJson(s.summary);
    Json signatures = Json::array();
    for (const SharedSignature& sig : s.sharedSignatures)
        signatures.push_back({ { "signature", sig.signature }, { "title", sig.title } });
    j["sharedSignatures"] = std::move(signatures);
    j["sharedFunctions"] = s.sharedFunctions;
    j["jaccard"] = s.jaccard;
    return j;
}

Json hitToJson(const SearchHit& h)
{
    Json j = summaryToJson(h.summary);
    j["snippet"] = h.snippet;
    return j;
}

Json filingToJson(const ImportResult& r)
{
    Json same = Json::array();
    for (const CaseSummary& c : r.sameSignature)
        same.push_back({ { "id", c.id }, { "status", caseStatusName(c.status) }, { "fixUrl", c.fixUrl } });
    return { { "id", r.id }, { "created", r.created }, { "groupId", r.groupId }, { "sameSignature", std::move(same) } };
}

} // namespace hvdump::cli
