#include "control_panel.h"
#include "formula_panel.h"
#include "main_window.h"
#include "preset_selector.h"
#include "summary_panel.h"

#include <QComboBox>
#include <QMenu>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QtTest>

using namespace lgm;
using namespace lgm::ui;

class TestPresetSelector : public QObject {
    Q_OBJECT

private:
    static std::int64_t value(MainWindow& w, Field field) {
        return w.controlPanel()->spinBox(field)->value();
    }

private slots:
    void gpt2MediumSetsControlsAndExactCount() {
        MainWindow w;
        QVERIFY(w.presetSelector()->apply(QStringLiteral("gpt2-medium")));
        w.flushUpdate();
        QCOMPARE(value(w, Field::Vocab), 50257);
        QCOMPARE(value(w, Field::DModel), 1024);
        QCOMPARE(value(w, Field::Layers), 24);
        QCOMPARE(value(w, Field::Heads), 16);
        QCOMPARE(value(w, Field::Ffn), 4096);
        QCOMPARE(value(w, Field::SeqLen), 1024);
        QCOMPARE(value(w, Field::Positions), 1024);
        QVERIFY(w.controlPanel()->ffnLocked());
        QVERIFY(w.controlPanel()->positionsLocked());
        // The published GPT-2 medium count.
        QCOMPARE(w.summaryPanel()->rawValue(QStringLiteral("parameters.exact")), 354823168.0);
        QCOMPARE(w.presetSelector()->combo()->currentData().toString(),
                 QStringLiteral("gpt2-medium"));
    }

    void optUnlocksPositionsAndKeepsTheRest() {
        MainWindow w;
        w.controlPanel()->spinBox(Field::Batch)->setValue(32);
        w.controlPanel()->precisionBox()->setCurrentIndex(1); // fp16 mixed
        QVERIFY(w.presetSelector()->apply(QStringLiteral("OPT-1.3B")));
        w.flushUpdate();
        QCOMPARE(value(w, Field::SeqLen), 2048);
        QCOMPARE(value(w, Field::Positions), 2050);
        QVERIFY(!w.controlPanel()->positionsLocked());
        QVERIFY(w.controlPanel()->ffnLocked());
        QCOMPARE(value(w, Field::Batch), 32);
        QVERIFY(w.controlPanel()->config().precision == Precision::Fp16Mixed);
        // v·d + P·d + L(12d² + 13d) + 2d at v = 50272, P = 2050, d = 2048, L = 24: the
        // published OPT-1.3b count.
        QCOMPARE(w.summaryPanel()->rawValue(QStringLiteral("parameters.exact")), 1315758080.0);
        // Moving s keeps P = 2050: the table no longer follows s.
        w.controlPanel()->spinBox(Field::SeqLen)->setValue(4096);
        QCOMPARE(value(w, Field::Positions), 2050);
    }

    void unknownPresetChangesNothing() {
        MainWindow w;
        const Config before = w.controlPanel()->config();
        QVERIFY(!w.presetSelector()->apply(QStringLiteral("gpt5")));
        QCOMPARE(w.controlPanel()->config(), before);
    }

    void comboFollowsControls() {
        MainWindow w;
        QComboBox* combo = w.presetSelector()->combo();
        // The defaults are GPT-2 small's shape.
        QCOMPARE(combo->currentData().toString(), QStringLiteral("gpt2"));
        w.controlPanel()->spinBox(Field::Layers)->setValue(13);
        QCOMPARE(combo->currentIndex(), 0);
        QCOMPARE(w.presetSelector()->currentPreset(), QString());
        const int index = combo->findData(QStringLiteral("gpt3-175b"));
        QVERIFY(index > 0);
        combo->setCurrentIndex(index);
        emit combo->activated(index);
        QCOMPARE(value(w, Field::DModel), 12288);
        QCOMPARE(value(w, Field::Layers), 96);
        QCOMPARE(value(w, Field::Heads), 96);
    }

    void menuGroupsFamilies() {
        MainWindow w;
        QMenu* menu = w.presetSelector()->menu();
        QStringList families;
        QList<int> counts;
        for (QAction* action : menu->actions()) {
            QVERIFY(action->menu());
            families << action->menu()->title();
            counts << int(action->menu()->actions().size());
        }
        // The lecture note's families first, then today's.
        QCOMPARE(families.mid(0, 3), (QStringList{"GPT-2", "GPT-3", "OPT"}));
        QCOMPARE(counts.mid(0, 3), (QList<int>{4, 8, 8}));
        for (const char* family : {"Llama 2", "Llama 3", "Mistral", "Qwen2.5", "Qwen3", "Gemma 2",
                                   "Phi-3", "OLMo 2", "Pythia"}) {
            QVERIFY2(families.contains(QLatin1String(family)), family);
        }
        menu->actions()[1]->menu()->actions()[3]->trigger(); // gpt3-1.3b
        QCOMPARE(value(w, Field::DModel), 2048);
        QCOMPARE(value(w, Field::Heads), 24);
    }

    // A preset of today's families sets its whole architecture, and the combo names it.
    void modelPresetSetsTheArchitecture_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("kvHeads");
        QTest::addColumn<int>("experts");
        QTest::addColumn<bool>("tied");
        QTest::newRow("Llama-3-8B") << "llama-3-8b" << 8 << 1 << false; // GQA, untied
        QTest::newRow("Mixtral-8x7B") << "mixtral-8x7b" << 8 << 8 << false;
        QTest::newRow("Gemma-2-9B") << "gemma-2-9b" << 8 << 1 << true; // Gemma ties its head
    }
    void modelPresetSetsTheArchitecture() {
        QFETCH(QString, name);
        QFETCH(int, kvHeads);
        QFETCH(int, experts);
        QFETCH(bool, tied);
        MainWindow w;
        w.controlPanel()->spinBox(Field::Batch)->setValue(3);
        QVERIFY(w.presetSelector()->apply(name));
        const Scenario s = w.controlPanel()->scenario();
        QCOMPARE(s.model.kvHeads, std::int64_t(kvHeads));
        QCOMPARE(s.model.moe.experts, std::int64_t(experts));
        QCOMPARE(s.model.tiedHead, tied);
        QCOMPARE(s.model.positionType, PositionType::Rotary);
        QCOMPARE(s.training.batch, std::int64_t(3));
        QCOMPARE(w.controlPanel()->inputActive(InputId::TopK), experts > 1);
        QCOMPARE(w.presetSelector()->combo()->currentData().toString(), name);
        QCOMPARE(w.presetSelector()->currentPreset(), name);
    }

    void noteOfInconsistentShapeIsShown() {
        MainWindow w;
        QVERIFY(w.presetSelector()->apply(QStringLiteral("gpt3-13b")));
        QCOMPARE(value(w, Field::DModel), 5140);
        QVERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("5140")));
        QVERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("40 heads")));
        const int index = w.presetSelector()->combo()->findData(QStringLiteral("gpt3-1.3b"));
        QVERIFY(w.presetSelector()
                    ->combo()
                    ->itemData(index, Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("24 × 128 = 3072")));
    }

    void formulaTabFollowsPreset() {
        MainWindow w;
        w.resize(1600, 1000);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.chartTabs()->setCurrentWidget(w.formulaPanel());
        QVERIFY(w.presetSelector()->apply(QStringLiteral("gpt2-medium")));
        w.flushUpdate();
        QVERIFY(w.formulaPanel()->markdown().contains(QStringLiteral("354,823,168")));
        QVERIFY(!w.formulaPanel()->markdown().contains(QStringLiteral("124,439,808")));
    }
};

QTEST_MAIN(TestPresetSelector)
#include "tst_preset_selector.moc"
