// The fine-tuning inputs in the desktop app: the generated "Fine-tuning and optimizer" group,
// File → Import DeepSpeed config… (a damaged file refused in one line naming the key, nothing
// changed), and the summary's trainable and frozen parameters and CPU memory.
#include "control_panel.h"
#include "main_window.h"
#include "scenario_actions.h"
#include "summary_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QGroupBox>
#include <QSpinBox>
#include <QtTest>

using namespace lgm;
using namespace lgm::ui;

namespace {

QString dataFile(const QString& name) {
    return QStringLiteral(LGM_DEEPSPEED_DATA_DIR "/") + name;
}

QByteArray bytesOf(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

double summaryValue(MainWindow& w, const QString& key) {
    w.flushUpdate();
    const SummaryRow* row = w.summaryPanel()->row(key);
    return row ? row->raw : -1;
}

} // namespace

class TestFinetuneApp : public QObject {
    Q_OBJECT

private slots:
    // Every Finetune row of the input table has its widget in one group with the title.
    void controlsAreGeneratedInTheirGroup() {
        MainWindow w;
        ControlPanel* panel = w.controlPanel();
        QGroupBox* box = panel->sectionBox(Section::Finetune);
        QVERIFY(box);
        QCOMPARE(box->title(), QStringLiteral("Fine-tuning and optimizer"));
        QVERIFY(box->findChild<QComboBox*>(QStringLiteral("input_optimizer")));
        QVERIFY(box->findChild<QComboBox*>(QStringLiteral("input_finetune")));
        QVERIFY(box->findChild<QComboBox*>(QStringLiteral("input_offload")));
        QVERIFY(box->findChild<QSpinBox*>(QStringLiteral("input_lora_rank")));
        QVERIFY(box->findChild<QSpinBox*>(QStringLiteral("input_grad_accumulation")));
        // LoRA's targets: one box per PEFT module name, q and v ticked by default.
        QCheckBox* q = box->findChild<QCheckBox*>(QStringLiteral("flag_lora_targets_q"));
        QCheckBox* down = box->findChild<QCheckBox*>(QStringLiteral("flag_lora_targets_down"));
        QVERIFY(q && down);
        QVERIFY(q->isChecked());
        QVERIFY(!down->isChecked());
        panel->comboBox(InputId::Finetune)->setCurrentIndex(int(FinetuneMethod::Lora));
        down->setChecked(true);
        QCOMPARE(panel->scenario().training.finetune.loraTargets,
                 std::int64_t(kLoraQ | kLoraV | kLoraDown));
        // The set keeps one name at least: unticking the last one leaves it ticked.
        for (QCheckBox* b : box->findChildren<QCheckBox*>()) {
            if (b->objectName().startsWith(QStringLiteral("flag_"))) {
                b->setChecked(false);
            }
        }
        QCOMPARE(panel->scenario().training.finetune.loraTargets, std::int64_t(kLoraDown));
    }

    // PEFT's count for GPT-2 (r = 8 on c_attn: "trainable params: 294,912"), in the summary.
    void summaryShowsTrainableAndFrozen() {
        MainWindow w;
        QCOMPARE(summaryValue(w, QStringLiteral("parameters.trainable")), -1.0); // full: no row
        Scenario s = w.controlPanel()->scenario();
        s.training.finetune.method = FinetuneMethod::Lora;
        s.training.precision = Precision::Bf16Mixed;
        w.controlPanel()->setScenario(s);
        QCOMPARE(summaryValue(w, QStringLiteral("parameters.trainable")), 294'912.0);
        QCOMPARE(summaryValue(w, QStringLiteral("parameters.frozen")), 124'439'808.0);
        // The model states are the adapters' and the frozen base's, the optimizer named.
        s.training.finetune.optimizer = Optimizer::Adam8bit;
        w.controlPanel()->setScenario(s);
        w.flushUpdate();
        const SummaryRow* optimizer =
            w.summaryPanel()->row(QStringLiteral("model_states.optimizer"));
        QVERIFY(optimizer);
        QCOMPARE(optimizer->label, QStringLiteral("optimizer (8-bit Adam)"));
        const auto heading = std::find_if(
            w.summaryPanel()->rows().cbegin(), w.summaryPanel()->rows().cend(),
            [](const SummaryRow& r) { return r.heading && r.label.startsWith(u"Model states"); });
        QVERIFY(heading != w.summaryPanel()->rows().cend());
        QVERIFY2(heading->label.contains(QLocale().toString(294912) + QStringLiteral(" trainable")),
                 qPrintable(heading->label));
    }

    // ZeRO-Offload over 8 GPUs (the CLI's check value): the host's bytes beside the GPU's.
    void summaryShowsCpuMemory() {
        MainWindow w;
        Scenario s = w.controlPanel()->scenario();
        s.training.precision = Precision::Bf16Mixed;
        s.parallel.data = Strategy::Zero2;
        s.parallel.gpus = 8;
        s.training.finetune.offload = Offload::Optimizer;
        w.controlPanel()->setScenario(s);
        QCOMPARE(summaryValue(w, QStringLiteral("cpu.per_gpu")),
                 18.0 * 15'554'976 + 2 * 38'597'376.0);
        QVERIFY(summaryValue(w, QStringLiteral("per_gpu.total")) > 0);
    }

    // good_zero2_offload_bf16.json: train_batch_size 256 = 4 × 8 × 8 GPUs.
    void importSetsTheTrainingInputs() {
        MainWindow w;
        QStringList told;
        w.scenarioActions()->setMessageSink(
            [&told](const QString&, const QString& text) { told << text; });
        Scenario s = w.controlPanel()->scenario();
        s.parallel.gpus = 8;
        w.controlPanel()->setScenario(s);
        QVERIFY(w.scenarioActions()->importDeepSpeedConfig(
            dataFile(QStringLiteral("good_zero2_offload_bf16.json"))));
        QVERIFY2(told.isEmpty(), qPrintable(told.join(u'\n')));
        const Scenario after = w.controlPanel()->scenario();
        QVERIFY(after.parallel.data == Strategy::Zero2);
        QVERIFY(after.training.finetune.offload == Offload::Optimizer);
        QVERIFY(after.training.precision == Precision::Bf16Mixed);
        QCOMPARE(after.training.batch, std::int64_t(4));
        QCOMPARE(after.training.finetune.gradAccumulation, std::int64_t(8));
        QCOMPARE(after.model, s.model); // the model is kept
        QCOMPARE(summaryValue(w, QStringLiteral("global_batch")), 256.0);
    }

    void damagedFileIsRefusedUntouched_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("key"); // what the message names
        QTest::newRow("stage 4") << "bad_stage.json"
                                 << "zero_optimization.stage";
        QTest::newRow("optimizer") << "bad_optimizer.json"
                                   << "optimizer.type";
        QTest::newRow("batch contradiction") << "bad_batch_contradiction.json"
                                             << "train_batch_size";
        QTest::newRow("not JSON") << "bad_not_json.json"
                                  << "bad_not_json.json";
        QTest::newRow("missing") << "absent.json"
                                 << "absent.json";
    }
    void damagedFileIsRefusedUntouched() {
        QFETCH(QString, file);
        QFETCH(QString, key);
        MainWindow w;
        w.controlPanel()->spinBox(InputId::Layers)->setValue(7);
        const Scenario before = w.controlPanel()->scenario();
        const QString path = dataFile(file);
        const QByteArray bytes = bytesOf(path);
        QStringList told;
        w.scenarioActions()->setMessageSink(
            [&told](const QString&, const QString& text) { told << text; });
        QVERIFY(!w.scenarioActions()->importDeepSpeedConfig(path));
        QCOMPARE(w.controlPanel()->scenario(), before);
        QCOMPARE(told.size(), 1);
        QVERIFY2(!told.front().contains(u'\n'), qPrintable(told.front()));
        QVERIFY2(told.front().contains(key), qPrintable(told.front()));
        QCOMPARE(bytesOf(path), bytes); // the file is only read
    }

    void importIsInTheFileMenu() {
        MainWindow w;
        QAction* action = w.scenarioActions()->importDeepSpeedAction();
        QVERIFY(action);
        QVERIFY(!action->text().isEmpty());
        QVERIFY(!action->associatedObjects().isEmpty());
    }
};

QTEST_MAIN(TestFinetuneApp)
#include "tst_finetune_app.moc"
