// SPDX-License-Identifier: GPL-2.0-or-later
#include "dbcommand.h"

#include "dbjson.h"
#include "dbview.h"
#include "exitcode.h"

#include <hvdump/app/casedb/casestore.h>
#include <hvdump/app/casedb/dbpath.h>
#include <hvdump/app/casedb/schema.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>

namespace hvdump::cli {
using parsers::Json;
using namespace hvdump::casedb;
namespace {

    constexpr const char* locationHelp =
        "The case database is one SQLite file that several analysts and batch jobs use at once.\n"
        "Location: --db PATH, else $HVDUMP_DB, else $XDG_DATA_HOME/hvdump/cases.sqlite\n"
        "(~/.local/share/hvdump/cases.sqlite when XDG_DATA_HOME is not set).\n"
        "File dumps into it with `hvdump analyze --db PATH FILE|DIR...`.\n"
        "States: new, known, fixed, not-a-bug.\n"
        "Exit status: 0 done, 2 usage error or no such case, 3 the database cannot be read or written.";

    int exitFor(const Error& e)
    {
        return e.kind == ErrorKind::NotFound || e.kind == ErrorKind::InvalidArgument ? toInt(ExitCode::Usage)
                                                                                     : toInt(ExitCode::Unreadable);
    }

    int fail(const Error& e)
    {
        std::cerr << "hvdump: " << e.message << '\n';
        return exitFor(e);
    }

    std::string joinedWords(const std::vector<std::string>& words)
    {
        std::string out;
        for (const std::string& w : words)
            out += (out.empty() ? "" : " ") + w;
        return out;
    }

    void print(const Json& j)
    {
        std::cout << j.dump(2) << '\n';
    }

    int runExport(CaseStore& store, const DbCommandOptions& o)
    {
        Result<std::string> raw = store.rawText(o.id);
        if (!raw)
            return fail(raw.error());
        std::string out = *raw;
        if (o.json) {
            Result<CaseDetail> d = store.show(o.id);
            if (!d)
                return fail(d.error());
            Json doc = casesDocument(store.path());
            doc["case"] = detailToJson(*d);
            doc["case"]["text"] = *raw;
            out = doc.dump(2) + "\n";
        }
        if (o.output.empty() || o.output == "-") {
            std::cout << out;
            return toInt(ExitCode::Clean);
        }
        std::ofstream file(o.output, std::ios::binary | std::ios::trunc);
        file << out;
        file.close();
        if (!file) {
            std::cerr << "hvdump: " << o.output << ": cannot write\n";
            return toInt(ExitCode::Unreadable);
        }
        return toInt(ExitCode::Clean);
    }

    int runCheck(CaseStore& store, const DbCommandOptions& o)
    {
        Result<IntegrityReport> r = store.check();
        if (!r)
            return fail(r.error());
        const bool healthy = r->integrity == "ok" && r->problems.empty();
        if (o.json) {
            Json doc = casesDocument(store.path());
            doc["integrity"] = r->integrity;
            doc["problems"] = r->problems;
            doc["cases"] = r->cases;
            print(doc);
        } else {
            std::cout << store.path() << ": integrity " << r->integrity << ", " << r->cases << " cases, "
                      << (r->problems.empty() ? std::string("every case complete") : "incomplete cases:") << '\n';
            for (const std::string& p : r->problems)
                std::cout << "  " << p << '\n';
        }
        return healthy ? toInt(ExitCode::Clean) : toInt(ExitCode::Unreadable);
    }

    int runQuery(DbAction action, CaseStore& store, const DbCommandOptions& o)
    {
        Json doc = casesDocument(store.path());
        switch (action) {
        case DbAction::Init: {
            Result<std::int64_t> n = store.caseCount();
            if (!n)
                return fail(n.error());
            if (!o.json) {
                std::cout << store.path() << ": case database ready (schema " << currentSchemaVersion() << ", " << *n
                          << " cases)\n";
                return toInt(ExitCode::Clean);
            }
            doc["schemaVersion"] = currentSchemaVersion();
            doc["cases"] = *n;
            break;
        }
        case DbAction::List: {
            ListFilter filter;
            filter.limit = o.listLimit;
            filter.groupId = o.group;
            if (!o.state.empty()) {
                filter.anyStatus = false;
                if (!caseStatusFromName(o.state, filter.status))
                    return fail({ ErrorKind::InvalidArgument, 0, "unknown state '" + o.state + "'" });
            }
            Result<std::vector<CaseSummary>> cases = store.list(filter);
            if (!cases)
                return fail(cases.error());
            if (!o.json) {
                writeCaseList(std::cout, *cases);
                return toInt(ExitCode::Clean);
            }
            doc["cases"] = Json::array();
            for (const CaseSummary& c : *cases)
                doc["cases"].push_back(summaryToJson(c));
            break;
        }
        case DbAction::Show: {
            Result<CaseDetail> d = store.show(o.id);
            if (!d)
                return fail(d.error());
            if (!o.json) {
                writeCaseDetail(std::cout, *d);
                return toInt(ExitCode::Clean);
            }
            doc["case"] = detailToJson(*d);
            break;
        }
        case DbAction::Search: {
            Result<std::vector<SearchHit>> hits = store.search(joinedWords(o.words), o.searchLimit);
            if (!hits)
                return fail(hits.error());
            if (!o.json) {
                writeSearchHits(std::cout, *hits);
                return toInt(ExitCode::Clean);
            }
            doc["hits"] = Json::array();
            for (const SearchHit& h : *hits)
                doc["hits"].push_back(hitToJson(h));
            break;
        }
        case DbAction::Similar: {
            Result<CaseSummary> of = store.summary(o.id);
            if (!of)
                return fail(of.error());
            Result<std::vector<SimilarCase>> similar = store.similar(o.id, o.similarLimit);
            if (!similar)
                return fail(similar.error());
            if (!o.json) {
                writeSimilar(std::cout, *of, *similar);
                return toInt(ExitCode::Clean);
            }
            doc["case"] = o.id;
            doc["similar"] = Json::array();
            for (const SimilarCase& s : *similar)
                doc["similar"].push_back(similarToJson(s));
            break;
        }
        case DbAction::Note: {
            Result<Note> note = store.addNote(o.id, currentUser(), joinedWords(o.words));
            if (!note)
                return fail(note.error());
            if (!o.json) {
                std::cout << "note " << note->id << " added to case #" << o.id << '\n';
                return toInt(ExitCode::Clean);
            }
            doc["case"] = o.id;
            doc["note"] = noteToJson(*note);
            break;
        }
        case DbAction::Status: {
            CaseStatus status;
            if (!caseStatusFromName(o.state, status))
                return fail({ ErrorKind::InvalidArgument, 0,
                    "unknown state '" + o.state + "' (use new, known, fixed or not-a-bug)" });
            if (Error e = store.setStatus(o.id, status, o.fixGiven ? std::optional(o.fixUrl) : std::nullopt))
                return fail(e);
            Result<CaseSummary> c = store.summary(o.id);
            if (!c)
                return fail(c.error());
            if (!o.json) {
                std::cout << "case #" << o.id << ": " << caseStatusName(c->status)
                          << (c->fixUrl.empty() ? "" : "  fix: " + c->fixUrl) << '\n';
                return toInt(ExitCode::Clean);
            }
            doc["case"] = summaryToJson(*c);
            break;
        }
        case DbAction::Reject:
            if (Error e = store.reject(o.id, o.other, currentUser()))
                return fail(e);
            if (!o.json) {
                std::cout << "cases #" << o.id << " and #" << o.other << " marked as not the same hang\n";
                return toInt(ExitCode::Clean);
            }
            doc["rejected"] = { o.id, o.other };
            break;
        case DbAction::Export:
            return runExport(store, o);
        case DbAction::Check:
            return runCheck(store, o);
        }
        print(doc);
        return toInt(ExitCode::Clean);
    }

    CLI::App* addAction(
        CLI::App* db, const char* name, const char* help, DbAction action, DbCommandOptions& o, int& exitCode)
    {
        CLI::App* sub = db->add_subcommand(name, help);
        sub->add_option("--db", o.database, "Case database file (see `hvdump db --help` for the default)");
        sub->add_flag("--json", o.json, "Print JSON (schema hvdump.cases)");
        sub->callback([action, &o, &exitCode] { exitCode = runDbCommand(action, o); });
        return sub;
    }

} // namespace

int runDbCommand(DbAction action, const DbCommandOptions& o)
{
    const std::string path = o.database.empty() ? defaultDatabasePath() : o.database;
    Result<CaseStore> store =
        CaseStore::open(path, action == DbAction::Init ? CaseStore::OpenMode::Create : CaseStore::OpenMode::ReadWrite);
    if (!store) {
        std::cerr << "hvdump: " << store.error().message;
        if (store.error().kind == ErrorKind::Io && action != DbAction::Init)
            std::cerr << " (create it with `hvdump db init --db " << path << "` or by filing dumps with "
                      << "`hvdump analyze --db " << path << " FILE...`)";
        std::cerr << '\n';
        return toInt(ExitCode::Unreadable);
    }
    return runQuery(action, *store, o);
}

void addDbCommand(CLI::App& app, DbCommandOptions& o, int& exitCode)
{
    CLI::App* db = app.add_subcommand("db", "The shared case database: list, show, search, similar cases, notes");
    db->require_subcommand(1);
    // `hvdump db --db F list` reads as naturally as `hvdump db list --db F`
    db->add_option("--db", o.database, "Case database file (also accepted after the subcommand)");
    db->add_flag("--json", o.json, "Print JSON (schema hvdump.cases)");
    db->footer(std::string(locationHelp) + "\nDefault here: " + defaultDatabasePath());

    addAction(db, "init", "Create the database (and its folder), or upgrade an older one", DbAction::Init, o, exitCode);
    CLI::App* list = addAction(db, "list", "List cases, newest first", DbAction::List, o, exitCode);
    list->add_option("--status", o.state, "Only cases in this state (new, known, fixed, not-a-bug)");
    list->add_option("--group", o.group, "Only the cases grouped with this case id (same signature)");
    list->add_option("--limit", o.listLimit, "At most N cases (default: all)");
    CLI::App* show =
        addAction(db, "show", "One case: summary, findings, notes, same hang elsewhere", DbAction::Show, o, exitCode);
    show->add_option("ID", o.id, "Case id")->required();
    CLI::App* search = addAction(
        db, "search", "Full-text search over titles, functions, thread names and notes", DbAction::Search, o, exitCode);
    search->add_option("TEXT", o.words, "Words that must all match (word* for a prefix)")->required();
    search->add_option("--limit", o.searchLimit, "At most N hits")->capture_default_str();
    CLI::App* similar =
        addAction(db, "similar", "Cases like this one: shared signature first, then shared frames, with the reasons",
            DbAction::Similar, o, exitCode);
    similar->add_option("ID", o.id, "Case id")->required();
    similar->add_option("--limit", o.similarLimit, "At most N cases")->capture_default_str();
    CLI::App* note = addAction(db, "note", "Add a note to a case (author: $USER)", DbAction::Note, o, exitCode);
    note->add_option("ID", o.id, "Case id")->required();
    note->add_option("TEXT", o.words, "The note")->required();
    CLI::App* status =
        addAction(db, "status", "Set a case's state: new, known, fixed or not-a-bug", DbAction::Status, o, exitCode);
    status->add_option("ID", o.id, "Case id")->required();
    status->add_option("STATE", o.state, "new, known, fixed or not-a-bug")->required();
    CLI::Option* fix = status->add_option("--fix", o.fixUrl, "Link to the fix (commit, bug, review)");
    status->callback([&o, fix, &exitCode] {
        o.fixGiven = fix->count() > 0;
        exitCode = runDbCommand(DbAction::Status, o);
    });
    CLI::App* reject = addAction(
        db, "reject", "Mark two cases as not the same hang: similar stops offering it", DbAction::Reject, o, exitCode);
    reject->add_option("ID", o.id, "Case id")->required();
    reject->add_option("OTHER", o.other, "The case wrongly offered as similar")->required();
    CLI::App* exportCommand = addAction(
        db, "export", "Write a case's dump text as imported (--json: the whole case)", DbAction::Export, o, exitCode);
    exportCommand->add_option("ID", o.id, "Case id")->required();
    exportCommand->add_option("-o,--output", o.output, "Write to FILE instead of standard output");
    addAction(
        db, "check", "Check the file: SQLite integrity and that every case is complete", DbAction::Check, o, exitCode);
}

} // namespace hvdump::cli
