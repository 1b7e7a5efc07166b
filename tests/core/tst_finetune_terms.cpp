// Model-state terms of full, LoRA and QLoRA fine-tuning, with ZeRO sharding, CPU offload and
// gradient accumulation. Full fine-tuning with AdamW reproduces the seed accounting's bytes; the
// offload splits follow DeepSpeed's allocations (stage_1_and_2.py, stage3.py).
#include "estimate.h"
#include "finetune_terms.h"
#include "hf_config.h"
#include "parameter_groups.h"

#include <QFile>
#include <QTest>

using namespace lgm;

namespace {

ModelSpec load(const char* file) {
    QFile f(QStringLiteral(LGM_HF_DATA_DIR "/") + QLatin1String(file));
    if (!f.open(QIODevice::ReadOnly)) {
        qFatal("cannot read %s", file);
    }
    return parseHfConfig(f.readAll()).value().model;
}

std::int64_t term(const FinetuneEstimate& e, std::string_view id) {
    for (const MemoryTerm& t : e.terms) {
        if (t.id == id) {
            return t.bytes;
        }
    }
    return -1;
}

TrainingSetup bf16(std::int64_t s = 1024, std::int64_t b = 1) {
    TrainingSetup t;
    t.precision = Precision::Bf16Mixed;
    t.seqLen = s;
    t.batch = b;
    return t;
}

constexpr std::int64_t kLlama2 = 6738415616LL;

} // namespace

Q_DECLARE_METATYPE(lgm::FinetuneSetup)

class TestFinetuneTerms : public QObject {
    Q_OBJECT
private slots:
    void fullAdamMatchesSeed_data();
    void fullAdamMatchesSeed();
    void optimizersOnLlama2();
    void masterWeightsNone();
    void loraTerms();
    void qloraWeights();
    void qloraDoubleQuantSaving();
    void zeroSharding();
    void offloadOptimizerStage2();
    void offloadOptimizerParamsStage3();
    void accumulation();
    void badSetupsRefused_data();
    void badSetupsRefused();
};

void TestFinetuneTerms::fullAdamMatchesSeed_data() {
    QTest::addColumn<int>("precision");
    QTest::addColumn<bool>("fp32Gradients");
    QTest::newRow("fp32") << int(Precision::Fp32) << false;
    QTest::newRow("fp16 mixed") << int(Precision::Fp16Mixed) << false;
    QTest::newRow("bf16 mixed, fp32 grads") << int(Precision::Bf16Mixed) << true;
}

// GPT-2 small, full fine-tuning with AdamW: the same 16 (or 18) bytes per parameter the seed
// accounting gives, term by term.
void TestFinetuneTerms::fullAdamMatchesSeed() {
    QFETCH(int, precision);
    QFETCH(bool, fp32Gradients);
    Config c;
    c.precision = Precision(precision);
    c.fp32Gradients = fp32Gradients;
    const auto seed = estimate(c);
    QVERIFY(seed);
    TrainingSetup t;
    t.precision = c.precision;
    t.fp32Gradients = fp32Gradients;
    const auto e = estimateFinetune(ModelSpec{}, t, FinetuneSetup{});
    QVERIFY(e);
    const ModelStates& m = seed->modelStates;
    QCOMPARE(e->trainable, seed->parameters.exact);
    QCOMPARE(term(*e, "trainable_weights"), m.parameters);
    QCOMPARE(term(*e, "gradients"), m.gradients);
    const std::int64_t master = std::max<std::int64_t>(term(*e, "master_weights"), 0);
    QCOMPARE(master + term(*e, "optimizer_states"), m.optimizer);
    QCOMPARE(e->gpuBytes, m.total);
    QCOMPARE(e->cpuBytesPerGpu, 0LL);
    QCOMPARE(e->frozen, 0LL);
}

void TestFinetuneTerms::optimizersOnLlama2() {
    const ModelSpec m = load("meta-llama__Llama-2-7b-hf.json");
    FinetuneSetup s;
    const auto states = [&](Optimizer o) {
        s.optimizer.kind = o;
        return term(*estimateFinetune(m, bf16(), s), "optimizer_states");
    };
    QCOMPARE(states(Optimizer::AdamW), 8 * kLlama2);
    // Every Llama-2-7B tensor has ≥ 4096 elements (the norms exactly 4096) and a multiple of 256:
    // 2 + 8/256 bytes each.
    QCOMPARE(states(Optimizer::Adam8bit), 2 * kLlama2 + 8 * (kLlama2 / 256));
    QCOMPARE(states(Optimizer::Sgd), -1LL); // a zero term is left out
    QCOMPARE(states(Optimizer::SgdMomentum), 4 * kLlama2);
    QCOMPARE(states(Optimizer::Lion), 4 * kLlama2);
    // Adafactor by hand: per layer 4 × (4096 + 4096) + 3 × (4096 + 11008), 65 norms of 4096 and
    // two 32000 × 4096 tables.
    const std::int64_t adafactor =
        4 * (32 * (4 * 8192 + 3 * 15104) + 65 * 4096 + 2 * (32000 + 4096));
    QCOMPARE(states(Optimizer::Adafactor), adafactor);
}

void TestFinetuneTerms::masterWeightsNone() {
    // Pure bf16: no fp32 copy, and torch's AdamW states follow the bf16 weights.
    const ModelSpec m = load("meta-llama__Llama-2-7b-hf.json");
    FinetuneSetup s;
    s.master = MasterWeights::None;
    const auto e = estimateFinetune(m, bf16(), s);
    QCOMPARE(term(*e, "master_weights"), -1LL);
    QCOMPARE(term(*e, "optimizer_states"), 4 * kLlama2);
    QCOMPARE(e->gpuBytes, 8 * kLlama2); // 2 + 2 + 4
}

void TestFinetuneTerms::loraTerms() {
    const ModelSpec m = load("meta-llama__Llama-2-7b-hf.json");
    FinetuneSetup s;
    s.method = FinetuneMethod::Lora; // r = 8, q and v
    const auto e = estimateFinetune(m, bf16(1000, 2), s);
    QVERIFY(e);
    const std::int64_t T = 4194304;
    QCOMPARE(e->trainable, T);
    QCOMPARE(e->frozen, kLlama2);
    QCOMPARE(term(*e, "trainable_weights"), 2 * T);
    QCOMPARE(term(*e, "gradients"), 2 * T); // only the adapters have gradients
    QCOMPARE(term(*e, "master_weights"), 4 * T);
    QCOMPARE(term(*e, "optimizer_states"), 8 * T);
    QCOMPARE(term(*e, "frozen_weights"), 2 * kLlama2);
    QCOMPARE(term(*e, "lora_inputs"), 32LL * 2000 * 4096 * 2);
    QCOMPARE(term(*e, "lora_intermediate"), 32LL * 2 * 2000 * 8 * 2);
}

void TestFinetuneTerms::qloraWeights() {
    // Llama-2-7B in NF4 with double quantization: 3,341,015,936 bytes of quantized matrices and
    // 524,820,480 of bf16 embedding, head and norms: 3,865,836,416 bytes.
    const ModelSpec m = load("meta-llama__Llama-2-7b-hf.json");
    FinetuneSetup s;
    s.method = FinetuneMethod::Qlora;
    const auto e = estimateFinetune(m, bf16(), s);
    const std::int64_t quantized =
        32 * (4 * *nf4Bytes(4096LL * 4096, {}) + 3 * *nf4Bytes(4096LL * 11008, {}));
    const std::int64_t sixteen = 2 * (2 * 32000LL * 4096 + 65 * 4096);
    QCOMPARE(term(*e, "frozen_weights"), quantized + sixteen);
    QCOMPARE(term(*e, "frozen_weights"), 3865836416LL);
}

void TestFinetuneTerms::qloraDoubleQuantSaving() {
    // QLoRA paper (Dettmers et al. 2023, sec. 3, Double Quantization): 0.5 → 0.127 bits per
    // parameter, "about 3 GB for a 65B model". LLaMA-65B: d 8192, 80 layers, f 22016, v 32000.
    ModelSpec m = load("meta-llama__Llama-2-7b-hf.json");
    m.dModel = 8192;
    m.layers = 80;
    m.heads = m.kvHeads = 64;
    m.headDim = 128;
    m.ffn = 22016;
    const auto with = frozenWeightBytes(m, FinetuneMethod::Qlora, 2, {64, true});
    const auto without = frozenWeightBytes(m, FinetuneMethod::Qlora, 2, {64, false});
    // 3,019,241,280 bytes: the paper's "approximately 3 GB".
    QCOMPARE(*without - *with, 3019241280LL);
    QVERIFY(std::abs(double(*without - *with) - 3e9) < 0.05 * 3e9);
}

void TestFinetuneTerms::zeroSharding() {
    const ModelSpec m = load("meta-llama__Llama-2-7b-hf.json");
    FinetuneSetup s;
    s.dataParallel = 8;
    const std::int64_t P = kLlama2;
    s.zeroStage = 1;
    auto e = estimateFinetune(m, bf16(), s);
    QCOMPARE(e->gpuBytes, 2 * P + 2 * P + 12 * P / 8);
    s.zeroStage = 2;
    e = estimateFinetune(m, bf16(), s);
    QCOMPARE(e->gpuBytes, 2 * P + (2 * P + 12 * P) / 8);
    s.zeroStage = 3;
    e = estimateFinetune(m, bf16(), s);
    QCOMPARE(e->gpuBytes, 16 * P / 8);
}

void TestFinetuneTerms::offloadOptimizerStage2() {
    // ZeRO-Offload, stage 2 over 8 GPUs of one node: the host keeps per GPU the fp32 master and
    // gradient partitions (pinned), CPU Adam's m and v, the pinned bit16 copy-back partition and
    // a pinned temp buffer of the largest tensor; the GPU keeps the bf16 weights, a reduce bucket
    // of gradients and a temp buffer of the largest tensor (the 32000 × 4096 embedding).
    const ModelSpec m = load("meta-llama__Llama-2-7b-hf.json");
    FinetuneSetup s;
    s.zeroStage = 2;
    s.dataParallel = 8;
    s.offload = Offload::Optimizer;
    const auto e = estimateFinetune(m, bf16(), s);
    QVERIFY(e);
    const std::int64_t P = kLlama2, largest = 32000LL * 4096;
    QCOMPARE(term(*e, "cpu_master_weights"), 4 * P / 8);
    QCOMPARE(term(*e, "cpu_gradients"), 4 * P / 8);
    QCOMPARE(term(*e, "cpu_optimizer_states"), 8 * P / 8);
    QCOMPARE(term(*e, "cpu_staging"), 2 * P / 8 + 2 * largest);
    QCOMPARE(e->cpuBytesPerGpu, 18 * P / 8 + 2 * largest);
    QCOMPARE(e->cpuBytesPerNode, 8 * e->cpuBytesPerGpu);
    QCOMPARE(term(*e, "gradients"), 2 * 500000000LL);
    QCOMPARE(e->gpuBytes, 2 * P + 2 * 500000000LL + 2 * largest);
    for (const MemoryTerm& t : e->terms) {
        QVERIFY(t.side == MemorySide::Cpu || !t.pinned);
    }
    // Without a master copy on the GPU, CPU Adam still steps fp32 states.
    s.master = MasterWeights::None;
    QCOMPARE(term(*estimateFinetune(m, bf16(), s), "cpu_optimizer_states"), 8 * P / 8);
}

void TestFinetuneTerms::offloadOptimizerParamsStage3() {
    // ZeRO-Infinity to the CPU: the weights' bf16 partition moves to pinned host memory too; the
    // GPU gathers one layer and prefetches the next.
    const ModelSpec m = load("meta-llama__Llama-2-7b-hf.json");
    FinetuneSetup s;
    s.zeroStage = 3;
    s.dataParallel = 16;
    s.gpusPerNode = 8;
    s.offload = Offload::OptimizerParams;
    const auto e = estimateFinetune(m, bf16(), s);
    QVERIFY(e);
    const std::int64_t P = kLlama2;
    const std::int64_t layer = countParameters(m, CountMode::Exact)->largestLayer;
    QCOMPARE(layer, 202383360LL); // 4·4096² + 3·4096·11008 + 2·4096
    QCOMPARE(term(*e, "live_weights"), 2 * layer * 2);
    QCOMPARE(term(*e, "cpu_weights"), 2 * P / 16);
    QCOMPARE(term(*e, "cpu_staging"), -1LL); // stage 3 has no bit16 copy-back buffer
    QCOMPARE(e->cpuBytesPerGpu, 18 * P / 16);
    QCOMPARE(e->cpuBytesPerNode, 8 * e->cpuBytesPerGpu);
    QCOMPARE(e->gpuBytes, 4 * layer + 2 * 500000000LL);
}

void TestFinetuneTerms::accumulation() {
    const ModelSpec m = load("meta-llama__Llama-2-7b-hf.json");
    FinetuneSetup s;
    s.dataParallel = 8;
    s.gradAccumulation = 16;
    auto e = estimateFinetune(m, bf16(4096, 4), s);
    QCOMPARE(e->globalBatch, 8LL * 4 * 16);
    QCOMPARE(term(*e, "grad_accumulation"), -1LL);
    s.fp32AccumulationBuffer = true; // Megatron's main_grad
    e = estimateFinetune(m, bf16(4096, 4), s);
    QCOMPARE(term(*e, "grad_accumulation"), 4 * kLlama2);
    s.zeroStage = 2; // sharded like the gradients
    e = estimateFinetune(m, bf16(4096, 4), s);
    QCOMPARE(term(*e, "grad_accumulation"), 4 * kLlama2 / 8);
    TrainingSetup fp32 = bf16();
    fp32.precision = Precision::Fp32; // fp32 gradients accumulate in place
    QCOMPARE(term(*estimateFinetune(m, fp32, s), "grad_accumulation"), -1LL);
}

void TestFinetuneTerms::badSetupsRefused_data() {
    QTest::addColumn<FinetuneSetup>("setup");
    QTest::addColumn<QString>("names");
    FinetuneSetup s;
    s.offload = Offload::Optimizer;
    QTest::newRow("offload without ZeRO") << s << "--offload optimizer";
    s.zeroStage = 2;
    s.offload = Offload::OptimizerParams;
    QTest::newRow("param offload at stage 2") << s << "--offload optimizer+params";
    s = {};
    s.gradAccumulation = 0;
    QTest::newRow("accumulation 0") << s << "--grad-accumulation";
    s = {};
    s.method = FinetuneMethod::Lora;
    s.lora.rank = 0;
    QTest::newRow("rank 0") << s << "--lora-rank";
    s.lora.rank = 8;
    s.lora.targets = 0;
    QTest::newRow("no targets") << s << "--lora-targets";
    s = {};
    s.zeroStage = 4;
    QTest::newRow("stage 4") << s << "--zero-stage";
}

void TestFinetuneTerms::badSetupsRefused() {
    QFETCH(FinetuneSetup, setup);
    QFETCH(QString, names);
    const auto e = estimateFinetune(ModelSpec{}, TrainingSetup{}, setup);
    QVERIFY(!e);
    QVERIFY2(QString::fromStdString(e.error().message).contains(names), e.error().message.c_str());
    ModelSpec huge;
    huge.vocab = 1LL << 40;
    huge.dModel = 1LL << 30;
    QVERIFY(!estimateFinetune(huge, TrainingSetup{}, FinetuneSetup{}));
}

QTEST_APPLESS_MAIN(TestFinetuneTerms)
#include "tst_finetune_terms.moc"
