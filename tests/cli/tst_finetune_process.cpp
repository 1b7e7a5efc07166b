#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

// The fine-tuning options and --deepspeed-config through the built executable: the defaults
// spelt out give the seed's report byte for byte, the counts are PEFT's, good DeepSpeed files
// set the inputs under the explicit options, and damaged ones are refused by key, untouched.
class TestFinetuneProcess : public QObject {
    Q_OBJECT

private slots:
    void explicitDefaultsKeepTheReport_data();
    void explicitDefaultsKeepTheReport();
    void finetuneValues_data();
    void finetuneValues();
    void badFinetuneOptions_data();
    void badFinetuneOptions();
    void deepSpeedConfigSetsInputs_data();
    void deepSpeedConfigSetsInputs();
    void deepSpeedIgnoredKeysOnOneLine();
    void damagedDeepSpeedConfigRefusedUntouched_data();
    void damagedDeepSpeedConfigRefusedUntouched();
    void exportChartReadsTheDeepSpeedConfig();
    void scenarioKeepsTheFinetuneInputs();
};

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run run(const QStringList& args) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    env.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.remove(QStringLiteral("LANGUAGE"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(LGM_EXECUTABLE), args);
    Run r;
    if (!p.waitForFinished(20000) || p.exitStatus() != QProcess::NormalExit) {
        return r;
    }
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

QJsonValue at(const QByteArray& json, const QString& dotted) {
    const QJsonObject root = QJsonDocument::fromJson(json).object();
    const qsizetype dot = dotted.indexOf(u'.');
    if (dot < 0) {
        return root.value(dotted);
    }
    return root.value(dotted.left(dot)).toObject().value(dotted.mid(dot + 1));
}

QString data(const QString& file) {
    return QStringLiteral(LGM_DEEPSPEED_DATA_DIR "/") + file;
}

} // namespace

// The seed's report, every existing key and value, is what the defaults spelt out give.
void TestFinetuneProcess::explicitDefaultsKeepTheReport_data() {
    QTest::addColumn<QStringList>("base");
    QTest::addColumn<QString>("format");
    QTest::newRow("fp32 json") << QStringList{} << "json";
    QTest::newRow("fp32 csv") << QStringList{} << "csv";
    QTest::newRow("bf16 zero3 csv")
        << QStringList{"--precision", "bf16-mixed", "--strategy", "zero3", "--gpus", "16"} << "csv";
    QTest::newRow("fsdp-hybrid json")
        << QStringList{"--strategy", "fsdp-hybrid", "--gpus", "16", "--precision", "fp16-mixed"}
        << "json";
    QTest::newRow("text") << QStringList{} << "text";
}

void TestFinetuneProcess::explicitDefaultsKeepTheReport() {
    QFETCH(QStringList, base);
    QFETCH(QString, format);
    const QStringList args = QStringList{"estimate", "--format", format} + base;
    const Run seed = run(args);
    const Run spelt =
        run(args + QStringList{"--optimizer", "adamw", "--master-weights", "fp32", "--finetune",
                               "full", "--offload", "none", "--grad-accumulation", "1",
                               "--lora-rank", "8", "--lora-targets", "q,v"});
    QCOMPARE(seed.exitCode, 0);
    QCOMPARE(spelt.exitCode, 0);
    QCOMPARE(spelt.out, seed.out);
    QVERIFY(spelt.err.isEmpty());
}

void TestFinetuneProcess::finetuneValues_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("key");
    QTest::addColumn<double>("value");
    const QStringList lora{"--finetune", "lora", "--precision", "bf16-mixed"};
    // PEFT on gpt2, r = 8 on the fused c_attn: "trainable params: 294,912 || all params:
    // 124,734,720".
    QTest::newRow("GPT-2 LoRA trainable") << lora << "parameters.trainable" << 294912.0;
    // The issue's check value, Llama-2-7B with q and v at r = 8: PEFT prints 4,194,304.
    const QStringList llama2{"--architecture", "llama", "--vocab",     "32000",
                             "--d-model",      "4096",  "--layers",    "32",
                             "--heads",        "32",    "--ffn",       "11008",
                             "--finetune",     "lora",  "--precision", "bf16-mixed"};
    QTest::newRow("Llama-2-7B LoRA trainable") << llama2 << "parameters.trainable" << 4194304.0;
    QTest::newRow("Llama-2-7B LoRA frozen") << llama2 << "parameters.frozen" << 6738415616.0;
    QTest::newRow("GPT-2 LoRA frozen") << lora << "parameters.frozen" << 124439808.0;
    QTest::newRow("GPT-2 LoRA gradients") << lora << "model_states.gradients" << 2 * 294912.0;
    QTest::newRow("all-linear r16")
        << QStringList{"--finetune", "qlora", "--lora-rank", "16", "--lora-targets", "all-linear"}
        << "parameters.trainable" << 12.0 * 16 * (3072 + 1536 + 3840 + 3840);
    QTest::newRow("sgd keeps no state")
        << QStringList{"--optimizer", "sgd"} << "model_states.optimizer" << 0.0;
    QTest::newRow("lion, 4 B") << QStringList{"--optimizer", "lion"} << "model_states.optimizer"
                               << 4 * 124439808.0;
    QTest::newRow("global batch N·b·k")
        << QStringList{"--grad-accumulation", "4", "--gpus", "2"} << "global_batch" << 64.0;
    // ZeRO-Offload over 8 GPUs: master, gradients (4 B each), Adam's m and v (8 B) and the bf16
    // copy-back (2 B) per parameter over 8, plus a bf16 buffer of the 50257 × 768 embedding.
    const QStringList offload{"--strategy",  "zero2",      "--gpus",    "8",
                              "--precision", "bf16-mixed", "--offload", "optimizer"};
    QTest::newRow("offload: no GPU optimizer") << offload << "per_gpu.optimizer" << 0.0;
    QTest::newRow("offload: host per GPU")
        << offload << "cpu.per_gpu" << 18.0 * 15554976 + 2 * 38597376.0;
    QTest::newRow("offload: host per node")
        << offload << "cpu.per_node" << 8 * (18.0 * 15554976 + 2 * 38597376.0);
    // The detailed accounting: Megatron's bf16 adapters with fp32 main_grad, master copy and
    // AdamW's m and v (2 + 4 + 12 B per trainable parameter), the base frozen in bf16.
    const QStringList detailedLora = llama2 + QStringList{"--accounting", "detailed"};
    QTest::newRow("detailed LoRA adapters")
        << detailedLora << "peak.part.parameters" << 2 * 4194304.0;
    QTest::newRow("detailed LoRA frozen base")
        << detailedLora << "peak.part.frozen_weights" << 2 * 6738415616.0;
    QTest::newRow("detailed LoRA optimizer")
        << detailedLora << "peak.part.optimizer" << 12 * 4194304.0;
    QTest::newRow("detailed lion, 4 B")
        << QStringList{"--accounting", "detailed", "--optimizer", "lion"} << "peak.part.optimizer"
        << 4 * 124439808.0;
    // ZeRO-Offload in the detailed accounting: the host's fp32 master, fp32 gradients, m and v
    // and the bf16 copy-back over 8, plus a buffer of the embedding's fp32 gradient.
    QTest::newRow("detailed offload: host per GPU")
        << offload + QStringList{"--accounting", "detailed"} << "peak.host_per_gpu"
        << 18.0 * 15554976 + 4 * 38597376.0;
    QTest::newRow("detailed DeepSpeed bf16 accumulation")
        << QStringList{"--accounting",
                       "detailed",
                       "--implementation",
                       "huggingface",
                       "--strategy",
                       "zero2",
                       "--gpus",
                       "2",
                       "--precision",
                       "bf16-mixed",
                       "--grad-accumulation",
                       "4"}
        << "peak.part.grad_accumulation_fp32" << 4 * 62219904.0;
}

void TestFinetuneProcess::finetuneValues() {
    QFETCH(QStringList, args);
    QFETCH(QString, key);
    QFETCH(double, value);
    const Run r = run(QStringList{"estimate", "--format", "json"} + args);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(at(r.out, key).toDouble(-1), value);
}

void TestFinetuneProcess::badFinetuneOptions_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("unknown target") << QStringList{"--lora-targets", "q,x"} << "--lora-targets";
    QTest::newRow("empty targets") << QStringList{"--lora-targets", ""} << "--lora-targets";
    QTest::newRow("rank 0") << QStringList{"--lora-rank", "0"} << "--lora-rank";
    QTest::newRow("unknown optimizer") << QStringList{"--optimizer", "adam"} << "--optimizer";
    QTest::newRow("offload under ddp") << QStringList{"--offload", "optimizer"} << "--offload";
    QTest::newRow("weights offload under zero2")
        << QStringList{"--offload", "optimizer+params", "--strategy", "zero2"} << "zero3";
    QTest::newRow("accumulation 0")
        << QStringList{"--grad-accumulation", "0"} << "--grad-accumulation";
    // N·b·k = 10^19 sequences: past 64 bits (it had shown a negative global batch).
    QTest::newRow("global batch past 2^63")
        << QStringList{"--gpus",  "1000000",    "--batch", "10000000", "--grad-accumulation",
                       "1000000", "--strategy", "zero1"}
        << "--grad-accumulation (1000000) × --gpus (1000000)";
}

void TestFinetuneProcess::badFinetuneOptions() {
    QFETCH(QStringList, args);
    QFETCH(QString, mentions);
    const Run r = run(QStringList{"estimate"} + args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.out.isEmpty());
    QCOMPARE(r.err.count('\n'), 1);
    QVERIFY2(r.err.contains(mentions.toUtf8()), r.err.constData());
}

void TestFinetuneProcess::deepSpeedConfigSetsInputs_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    const QStringList eight{"--gpus", "8"};
    const QString zero2 = QStringLiteral("good_zero2_offload_bf16.json");
    QTest::newRow("stage 2") << zero2 << eight << "strategy"
                             << "zero2";
    QTest::newRow("bf16") << zero2 << eight << "inputs.precision"
                          << "bf16-mixed";
    QTest::newRow("micro-batch") << zero2 << eight << "inputs.batch"
                                 << "4";
    QTest::newRow("accumulation") << zero2 << eight << "inputs.grad_accumulation"
                                  << "8";
    QTest::newRow("offload") << zero2 << eight << "inputs.offload"
                             << "optimizer";
    QTest::newRow("train_batch_size") << zero2 << eight << "global_batch"
                                      << "256";
    QTest::newRow("explicit --batch wins")
        << zero2 << (eight + QStringList{"--batch", "2"}) << "inputs.batch"
        << "2";
    QTest::newRow("explicit --precision wins")
        << zero2 << (eight + QStringList{"--precision", "fp16-mixed"}) << "inputs.precision"
        << "fp16-mixed";
    const QString zero3 = QStringLiteral("good_zero3_auto.json");
    QTest::newRow("stage 3") << zero3 << QStringList{} << "strategy"
                             << "zero3";
    QTest::newRow("weights offloaded") << zero3 << QStringList{} << "inputs.offload"
                                       << "optimizer+params";
    QTest::newRow("auto keeps the precision")
        << zero3 << QStringList{"--precision", "fp16-mixed"} << "inputs.precision"
        << "fp16-mixed";
    QTest::newRow("auto keeps the batch") << zero3 << QStringList{} << "inputs.batch"
                                          << "8";
    const QString sgd = QStringLiteral("good_train_batch_only.json");
    QTest::newRow("micro from train_batch_size") << sgd << eight << "inputs.batch"
                                                 << "8";
    QTest::newRow("SGD with momentum") << sgd << eight << "inputs.optimizer"
                                       << "sgd-momentum";
    QTest::newRow("fp16") << sgd << eight << "inputs.precision"
                          << "fp16-mixed";
    QTest::newRow("stage 1") << sgd << eight << "strategy"
                             << "zero1";
}

void TestFinetuneProcess::deepSpeedConfigSetsInputs() {
    QFETCH(QString, file);
    QFETCH(QStringList, args);
    QFETCH(QString, key);
    QFETCH(QString, value);
    const Run r =
        run(QStringList{"estimate", "--format", "json", "--deepspeed-config", data(file)} + args);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonValue v = at(r.out, key);
    const QString shown = v.isString() ? v.toString() : QString::number(v.toInteger(-1));
    QCOMPARE(shown, value);
}

void TestFinetuneProcess::deepSpeedIgnoredKeysOnOneLine() {
    const Run r = run({"estimate", "--format", "json", "--gpus", "8", "--deepspeed-config",
                       data("good_zero2_offload_bf16.json")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.err.count('\n'), 1);
    QVERIFY2(r.err.contains("ignored") && r.err.contains("gradient_clipping") &&
                 r.err.contains("zero_optimization.overlap_comm") &&
                 r.err.contains("steps_per_print"),
             r.err.constData());
    QVERIFY(!at(r.out, "per_gpu.total").isUndefined()); // the estimate still prints
}

void TestFinetuneProcess::damagedDeepSpeedConfigRefusedUntouched_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("key");
    QTest::newRow("truncated") << "bad_not_json.json"
                               << "JSON";
    QTest::newRow("array") << "bad_array.json"
                           << "JSON";
    QTest::newRow("stage 4") << "bad_stage.json"
                             << "zero_optimization.stage";
    QTest::newRow("batch contradiction") << "bad_batch_contradiction.json"
                                         << "train_batch_size";
    QTest::newRow("bf16 and fp16") << "bad_both_precisions.json"
                                   << "bf16.enabled";
    QTest::newRow("nvme") << "bad_nvme.json"
                          << "zero_optimization.offload_optimizer.device";
    QTest::newRow("optimizer") << "bad_optimizer.json"
                               << "optimizer.type";
    QTest::newRow("micro batch") << "bad_micro_batch.json"
                                 << "train_micro_batch_size_per_gpu";
    QTest::newRow("param offload stage 2") << "bad_param_offload_stage2.json"
                                           << "zero_optimization.offload_param.device";
    QTest::newRow("zero section") << "bad_zero_section.json"
                                  << "zero_optimization";
    QTest::newRow("fractional steps") << "bad_fractional_steps.json"
                                      << "gradient_accumulation_steps";
    QTest::newRow("key given twice") << "bad_duplicate_key.json"
                                     << "train_micro_batch_size_per_gpu";
    QTest::newRow("missing file") << "no_such_file.json"
                                  << "no_such_file.json";
}

void TestFinetuneProcess::damagedDeepSpeedConfigRefusedUntouched() {
    QFETCH(QString, file);
    QFETCH(QString, key);
    const QString path = data(file);
    QFile before(path);
    const bool exists = before.open(QIODevice::ReadOnly);
    const QByteArray hash =
        exists ? QCryptographicHash::hash(before.readAll(), QCryptographicHash::Sha256) : "";
    const QDateTime modified = QFileInfo(path).lastModified();
    before.close();

    const Run r = run({"estimate", "--deepspeed-config", path});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.out.isEmpty());
    QCOMPARE(r.err.count('\n'), 1);
    QVERIFY2(r.err.contains(key.toUtf8()), r.err.constData());

    QCOMPARE(QFileInfo::exists(path), exists);
    if (exists) {
        QFile after(path);
        QVERIFY(after.open(QIODevice::ReadOnly));
        QCOMPARE(QCryptographicHash::hash(after.readAll(), QCryptographicHash::Sha256), hash);
        QCOMPARE(QFileInfo(path).lastModified(), modified);
    }
}

void TestFinetuneProcess::exportChartReadsTheDeepSpeedConfig() {
    const Run bad = run({"export-chart", "--chart", "breakdown", "--out", "-", "--deepspeed-config",
                         data("bad_stage.json")});
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.err.contains("zero_optimization.stage"), bad.err.constData());
}

// The fine-tuning inputs are keys of the scenario's "training" object, read back as written.
void TestFinetuneProcess::scenarioKeepsTheFinetuneInputs() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("tune.json"));
    const QStringList tune{"--finetune",       "qlora",      "--lora-targets",      "q,k,down",
                           "--lora-rank",      "32",         "--optimizer",         "lion",
                           "--precision",      "bf16-mixed", "--grad-accumulation", "4",
                           "--master-weights", "none"};
    const Run saved =
        run(QStringList{"estimate", "--format", "json", "--save-scenario", file} + tune);
    QCOMPARE(saved.exitCode, 0);
    QFile written(file);
    QVERIFY(written.open(QIODevice::ReadOnly));
    const QJsonObject training =
        QJsonDocument::fromJson(written.readAll()).object().value(u"training").toObject();
    QCOMPARE(training.value(u"lora_targets").toString(), QStringLiteral("q,k,down"));
    QCOMPARE(training.value(u"grad_accumulation").toInt(), 4);
    const Run read = run({"estimate", "--format", "json", "--scenario", file});
    QCOMPARE(read.exitCode, 0);
    QCOMPARE(read.out, saved.out);
    QCOMPARE(at(read.out, "inputs.lora_targets").toString(), QStringLiteral("q+k+down"));

    // A list that is not one, or names no target, is refused by its key.
    for (const QByteArray& bad :
         {QByteArray(R"("q,zz")"), QByteArray(R"(["q", "v"])"), QByteArray(R"("")")}) {
        QFile damaged(file);
        QVERIFY(damaged.open(QIODevice::WriteOnly | QIODevice::Truncate));
        damaged.write(R"({"version": 2, "training": {"finetune": "lora", "lora_targets": )" + bad +
                      "}}");
        damaged.close();
        const Run refused = run({"estimate", "--scenario", file});
        QCOMPARE(refused.exitCode, 2);
        QCOMPARE(refused.err.count('\n'), 1);
        QVERIFY2(refused.err.contains("lora_targets"), refused.err.constData());
    }
}

QTEST_GUILESS_MAIN(TestFinetuneProcess)
#include "tst_finetune_process.moc"
