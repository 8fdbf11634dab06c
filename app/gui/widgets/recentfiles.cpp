// SPDX-License-Identifier: GPL-2.0-or-later
#include "recentfiles.h"

#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace hvdump::gui {
namespace {

    const QString settingsKey = QStringLiteral("recentFiles");

} // namespace

RecentFiles::RecentFiles(QMenu* menu, QObject* parent)
    : QObject(parent)
    , m_menu(menu)
{
    rebuildMenu();
}

QStringList RecentFiles::files() const
{
    return QSettings().value(settingsKey).toStringList();
}

void RecentFiles::store(const QStringList& files)
{
    QSettings().setValue(settingsKey, files);
    rebuildMenu();
}

void RecentFiles::add(const QString& path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList list = files();
    list.removeAll(absolute);
    list.prepend(absolute);
    while (list.size() > maxFiles)
        list.removeLast();
    store(list);
}

void RecentFiles::clear()
{
    store({});
}

void RecentFiles::rebuildMenu()
{
    m_menu->clear();
    const QStringList list = files();
    int number = 1;
    for (const QString& path : list) {
        // &1 .. &9 give keyboard access; the tooltip has the full path
        const QString label = (number < 10 ? QStringLiteral("&%1  ").arg(number) : QStringLiteral("    "))
            + QString(QFileInfo(path).fileName()).replace(QLatin1Char('&'), QStringLiteral("&&"))
            + QStringLiteral("  \u2014  ") + QDir::toNativeSeparators(QFileInfo(path).absolutePath());
        QAction* action = m_menu->addAction(label);
        action->setToolTip(path);
        action->setEnabled(QFileInfo::exists(path));
        connect(action, &QAction::triggered, this, [this, path]() { Q_EMIT fileRequested(path); });
        ++number;
    }
    if (list.isEmpty()) {
        m_menu->addAction(QStringLiteral("No recent files"))->setEnabled(false);
        return;
    }
    m_menu->addSeparator();
    connect(m_menu->addAction(QStringLiteral("&Clear Recent Files")), &QAction::triggered, this, &RecentFiles::clear);
}

} // namespace hvdump::gui
