// SPDX-License-Identifier: GPL-2.0-or-later
#include "findingspanel.h"

#include <hvdump/app/gui/models/findingsmodel.h>
#include <hvdump/app/gui/models/guitext.h>
#include <hvdump/app/gui/models/reportwriter.h>

#include <QDesktopServices>
#include <QEvent>
#include <QHeaderView>
#include <QSplitter>
#include <QTextBrowser>
#include <QTreeView>
#include <QUrl>
#include <QVBoxLayout>

#include <map>

namespace hvdump::gui {

FindingsPanel::FindingsPanel(QWidget* parent)
    : QWidget(parent)
    , m_model(new FindingsModel(this))
    , m_list(new QTreeView(this))
    , m_details(new QTextBrowser(this))
{
    m_list->setModel(m_model);
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setAllColumnsShowFocus(true);
    m_list->setAccessibleName(QStringLiteral("Findings"));
    m_list->header()->setStretchLastSection(false);
    m_list->header()->setSectionResizeMode(FindingsModel::TitleColumn, QHeaderView::Stretch);
    m_list->header()->setSectionResizeMode(FindingsModel::KindColumn, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(FindingsModel::ConfidenceColumn, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(FindingsModel::ContextsColumn, QHeaderView::ResizeToContents);
    m_details->setOpenLinks(false);
    m_details->setAccessibleName(QStringLiteral("Finding details"));
    m_details->setPlaceholderText(QStringLiteral("Findings appear here once the dump is analyzed."));
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("findingsSplitter"));
    splitter->addWidget(m_list);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 5);
    splitter->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex& current) { showFinding(current.isValid() ? current.row() : -1); });
    connect(m_details, &QTextBrowser::anchorClicked, this, &FindingsPanel::onAnchor);
    m_model->setDarkBackground(darkPalette());
}

bool FindingsPanel::darkPalette() const
{
    return isDark(palette().color(QPalette::Base));
}

void FindingsPanel::setPlaceholder(const QString& text)
{
    m_details->setHtml(QStringLiteral("<p>") + text.toHtmlEscaped() + QStringLiteral("</p>"));
}

void FindingsPanel::setAnalysis(std::shared_ptr<const graph::Analysis> analysis)
{
    m_analysis = std::move(analysis);
    m_model->setAnalysis(m_analysis);
    // a short list needs little room: keep the details tall
    const int rows = std::min(m_model->rowCount(), 6);
    m_list->setMinimumHeight(m_list->header()->sizeHint().height() + std::max(rows, 1) * m_list->sizeHintForRow(0) + 6);
    if (m_model->rowCount() > 0) {
        selectFinding(0);
        return;
    }
    showFinding(-1);
}

int FindingsPanel::currentFinding() const
{
    const QModelIndex current = m_list->currentIndex();
    return current.isValid() ? current.row() : -1;
}

void FindingsPanel::selectFinding(int index)
{
    if (index < 0 || index >= m_model->rowCount())
        return;
    if (currentFinding() == index)
        showFinding(index);
    else
        m_list->setCurrentIndex(m_model->index(index, 0)); // currentRowChanged shows it
}

void FindingsPanel::showFinding(int index)
{
    if (!m_analysis)
        return;
    if (index < 0 || static_cast<std::size_t>(index) >= m_analysis->findings.size()) {
        if (m_analysis->findings.empty()) {
            const parsers::Dump& dump = m_analysis->dump;
            std::map<std::string, int> formats;
            for (const parsers::Region& r : dump.regions)
                ++formats[parsers::formatName(r.format)];
            QStringList formatNames;
            for (const auto& [name, count] : formats)
                formatNames.append(toQString(name));
            QString html = QStringLiteral("<h3>No hang found</h3><p>%1 stacks read (%2). No context waits forever on "
                                          "something nobody can release, and nothing spins without progress.</p>")
                               .arg(dump.threads.size())
                               .arg(formatNames.isEmpty() ? QStringLiteral("no known format")
                                                          : formatNames.join(QStringLiteral(", ")));
            if (!m_analysis->diagnostics.empty())
                html += QStringLiteral("<p>%1 parts of the input could not be read: see the Diagnostics panel.</p>")
                            .arg(m_analysis->diagnostics.size());
            m_details->setHtml(html);
        }
        return;
    }
    const graph::Finding& f = m_analysis->findings[static_cast<std::size_t>(index)];
    m_details->setHtml(ReportWriter::findingHtml(*m_analysis, f, darkPalette(), true));
    Q_EMIT findingSelected(index);
}

void FindingsPanel::onAnchor(const QUrl& url)
{
    if (url.scheme() == QStringLiteral("hvdump-lines")) {
        const QStringList parts = url.path().split(QLatin1Char('-'));
        parsers::LineSpan span;
        bool ok = false;
        const uint first = parts.value(0).toUInt(&ok);
        if (!ok || first == 0)
            return;
        span.first = first;
        span.last = std::max<uint>(first, parts.value(1).toUInt());
        Q_EMIT evidenceActivated(span);
        return;
    }
    if (url.scheme() == QStringLiteral("http") || url.scheme() == QStringLiteral("https"))
        QDesktopServices::openUrl(url);
}

void FindingsPanel::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        m_model->setDarkBackground(darkPalette());
        showFinding(currentFinding());
    }
}

} // namespace hvdump::gui
