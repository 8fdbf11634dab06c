// SPDX-License-Identifier: GPL-2.0-or-later
// The desktop app's door to the shared case database: every call is queued to one worker
// thread that owns the CaseStore, so filing a 100 MB dump or waiting for another analyst's
// write never blocks the window. Results come back as signals carrying the request's key (the
// dump's path). Destroying it interrupts the running call and joins the thread.
#pragma once

#include "analysisjob.h"

#include <hvdump/app/casedb/caserecord.h>

#include <QObject>
#include <QString>
#include <QThread>

#include <memory>
#include <optional>

namespace hvdump::gui {

/// What the case panel shows for one dump.
struct CaseView
{
    casedb::CaseDetail detail;
    std::vector<casedb::SimilarCase> similar;
    bool created = false; // filed by this analysis (false: the same bytes were filed before)
};
using CaseViewPtr = std::shared_ptr<const CaseView>;

class CaseDatabase final : public QObject
{
    Q_OBJECT
public:
    explicit CaseDatabase(QObject* parent = nullptr);
    ~CaseDatabase() override;

    /// Opens (creating when missing) the file; an empty path closes the database. The outcome
    /// arrives as opened() or unavailable().
    void setPath(const QString& path);
    QString path() const
    {
        return m_path;
    }

    /// Files an analysed dump under `key` (the dump's path), then reports its case view.
    void file(const QString& key, AnalysisPtr analysis, RawTextPtr text, const QString& fileName);
    /// Reads a case's view again (after another analyst changed it, say).
    void load(const QString& key, casedb::CaseId id);
    void setStatus(const QString& key, casedb::CaseId id, casedb::CaseStatus status, const QString& fixUrl);
    void addNote(const QString& key, casedb::CaseId id, const QString& text);
    /// Marks `other` as not the same hang as `id`; similar() stops offering it.
    void reject(const QString& key, casedb::CaseId id, casedb::CaseId other);
    /// The dump text of a case as it was imported, for reopening it without the original file.
    void fetchText(casedb::CaseId id);

Q_SIGNALS:
    void opened(const QString& path, qint64 cases);
    void unavailable(const QString& path, const QString& message);
    void caseReady(const QString& key, hvdump::gui::CaseViewPtr view);
    void failed(const QString& key, const QString& message);
    void textFetched(qint64 id, const QString& fileName, const QByteArray& text);

private:
    class Worker;
    // runs `work` on the worker thread, in call order
    template <typename Work>
    void post(Work&& work);

    QString m_path;
    QThread m_thread;
    Worker* m_worker = nullptr;
};

} // namespace hvdump::gui
