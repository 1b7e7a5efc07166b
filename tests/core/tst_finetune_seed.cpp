// The fine-tuning inputs in the seed accounting (finetune_seed.h), through estimate(): the
// defaults and every set-up priced at the seed's own rates reproduce the seed byte for byte;
// each optimizer's bytes, the LoRA and QLoRA counts and bytes and the offload splits are
// checked against values worked out by hand from PEFT's, bitsandbytes' and DeepSpeed's rules.

#include "estimate.h"
#include "finetune_terms.h"
#include "input_error.h"
#include "input_table.h"
#include "report_fields.h"

#include <QTest>

#include <cmath>

using namespace lgm;

Q_DECLARE_METATYPE(lgm::Optimizer)
Q_DECLARE_METATYPE(lgm::Strategy)
Q_DECLARE_METATYPE(lgm::Scenario)

class TestFinetuneSeed : public QObject {
    Q_OBJECT

private slots:
    void seedRatesGiveTheSeedsBytes_data();
    void seedRatesGiveTheSeedsBytes();
    void optimizerBytes_data();
    void optimizerBytes();
    void loraCountsAndBytes();
    void peftCountsThroughEstimate_data();
    void peftCountsThroughEstimate();
    void qloraBytes();
    void offloadOptimizer();
    void offloadOptimizerAndParams();
    void hostMatchesTheTermModule();
    void globalBatch();
    void offloadNeedsAPartitioningStrategy();
    void reportKeys();
};

namespace {

constexpr std::int64_t kGpt2 = 124'439'808;         // GPT-2 small, every parameter
constexpr std::int64_t kGpt2Lora = 294'912;         // PEFT: r = 8 on c_attn
constexpr std::int64_t kGpt2Embedding = 38'597'376; // 50257 × 768, the largest tensor

Scenario bf16() {
    Scenario s;
    s.training.precision = Precision::Bf16Mixed;
    return s;
}

Estimate estimateOf(const Scenario& s) {
    const EstimateResult e = estimate(s);
    if (!e) {
        qFatal("%s", describe(e.error(), NameStyle::Option).c_str());
    }
    return e.value();
}

bool samePerGpu(const PerGpu& a, const PerGpu& b) {
    return a.parameters == b.parameters && a.gradients == b.gradients &&
           a.optimizer == b.optimizer && a.ownParameters == b.ownParameters &&
           a.ownGradients == b.ownGradients && a.gatheredParameters == b.gatheredParameters &&
           a.gatheredGradients == b.gatheredGradients && a.bucketCopy == b.bucketCopy &&
           a.activations == b.activations && a.total == b.total;
}

} // namespace

// "master none" under fp32 changes nothing (fp32 keeps no master copy) but takes the priced
// path: it must give the seed's figures for every strategy, bucket copy and GPU count.
void TestFinetuneSeed::seedRatesGiveTheSeedsBytes_data() {
    QTest::addColumn<Strategy>("strategy");
    QTest::addColumn<qint64>("gpus");
    QTest::addColumn<bool>("bucketCopy");
    for (Strategy s : kAllStrategies) {
        for (qint64 n : {1, 3, 16}) {
            const std::string name = std::string(toString(s)) + " N=" + std::to_string(n);
            QTest::newRow(name.c_str()) << s << n << (s == Strategy::Ddp);
        }
    }
}

void TestFinetuneSeed::seedRatesGiveTheSeedsBytes() {
    QFETCH(Strategy, strategy);
    QFETCH(qint64, gpus);
    QFETCH(bool, bucketCopy);
    Scenario seed;
    seed.parallel.data = strategy;
    seed.parallel.gpus = gpus;
    seed.parallel.gpusPerNode = strategy == Strategy::FsdpHybrid ? 1 : 8;
    seed.parallel.ddpBucketCopy = bucketCopy;
    Scenario priced = seed;
    priced.training.finetune.master = MasterWeights::None;
    priced.training.finetune.optimizer = Optimizer::AdamW;
    const Estimate a = estimateOf(seed), b = estimateOf(priced);
    QVERIFY(samePerGpu(a.perGpu, b.perGpu));
    QCOMPARE(b.modelStates.total, a.modelStates.total);
    QCOMPARE(b.modelStates.optimizer, a.modelStates.optimizer);
    QCOMPARE(b.total, a.total);
    QCOMPARE(b.finetune.trainable, kGpt2);
    QCOMPARE(b.finetune.frozen, 0);
    QCOMPARE(b.finetune.cpuPerGpu, 0);
}

// GPT-2 small, full fine-tuning in bf16-mixed: the optimizer's bytes beside the 4 B fp32 master.
void TestFinetuneSeed::optimizerBytes_data() {
    QTest::addColumn<Optimizer>("optimizer");
    QTest::addColumn<bool>("master");
    QTest::addColumn<qint64>("bytes");
    const qint64 psi = kGpt2;
    QTest::newRow("adamw: m and v") << Optimizer::AdamW << true << 12 * psi;
    QTest::newRow("sgd: nothing") << Optimizer::Sgd << true << 4 * psi;
    QTest::newRow("sgd-momentum: one buffer") << Optimizer::SgdMomentum << true << 8 * psi;
    QTest::newRow("lion: one buffer") << Optimizer::Lion << true << 8 * psi;
    // Pure bf16 (no master): torch's AdamW keeps m and v in the weights' bf16.
    QTest::newRow("adamw, no master") << Optimizer::AdamW << false << 4 * psi;
    QTest::newRow("sgd, no master") << Optimizer::Sgd << false << qint64{0};
    // bitsandbytes ≥ 0.44: tensors of ≥ 4096 elements (124,318,464 elements, each a multiple
    // of the block of 256) keep uint8 m and v and an fp32 absmax per block for each; the
    // 121,344 bias and norm elements keep two fp32 states.
    QTest::newRow("adam8bit") << Optimizer::Adam8bit << true
                              << 4 * psi + 2 * 124'318'464LL + 8 * (124'318'464LL / 256) +
                                     8 * 121'344LL;
}

void TestFinetuneSeed::optimizerBytes() {
    QFETCH(Optimizer, optimizer);
    QFETCH(bool, master);
    QFETCH(qint64, bytes);
    Scenario s = bf16();
    s.training.finetune.optimizer = optimizer;
    s.training.finetune.master = master ? MasterWeights::Fp32 : MasterWeights::None;
    const Estimate e = estimateOf(s);
    QCOMPARE(e.modelStates.optimizer, bytes);
    QCOMPARE(e.perGpu.optimizer, bytes);
    QCOMPARE(e.modelStates.parameters, 2 * kGpt2);
    QCOMPARE(e.modelStates.gradients, 2 * kGpt2);
    QCOMPARE(e.finetune.masterBytes, master ? 4 * kGpt2 : 0);
}

// PEFT's default for GPT-2 adapts the fused c_attn: 12 × 8 × (768 + 2304) = 294,912, and
// print_trainable_parameters() gives "all params: 124,734,720 || trainable%: 0.2364".
void TestFinetuneSeed::loraCountsAndBytes() {
    Scenario s = bf16();
    s.training.finetune.method = FinetuneMethod::Lora;
    const Estimate e = estimateOf(s);
    QCOMPARE(e.finetune.trainable, kGpt2Lora);
    QCOMPARE(e.finetune.frozen, kGpt2);
    QCOMPARE(e.finetune.trainable + e.finetune.frozen, 124'734'720LL);
    QCOMPARE(std::round(e.finetune.trainableShare * 1e6) / 1e4, 0.2364);
    QCOMPARE(e.modelStates.parameters, 2 * (kGpt2 + kGpt2Lora));
    QCOMPARE(e.modelStates.gradients, 2 * kGpt2Lora);  // only the adapters
    QCOMPARE(e.modelStates.optimizer, 12 * kGpt2Lora); // master + m + v
    // The r-wide intermediates, 8 × 8192 tokens × 2 B for each of the 12 c_attn adapters.
    QCOMPARE(e.finetune.loraActivations, 12 * 8 * 8 * 1024 * 2);
    const Estimate full = estimateOf(bf16());
    QCOMPARE(e.activations.bytes, full.activations.bytes + e.finetune.loraActivations);
    // r = 64 on every linear: c_attn 768 → 2304, c_proj, c_fc 768 → 3072, mlp.c_proj.
    s.training.finetune.loraRank = 64;
    s.training.finetune.loraTargets = kLoraAllLinear;
    QCOMPARE(estimateOf(s).finetune.trainable,
             12 * 64 * ((768 + 2304) + (768 + 768) + (768 + 3072) + (3072 + 768)));
}

// PEFT's print_trainable_parameters() for real models, through estimate(): "trainable params" and
// "all params" (base + adapters).
void TestFinetuneSeed::peftCountsThroughEstimate_data() {
    QTest::addColumn<Scenario>("scenario");
    QTest::addColumn<qint64>("trainable");
    QTest::addColumn<qint64>("all");
    const auto model = [](Architecture family, std::int64_t v, std::int64_t d, std::int64_t L,
                          std::int64_t h, std::int64_t g, std::int64_t f) {
        Scenario s;
        applyArchitecture(s.model, family);
        s.model.vocab = v;
        s.model.dModel = d;
        s.model.layers = L;
        s.model.heads = h;
        s.model.kvHeads = g;
        s.model.headDim = d / h;
        s.model.ffn = f;
        s.model.moe.expertFfn = f;
        s.model.moe.sharedFfn = f;
        s.training.precision = Precision::Bf16Mixed;
        s.training.seqLen = 512;
        s.training.batch = 1;
        s.training.finetune.method = FinetuneMethod::Lora;
        return s;
    };
    // The check value: "trainable params: 4,194,304 || all params: 6,742,609,920".
    QTest::newRow("Llama-2-7B r8 q,v") << model(Architecture::Llama, 32000, 4096, 32, 32, 32, 11008)
                                       << 4'194'304LL << 6'742'609'920LL;
    // PEFT README.md quick start: Qwen2.5-3B-Instruct (tied embeddings), r = 16, q and v.
    Scenario qwen = model(Architecture::Qwen2, 151936, 2048, 36, 16, 2, 11008);
    qwen.model.tiedHead = true;
    qwen.training.finetune.loraRank = 16;
    QTest::newRow("Qwen2.5-3B r16 q,v") << qwen << 3'686'400LL << 3'089'625'088LL;
    // Llama-3-8B, r = 16 on all-linear: 41,943,040 (PEFT output quoted by many tutorials) over
    // Meta's 8,030,261,248.
    Scenario llama3 = model(Architecture::Llama, 128256, 4096, 32, 32, 8, 14336);
    llama3.training.finetune.loraRank = 16;
    llama3.training.finetune.loraTargets = kLoraAllLinear;
    QTest::newRow("Llama-3-8B r16 all-linear")
        << llama3 << 41'943'040LL << 8'030'261'248LL + 41'943'040LL;
}

void TestFinetuneSeed::peftCountsThroughEstimate() {
    QFETCH(Scenario, scenario);
    QFETCH(qint64, trainable);
    QFETCH(qint64, all);
    const Estimate e = estimateOf(scenario);
    QCOMPARE(e.finetune.trainable, trainable);
    QCOMPARE(e.finetune.trainable + e.finetune.frozen, all);
    QCOMPARE(e.modelStates.gradients, 2 * trainable);
    QCOMPARE(e.modelStates.parameters, 2 * all);
}

// bitsandbytes NF4 with double quantization of every layer linear: per tensor of n elements
// n/2 packed bytes, n/64 uint8 absmax, 4 B per 256 blocks, the 1 KiB nested code, the offset
// and the 16-entry code; embeddings, biases and norms stay bf16.
void TestFinetuneSeed::qloraBytes() {
    Scenario s = bf16();
    s.training.finetune.method = FinetuneMethod::Qlora;
    const Estimate e = estimateOf(s);
    const auto nf4 = [](std::int64_t n) {
        return n / 2 + n / 64 + 4 * ((n / 64 + 255) / 256) + 1024 + 4 + 64;
    };
    const std::int64_t quantized = 48 * nf4(768 * 768) + 24 * nf4(768 * 3072);
    QCOMPARE(quantized, 43'893'792LL);
    const std::int64_t rest = 2 * (kGpt2Embedding + 1024 * 768 + 121'344);
    QCOMPARE(e.finetune.frozenBytes, quantized + rest);
    QCOMPARE(e.modelStates.parameters, quantized + rest + 2 * kGpt2Lora);
    // The QLoRA paper (Dettmers et al. 2023, sec. 3): double quantization stores 4 + 0.127
    // bits per quantized weight, before the per-tensor codes.
    const std::int64_t weights = 48 * 768 * 768 + 24 * 768 * 3072;
    const double bits = double(quantized - 72 * (1024 + 4 + 64)) * 8 / double(weights);
    QVERIFY2(std::abs(bits - 4.127) < 0.0005, qPrintable(QString::number(bits)));
}

// ZeRO-Offload, stage 2 over 8 GPUs of one node (DeepSpeed stage_1_and_2.py): the host holds
// per GPU the fp32 master and gradient partitions, CPU Adam's m and v, the bf16 copy-back
// partition and a gradient buffer of the largest tensor; the GPU keeps its bf16 weights, one
// reduce bucket of gradients and the same buffer.
void TestFinetuneSeed::offloadOptimizer() {
    Scenario s = bf16();
    s.parallel.data = Strategy::Zero2;
    s.parallel.gpus = 8;
    s.training.finetune.offload = Offload::Optimizer;
    const Estimate e = estimateOf(s);
    const std::int64_t part = kGpt2 / 8;
    QCOMPARE(e.perGpu.optimizer, 0);
    QCOMPARE(e.perGpu.parameters, 2 * kGpt2);
    QCOMPARE(e.perGpu.gradients, 2 * kGpt2 + 2 * kGpt2Embedding);
    QCOMPARE(e.finetune.cpuPerGpu, 4 * part + 4 * part + 8 * part + 2 * part + 2 * kGpt2Embedding);
    QCOMPARE(e.finetune.cpuPinned, e.finetune.cpuPerGpu - 8 * part); // Adam's states pageable
    QCOMPARE(e.finetune.cpuPerNode, 8 * e.finetune.cpuPerGpu);
    // The unsharded model states stay the seed's: offload moves them, it does not shrink them.
    QCOMPARE(e.modelStates.total, estimateOf(bf16()).modelStates.total);
}

// ZeRO-Infinity to the CPU (stage3.py): the bf16 weights' partition moves to the host too, the
// GPU holds the layer it runs and the one it prefetches; stage 3 has no copy-back buffer.
void TestFinetuneSeed::offloadOptimizerAndParams() {
    Scenario s = bf16();
    s.parallel.data = Strategy::Zero3;
    s.parallel.gpus = 8;
    s.parallel.gpusPerNode = 4;
    s.training.finetune.offload = Offload::OptimizerParams;
    const Estimate e = estimateOf(s);
    const std::int64_t part = kGpt2 / 8, layer = 7'087'872; // 12d² + 13d
    QCOMPARE(e.perGpu.parameters, 2 * 2 * layer);
    QCOMPARE(e.perGpu.optimizer, 0);
    QCOMPARE(e.perGpu.gradients, 2 * kGpt2);
    QCOMPARE(e.finetune.cpuPerGpu, 4 * part + 4 * part + 8 * part + 2 * part);
    QCOMPARE(e.finetune.cpuPerNode, 4 * e.finetune.cpuPerGpu); // 4 processes per node
}

// The same host bytes as the term list of finetune_terms.h, a separate implementation.
void TestFinetuneSeed::hostMatchesTheTermModule() {
    for (Offload offload : {Offload::Optimizer, Offload::OptimizerParams}) {
        for (FinetuneMethod method : {FinetuneMethod::Full, FinetuneMethod::Lora}) {
            Scenario s = bf16();
            s.parallel.data = offload == Offload::Optimizer ? Strategy::Zero2 : Strategy::Zero3;
            s.parallel.gpus = 8;
            s.training.finetune.offload = offload;
            s.training.finetune.method = method;
            FinetuneSetup setup;
            setup.method = method;
            setup.lora.fusedQkv = true;
            setup.offload = offload;
            setup.zeroStage = offload == Offload::Optimizer ? 2 : 3;
            setup.dataParallel = 8;
            const auto terms = estimateFinetune(s.model, s.training, setup);
            QVERIFY(terms);
            QCOMPARE(estimateOf(s).finetune.cpuPerGpu, terms->cpuBytesPerGpu);
        }
    }
}

void TestFinetuneSeed::globalBatch() {
    Scenario s;
    s.parallel.gpus = 4;
    s.training.finetune.gradAccumulation = 16;
    const Estimate e = estimateOf(s);
    QCOMPARE(e.globalBatch, 4 * 8 * 16);
    // Accumulation changes no byte of the seed accounting.
    Scenario once = s;
    once.training.finetune.gradAccumulation = 1;
    QVERIFY(samePerGpu(e.perGpu, estimateOf(once).perGpu));
}

void TestFinetuneSeed::offloadNeedsAPartitioningStrategy() {
    Scenario s = bf16();
    s.training.finetune.offload = Offload::Optimizer; // under ddp
    const EstimateResult e = estimate(s);
    QVERIFY(!e);
    QVERIFY(e.error().field == InputId::Offload);
    const std::string text = describe(e.error(), NameStyle::Option);
    QVERIFY2(text.find("--strategy") != std::string::npos, text.c_str());
    s.parallel.data = Strategy::Zero2;
    s.training.finetune.offload = Offload::OptimizerParams;
    QVERIFY(!estimate(s));
    s.parallel.data = Strategy::FsdpFull;
    QVERIFY(estimate(s));
}

void TestFinetuneSeed::reportKeys() {
    Scenario s = bf16();
    s.training.finetune.method = FinetuneMethod::Lora;
    const auto fields = reportFields(estimateOf(s));
    const auto value = [&](const char* key) -> FieldValue {
        for (const ReportField& f : fields) {
            if (f.key == key) {
                return f.value;
            }
        }
        return std::string("missing");
    };
    QCOMPARE(std::get<std::int64_t>(value("parameters.trainable")), kGpt2Lora);
    QCOMPARE(std::get<std::int64_t>(value("parameters.frozen")), kGpt2);
    QVERIFY(std::get<double>(value("parameters.trainable_share")) < 0.003);
    QCOMPARE(std::get<std::string>(value("inputs.finetune")), std::string("lora"));
    QCOMPARE(std::get<std::string>(value("inputs.lora_targets")), std::string("q+v"));
    QCOMPARE(std::get<std::int64_t>(value("cpu.per_gpu")), 0);
    QCOMPARE(std::get<std::int64_t>(value("cpu.per_node")), 0);
}

QTEST_GUILESS_MAIN(TestFinetuneSeed)
#include "tst_finetune_seed.moc"
