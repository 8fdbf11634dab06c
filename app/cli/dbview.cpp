// SPDX-License-Identifier: GPL-2.0-or-later
#include "dbview.h"

#include <cstdio>

namespace hvdump::cli {
using namespace hvdump::casedb;
namespace {

    std::string baseName(const std::string& path)
    {
        const std::size_t slash = path.rfind('/');
        return slash == std::string::npos ? path : path.substr(slash + 1);
    }

    std::string padded(std::string s, std::size_t width)
    {
        if (s.size() < width)
            s.resize(width, ' ');
        return s;
    }

    std::string rightAligned(const std::string& s, std::size_t width)
    {
        return s.size() < width ? std::string(width - s.size(), ' ') + s : s;
    }

    // "2024-05-01T12:00:00Z" -> "2024-05-01 12:00"
    std::string shortTime(const std::string& iso)
    {
        if (iso.size() < 16)
            return iso;
        std::string s = iso.substr(0, 16);
        s[10] = ' ';
        return s;
    }

    std::string headline(const CaseSummary& c)
    {
        std::string out = "#" + std::to_string(c.id) + " (" + caseStatusName(c.status) + ") " + baseName(c.fileName);
        out += ": " + (c.title.empty() ? std::string("no hang found") : c.title);
        return out;
    }

    std::string kib(std::uint64_t bytes)
    {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%.1f KiB", double(bytes) / 1024.0);
        return buffer;
    }

} // namespace

void writeCaseList(std::ostream& out, const std::vector<CaseSummary>& cases)
{
    if (cases.empty()) {
        out << "no cases\n";
        return;
    }
    out << rightAligned("ID", 6) << "  " << padded("STATUS", 9) << "  " << rightAligned("GROUP", 6) << "  "
        << padded("IMPORTED", 16) << "  " << padded("FILE", 32) << "  TITLE\n";
    for (const CaseSummary& c : cases) {
        out << rightAligned(std::to_string(c.id), 6) << "  " << padded(caseStatusName(c.status), 9) << "  "
            << rightAligned(c.groupId == c.id ? std::string("-") : "#" + std::to_string(c.groupId), 6) << "  "
            << padded(shortTime(c.importedAt), 16) << "  " << padded(baseName(c.fileName), 32) << "  "
            << (c.title.empty() ? std::string("no hang found") : c.title);
        if (c.findingCount > 1)
            out << "  (+" << c.findingCount - 1 << " more)";
        out << '\n';
    }
}

void writeCaseDetail(std::ostream& out, const CaseDetail& d)
{
    const CaseSummary& c = d.summary;
    out << "case #" << c.id << "  " << c.fileName << '\n';
    out << "  status:   " << caseStatusName(c.status) << (c.fixUrl.empty() ? "" : "  fix: " + c.fixUrl) << '\n';
    out << "  imported: " << c.importedAt << " by " << c.importedBy << '\n';
    if (!d.updatedAt.empty())
        out << "  updated:  " << d.updatedAt << '\n';
    out << "  sha256:   " << c.hash << '\n';
    out << "  parsed:   " << c.threads << " stacks, " << d.samples << (d.samples == 1 ? " sample, " : " samples, ")
        << d.reports << (d.reports == 1 ? " report" : " reports") << "; " << d.parseStatus << ", " << d.diagnostics
        << " diagnostics; " << kib(d.rawSize) << " of text";
    for (std::size_t i = 0; i < d.formats.size(); ++i)
        out << (i == 0 ? "; " : ", ") << d.formats[i];
    out << '\n';
    if (!d.sameSignature.empty()) {
        out << "  same hang as:";
        for (const CaseSummary& s : d.sameSignature)
            out << " #" << s.id << " (" << caseStatusName(s.status) << ")";
        out << '\n';
    }
    if (d.findings.empty())
        out << "no hang found\n";
    for (std::size_t i = 0; i < d.findings.size(); ++i) {
        const FindingRecord& f = d.findings[i];
        out << "finding " << i + 1 << ": " << f.title << "  [" << f.kind << ", " << f.confidence << "]\n";
        out << "    signature: " << f.signature << '\n';
        if (!f.rootLabel.empty())
            out << "    root:      " << f.rootLabel << '\n';
        if (!f.diagnosis.empty())
            out << "    known:     " << f.diagnosis << "  (rule " << f.ruleId << ")\n";
        if (!f.keyFrames.empty()) {
            out << "    frames:   ";
            for (const std::string& k : f.keyFrames)
                out << ' ' << k;
            out << '\n';
        }
    }
    for (const Note& n : d.notes)
        out << "note " << n.createdAt << " " << n.author << ": " << n.text << '\n';
}

void writeSearchHits(std::ostream& out, const std::vector<SearchHit>& hits)
{
    if (hits.empty()) {
        out << "no match\n";
        return;
    }
    for (const SearchHit& h : hits)
        out << headline(h.summary) << "\n    " << h.snippet << '\n';
}

void writeSimilar(std::ostream& out, const CaseSummary& of, const std::vector<SimilarCase>& similar)
{
    out << "cases like " << headline(of) << '\n';
    if (similar.empty()) {
        out << "  none\n";
        return;
    }
    for (const SimilarCase& s : similar) {
        out << "  " << headline(s.summary) << '\n';
        for (const SharedSignature& sig : s.sharedSignatures)
            out << "      same signature " << sig.signature << ": " << sig.title << '\n';
        if (!s.sharedFunctions.empty()) {
            char score[32];
            std::snprintf(score, sizeof score, "%.2f", s.jaccard);
            out << "      " << s.sharedFunctions.size() << " shared frames (overlap " << score << "):";
            std::size_t shown = 0;
            for (const std::string& f : s.sharedFunctions) {
                if (shown++ == 12) {
                    out << " ...";
                    break;
                }
                out << ' ' << f;
            }
            out << '\n';
        }
    }
}

} // namespace hvdump::cli
