// The DeepSpeed config reader on real-shaped files (Hugging Face's ZeRO-3 "auto" template, a
// ZeRO-2 offload set-up) and on damaged ones: each refused naming its key, and left as it was.
#include "deepspeed_config.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QTest>

using namespace lgm;

namespace {

QByteArray readData(const QString& name) {
    QFile f(QStringLiteral(LGM_DEEPSPEED_DATA_DIR "/") + name);
    if (!f.open(QIODevice::ReadOnly)) {
        qFatal("cannot read %s", qPrintable(name));
    }
    return f.readAll();
}

Expected<DeepSpeedTarget, DeepSpeedConfigError> importFile(const QString& name,
                                                           DeepSpeedTarget current) {
    const auto settings = parseDeepSpeedConfig(readData(name));
    if (!settings) {
        return settings.error();
    }
    return applyDeepSpeedConfig(settings.value(), current);
}

} // namespace

class TestDeepSpeedConfig : public QObject {
    Q_OBJECT
private slots:
    void zero2OffloadBf16();
    void zero3AutoKeepsCurrent();
    void trainBatchOnlyDerives();
    void damagedFilesRefused_data();
    void damagedFilesRefused();
    void batchRule_data();
    void batchRule();
    void emptyObjectChangesNothing();
};

void TestDeepSpeedConfig::zero2OffloadBf16() {
    const auto s = parseDeepSpeedConfig(readData("good_zero2_offload_bf16.json"));
    QVERIFY(s);
    QCOMPARE(s->zeroStage, std::optional<int>(2));
    QCOMPARE(s->offload, std::optional<Offload>(Offload::Optimizer));
    QCOMPARE(s->precision, std::optional<Precision>(Precision::Bf16Mixed));
    QCOMPARE(s->optimizer, std::optional<Optimizer>(Optimizer::AdamW));
    QCOMPARE(s->activationCheckpointing, std::optional<bool>(true));
    const QStringList ignored = {"activation_checkpointing.cpu_checkpointing",
                                 "activation_checkpointing.partition_activations",
                                 "gradient_clipping",
                                 "steps_per_print",
                                 "zero_optimization.contiguous_gradients",
                                 "zero_optimization.offload_optimizer.pin_memory",
                                 "zero_optimization.overlap_comm",
                                 "zero_optimization.reduce_bucket_size"};
    QCOMPARE(s->ignored, ignored);
    DeepSpeedTarget current;
    current.dataParallel = 8; // 4 × 8 × 8 = 256
    const auto t = applyDeepSpeedConfig(s.value(), current);
    QVERIFY(t);
    QCOMPARE(t->microBatch, 4LL);
    QCOMPARE(t->gradAccumulation, 8LL);
    QCOMPARE(t->zeroStage, 2);
    // On 4 GPUs the same file contradicts itself.
    current.dataParallel = 4;
    const auto wrong = applyDeepSpeedConfig(s.value(), current);
    QVERIFY(!wrong);
    QCOMPARE(wrong.error().key, QStringLiteral("train_batch_size"));
    QVERIFY(wrong.error().message.contains("256"));
}

void TestDeepSpeedConfig::zero3AutoKeepsCurrent() {
    DeepSpeedTarget current;
    current.precision = Precision::Fp16Mixed;
    current.microBatch = 3;
    current.gradAccumulation = 5;
    current.optimizer = Optimizer::Lion;
    const auto t = importFile("good_zero3_auto.json", current);
    QVERIFY(t);
    QCOMPARE(t->zeroStage, 3);
    QCOMPARE(int(t->offload), int(Offload::OptimizerParams));
    QCOMPARE(int(t->precision), int(Precision::Fp16Mixed)); // "auto"
    QCOMPARE(t->microBatch, 3LL);
    QCOMPARE(t->gradAccumulation, 5LL);
    QCOMPARE(int(t->optimizer), int(Optimizer::AdamW));
}

void TestDeepSpeedConfig::trainBatchOnlyDerives() {
    DeepSpeedTarget current;
    current.dataParallel = 8;
    current.gradAccumulation = 4;
    const auto t = importFile("good_train_batch_only.json", current);
    QVERIFY(t);
    QCOMPARE(t->microBatch, 8LL); // DeepSpeed: accumulation 1, micro = 64 / 8
    QCOMPARE(t->gradAccumulation, 1LL);
    QCOMPARE(int(t->precision), int(Precision::Fp16Mixed));
    QCOMPARE(int(t->optimizer), int(Optimizer::SgdMomentum));
    QCOMPARE(t->zeroStage, 1);
}

void TestDeepSpeedConfig::damagedFilesRefused_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("key");
    QTest::newRow("truncated") << "bad_not_json.json"
                               << "";
    QTest::newRow("array") << "bad_array.json"
                           << "";
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
}

void TestDeepSpeedConfig::damagedFilesRefused() {
    QFETCH(QString, file);
    QFETCH(QString, key);
    const QString path = QStringLiteral(LGM_DEEPSPEED_DATA_DIR "/") + file;
    const QByteArray before = QCryptographicHash::hash(readData(file), QCryptographicHash::Sha256);
    const QDateTime modified = QFileInfo(path).lastModified();
    const auto t = importFile(file, DeepSpeedTarget{});
    QVERIFY(!t);
    QCOMPARE(t.error().key, key);
    QVERIFY(t.error().message.startsWith("DeepSpeed config: "));
    QVERIFY2(key.isEmpty() || t.error().message.contains(key), qPrintable(t.error().message));
    QVERIFY(!t.error().message.contains('\n'));
    QCOMPARE(QCryptographicHash::hash(readData(file), QCryptographicHash::Sha256), before);
    QCOMPARE(QFileInfo(path).lastModified(), modified);
}

void TestDeepSpeedConfig::batchRule_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<qint64>("gpus");
    QTest::addColumn<qint64>("micro"); // -1: refused naming train_batch_size
    QTest::addColumn<qint64>("accumulation");
    QTest::newRow("all three agree") << QByteArray(R"({"train_batch_size": 48, )"
                                                   R"("train_micro_batch_size_per_gpu": 2, )"
                                                   R"("gradient_accumulation_steps": 3})")
                                     << 8LL << 2LL << 3LL;
    QTest::newRow("train and micro") << QByteArray(R"({"train_batch_size": 48, )"
                                                   R"("train_micro_batch_size_per_gpu": 2})")
                                     << 8LL << 2LL << 3LL;
    QTest::newRow("train and accumulation") << QByteArray(R"({"train_batch_size": 48, )"
                                                          R"("gradient_accumulation_steps": 3})")
                                            << 8LL << 2LL << 3LL;
    QTest::newRow("micro only") << QByteArray(R"({"train_micro_batch_size_per_gpu": 6})") << 8LL
                                << 6LL << 1LL;
    QTest::newRow("not a multiple") << QByteArray(R"({"train_batch_size": 64, )"
                                                  R"("train_micro_batch_size_per_gpu": 3})")
                                    << 1LL << -1LL << 0LL;
    QTest::newRow("smaller than the GPUs")
        << QByteArray(R"({"train_batch_size": 4})") << 8LL << -1LL << 0LL;
    QTest::newRow("accumulation only keeps micro")
        << QByteArray(R"({"gradient_accumulation_steps": 7})") << 2LL << 8LL << 7LL;
}

void TestDeepSpeedConfig::batchRule() {
    QFETCH(QByteArray, json);
    QFETCH(qint64, gpus);
    QFETCH(qint64, micro);
    QFETCH(qint64, accumulation);
    DeepSpeedTarget current; // micro 8, accumulation 1
    current.dataParallel = gpus;
    const auto s = parseDeepSpeedConfig(json);
    QVERIFY(s);
    const auto t = applyDeepSpeedConfig(s.value(), current);
    if (micro < 0) {
        QVERIFY(!t);
        QCOMPARE(t.error().key, QStringLiteral("train_batch_size"));
        return;
    }
    QVERIFY(t);
    QCOMPARE(t->microBatch, micro);
    QCOMPARE(t->gradAccumulation, accumulation);
}

void TestDeepSpeedConfig::emptyObjectChangesNothing() {
    DeepSpeedTarget current;
    current.zeroStage = 2;
    current.offload = Offload::Optimizer;
    current.dataParallel = 4;
    const auto s = parseDeepSpeedConfig("{}");
    QVERIFY(s && s->ignored.isEmpty());
    QCOMPARE(applyDeepSpeedConfig(s.value(), current).value(), current);
}

QTEST_APPLESS_MAIN(TestDeepSpeedConfig)
#include "tst_deepspeed_config.moc"
