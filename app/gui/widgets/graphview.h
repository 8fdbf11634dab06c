// SPDX-License-Identifier: GPL-2.0-or-later
// Shows a GraphScene: zoom (Ctrl+wheel, +/-, Ctrl+0 or F to fit), pan (drag the background,
// scroll bars, wheel), node-by-node keyboard navigation (arrow keys), a legend in the corner
// and a banner for layout messages (e.g. Graphviz missing). Fits the graph to the view until the
// user zooms by hand.
#pragma once

#include <QGraphicsView>

class QLabel;

namespace hvdump::gui {

class GraphScene;

class GraphView final : public QGraphicsView
{
    Q_OBJECT
public:
    explicit GraphView(QWidget* parent = nullptr);

    void setGraphScene(GraphScene* scene);
    GraphScene* graphScene() const
    {
        return m_scene;
    }
    /// A line above the graph (layout engine notes); empty hides it.
    void setMessage(const QString& message);
    QString message() const;
    /// Text in the middle of an empty view ("Analyzing…", "No waits found").
    void setPlaceholder(const QString& text);

    void zoomIn();
    void zoomOut();
    void fitGraph();
    /// Centres a node without changing the zoom.
    void revealNode(int index);
    qreal zoom() const;

protected:
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void drawForeground(QPainter* painter, const QRectF& rect) override;

private:
    void zoomBy(qreal factor);
    void drawLegend(QPainter* painter);

    GraphScene* m_scene = nullptr;
    QLabel* m_banner = nullptr;
    QString m_placeholder;
    bool m_autoFit = true;
};

} // namespace hvdump::gui
