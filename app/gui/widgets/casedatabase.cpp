// SPDX-License-Identifier: GPL-2.0-or-later
#include "casedatabase.h"

#include <hvdump/app/casedb/caseinput.h>
#include <hvdump/app/casedb/casestore.h>
#include <hvdump/app/casedb/dbpath.h>
#include <hvdump/app/gui/models/guitext.h>

#include <mutex>

namespace hvdump::gui {

// Lives on the database thread and owns the store; every method runs there.
class CaseDatabase::Worker final : public QObject
{
public:
    explicit Worker(CaseDatabase* owner)
        : m_owner(owner)
    {
    }

    void open(const QString& path)
    {
        close();
        if (path.isEmpty())
            return;
        casedb::Result<casedb::CaseStore> store =
            casedb::CaseStore::open(path.toStdString(), casedb::CaseStore::OpenMode::Create);
        if (!store) {
            Q_EMIT m_owner->unavailable(path, toQString(store.error().message));
            return;
        }
        const casedb::Result<std::int64_t> count = store->caseCount();
        {
            std::lock_guard lock(m_storeMutex);
            m_store.emplace(std::move(*store));
        }
        Q_EMIT m_owner->opened(path, count ? *count : 0);
    }

    void close()
    {
        std::lock_guard lock(m_storeMutex);
        m_store.reset();
    }

    // from any thread: stops the running SQLite call
    void interrupt()
    {
        std::lock_guard lock(m_storeMutex);
        if (m_store)
            m_store->interrupt();
    }

    void file(const QString& key, const AnalysisPtr& analysis, const RawTextPtr& text, const QString& fileName)
    {
        if (!ready(key))
            return;
        if (!casedb::hasContent(analysis->dump)) {
            Q_EMIT m_owner->failed(key, QStringLiteral("not filed: no stack, report or object was recognised"));
            return;
        }
        casedb::CaseInput input = casedb::makeCaseInput(*analysis, std::string(text->bytes()), fileName.toStdString());
        casedb::prepareCase(input);
        const casedb::Result<casedb::ImportResult> imported = m_store->import(input);
        if (!imported) {
            Q_EMIT m_owner->failed(key, toQString(imported.error().message));
            return;
        }
        emitView(key, imported->id, imported->created);
    }

    void load(const QString& key, casedb::CaseId id)
    {
        if (ready(key))
            emitView(key, id, false);
    }

    void setStatus(const QString& key, casedb::CaseId id, casedb::CaseStatus status, const QString& fixUrl)
    {
        if (!ready(key))
            return;
        if (const casedb::Error e = m_store->setStatus(id, status, fixUrl.trimmed().toStdString())) {
            Q_EMIT m_owner->failed(key, toQString(e.message));
            return;
        }
        emitView(key, id, false);
    }

    void addNote(const QString& key, casedb::CaseId id, const QString& text)
    {
        if (!ready(key))
            return;
        const auto note = m_store->addNote(id, casedb::currentUser(), text.trimmed().toStdString());
        if (!note) {
            Q_EMIT m_owner->failed(key, toQString(note.error().message));
            return;
        }
        emitView(key, id, false);
    }

    void reject(const QString& key, casedb::CaseId id, casedb::CaseId other)
    {
        if (!ready(key))
            return;
        if (const casedb::Error e = m_store->reject(id, other, casedb::currentUser())) {
            Q_EMIT m_owner->failed(key, toQString(e.message));
            return;
        }
        emitView(key, id, false);
    }

    void fetchText(casedb::CaseId id)
    {
        const QString key = QStringLiteral("case %1").arg(id);
        if (!ready(key))
            return;
        const casedb::Result<casedb::CaseSummary> summary = m_store->summary(id);
        casedb::Result<std::string> text = m_store->rawText(id);
        if (!summary || !text) {
            Q_EMIT m_owner->failed(key, toQString((!summary ? summary.error() : text.error()).message));
            return;
        }
        Q_EMIT m_owner->textFetched(id, toQString(summary->fileName), QByteArray::fromStdString(*text));
    }

private:
    bool ready(const QString& key)
    {
        if (m_store)
            return true;
        Q_EMIT m_owner->failed(key, QStringLiteral("no case database is open"));
        return false;
    }

    void emitView(const QString& key, casedb::CaseId id, bool created)
    {
        casedb::Result<casedb::CaseDetail> detail = m_store->show(id);
        if (!detail) {
            Q_EMIT m_owner->failed(key, toQString(detail.error().message));
            return;
        }
        casedb::Result<std::vector<casedb::SimilarCase>> similar = m_store->similar(id);
        auto view = std::make_shared<CaseView>();
        view->detail = std::move(*detail);
        if (similar)
            view->similar = std::move(*similar);
        view->created = created;
        Q_EMIT m_owner->caseReady(key, std::move(view));
    }

    CaseDatabase* m_owner;
    std::mutex m_storeMutex; // guards m_store's lifetime against interrupt() from the GUI thread
    std::optional<casedb::CaseStore> m_store;
};

CaseDatabase::CaseDatabase(QObject* parent)
    : QObject(parent)
    , m_worker(new Worker(this))
{
    m_thread.setObjectName(QStringLiteral("case database"));
    m_worker->moveToThread(&m_thread);
    m_thread.start();
}

CaseDatabase::~CaseDatabase()
{
    // the worker's pending calls are dropped; the running one stops at its next SQLite step
    m_worker->interrupt();
    m_thread.quit();
    m_thread.wait();
    delete m_worker;
}

template <typename Work>
void CaseDatabase::post(Work&& work)
{
    QMetaObject::invokeMethod(m_worker, std::forward<Work>(work), Qt::QueuedConnection);
}

void CaseDatabase::setPath(const QString& path)
{
    m_path = path;
    post([w = m_worker, path] { w->open(path); });
}

void CaseDatabase::file(const QString& key, AnalysisPtr analysis, RawTextPtr text, const QString& fileName)
{
    if (!analysis || !text)
        return;
    post([w = m_worker, key, analysis = std::move(analysis), text = std::move(text), fileName] {
        w->file(key, analysis, text, fileName);
    });
}

void CaseDatabase::load(const QString& key, casedb::CaseId id)
{
    post([w = m_worker, key, id] { w->load(key, id); });
}

void CaseDatabase::setStatus(const QString& key, casedb::CaseId id, casedb::CaseStatus status, const QString& fixUrl)
{
    post([w = m_worker, key, id, status, fixUrl] { w->setStatus(key, id, status, fixUrl); });
}

void CaseDatabase::addNote(const QString& key, casedb::CaseId id, const QString& text)
{
    post([w = m_worker, key, id, text] { w->addNote(key, id, text); });
}

void CaseDatabase::reject(const QString& key, casedb::CaseId id, casedb::CaseId other)
{
    post([w = m_worker, key, id, other] { w->reject(key, id, other); });
}

void CaseDatabase::fetchText(casedb::CaseId id)
{
    post([w = m_worker, id] { w->fetchText(id); });
}

} // namespace hvdump::gui
