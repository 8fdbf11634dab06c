// SPDX-License-Identifier: GPL-2.0-or-later
// The Graphviz half of GraphLayouter: DOT for layout, running `dot -Tplain`, reading its output.
#include "graphlayout.h"

#include <QHash>
#include <QProcess>
#include <QStandardPaths>

#include <deque>

namespace hvdump::gui {
namespace {

    constexpr double pointsPerInch = 72.0;
    constexpr int dotTimeoutMs = 30000;

    const char* dotShape(NodeShape shape)
    {
        switch (shape) {
        case NodeShape::Context:
            return "box";
        case NodeShape::Resource:
            return "ellipse";
        case NodeShape::External:
            return "diamond";
        }
        return "box";
    }

    // splits one line of -Tplain output; quoted tokens lose their quotes and escapes
    QList<QByteArray> tokens(QByteArrayView line)
    {
        QList<QByteArray> out;
        qsizetype i = 0;
        while (i < line.size()) {
            while (i < line.size() && line[i] == ' ')
                ++i;
            if (i >= line.size())
                break;
            QByteArray token;
            if (line[i] == '"') {
                ++i;
                while (i < line.size() && line[i] != '"') {
                    if (line[i] == '\\' && i + 1 < line.size())
                        ++i;
                    token.append(line[i++]);
                }
                ++i;
            } else {
                while (i < line.size() && line[i] != ' ')
                    token.append(line[i++]);
            }
            out.append(token);
        }
        return out;
    }

    bool toNumber(const QByteArray& token, double& value)
    {
        bool ok = false;
        value = token.toDouble(&ok);
        return ok;
    }

    int nodeIndex(const QByteArray& name)
    {
        if (!name.startsWith('n'))
            return -1;
        bool ok = false;
        const int index = name.mid(1).toInt(&ok);
        return ok ? index : -1;
    }

    QByteArray number(double v)
    {
        return QByteArray::number(v, 'f', 3);
    }

} // namespace

QByteArray GraphLayouter::layoutDot(const ViewGraph& graph)
{
    QByteArray dot;
    dot += "digraph layout {\n";
    dot += "  graph [rankdir=TB, nodesep=0.3, ranksep=0.5, splines=true, fontname=\"sans-serif\"];\n";
    dot += "  node [fixedsize=true, label=\"\"];\n";
    dot += "  edge [arrowhead=none, fontname=\"sans-serif\", fontsize=9];\n";
    for (std::size_t i = 0; i < graph.nodes().size(); ++i) {
        const ViewNode& n = graph.nodes()[i];
        dot += "  n" + QByteArray::number(static_cast<qulonglong>(i)) + " [shape=" + dotShape(n.shape) + ", width="
            + number(n.size.width() / pointsPerInch) + ", height=" + number(n.size.height() / pointsPerInch) + "];\n";
    }
    for (const ViewEdge& e : graph.edges()) {
        dot += "  n" + QByteArray::number(e.from) + " -> n" + QByteArray::number(e.to);
        if (!e.label.isEmpty())
            dot += " [label=\"" + e.label.toUtf8().replace('"', "\\\"") + "\"]";
        dot += ";\n";
    }
    dot += "}\n";
    return dot;
}

bool GraphLayouter::readPlain(const QByteArray& plain, const ViewGraph& graph, GraphLayout& out)
{
    const std::size_t nodeCount = graph.nodes().size();
    out.nodes.assign(nodeCount, {});
    out.edges.assign(graph.edges().size(), {});
    std::vector<bool> placed(nodeCount, false);
    QHash<QPair<int, int>, std::deque<std::size_t>> pending;
    for (std::size_t i = 0; i < graph.edges().size(); ++i)
        pending[qMakePair(graph.edges()[i].from, graph.edges()[i].to)].push_back(i);
    double height = -1;
    for (QByteArrayView line : plain.split('\n')) {
        const QList<QByteArray> t = tokens(line);
        if (t.isEmpty())
            continue;
        if (t[0] == "graph" && t.size() >= 4) {
            double w = 0;
            if (!toNumber(t[2], w) || !toNumber(t[3], height))
                return false;
        } else if (t[0] == "node" && t.size() >= 6 && height >= 0) {
            const int index = nodeIndex(t[1]);
            double x = 0, y = 0;
            if (index < 0 || static_cast<std::size_t>(index) >= nodeCount || !toNumber(t[2], x) || !toNumber(t[3], y))
                return false;
            out.nodes[static_cast<std::size_t>(index)].center = QPointF(x, height - y) * pointsPerInch;
            out.nodes[static_cast<std::size_t>(index)].size = graph.nodes()[static_cast<std::size_t>(index)].size;
            placed[static_cast<std::size_t>(index)] = true;
        } else if (t[0] == "edge" && t.size() >= 4 && height >= 0) {
            const int from = nodeIndex(t[1]);
            const int to = nodeIndex(t[2]);
            auto it = pending.find(qMakePair(from, to));
            bool ok = false;
            const int n = t[3].toInt(&ok);
            if (it == pending.end() || it->empty() || !ok || n < 2 || t.size() < 4 + 2 * n)
                return false;
            GraphLayout::Edge& edge = out.edges[it->front()];
            it->pop_front();
            for (int i = 0; i < n; ++i) {
                double x = 0, y = 0;
                if (!toNumber(t[4 + 2 * i], x) || !toNumber(t[5 + 2 * i], y))
                    return false;
                edge.points.append(QPointF(x, height - y) * pointsPerInch);
            }
            const int rest = static_cast<int>(t.size()) - 4 - 2 * n;
            double lx = 0, ly = 0;
            if (rest >= 5 && toNumber(t[5 + 2 * n], lx) && toNumber(t[6 + 2 * n], ly)) {
                edge.labelPos = QPointF(lx, height - ly) * pointsPerInch;
                edge.hasLabel = true;
            }
        }
    }
    if (height < 0 || std::find(placed.begin(), placed.end(), false) != placed.end())
        return false;
    for (const auto& queue : std::as_const(pending))
        if (!queue.empty())
            return false;
    QRectF bounds;
    for (const GraphLayout::Node& n : out.nodes)
        bounds |= QRectF(n.center - QPointF(n.size.width(), n.size.height()) / 2, n.size);
    for (const GraphLayout::Edge& e : out.edges)
        for (const QPointF& p : e.points)
            bounds |= QRectF(p, QSizeF(1, 1));
    out.bounds = bounds.adjusted(-16, -16, 16, 16);
    out.engine = QStringLiteral("dot");
    return true;
}

bool GraphLayouter::runDot(const ViewGraph& graph, const QString& dotProgram, GraphLayout& out, QString& error)
{
    const QString program =
        dotProgram.contains(QLatin1Char('/')) ? dotProgram : QStandardPaths::findExecutable(dotProgram);
    if (program.isEmpty()) {
        error = QStringLiteral("Graphviz (dot) is not installed, so the graph uses a simple built-in layout. "
                               "Install graphviz for a clearer one.");
        return false;
    }
    QProcess dot;
    dot.start(program, { QStringLiteral("-Tplain") });
    if (!dot.waitForStarted(5000)) {
        error = QStringLiteral("Graphviz (%1) could not be started: %2. The graph uses a built-in layout.")
                    .arg(program, dot.errorString());
        return false;
    }
    dot.write(layoutDot(graph));
    dot.closeWriteChannel();
    if (!dot.waitForFinished(dotTimeoutMs)) {
        dot.kill();
        dot.waitForFinished(1000);
        error = QStringLiteral("Graphviz took longer than %1 s; the graph uses a built-in layout.")
                    .arg(dotTimeoutMs / 1000);
        return false;
    }
    if (dot.exitStatus() != QProcess::NormalExit || dot.exitCode() != 0) {
        error = QStringLiteral("Graphviz failed (%1); the graph uses a built-in layout.")
                    .arg(QString::fromLocal8Bit(dot.readAllStandardError()).trimmed().left(200));
        return false;
    }
    if (!readPlain(dot.readAllStandardOutput(), graph, out)) {
        error = QStringLiteral("Graphviz output could not be read; the graph uses a built-in layout.");
        return false;
    }
    return true;
}

GraphLayout GraphLayouter::layout(const ViewGraph& graph, const QString& dotProgram)
{
    if (graph.nodes().empty()) {
        GraphLayout empty;
        empty.engine = QStringLiteral("none");
        return empty;
    }
    if (static_cast<int>(graph.nodes().size()) > dotNodeLimit) {
        GraphLayout out = layered(graph);
        out.message = QStringLiteral("%1 nodes are too many for Graphviz to place quickly; the graph uses a "
                                     "built-in layout. \"Only what matters\" draws a smaller graph.")
                          .arg(graph.nodes().size());
        return out;
    }
    GraphLayout out;
    QString error;
    if (runDot(graph, dotProgram, out, error))
        return out;
    out = layered(graph);
    out.message = error;
    return out;
}

} // namespace hvdump::gui
