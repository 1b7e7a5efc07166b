// LoRA trainable counts against the figures PEFT's print_trainable_parameters() prints, the weight
// inventory against countParameters() for every real config.json, and bitsandbytes' NF4 storage
// per tensor from quantize_4bit's allocations.
#include "finetune.h"
#include "hf_config.h"
#include "parameter_groups.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace lgm;

namespace {

ModelSpec load(const QString& file) {
    QFile f(QStringLiteral(LGM_HF_DATA_DIR "/") + file);
    if (!f.open(QIODevice::ReadOnly)) {
        qFatal("cannot read %s", qPrintable(file));
    }
    const auto parsed = parseHfConfig(f.readAll());
    if (!parsed) {
        qFatal("cannot parse %s: %s", qPrintable(file), qPrintable(parsed.error().message));
    }
    return parsed.value().model;
}

std::int64_t baseCount(const ModelSpec& m) {
    return countParameters(m, CountMode::Exact)->total;
}

} // namespace

class TestFinetune : public QObject {
    Q_OBJECT
private slots:
    void inventoryMatchesCount_data();
    void inventoryMatchesCount();
    void publishedTrainableCounts_data();
    void publishedTrainableCounts();
    void expertsCountWhenChosen();
    void targetsParse_data();
    void targetsParse();
    void nf4PerTensor();
    void qloraKeepsEmbeddingsNormsHead();
    void frozenBytes();
    void adapterActivations();
    void badInputRefused();
};

void TestFinetune::inventoryMatchesCount_data() {
    QTest::addColumn<QString>("file");
    QFile f(QStringLiteral(LGM_HF_DATA_DIR "/manifest.json"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonArray entries = QJsonDocument::fromJson(f.readAll()).array();
    QVERIFY(entries.size() > 40);
    for (const QJsonValue& e : entries) {
        const QString file = e.toObject().value("file").toString();
        QTest::newRow(qPrintable(file)) << file;
    }
}

// Every tensor listed once with the right multiplicity: the elements add up to the published
// exact count the parameter-count tests already check for each real config.json.
void TestFinetune::inventoryMatchesCount() {
    QFETCH(QString, file);
    const ModelSpec m = load(file);
    const auto tensors = weightTensors(m);
    QVERIFY(tensors);
    QCOMPARE(*totalElements(*tensors), baseCount(m));
}

void TestFinetune::publishedTrainableCounts_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<qint64>("rank");
    QTest::addColumn<QString>("targets");
    QTest::addColumn<qint64>("trainable");
    QTest::addColumn<qint64>("allParams"); // PEFT's "all params": base + adapters
    // Issue's check value; PEFT prints "trainable params: 4,194,304 || all params: 6,742,609,920".
    QTest::newRow("Llama-2-7B r8 q,v")
        << "meta-llama__Llama-2-7b-hf.json" << 8LL << "q,v" << 4194304LL << 6742609920LL;
    // PEFT README.md (github:huggingface/peft @5d602fd, line 57): Qwen2.5-3B-Instruct, r = 16,
    // default targets (q_proj, v_proj for qwen2).
    QTest::newRow("Qwen2.5-3B r16 q,v")
        << "Qwen__Qwen2.5-3B.json" << 16LL << "q,v" << 3686400LL << 3089625088LL;
    // PEFT examples/int8_training/Finetune_opt_bnb_peft.ipynb: facebook/opt-6.7b, r = 16,
    // q_proj and v_proj.
    QTest::newRow("OPT-6.7B r16 q,v")
        << "facebook__opt-6.7b.json" << 16LL << "q,v" << 8388608LL << 6666862592LL;
    // PEFT examples/KappaTune: Mixtral-8x7B-Instruct, r = 256; of its targets only q, k, v, o
    // exist in Mixtral (its experts are w1/w2/w3, not gate_proj/up_proj/down_proj).
    QTest::newRow("Mixtral-8x7B r256 q,k,v,o") << "mistralai__Mixtral-8x7B-v0.1.json" << 256LL
                                               << "q,k,v,o" << 218103808LL << 46920896512LL;
    // GPT-2's fused c_attn (PEFT's default for gpt2), r = 8: "trainable params: 294,912 || all
    // params: 124,734,720" (a verified PEFT run quoted in public code, code-search id 66495751739).
    QTest::newRow("GPT-2 r8 c_attn")
        << "openai-community__gpt2.json" << 8LL << "q,k,v" << 294912LL << 124734720LL;
}

void TestFinetune::publishedTrainableCounts() {
    QFETCH(QString, file);
    QFETCH(qint64, rank);
    QFETCH(QString, targets);
    QFETCH(qint64, trainable);
    QFETCH(qint64, allParams);
    const ModelSpec m = load(file);
    LoraSettings lora;
    lora.rank = rank;
    lora.targets = *loraTargetsFromString(targets.toStdString());
    lora.fusedQkv = fusedQkvByDefault(m.family);
    QCOMPARE(*loraTrainableParameters(m, lora), trainable);
    QCOMPARE(baseCount(m) + trainable, allParams);
}

void TestFinetune::expertsCountWhenChosen() {
    // Mixtral all-linear at r = 8, by hand: attention 8·(8192 + 5120 + 5120 + 8192) and 8
    // experts × 3 matrices × 8·(4096 + 14336) per layer, 32 layers.
    const ModelSpec m = load("mistralai__Mixtral-8x7B-v0.1.json");
    LoraSettings lora{8, kLoraAllLinear, false};
    const std::int64_t perLayer = 8 * (8192 + 5120 + 5120 + 8192) + 8 * 3 * 8 * (4096 + 14336);
    QCOMPARE(*loraTrainableParameters(m, lora), 32 * perLayer);
    // Llama-3-8B all-linear r = 16: 41,943,040 (PEFT output quoted by many tutorials).
    const ModelSpec llama3 = load("meta-llama__Llama-3.1-8B.json");
    QCOMPARE(*loraTrainableParameters(llama3, LoraSettings{16, kLoraAllLinear, false}), 41943040LL);
    // GPT-2's plain FFN has no gate: choosing only gate adapts nothing.
    const ModelSpec gpt2 = load("openai-community__gpt2.json");
    QCOMPARE(*loraTrainableParameters(gpt2, LoraSettings{8, kLoraGate, true}), 0LL);
}

void TestFinetune::targetsParse_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("targets"); // -1 = refused
    QTest::newRow("q,v") << "q,v" << int(kLoraQ | kLoraV);
    QTest::newRow("all-linear") << "all-linear" << int(kLoraAllLinear);
    QTest::newRow("every name") << "q,k,v,o,gate,up,down" << int(kLoraAllLinear);
    QTest::newRow("down") << "down" << int(kLoraDown);
    QTest::newRow("empty") << "" << -1;
    QTest::newRow("trailing comma") << "q," << -1;
    QTest::newRow("unknown") << "q,lm_head" << -1;
    QTest::newRow("spaces") << "q, v" << -1;
}

void TestFinetune::targetsParse() {
    QFETCH(QString, text);
    QFETCH(int, targets);
    const auto got = loraTargetsFromString(text.toStdString());
    QCOMPARE(got ? int(*got) : -1, targets);
    if (got) {
        QCOMPARE(loraTargetsFromString(loraTargetsToString(*got)), got);
    }
}

void TestFinetune::nf4PerTensor() {
    // 4096 × 4096 with double quantization: 8,388,608 packed bytes, 262,144 uint8 absmax,
    // 1,024 fp32 nested absmax, the 1 KiB nested code, the offset and the 64-byte NF4 code.
    const std::int64_t n = 4096LL * 4096;
    QCOMPARE(*nf4Bytes(n, {}), 8388608LL + 262144 + 4096 + 1024 + 4 + 64);
    // Without it: fp32 absmax per block of 64.
    QCOMPARE(*nf4Bytes(n, {64, false}), 8388608LL + 4 * 262144 + 64);
    // An odd count rounds the packed bytes down as (n + 1) // 2 does: 3 → 2; ragged blocks up.
    QCOMPARE(*nf4Bytes(65, {64, false}), 33LL + 8 + 64);
    QCOMPARE(*nf4Bytes(0, {}), 0LL);
    // ≈ 4.127 bits per weight with double quantization, 4.5 without (QLoRA paper, sec. 3).
    QVERIFY(std::abs(8.0 * *nf4Bytes(n, {}) / double(n) - 4.127) < 0.001);
    QVERIFY(std::abs(8.0 * *nf4Bytes(n, {64, false}) / double(n) - 4.5) < 0.001);
}

void TestFinetune::qloraKeepsEmbeddingsNormsHead() {
    QVERIFY(!quantizedUnderQlora({WeightRole::Embedding, 4096, 32000, 1}));
    QVERIFY(!quantizedUnderQlora({WeightRole::Head, 4096, 32000, 1}));
    QVERIFY(!quantizedUnderQlora({WeightRole::Vector, 0, 4096, 65}));
    QVERIFY(quantizedUnderQlora({WeightRole::Down, 11008, 4096, 32}));
    QVERIFY(quantizedUnderQlora({WeightRole::Router, 4096, 8, 32}));
}

void TestFinetune::frozenBytes() {
    const ModelSpec m = load("meta-llama__Llama-2-7b-hf.json");
    QCOMPARE(*frozenWeightBytes(m, FinetuneMethod::Full, 2), 0LL);
    QCOMPARE(*frozenWeightBytes(m, FinetuneMethod::Lora, 2), 2 * 6738415616LL);
    // QLoRA by hand: per layer 4 attention matrices of 4096² and 3 FFN matrices of 4096·11008
    // in NF4; the embedding, the head and 65 norms of 4096 in bf16.
    const std::int64_t attn = *nf4Bytes(4096LL * 4096, {}), mlp = *nf4Bytes(4096LL * 11008, {});
    const std::int64_t sixteen = 2 * (2 * 32000LL * 4096 + 65 * 4096);
    QCOMPARE(*frozenWeightBytes(m, FinetuneMethod::Qlora, 2), 32 * (4 * attn + 3 * mlp) + sixteen);
}

void TestFinetune::adapterActivations() {
    // Llama-2-7B, q and v at r = 8, 1,000 tokens in bf16: q and v read the same input, so one
    // input of 4096 and two intermediates of 8 per layer.
    const ModelSpec m = load("meta-llama__Llama-2-7b-hf.json");
    const auto a = adapterActivationBytes(m, LoraSettings{8, kLoraQ | kLoraV, false}, 1000, 2);
    QVERIFY(a);
    QCOMPARE(a->inputs, 32LL * 1000 * 4096 * 2);
    QCOMPARE(a->intermediate, 32LL * 2 * 1000 * 8 * 2);
    // With LoRA dropout each adapter keeps its own dropped copy and a bool mask.
    const auto d =
        adapterActivationBytes(m, LoraSettings{8, kLoraQ | kLoraV, false}, 1000, 2, true);
    QCOMPARE(d->inputs, 32LL * 2 * 1000 * 4096 * 3);
    // Mixtral experts: each token reaches 2 of the 8 experts.
    const ModelSpec mix = load("mistralai__Mixtral-8x7B-v0.1.json");
    const auto e = adapterActivationBytes(mix, LoraSettings{4, kLoraDown, false}, 100, 2);
    QCOMPARE(e->inputs, 32LL * 2 * 100 * 14336 * 2);
    QCOMPARE(e->intermediate, 32LL * 2 * 100 * 4 * 2);
}

void TestFinetune::badInputRefused() {
    ModelSpec m;
    m.dModel = -1;
    QVERIFY(!weightTensors(m));
    QVERIFY(!loraTrainableParameters(m, {}));
    ModelSpec huge;
    huge.dModel = 1LL << 40;
    huge.vocab = 1LL << 40;
    QVERIFY(!weightTensors(huge));
    QVERIFY(!loraTrainableParameters(ModelSpec{}, LoraSettings{0, kLoraQ, false}));
    QVERIFY(!nf4Bytes(-1, {}));
    QVERIFY(!nf4Bytes(100, {0, true}));
    QVERIFY(!adapterActivationBytes(ModelSpec{}, {}, -1, 2));
    QVERIFY(!adapterActivationBytes(ModelSpec{}, {}, 1LL << 62, 2));
}

QTEST_APPLESS_MAIN(TestFinetune)
#include "tst_finetune.moc"
