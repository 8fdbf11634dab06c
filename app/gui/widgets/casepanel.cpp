// SPDX-License-Identifier: GPL-2.0-or-later
#include "casepanel.h"

#include <hvdump/app/gui/models/guitext.h>

#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace hvdump::gui {
namespace {

    constexpr casedb::CaseStatus statuses[] = { casedb::CaseStatus::New, casedb::CaseStatus::Known,
        casedb::CaseStatus::Fixed, casedb::CaseStatus::NotABug };

    // "2024-05-01T12:00:00Z" -> "2024-05-01 12:00"
    QString shortTime(const std::string& iso)
    {
        QString s = toQString(iso).left(16);
        if (s.size() == 16)
            s[10] = QLatin1Char(' ');
        return s;
    }

    QString titleOf(const casedb::CaseSummary& c)
    {
        return c.title.empty() ? QStringLiteral("no hang found") : toQString(c.title);
    }

    QString caseLink(const casedb::CaseSummary& c)
    {
        QString s = QStringLiteral("#%1 (%2)").arg(c.id).arg(QLatin1String(casedb::caseStatusName(c.status)));
        if (!c.fixUrl.empty())
            s += QStringLiteral(", fix: <a href=\"%1\">%1</a>").arg(toQString(c.fixUrl).toHtmlEscaped());
        return s;
    }

} // namespace

CasePanel::CasePanel(QWidget* parent)
    : QWidget(parent)
{
    m_headline = new QLabel(this);
    m_headline->setWordWrap(true);
    m_headline->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_seenBefore = new QLabel(this);
    m_seenBefore->setWordWrap(true);
    m_seenBefore->setOpenExternalLinks(true);
    m_seenBefore->setTextInteractionFlags(Qt::TextBrowserInteraction);

    m_status = new QComboBox(this);
    for (casedb::CaseStatus s : statuses)
        m_status->addItem(QLatin1String(casedb::caseStatusName(s)), int(s));
    m_status->setAccessibleName(QStringLiteral("Case status"));
    m_fix = new QLineEdit(this);
    m_fix->setPlaceholderText(QStringLiteral("link to the fix"));
    m_fix->setAccessibleName(QStringLiteral("Fix link"));
    m_apply = new QPushButton(QStringLiteral("&Apply"), this);
    auto* statusRow = new QHBoxLayout;
    statusRow->addWidget(new QLabel(QStringLiteral("Status:"), this));
    statusRow->addWidget(m_status);
    statusRow->addWidget(m_fix, 1);
    statusRow->addWidget(m_apply);

    m_similar = new QTreeWidget(this);
    m_similar->setHeaderLabels({ QStringLiteral("Case"), QStringLiteral("Status"), QStringLiteral("Title"),
        QStringLiteral("Why it matches") });
    m_similar->setRootIsDecorated(false);
    m_similar->setAlternatingRowColors(true);
    m_similar->setAccessibleName(QStringLiteral("Similar cases"));
    m_similar->setToolTip(QStringLiteral("Double click to open the case"));
    m_similar->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_reject = new QPushButton(QStringLiteral("Not the same hang"), this);
    m_reject->setToolTip(QStringLiteral("Never offer the selected case as similar to this one again"));

    m_notes = new QListWidget(this);
    m_notes->setToolTip(QStringLiteral("Notes on this case"));
    m_notes->setWordWrap(true);
    m_notes->setAccessibleName(QStringLiteral("Notes"));
    m_noteEdit = new QLineEdit(this);
    m_noteEdit->setPlaceholderText(QStringLiteral("add a note (Enter)"));
    m_addNote = new QPushButton(QStringLiteral("Add &Note"), this);
    auto* noteRow = new QHBoxLayout;
    noteRow->addWidget(m_noteEdit, 1);
    noteRow->addWidget(m_addNote);

    // case, status and notes on the left; the similar cases beside them, so the dock stays low
    auto* left = new QVBoxLayout;
    left->addWidget(m_headline);
    left->addWidget(m_seenBefore);
    left->addLayout(statusRow);
    left->addWidget(m_notes, 1);
    left->addLayout(noteRow);
    auto* right = new QVBoxLayout;
    right->addWidget(m_similar, 1);
    right->addWidget(m_reject, 0, Qt::AlignRight);
    auto* layout = new QHBoxLayout(this);
    layout->addLayout(left, 2);
    layout->addLayout(right, 3);

    connect(m_apply, &QPushButton::clicked, this, &CasePanel::onApply);
    connect(m_addNote, &QPushButton::clicked, this, &CasePanel::onAddNote);
    connect(m_noteEdit, &QLineEdit::returnPressed, this, &CasePanel::onAddNote);
    connect(m_reject, &QPushButton::clicked, this, &CasePanel::onReject);
    connect(m_similar, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
        const qint64 id = item ? item->data(0, Qt::UserRole).toLongLong() : 0;
        if (id > 0)
            Q_EMIT openCaseRequested(id);
    });
    connect(m_similar, &QTreeWidget::itemSelectionChanged, this,
        [this] { m_reject->setEnabled(m_view && !m_similar->selectedItems().isEmpty()); });
    showMessage(QStringLiteral("No dump is open."));
}

void CasePanel::setEditable(bool editable)
{
    for (QWidget* w : { static_cast<QWidget*>(m_status), static_cast<QWidget*>(m_fix), static_cast<QWidget*>(m_apply),
             static_cast<QWidget*>(m_noteEdit), static_cast<QWidget*>(m_addNote) })
        w->setEnabled(editable);
    m_reject->setEnabled(editable && !m_similar->selectedItems().isEmpty());
}

void CasePanel::showMessage(const QString& text)
{
    m_view.reset();
    m_headline->setText(text);
    m_seenBefore->clear();
    m_seenBefore->hide();
    m_similar->clear();
    m_notes->clear();
    m_fix->clear();
    setEditable(false);
}

void CasePanel::showCase(CaseViewPtr view)
{
    if (!view)
        return showMessage(QStringLiteral("Not filed."));
    const bool sameCase = m_view && m_view->detail.summary.id == view->detail.summary.id;
    m_view = std::move(view);
    const casedb::CaseDetail& d = m_view->detail;
    const casedb::CaseSummary& c = d.summary;
    m_headline->setText(QStringLiteral("<b>Case #%1</b> \u00b7 %2 \u00b7 filed %3 by %4%5")
                            .arg(c.id)
                            .arg(QFileInfo(toQString(c.fileName)).fileName().toHtmlEscaped(), shortTime(c.importedAt),
                                toQString(c.importedBy).toHtmlEscaped(),
                                m_view->created ? QString() : QStringLiteral(" (these bytes were filed before)")));

    // the same signature elsewhere is the answer to "have we seen this hang before?"
    if (d.sameSignature.empty()) {
        m_seenBefore->setText(c.findingCount == 0 ? QStringLiteral("No hang found, so nothing to recognise.")
                                                  : QStringLiteral("<b>First time seen</b>: no other case has the "
                                                                   "signature of its findings."));
    } else {
        QStringList seen;
        for (const casedb::CaseSummary& other : d.sameSignature)
            seen << caseLink(other);
        m_seenBefore->setText(
            QStringLiteral("<b>Seen before</b> (same signature): %1").arg(seen.join(QStringLiteral("; "))));
    }
    m_seenBefore->show();

    m_status->setCurrentIndex(m_status->findData(int(c.status)));
    m_fix->setText(toQString(c.fixUrl));

    const qint64 selected = sameCase && !m_similar->selectedItems().isEmpty()
        ? m_similar->selectedItems().front()->data(0, Qt::UserRole).toLongLong()
        : 0;
    m_similar->clear();
    for (const casedb::SimilarCase& s : m_view->similar) {
        auto* item = new QTreeWidgetItem(m_similar,
            { QStringLiteral("#%1").arg(s.summary.id), QLatin1String(casedb::caseStatusName(s.summary.status)),
                titleOf(s.summary), whyText(s) });
        item->setData(0, Qt::UserRole, qint64(s.summary.id));
        item->setToolTip(2,
            toQString(s.summary.fileName)
                + (s.summary.fixUrl.empty() ? QString() : QStringLiteral("\nfix: ") + toQString(s.summary.fixUrl)));
        item->setToolTip(3, whyText(s));
        if (s.summary.id == selected)
            item->setSelected(true);
    }
    if (m_view->similar.empty())
        new QTreeWidgetItem(m_similar, { QString(), QString(), QStringLiteral("no similar case") });

    m_notes->clear();
    for (const casedb::Note& n : d.notes)
        m_notes->addItem(
            QStringLiteral("%1, %2: %3").arg(toQString(n.author), shortTime(n.createdAt), toQString(n.text)));
    setEditable(true);
}

QString CasePanel::whyText(const casedb::SimilarCase& s)
{
    QStringList why;
    for (const casedb::SharedSignature& sig : s.sharedSignatures)
        why << QStringLiteral("same hang: %1").arg(toQString(sig.title));
    if (!s.sharedFunctions.empty()) {
        QStringList frames;
        for (std::size_t i = 0; i < s.sharedFunctions.size() && i < 4; ++i)
            frames << toQString(s.sharedFunctions[i]);
        if (s.sharedFunctions.size() > 4)
            frames << QStringLiteral("\u2026");
        why << QStringLiteral("%1 shared frames (%2%): %3")
                   .arg(s.sharedFunctions.size())
                   .arg(qRound(s.jaccard * 100))
                   .arg(frames.join(QStringLiteral(", ")));
    }
    return why.join(QStringLiteral("; "));
}

void CasePanel::onApply()
{
    if (!m_view)
        return;
    const auto status = static_cast<casedb::CaseStatus>(m_status->currentData().toInt());
    Q_EMIT statusRequested(m_view->detail.summary.id, status, m_fix->text());
}

void CasePanel::onAddNote()
{
    const QString text = m_noteEdit->text().trimmed();
    if (!m_view || text.isEmpty())
        return;
    m_noteEdit->clear();
    Q_EMIT noteRequested(m_view->detail.summary.id, text);
}

void CasePanel::onReject()
{
    if (!m_view || m_similar->selectedItems().isEmpty())
        return;
    const qint64 other = m_similar->selectedItems().front()->data(0, Qt::UserRole).toLongLong();
    if (other > 0)
        Q_EMIT rejectRequested(m_view->detail.summary.id, other);
}

} // namespace hvdump::gui
