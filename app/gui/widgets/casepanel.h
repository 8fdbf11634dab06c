// SPDX-License-Identifier: GPL-2.0-or-later
// The case database panel for the current dump: which case it was filed as and whether the
// same hang was seen before (and fixed where), its status and fix link, the notes, and the
// similar earlier cases with why they match. Edits and double clicks become requests; the
// panel itself never touches the database.
#pragma once

#include "casedatabase.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QTreeWidget;

namespace hvdump::gui {

class CasePanel final : public QWidget
{
    Q_OBJECT
public:
    explicit CasePanel(QWidget* parent = nullptr);

    /// No case to show: a line saying why (no database, filing, not filed and the reason).
    void showMessage(const QString& text);
    void showCase(CaseViewPtr view);
    CaseViewPtr view() const
    {
        return m_view;
    }

    QLabel* headline() const
    {
        return m_headline;
    }
    QComboBox* statusBox() const
    {
        return m_status;
    }
    QLineEdit* fixEdit() const
    {
        return m_fix;
    }
    QPushButton* applyButton() const
    {
        return m_apply;
    }
    QTreeWidget* similarList() const
    {
        return m_similar;
    }
    QListWidget* notesList() const
    {
        return m_notes;
    }
    QLineEdit* noteEdit() const
    {
        return m_noteEdit;
    }
    QPushButton* rejectButton() const
    {
        return m_reject;
    }

    /// The words saying why a similar case matches (shared signature, else shared frames).
    static QString whyText(const casedb::SimilarCase& similar);

Q_SIGNALS:
    void statusRequested(qint64 id, hvdump::casedb::CaseStatus status, const QString& fixUrl);
    void noteRequested(qint64 id, const QString& text);
    void rejectRequested(qint64 id, qint64 other);
    void openCaseRequested(qint64 id);

private:
    void setEditable(bool editable);
    void onApply();
    void onAddNote();
    void onReject();

    CaseViewPtr m_view;
    QLabel* m_headline = nullptr;
    QLabel* m_seenBefore = nullptr;
    QComboBox* m_status = nullptr;
    QLineEdit* m_fix = nullptr;
    QPushButton* m_apply = nullptr;
    QTreeWidget* m_similar = nullptr;
    QPushButton* m_reject = nullptr;
    QListWidget* m_notes = nullptr;
    QLineEdit* m_noteEdit = nullptr;
    QPushButton* m_addNote = nullptr;
};

} // namespace hvdump::gui
