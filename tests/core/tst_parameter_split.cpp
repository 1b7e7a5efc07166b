#include "detailed_accounting.h"
#include "detailed_states.h"
#include "hf_config.h"
#include "parameter_groups.h"
#include "parameter_modes_split.h"
#include "presets.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <limits>

using namespace lgm;

Q_DECLARE_METATYPE(lgm::ModelSpec)

// The detailed accounting places parameters on TP ranks, pipeline stages and expert ranks from
// splitParameters(); its totals must be the verified count of countParameters() for every real
// config.json and every preset, and its TP split must follow Megatron's layout.
class TestParameterSplit : public QObject {
    Q_OBJECT

private slots:
    void everyModelMatchesTheCount_data();
    void everyModelMatchesTheCount();
    void gpt2SmallUnderTensorParallelism();
    void approxIsTwelveLhSquared();
    void stageShareEitherSideOf64BitSteps_data();
    void stageShareEitherSideOf64BitSteps();
    void overflowIsRefused();
    void totalEitherSideOf64Bits_data();
    void totalEitherSideOf64Bits();
};

namespace {

QByteArray readFile(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// One GPU, fp32 (4 B per weight), no layout: the parameters term is 4 × every parameter.
Scenario oneGpu(const ModelSpec& model, CountMode count) {
    Scenario sc;
    sc.model = model;
    sc.training.seqLen = 16;
    sc.training.batch = 1;
    sc.training.precision = Precision::Fp32;
    sc.training.count = count;
    sc.training.accounting = Accounting::Detailed;
    sc.training.implementation = Implementation::Megatron;
    sc.parallel.data = Strategy::Ddp;
    return sc;
}

qint64 parametersTerm(const DetailedEstimate& e) {
    for (const DetailedTerm& t : e.busiest.terms) {
        if (t.id == "parameters") {
            return t.bytes;
        }
    }
    return -1;
}

} // namespace

void TestParameterSplit::everyModelMatchesTheCount_data() {
    QTest::addColumn<ModelSpec>("model");
    QTest::addColumn<qint64>("published"); // the manifest's count; -1 for presets
    int rows = 0;
    for (const QString& dir :
         {QStringLiteral(LGM_HF_DATA_DIR "/"), QStringLiteral(LGM_HF_CHECK_DIR "/")}) {
        const QJsonArray entries = QJsonDocument::fromJson(readFile(dir + "manifest.json")).array();
        QVERIFY(!entries.isEmpty());
        for (const QJsonValue& v : entries) {
            const QJsonObject e = v.toObject();
            const auto imported = parseHfConfig(readFile(dir + e.value(u"file").toString()));
            if (!imported.hasValue()) {
                continue; // a model_type the reader refuses (tst_hf_config checks the message)
            }
            QTest::newRow(qPrintable("config " + e.value(u"model").toString()))
                << imported->model << qint64(e.value(u"total").toInteger());
            ++rows;
        }
    }
    for (const Preset& p : modelPresets()) {
        QTest::newRow(("preset " + p.name).c_str()) << p.model << qint64(-1);
        ++rows;
    }
    QVERIFY(rows >= 60);
}

void TestParameterSplit::everyModelMatchesTheCount() {
    QFETCH(ModelSpec, model);
    QFETCH(qint64, published);
    for (CountMode mode : {CountMode::Exact, CountMode::Approx}) {
        const auto count = countParameters(model, mode);
        const auto split = splitParameters(model, mode);
        QVERIFY(count.has_value() && split.has_value());
        QCOMPARE(split->total(), count->total);
        // estimate()'s one pass over the layers: the same count, and the same split.
        ParameterCount together;
        std::int64_t exact = 0, approx = 0;
        std::optional<ParameterSplit> split2;
        QVERIFY(countParameterModesInto({together.groups, together.total, together.active,
                                         together.largestLayer, exact, approx},
                                        model, mode, split2));
        QVERIFY(together == *count);
        QVERIFY(split2.has_value() && *split2 == *split);
        if (mode == CountMode::Exact && published > 0) {
            QCOMPARE(split->total(), published);
        }
        // What the detailed accounting puts on the one GPU of a one-GPU run.
        const DetailedResult r = detailedEstimate(oneGpu(model, mode));
        QVERIFY2(r.hasValue(), r.hasValue() ? "" : r.error().message.c_str());
        QCOMPARE(parametersTerm(*r), 4 * count->total);
        // One FSDP unit is the largest layer.
        const qint64 largest = std::max(split->denseLayers > 0 ? split->dense.total() : 0,
                                        split->moeLayers > 0 ? split->moe.total() : 0);
        QCOMPARE(largest, count->largestLayer);
    }
}

void TestParameterSplit::gpt2SmallUnderTensorParallelism() {
    // GPT-2 small (124,439,808) by hand, Megatron's layout: the token table, Q/K/V/O and FFN
    // matrices, the QKV and fc1 biases are split over the TP ranks; the LayerNorms, the O and
    // fc2 biases (added after the all-reduce), the position table and the final norm are not.
    const qint64 layerTp = 4 * 768 * 768 + 3 * 768 + 2 * 768 * 3072 + 3072;
    const qint64 layerReplicated = 2 * 2 * 768 + 768 + 768;
    const auto split = splitParameters(ModelSpec{}, CountMode::Exact);
    QVERIFY(split.has_value());
    QCOMPARE(split->dense, (ShardedCount{layerTp, layerReplicated, 0}));
    QCOMPARE(split->embedding, qint64(50257) * 768);
    QCOMPARE(split->positions, qint64(1024) * 768);
    QCOMPARE(split->finalNorm, qint64(2) * 768);
    QCOMPARE(split->head, qint64(0)); // tied
    QCOMPARE(split->total(), qint64(124'439'808));

    Scenario sc = oneGpu(ModelSpec{}, CountMode::Exact);
    sc.parallel.tp = 2;
    sc.parallel.gpus = 2;
    const DetailedResult r = detailedEstimate(sc);
    QVERIFY2(r.hasValue(), r.hasValue() ? "" : r.error().message.c_str());
    const qint64 tp = 50257 * 768 + 12 * layerTp;
    const qint64 replicated = 12 * layerReplicated + 1024 * 768 + 2 * 768;
    QCOMPARE(parametersTerm(*r), 4 * ((tp + 1) / 2 + replicated));
}

void TestParameterSplit::approxIsTwelveLhSquared() {
    // Korthikanti et al.'s count of the 22B model (h 6144, L 48): 12Lh², no vocabulary, no
    // norms, no biases, whatever the model's vocabulary and positions.
    ModelSpec m;
    m.dModel = 6144;
    m.heads = 64;
    m.kvHeads = 64;
    m.headDim = 96;
    m.ffn = 4 * 6144;
    m.layers = 48;
    m.vocab = 51200;
    m.positions = 2048;
    const auto split = splitParameters(m, CountMode::Approx);
    QVERIFY(split.has_value());
    QCOMPARE(split->total(), qint64(12) * 48 * 6144 * 6144);
    QCOMPARE(split->dense.replicated, qint64(0));
    QCOMPARE(split->embedding + split->positions + split->head + split->finalNorm, qint64(0));
}

void TestParameterSplit::overflowIsRefused() {
    ModelSpec m;
    m.dModel = qint64(1) << 40;
    m.ffn = qint64(1) << 40;
    QVERIFY(!countParameters(m, CountMode::Exact).has_value());
    QVERIFY(!splitParameters(m, CountMode::Exact).has_value());
    ParameterCount n;
    std::int64_t exact = 0, approx = 0;
    std::optional<ParameterSplit> split;
    QVERIFY(!countParameterModesInto({n.groups, n.total, n.active, n.largestLayer, exact, approx},
                                     m, CountMode::Exact, split));
    const DetailedResult r = detailedEstimate(oneGpu(m, CountMode::Exact));
    QVERIFY(!r.hasValue());
    QVERIFY(QString::fromStdString(r.error().message).contains("64 bits"));
}

void TestParameterSplit::stageShareEitherSideOf64BitSteps_data() {
    QTest::addColumn<qint64>("perLayer");
    // A stage is placed in 64-bit steps while each part is below 2^40, in 128 beyond.
    QTest::newRow("2^40 - 1: 64-bit steps") << (qint64{1} << 40) - 1;
    QTest::newRow("2^40 + 1: 128-bit steps") << (qint64{1} << 40) + 1;
    QTest::newRow("2^60: 128-bit steps") << (qint64{1} << 60);
}

void TestParameterSplit::stageShareEitherSideOf64BitSteps() {
    QFETCH(qint64, perLayer);
    // Four dense layers of `perLayer` TP-split and 5 replicated elements over t = 2, a 1,000
    // element table, ZeRO-3 over 2 data-parallel ranks.
    ParameterSplit split;
    split.dense = {perLayer, 5, 0};
    split.moe = split.dense;
    split.denseLayers = 4;
    split.embedding = 1000;
    Scenario sc;
    sc.parallel.tp = 2;
    sc.parallel.gpus = 4;
    sc.parallel.data = Strategy::Zero3;
    PipelineStage stage;
    stage.denseLayers = 4;
    const StageShare share = stageShare(sc, split, stage);
    const qint64 onGpu = 4 * perLayer / 2 + 4 * 5 + 1000 / 2; // perLayer even or odd: 4× is even
    QCOMPARE(share.stage, onGpu);
    QCOMPARE(share.parameters, (onGpu + 1) / 2);
    QCOMPARE(share.unit, (perLayer + 1) / 2 + 5);
    QVERIFY(share.shardedParameters);
}

void TestParameterSplit::totalEitherSideOf64Bits_data() {
    QTest::addColumn<qint64>("head");
    QTest::addColumn<qint64>("expected");
    // 3 dense layers of 2^61 - 1 elements (tp 2^60, replicated 2^60 - 1) and a 2^61 - 3 element
    // table sum to 2^63 - 6 (= max - 5); the head decides whether the model still fits. Summed
    // in 64-bit steps first, in 128 where one leaves them: the same sum either way.
    constexpr qint64 max = std::numeric_limits<qint64>::max();
    QTest::newRow("max - 5 + 4: fits") << qint64{4} << max - 1;
    QTest::newRow("max - 5 + 5: max, fits") << qint64{5} << max;
    QTest::newRow("max - 5 + 6: leaves 64 bits") << qint64{6} << max;
    QTest::newRow("a negative part: no total") << -(max - 4) << max;
}

void TestParameterSplit::totalEitherSideOf64Bits() {
    QFETCH(qint64, head);
    QFETCH(qint64, expected);
    ParameterSplit split;
    split.dense = {qint64{1} << 60, (qint64{1} << 60) - 1, 0};
    split.moe = split.dense;
    split.denseLayers = 3;
    split.embedding = (qint64{1} << 61) - 3;
    split.head = head;
    QCOMPARE(split.total(), expected);
}

QTEST_GUILESS_MAIN(TestParameterSplit)
#include "tst_parameter_split.moc"
