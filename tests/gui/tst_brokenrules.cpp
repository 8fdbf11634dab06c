// SPDX-License-Identifier: GPL-2.0-or-later
// A broken rule file in the user's rule folder: the desktop app still analyses with everything
// else, and lists what it could not load, with the rule file's name and line, among the dump's
// diagnostics (a line of the rule file is not offered as a line of the dump).
#include "guitestsupport.h"

#include <hvdump/app/gui/models/diagnosticsmodel.h>
#include <hvdump/app/gui/models/modelroles.h>
#include <hvdump/app/gui/widgets/dumppage.h>
#include <hvdump/app/gui/widgets/mainwindow.h>

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace hvdump;
using namespace hvdump::gui;
using namespace Qt::StringLiterals;

class TestBrokenRules : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settings.isValid());
        QCoreApplication::setOrganizationName(u"hvdump-tests"_s);
        QCoreApplication::setApplicationName(u"tst_brokenrules"_s);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
        // read once per process, at the first analysis: set before any
        qputenv("HVDUMP_RULES_PATH", test::sourcePath(u"tests/data/rules/broken"_s).toLocal8Bit());
    }

    void brokenRuleFileIsListedAndTheRestIsUsed()
    {
        MainWindow window;
        window.show();
        DumpPage* page = window.openPaths({ test::samplePath(u"001_cloud_hypervisor_pause_deadlock.txt"_s) }).value(0);
        QVERIFY(page);
        QTRY_VERIFY_WITH_TIMEOUT(page->state() != DumpPage::State::Loading, 30000);
        QCOMPARE(page->state(), DumpPage::State::Ready);
        // the shipped catalog still names the hang
        QVERIFY(!page->analysis()->findings.empty());
        QCOMPARE(page->analysis()->findings.front().ruleId, std::string("cloud-hypervisor.pause-holds-vcpu-states"));

        const DiagnosticsModel* model = page->diagnosticsModel();
        int ruleRow = -1;
        for (int row = 0; row < model->rowCount() && ruleRow < 0; ++row)
            if (model->index(row, DiagnosticsModel::CodeColumn).data().toString() == u"HVR001"_s)
                ruleRow = row;
        QVERIFY2(ruleRow >= 0, "the YAML syntax error of 10-not-yaml.yaml is listed");
        QCOMPARE(model->index(ruleRow, DiagnosticsModel::LocationColumn).data().toString(), u"10-not-yaml.yaml:5:11"_s);
        QVERIFY(!model->index(ruleRow, 0).data(EvidenceRole).value<parsers::LineSpan>().valid());
    }

private:
    QTemporaryDir m_settings;
};

QTEST_MAIN(TestBrokenRules)
#include "tst_brokenrules.moc"
