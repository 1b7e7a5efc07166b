#include "compare_controller.h"
#include "control_panel.h"
#include "estimate_chart.h"
#include "language_menu.h"
#include "main_window.h"
#include "summary_panel.h"

#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QSettings>
#include <QSpinBox>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace lgm;
using namespace lgm::ui;

class TestLanguageMenu : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    // The caption QFormLayout shows beside the d spin box.
    static QString dLabel(MainWindow& w) {
        const auto labels = w.controlPanel()->findChildren<QLabel*>();
        for (QLabel* label : labels) {
            if (label->buddy() == w.controlPanel()->spinBox(Field::DModel)) {
                return label->text();
            }
        }
        return {};
    }

    static QString summaryLabel(MainWindow& w, const QString& key) {
        for (const SummaryRow& row : w.summaryPanel()->rows()) {
            if (row.key == key) {
                return row.label;
            }
        }
        return {};
    }

    static void settle(MainWindow& w) {
        // The language change reaches the widgets as posted events; the window then updates.
        QCoreApplication::processEvents();
        QCoreApplication::processEvents();
        w.flushUpdate();
    }

    // The tab's whole title: a narrow window shows only the part before the colon (TabTitles
    // keeps the whole one in the tab's data), and the language switch must change the whole.
    static QString fullTabTitle(MainWindow& w, int index) {
        const QStringList stored = w.chartTabs()->tabBar()->tabData(index).toStringList();
        return stored.isEmpty() ? w.chartTabs()->tabText(index) : stored.first();
    }

private slots:
    void switchesVisibleTextsAtRunTime() {
        MainWindow w;
        w.flushUpdate();
        const QString tab = fullTabTitle(w, 0);
        const QString chartTitle = w.chart(ChartKind::MemoryVsSeq)->title();
        QCOMPARE(tab, QStringLiteral("&Memory: model states vs activations"));
        QCOMPARE(dLabel(w), QStringLiteral("Embedding dimension d"));
        QCOMPARE(chartTitle, QStringLiteral("Memory vs context length s"));
        QCOMPARE(summaryLabel(w, QStringLiteral("activations.total")),
                 QStringLiteral("activations"));

        QVERIFY(w.languageMenu()->choose(QStringLiteral("zh_CN"), false));
        settle(w);
        QCOMPARE(w.languageMenu()->language(), QStringLiteral("zh_CN"));
        // The spec's own terms: 激活值 (activations), 模型状态 (model states).
        QVERIFY2(fullTabTitle(w, 0).contains(QStringLiteral("激活值")),
                 qPrintable(fullTabTitle(w, 0)));
        QVERIFY2(fullTabTitle(w, 0).contains(QStringLiteral("模型状态")),
                 qPrintable(fullTabTitle(w, 0)));
        QVERIFY2(dLabel(w).contains(QStringLiteral("嵌入")), qPrintable(dLabel(w)));
        QVERIFY(w.chart(ChartKind::MemoryVsSeq)->title() != chartTitle);
        QVERIFY(summaryLabel(w, QStringLiteral("activations.total"))
                    .contains(QStringLiteral("激活值")));
        QVERIFY(w.menuBar()->actions().front()->text() != QStringLiteral("&File"));
        const QRegularExpression chinese(QStringLiteral("[\\x{4e00}-\\x{9fff}]"));
        for (const QAction* menu : w.menuBar()->actions()) { // every menu, Compare included
            QVERIFY2(menu->text().contains(chinese), qPrintable(menu->text()));
        }
        w.compare()->pinCurrent();
        w.flushUpdate();
        const auto ghosts = w.chart(ChartKind::MemoryVsSeq)->visibleGhosts();
        QVERIFY(!ghosts.isEmpty());
        QVERIFY2(ghosts.front()->name().contains(QStringLiteral("参考")),
                 qPrintable(ghosts.front()->name()));
        w.compare()->clear();

        QVERIFY(w.languageMenu()->choose(QStringLiteral("en"), false));
        settle(w);
        QCOMPARE(fullTabTitle(w, 0), tab);
        QCOMPARE(dLabel(w), QStringLiteral("Embedding dimension d"));
        QCOMPARE(w.chart(ChartKind::MemoryVsSeq)->title(), chartTitle);
        QCOMPARE(summaryLabel(w, QStringLiteral("activations.total")),
                 QStringLiteral("activations"));
        QCOMPARE(w.menuBar()->actions().front()->text(), QStringLiteral("&File"));
    }

    void numbersSurviveTheSwitch() {
        MainWindow w;
        w.controlPanel()->spinBox(Field::Layers)->setValue(24);
        w.flushUpdate();
        const Config before = w.controlPanel()->config();
        const double total = w.summaryPanel()->rawValue(QStringLiteral("total"));
        QVERIFY(w.languageMenu()->choose(QStringLiteral("zh_CN"), false));
        settle(w);
        QCOMPARE(w.controlPanel()->config(), before);
        QCOMPARE(w.summaryPanel()->rawValue(QStringLiteral("total")), total);
        QVERIFY(w.languageMenu()->choose(QStringLiteral("en"), false));
        settle(w);
    }

    void unknownLanguageIsRefused() {
        MainWindow w;
        QVERIFY(!w.languageMenu()->choose(QStringLiteral("fr")));
        QCOMPARE(w.languageMenu()->language(), QStringLiteral("en"));
    }

    void menuOffersSystemEnglishChinese() {
        MainWindow w;
        const QList<QAction*> actions = w.languageMenu()->menu()->actions();
        QCOMPARE(actions.size(), 3);
        QCOMPARE(actions[1]->text(), QStringLiteral("English"));
        QCOMPARE(actions[2]->text(), QStringLiteral("简体中文"));
        actions[2]->trigger();
        QVERIFY(actions[2]->isChecked());
        QVERIFY(!actions[1]->isChecked());
        QCOMPARE(w.languageMenu()->choice(), QStringLiteral("zh_CN"));
        actions[1]->trigger();
        QCOMPARE(w.languageMenu()->language(), QStringLiteral("en"));
        settle(w);
    }

    void choicePersistsInSettings() {
        QSettings settings(m_dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        {
            MainWindow w(&settings);
            QVERIFY(w.languageMenu()->choose(QStringLiteral("zh-CN")));
            QCOMPARE(settings.value(QStringLiteral("ui/language")).toString(),
                     QStringLiteral("zh_CN"));
            // A one-off choice (--lang) is not saved.
            QVERIFY(w.languageMenu()->choose(QStringLiteral("en"), false));
            QCOMPARE(settings.value(QStringLiteral("ui/language")).toString(),
                     QStringLiteral("zh_CN"));
        }
        {
            MainWindow w(&settings);
            QCOMPARE(w.languageMenu()->choice(), QStringLiteral("zh_CN"));
            QCOMPARE(w.languageMenu()->language(), QStringLiteral("zh_CN"));
            settle(w);
            QVERIFY(fullTabTitle(w, 0).contains(QStringLiteral("激活值")));
        }
        // A damaged entry falls back to the system default.
        settings.setValue(QStringLiteral("ui/language"), QStringLiteral("klingon"));
        MainWindow w(&settings);
        QCOMPARE(w.languageMenu()->choice(), LanguageMenu::kSystem);
    }
};

QTEST_MAIN(TestLanguageMenu)
#include "tst_language_menu.moc"
