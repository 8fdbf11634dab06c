// SPDX-License-Identifier: GPL-2.0-or-later
// The Open Recent menu: the last ten dumps opened, most recent first, kept in QSettings under
// "recentFiles". Files that no longer exist are shown disabled rather than silently dropped.
#pragma once

#include <QObject>
#include <QStringList>

class QMenu;

namespace hvdump::gui {

class RecentFiles final : public QObject
{
    Q_OBJECT
public:
    explicit RecentFiles(QMenu* menu, QObject* parent = nullptr);

    void add(const QString& path);
    QStringList files() const;
    void clear();

    static constexpr int maxFiles = 10;

Q_SIGNALS:
    void fileRequested(const QString& path);

private:
    void rebuildMenu();
    void store(const QStringList& files);

    QMenu* m_menu;
};

} // namespace hvdump::gui
