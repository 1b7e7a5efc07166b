// The control panel's rows are generated from the input table: one row per input, of the
// input's kind and range, in its section, shown only while the input has an effect.
#include "control_panel.h"
#include "input_table.h"
#include "presets.h"
#include "range_spin_box.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QGroupBox>
#include <QLabel>
#include <QtTest>

#include <bit>

using namespace lgm;
using namespace lgm::ui;

Q_DECLARE_METATYPE(lgm::Scenario)

namespace {

QString inputText(const char* text) {
    return QCoreApplication::translate("Inputs", text);
}

template <typename T> qsizetype countOf(const QList<T*>& widgets) {
    return widgets.size();
}

Scenario moeScenario() {
    Scenario s;
    applyArchitecture(s.model, Architecture::Moe);
    s.model.moe.experts = 8;
    s.model.moe.topK = 2;
    s.model.moe.sharedExperts = 1;
    s.training.precision = Precision::Bf16Mixed;
    s.parallel.data = Strategy::FsdpHybrid;
    s.parallel.gpus = 16;
    return s;
}

} // namespace

class TestControlPanel : public QObject {
    Q_OBJECT

private slots:
    void everyInputHasItsRow_data() {
        QTest::addColumn<int>("id");
        for (const InputSpec& spec : inputs()) {
            QTest::newRow(spec.key.data()) << static_cast<int>(spec.id);
        }
    }
    void everyInputHasItsRow() {
        QFETCH(int, id);
        const InputSpec& spec = inputSpec(static_cast<InputId>(id));
        ControlPanel panel;
        const InputRow& row = panel.row(spec.id);
        QCOMPARE(row.spec, &spec);
        QVERIFY(panel.sectionBox(spec.section)->isAncestorOf(row.field));
        const QString label = inputText(spec.label);
        switch (spec.kind) {
        case InputKind::Integer:
            QVERIFY(row.spin && !row.combo && !row.check);
            QCOMPARE(qint64(row.spin->minimum()), qint64(spec.min));
            QCOMPARE(qint64(row.spin->maximum()), qint64(spec.max));
            QCOMPARE(row.caption->text(), label);
            // The tool tip says the range the box takes.
            QVERIFY2(row.spin->toolTip().contains(row.spin->rangeText()),
                     qPrintable(row.spin->toolTip()));
            QCOMPARE(row.lock != nullptr, spec.rule != DefaultRule::None);
            break;
        case InputKind::Choice:
            QVERIFY(row.combo && !row.spin && !row.check);
            QCOMPARE(qsizetype(row.combo->count()), qsizetype(spec.choices.size()));
            QCOMPARE(row.caption->text(), label);
            break;
        case InputKind::Switch:
            QVERIFY(row.check && !row.spin && !row.combo);
            QCOMPARE(row.check->text(), label);
            break;
        case InputKind::Fraction: // dropout: the table's thousandths as a probability
            QVERIFY(row.fraction && !row.spin && !row.combo && !row.check);
            QCOMPARE(row.fraction->minimum(), double(spec.min) / kFractionScale);
            QCOMPARE(row.fraction->maximum(), double(spec.max) / kFractionScale);
            QCOMPARE(row.caption->text(), label);
            break;
        case InputKind::Flags: // LoRA's targets: one box per named bit
            QVERIFY(!row.spin && !row.combo && !row.check);
            QCOMPARE(qsizetype(row.flags.size()),
                     qsizetype(std::bit_width(std::uint64_t(spec.max))));
            QCOMPARE(row.caption->text(), label);
            break;
        }
        QVERIFY(row.field->toolTip().contains(inputText(spec.help)) ||
                (row.spin && row.spin->toolTip().contains(inputText(spec.help))));
    }

    // No hand-written input beside the generated ones: spin boxes, combos and check boxes are
    // those of the table (plus the display combos and the rule locks).
    void widgetCountsMatchTheTable() {
        qsizetype integers = 0, choices = 0, switches = 0, rules = 0, flagBoxes = 0;
        for (const InputSpec& spec : inputs()) {
            integers += spec.kind == InputKind::Integer;
            choices += spec.kind == InputKind::Choice;
            switches += spec.kind == InputKind::Switch;
            rules += spec.rule != DefaultRule::None;
            // A set of names: one box per named bit (LoRA's seven targets).
            flagBoxes +=
                spec.kind == InputKind::Flags ? std::bit_width(std::uint64_t(spec.max)) : 0;
        }
        ControlPanel panel;
        QCOMPARE(countOf(panel.findChildren<RangeSpinBox*>()), integers);
        QCOMPARE(countOf(panel.findChildren<QComboBox*>()), choices + 2); // units, GPU
        QCOMPARE(countOf(panel.findChildren<QCheckBox*>()), switches + rules + flagBoxes);
        QCOMPARE(countOf(panel.findChildren<QGroupBox*>()), qsizetype(5)); // 4 sections, display
    }

    void shownWhileTheInputApplies_data() {
        QTest::addColumn<Scenario>("scenario");
        QTest::newRow("GPT-2 small") << Scenario{};
        QTest::newRow("MoE, bf16, fsdp-hybrid") << moeScenario();
        Scenario llama;
        applyArchitecture(llama.model, Architecture::Llama);
        llama.parallel.data = Strategy::Zero3;
        QTest::newRow("Llama, zero3") << llama;
    }
    void shownWhileTheInputApplies() {
        QFETCH(Scenario, scenario);
        ControlPanel panel;
        panel.setScenario(scenario);
        QCOMPARE(panel.scenario(), scenario);
        for (const InputSpec& spec : inputs()) {
            QVERIFY2(panel.inputActive(spec.id) == spec.applies(scenario), spec.key.data());
        }
    }

    void moeInputsAppearWithExperts() {
        ControlPanel panel;
        QVERIFY(!panel.inputActive(InputId::TopK));
        QVERIFY(!panel.inputActive(InputId::ExpertFfn));
        panel.spinBox(InputId::Experts)->setValue(8);
        QVERIFY(panel.inputActive(InputId::TopK));
        QVERIFY(panel.inputActive(InputId::ExpertFfn));
        QVERIFY(panel.inputActive(InputId::RouterBias));
        QVERIFY(!panel.inputActive(InputId::SharedFfn)); // no shared experts yet
        panel.spinBox(InputId::SharedExperts)->setValue(1);
        QVERIFY(panel.inputActive(InputId::SharedFfn));
        panel.spinBox(InputId::Experts)->setValue(1);
        QVERIFY(!panel.inputActive(InputId::TopK));
    }

    // Known layouts, not applyArchitecture's own output: Llama is RMSNorm, SwiGLU, no biases,
    // rotary, untied; Qwen2 adds Q/K/V biases; Gemma ties its head; GPT-2 gets P = s back.
    void architectureSetsTheStructure_data() {
        QTest::addColumn<int>("family");
        QTest::addColumn<int>("norm");
        QTest::addColumn<int>("ffn");
        QTest::addColumn<int>("bias");
        QTest::addColumn<int>("positions");
        QTest::addColumn<bool>("tied");
        QTest::newRow("llama") << int(Architecture::Llama) << int(NormType::RmsNorm)
                               << int(FfnType::Gated) << int(BiasMode::None)
                               << int(PositionType::Rotary) << false;
        QTest::newRow("qwen2") << int(Architecture::Qwen2) << int(NormType::RmsNorm)
                               << int(FfnType::Gated) << int(BiasMode::QkvOnly)
                               << int(PositionType::Rotary) << false;
        QTest::newRow("gemma") << int(Architecture::Gemma) << int(NormType::RmsNorm)
                               << int(FfnType::Gated) << int(BiasMode::None)
                               << int(PositionType::Rotary) << true;
        QTest::newRow("gpt2") << int(Architecture::Gpt2) << int(NormType::LayerNorm)
                              << int(FfnType::Plain) << int(BiasMode::All)
                              << int(PositionType::Learned) << true;
    }
    void architectureSetsTheStructure() {
        QFETCH(int, family);
        QFETCH(int, norm);
        QFETCH(int, ffn);
        QFETCH(int, bias);
        QFETCH(int, positions);
        QFETCH(bool, tied);
        ControlPanel panel;
        panel.architectureBox()->setCurrentIndex(int(Architecture::NeoX)); // from elsewhere
        QSignalSpy changed(&panel, &ControlPanel::configChanged);
        panel.architectureBox()->setCurrentIndex(family);
        QCOMPARE(changed.count(), 1);
        const ModelSpec m = panel.scenario().model;
        QCOMPARE(int(m.family), family);
        QCOMPARE(int(m.norm), norm);
        QCOMPARE(int(m.ffnType), ffn);
        QCOMPARE(int(m.bias), bias);
        QCOMPARE(int(m.positionType), positions);
        QCOMPARE(m.tiedHead, tied);
        // Rotary has no table; learned has the locked P = s = 1024.
        QCOMPARE(m.positions, positions == int(PositionType::Rotary) ? 0 : 1024);
        QCOMPARE(panel.inputActive(InputId::Positions), positions == int(PositionType::Learned));
    }

    void editingTheStructureMakesItCustom() {
        ControlPanel panel;
        panel.architectureBox()->setCurrentIndex(int(Architecture::Llama));
        panel.comboBox(InputId::Norm)->setCurrentIndex(int(NormType::LayerNorm));
        QCOMPARE(panel.scenario().model.family, Architecture::Custom);
        QCOMPARE(panel.scenario().model.norm, NormType::LayerNorm);
        // Sizes are not structure: d keeps the family.
        panel.architectureBox()->setCurrentIndex(int(Architecture::Qwen2));
        panel.spinBox(InputId::DModel)->setValue(1024);
        QCOMPARE(panel.scenario().model.family, Architecture::Qwen2);
    }

    // Every published model goes through the widgets and comes back whole.
    void presetsRoundTrip_data() {
        QTest::addColumn<QString>("name");
        for (const Preset& p : modelPresets()) {
            QTest::newRow(p.name.c_str()) << QString::fromStdString(p.name);
        }
    }
    void presetsRoundTrip() {
        QFETCH(QString, name);
        const auto preset = findModelPreset(name.toStdString());
        QVERIFY(preset);
        Scenario s;
        s.model = preset->model;
        s.training.seqLen = preset->seqLen;
        ControlPanel panel;
        panel.setScenario(s);
        QCOMPARE(panel.scenario(), s);
    }

    void lockedRulesFollow() {
        ControlPanel panel;
        panel.spinBox(InputId::Experts)->setValue(4);
        panel.spinBox(InputId::DModel)->setValue(1024);
        const Scenario s = panel.scenario();
        QCOMPARE(s.model.ffn, 4096);           // f = 4d
        QCOMPARE(s.model.moe.expertFfn, 4096); // f_e = f
        QCOMPARE(s.model.headDim, 1024 / 12);  // head_dim = d/h
        panel.spinBox(InputId::Heads)->setValue(16);
        QCOMPARE(panel.scenario().model.kvHeads, 16); // g = h
        QCOMPARE(panel.scenario().model.headDim, 64);
        panel.row(InputId::KvHeads).lock->setChecked(false);
        panel.spinBox(InputId::KvHeads)->setValue(4);
        panel.spinBox(InputId::Heads)->setValue(32);
        QCOMPARE(panel.scenario().model.kvHeads, 4);
    }

    // A broken rule between inputs shows under the input to change.
    void brokenRuleShowsUnderItsInput() {
        ControlPanel panel;
        panel.row(InputId::KvHeads).lock->setChecked(false);
        panel.spinBox(InputId::KvHeads)->setValue(5); // 5 ∤ 12
        const QLabel* hint = panel.row(InputId::KvHeads).hint;
        QVERIFY(!hint->isHidden());
        QVERIFY2(hint->text().contains(QStringLiteral("g")), qPrintable(hint->text()));
        panel.spinBox(InputId::KvHeads)->setValue(4);
        QVERIFY(hint->isHidden());
    }

    // d = 1 with h = 12 is never taken silently: the rule shows under h, until head_dim is
    // given (then the heads are h·head_dim wide and d need not split).
    void headsMustDivideDUnlessHeadDimIsGiven() {
        ControlPanel panel;
        panel.spinBox(InputId::DModel)->setValue(1000); // 12 ∤ 1000
        const QLabel* hint = panel.row(InputId::Heads).hint;
        QVERIFY(!hint->isHidden());
        QVERIFY2(hint->text().contains(QStringLiteral("h does not divide d")),
                 qPrintable(hint->text()));
        QVERIFY(hint->text().contains(QStringLiteral("head_dim")));
        panel.row(InputId::HeadDim).lock->setChecked(false);
        panel.spinBox(InputId::HeadDim)->setValue(64);
        QVERIFY(hint->isHidden());
        panel.row(InputId::HeadDim).lock->setChecked(true);
        QVERIFY(!hint->isHidden());
        panel.spinBox(InputId::DModel)->setValue(768);
        QVERIFY(hint->isHidden());
    }
};

QTEST_MAIN(TestControlPanel)
#include "tst_control_panel.moc"
