// SPDX-License-Identifier: GPL-2.0-or-later
#include "reportwriter.h"

#include "guitext.h"

#include <hvdump/graph/findingjson.h>
#include <hvdump/parsers/dumpjson.h>

#include <QFileInfo>

namespace hvdump::gui {
namespace {

    using graph::Graph;
    using graph::VertexId;

    QString esc(std::string_view text)
    {
        return toQString(text).toHtmlEscaped();
    }

    // http(s) URLs inside a reference become links
    QString linkify(const QString& text)
    {
        QString out;
        qsizetype pos = 0;
        while (pos < text.size()) {
            qsizetype start = text.indexOf(QStringLiteral("https://"), pos);
            const qsizetype plain = text.indexOf(QStringLiteral("http://"), pos);
            if (start < 0 || (plain >= 0 && plain < start))
                start = plain;
            if (start < 0) {
                out += text.mid(pos).toHtmlEscaped();
                break;
            }
            qsizetype end = start;
            while (end < text.size() && !text[end].isSpace() && text[end] != QLatin1Char(')'))
                ++end;
            const QString url = text.mid(start, end - start).toHtmlEscaped();
            out += text.mid(pos, start - pos).toHtmlEscaped() + QStringLiteral("<a href=\"") + url
                + QStringLiteral("\">") + url + QStringLiteral("</a>");
            pos = end;
        }
        return out;
    }

    QString describeWait(const Graph& g, VertexId context)
    {
        QString out;
        for (auto [e, end] = boost::out_edges(context, g); e != end; ++e) {
            const graph::Edge& edge = g[*e];
            if (edge.kind != graph::EdgeKind::Waits)
                continue;
            out += edge.spinning ? QStringLiteral("spins on ") : QStringLiteral("waits for ");
            out += esc(g[boost::target(*e, g)].label);
            if (edge.timed)
                out += QStringLiteral(" (with a timeout)");
            if (edge.mode != graph::WaitMode::Exclusive)
                out += QStringLiteral(" [") + QString::fromLatin1(graph::waitModeName(edge.mode)) + QLatin1Char(']');
            break;
        }
        if (out.isEmpty() && !g[context].waitWhat.empty())
            out = esc(g[context].waitWhat);
        QStringList held;
        for (auto [e, end] = boost::in_edges(context, g); e != end; ++e)
            if (g[*e].kind == graph::EdgeKind::Holds)
                held.append(esc(g[boost::source(*e, g)].label));
        if (!held.isEmpty())
            out += (out.isEmpty() ? QStringLiteral("holds ") : QStringLiteral("; holds "))
                + held.join(QStringLiteral(", "));
        if (g[context].irqsOff)
            out += QStringLiteral(" (IRQs off)");
        return out;
    }

    QString edgeWords(graph::EdgeKind k)
    {
        switch (k) {
        case graph::EdgeKind::Waits:
            return QStringLiteral("waits for");
        case graph::EdgeKind::Holds:
            return QStringLiteral("held by");
        case graph::EdgeKind::Signals:
            return QStringLiteral("woken only by");
        }
        return {};
    }

    QString section(const QString& title, const std::string& text)
    {
        if (text.empty())
            return {};
        return QStringLiteral("<h4>") + title + QStringLiteral("</h4><p>") + esc(text) + QStringLiteral("</p>");
    }

} // namespace

QString ReportWriter::findingHtml(const graph::Analysis& a, const graph::Finding& f, bool dark, bool linkEvidence)
{
    const Graph& g = a.graph;
    const std::size_t vertexCount = boost::num_vertices(g);
    QString h;
    h += QStringLiteral("<h3>") + findingKindWord(f.kind).toHtmlEscaped() + QStringLiteral(": ") + esc(f.title)
        + QStringLiteral("</h3>");
    h += QStringLiteral("<p><span style=\"color:%1\"><b>\u25cf %2</b></span> \u2014 %3</p>")
             .arg(confidenceColor(f.confidence, dark).name(), confidenceWord(f.confidence),
                 confidenceMeaning(f.confidence).toHtmlEscaped());
    if (!f.diagnosis.empty())
        h += QStringLiteral("<p><b>Known hang:</b> ") + esc(f.diagnosis) + QStringLiteral(" <small>[") + esc(f.ruleId)
            + QStringLiteral("]</small></p>");
    if (!f.summary.empty())
        h += QStringLiteral("<p><b>What is stuck:</b> ") + esc(f.summary) + QStringLiteral("</p>");
    if (f.root < vertexCount) {
        h += QStringLiteral("<p><b>Root:</b> ") + esc(g[f.root].label);
        if (g[f.root].type == graph::Vertex::Type::Context) {
            const QString wait = describeWait(g, f.root);
            if (!wait.isEmpty())
                h += QStringLiteral(" \u2014 ") + wait;
        }
        h += QStringLiteral("</p>");
    }
    for (const auto& cycle : f.cycles) {
        h += QStringLiteral("<p><b>Cycle:</b> ");
        for (std::size_t i = 0; i < cycle.size(); ++i) {
            const graph::EdgeId e = cycle[i];
            if (i == 0)
                h += esc(g[boost::source(e, g)].label);
            h += QStringLiteral(" <i>\u2192 ") + edgeWords(g[e].kind) + QStringLiteral(" \u2192</i> ")
                + esc(g[boost::target(e, g)].label);
        }
        h += QStringLiteral("</p>");
    }
    if (f.kind == graph::FindingKind::Stall && f.blockedCount > 0)
        h += QStringLiteral("<p><b>Blocked behind the root:</b> %1</p>").arg(f.blockedCount);
    h += section(QStringLiteral("Fix"), f.fix);
    h += section(QStringLiteral("Why"), f.explanation);
    h += section(QStringLiteral("Workaround"), f.workaround);
    if (!f.references.empty()) {
        h += QStringLiteral("<h4>References</h4><ul>");
        for (const std::string& r : f.references)
            h += QStringLiteral("<li>") + linkify(toQString(r)) + QStringLiteral("</li>");
        h += QStringLiteral("</ul>");
    }
    h += section(QStringLiteral("Who holds it? The dump does not say; ask"), f.ownerHint);
    QStringList members;
    for (const graph::FindingMember& m : f.contexts) {
        if (m.vertex == f.root || m.vertex >= vertexCount)
            continue;
        QString line = QStringLiteral("<li>") + esc(m.role) + QStringLiteral(": ") + esc(m.label);
        if (g[m.vertex].count > 1)
            line += QStringLiteral(" \u00d7%1").arg(g[m.vertex].count);
        const QString wait = describeWait(g, m.vertex);
        if (!wait.isEmpty())
            line += QStringLiteral(" \u2014 ") + wait;
        members.append(line + QStringLiteral("</li>"));
    }
    if (!members.isEmpty())
        h += QStringLiteral("<h4>Contexts</h4><ul>") + members.join(QString()) + QStringLiteral("</ul>");
    if (!f.evidence.empty()) {
        h += QStringLiteral("<h4>Evidence</h4><ul>");
        for (const graph::Evidence& e : f.evidence) {
            QString where = spanText(e.span);
            if (where.isEmpty())
                where = QStringLiteral("(no line)");
            else if (linkEvidence)
                where = QStringLiteral("<a href=\"hvdump-lines:%1-%2\">%3</a>")
                            .arg(e.span.first)
                            .arg(std::max(e.span.first, e.span.last))
                            .arg(where);
            h += QStringLiteral("<li>") + where + QStringLiteral(": ") + esc(e.what);
            if (!e.ruleId.empty())
                h += QStringLiteral(" <small>(rule ") + esc(e.ruleId) + QStringLiteral(")</small>");
            h += QStringLiteral("</li>");
        }
        h += QStringLiteral("</ul>");
    }
    h += QStringLiteral("<p><small>signature ") + esc(f.signature) + QStringLiteral("</small></p>");
    return h;
}

QString ReportWriter::html(const graph::Analysis& a, const QByteArray& svg)
{
    const QString name = QFileInfo(toQString(a.dump.source)).fileName().toHtmlEscaped();
    QString h;
    h += QStringLiteral("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>hvdump: ") + name
        + QStringLiteral("</title>\n<style>body{font-family:sans-serif;max-width:70em;margin:1em auto;"
                         "padding:0 1em;line-height:1.4;color:#1d1d1d;background:#fff}"
                         "h3{border-top:1px solid #ccc;padding-top:.6em}h4{margin-bottom:.2em}"
                         "small{color:#555}.graph{overflow:auto;border:1px solid #ccc;padding:.5em}"
                         ".graph svg{max-width:100%;height:auto}</style></head><body>\n");
    h += QStringLiteral("<h1>hvdump report: ") + name + QStringLiteral("</h1>\n<p>");
    h += QStringLiteral("%1 stacks, %2 input lines, parse %3. ")
             .arg(a.dump.threads.size())
             .arg(a.dump.lineCount)
             .arg(QString::fromLatin1(parsers::parseStatusName(a.status)));
    h +=
        a.findings.empty() ? QStringLiteral("No hang found.") : QStringLiteral("%1 finding(s).").arg(a.findings.size());
    h += QStringLiteral("</p>\n");
    if (!svg.isEmpty()) {
        QByteArray body = svg;
        const qsizetype start = body.indexOf("<svg");
        if (start > 0)
            body = body.mid(start);
        h += QStringLiteral("<h2>Wait-for graph</h2>\n<div class=\"graph\">") + QString::fromUtf8(body)
            + QStringLiteral("</div>\n<p><small>Boxes are threads or CPUs, ellipses resources, dashed diamonds "
                             "parties outside the dump. Solid arrows wait, dashed arrows hold, dotted arrows "
                             "wake; red marks a deadlock cycle or a spinning context.</small></p>\n");
    }
    if (!a.findings.empty())
        h += QStringLiteral("<h2>Findings</h2>\n");
    for (const graph::Finding& f : a.findings)
        h += ReportWriter::findingHtml(a, f, false, false) + QLatin1Char('\n');
    if (!a.diagnostics.empty()) {
        h += QStringLiteral("<h2>Diagnostics</h2>\n<ul>");
        for (const parsers::Diagnostic& d : a.diagnostics)
            h += QStringLiteral("<li><code>") + esc(parsers::formatDiagnostic(d)) + QStringLiteral("</code></li>");
        h += QStringLiteral("</ul>\n");
    }
    h += QStringLiteral("</body></html>\n");
    return h;
}

QByteArray ReportWriter::json(const graph::Analysis& a)
{
    parsers::Json j;
    j["schema"] = "hvdump.report";
    j["version"] = 1;
    j["source"] = a.dump.source;
    j["status"] = parsers::parseStatusName(a.status);
    j["lines"] = a.dump.lineCount;
    j["threads"] = a.dump.threads.size();
    parsers::Json diagnostics = parsers::Json::array();
    for (const parsers::Diagnostic& d : a.diagnostics)
        diagnostics.push_back(parsers::diagnosticToJson(d));
    j["diagnostics"] = std::move(diagnostics);
    parsers::Json findings = parsers::Json::array();
    for (const graph::Finding& f : a.findings)
        findings.push_back(graph::findingToJson(f, a.graph, a.dump));
    j["findings"] = std::move(findings);
    const std::string text = j.dump(2) + "\n";
    return QByteArray(text.data(), static_cast<qsizetype>(text.size()));
}

} // namespace hvdump::gui
