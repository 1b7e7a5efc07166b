#include "detailed_accounting.h"
#include "parameter_groups.h"

#include <QRandomGenerator>
#include <QTest>

#include <cmath>

using namespace lgm;

Q_DECLARE_METATYPE(lgm::Scenario)
Q_DECLARE_METATYPE(lgm::ModelSpec)
Q_DECLARE_METATYPE(lgm::Implementation)
Q_DECLARE_METATYPE(lgm::NumericFormat)

// The detailed accounting of the busiest GPU against Korthikanti et al. 2022 Fig. 1 (the
// per-GPU bars of all four models, as calculon's validation lists them), published parameter
// counts, the 1F1B and interleaved in-flight counts, and the composition of the peak.
class TestDetailedAccounting : public QObject {
    Q_OBJECT

private slots:
    void korthikantiFigure1_data();
    void korthikantiFigure1();
    void publishedParameterCounts_data();
    void publishedParameterCounts();
    void bytesPerParameter_data();
    void bytesPerParameter();
    void pipelineInFlight_data();
    void pipelineInFlight();
    void busiestGpuHoldsTheHead();
    void contextParallelDividesActivations();
    void expertParallelDividesExperts();
    void badLayouts_data();
    void badLayouts();
    void peakIsTheSumOfItsTerms_data();
    void peakIsTheSumOfItsTerms();
    void lossTransientIsTwelveBytesPerLogit();
    void fullRecomputeMovesThePeak();
    void flashRemovesTheScores();
    void buffersFollowTheStrategy();
    void reconciliationToNvidiaSmi();
    void llama3FsdpExample();
    void randomScenariosNeverBreak();
    void perTensorBreakdown();
};

namespace {

constexpr qint64 kGiB = qint64(1) << 30;

// Korthikanti's GPT models: f = 4h, v = 51200, s = 2048, fp16 with fp32 gradients, dropout.
Scenario korthikanti(qint64 h, qint64 a, qint64 L, qint64 b, qint64 t, qint64 p, qint64 v,
                     bool seqsel) {
    Scenario sc;
    sc.model.dModel = h;
    sc.model.heads = a;
    sc.model.kvHeads = a;
    sc.model.headDim = h / a;
    sc.model.ffn = 4 * h;
    sc.model.layers = L;
    sc.model.vocab = 51200;
    sc.model.positions = 2048;
    sc.training.seqLen = 2048;
    sc.training.batch = b;
    sc.training.precision = Precision::Fp16Mixed;
    sc.training.fp32Gradients = true;
    sc.training.count = CountMode::Approx;
    sc.training.accounting = Accounting::Detailed;
    sc.training.implementation = Implementation::Megatron;
    sc.training.attention = AttentionKernel::Eager;
    sc.training.dropout = 0.1;
    sc.training.recompute = seqsel ? Recompute::Selective : Recompute::None;
    sc.parallel.gpus = t * p;
    sc.parallel.tp = t;
    sc.parallel.sequenceParallel = seqsel;
    sc.parallel.pp = p;
    sc.parallel.virtualStages = v;
    sc.parallel.microbatches = 1024; // the global batch keeps every stage busy
    return sc;
}

ModelSpec llama3_8b() {
    ModelSpec m;
    m.family = Architecture::Llama;
    m.vocab = 128256;
    m.dModel = 4096;
    m.layers = 32;
    m.heads = 32;
    m.kvHeads = 8;
    m.headDim = 128;
    m.ffn = 14336;
    m.positions = 0;
    m.ffnType = FfnType::Gated;
    m.norm = NormType::RmsNorm;
    m.bias = BiasMode::None;
    m.positionType = PositionType::Rotary;
    m.tiedHead = false;
    return m;
}

ModelSpec mixtral() {
    ModelSpec m = llama3_8b();
    m.family = Architecture::Moe;
    m.vocab = 32000;
    m.moe.experts = 8;
    m.moe.topK = 2;
    m.moe.expertFfn = 14336;
    return m;
}

Scenario hfLlama(Recompute recompute, LossKind loss) {
    Scenario sc;
    sc.model = llama3_8b();
    sc.training.seqLen = 8192;
    sc.training.batch = 1;
    sc.training.precision = Precision::Bf16Mixed;
    sc.training.accounting = Accounting::Detailed;
    sc.training.implementation = Implementation::HuggingFace;
    sc.training.attention = AttentionKernel::Flash;
    sc.training.recompute = recompute;
    sc.training.loss = loss;
    return sc;
}

qint64 termBytes(const StageMemory& m, std::string_view id) {
    for (const DetailedTerm& t : m.terms) {
        if (t.id == id) {
            return t.bytes;
        }
    }
    return -1;
}

qint64 modelStates(const StageMemory& m) {
    return termBytes(m, "parameters") + termBytes(m, "gradients") + termBytes(m, "optimizer");
}

} // namespace

void TestDetailedAccounting::korthikantiFigure1_data() {
    QTest::addColumn<Scenario>("scenario");
    QTest::addColumn<double>("activationsGiB");
    QTest::addColumn<double>("modelStatesGiB");
    // Fig. 1 of the paper (Table 3 set-ups; v from calculon validation/seqsel/fig1/*.json):
    // "none" is TP only without recompute, "seqsel" is SP + selective recompute.
    QTest::newRow("22B none") << korthikanti(6144, 64, 48, 4, 8, 1, 1, false) << 59.25 << 45.5625;
    QTest::newRow("22B seqsel") << korthikanti(6144, 64, 48, 4, 8, 1, 1, true) << 9.5625 << 45.5625;
    QTest::newRow("175B none") << korthikanti(12288, 96, 96, 1, 8, 8, 3, false) << 66.84375
                               << 45.5625;
    QTest::newRow("175B seqsel") << korthikanti(12288, 96, 96, 1, 8, 8, 3, true) << 12.3515625
                                 << 45.5625;
    QTest::newRow("530B none") << korthikanti(20480, 128, 105, 1, 8, 35, 3, false) << 114.0234375
                               << 31.640625;
    QTest::newRow("530B seqsel") << korthikanti(20480, 128, 105, 1, 8, 35, 3, true) << 23.076171875
                                 << 31.640625;
    QTest::newRow("1T none") << korthikanti(25600, 160, 128, 1, 8, 64, 1, false) << 131.25
                             << 32.958984375;
    QTest::newRow("1T seqsel") << korthikanti(25600, 160, 128, 1, 8, 64, 1, true) << 26.5625
                               << 32.958984375;
}

void TestDetailedAccounting::korthikantiFigure1() {
    QFETCH(Scenario, scenario);
    QFETCH(double, activationsGiB);
    QFETCH(double, modelStatesGiB);
    const DetailedResult r = detailedEstimate(scenario);
    QVERIFY2(r.hasValue(), r.hasValue() ? "" : r.error().message.c_str());
    // Every figure is a multiple of 2^-20 GiB, so the doubles are exact.
    QCOMPARE(r->busiest.stage, qint64(0)); // the first stage holds the most activations
    QCOMPARE(r->activationLayers(), qint64(activationsGiB * double(kGiB)));
    QCOMPARE(modelStates(r->busiest), qint64(modelStatesGiB * double(kGiB)));
}

void TestDetailedAccounting::publishedParameterCounts_data() {
    QTest::addColumn<ModelSpec>("model");
    QTest::addColumn<qint64>("published");
    QTest::newRow("GPT-2 small 124,439,808") << ModelSpec{} << qint64(124'439'808);
    QTest::newRow("Llama-3-8B 8,030,261,248") << llama3_8b() << qint64(8'030'261'248);
    QTest::newRow("Mixtral-8x7B 46,702,792,704") << mixtral() << qint64(46'702'792'704);
}

void TestDetailedAccounting::publishedParameterCounts() {
    QFETCH(ModelSpec, model);
    QFETCH(qint64, published);
    QCOMPARE(splitParameters(model, CountMode::Exact)->total(), published);
}

void TestDetailedAccounting::bytesPerParameter_data() {
    QTest::addColumn<Implementation>("implementation");
    QTest::addColumn<NumericFormat>("format");
    QTest::addColumn<bool>("fp32Gradients");
    QTest::addColumn<int>("total");
    QTest::addColumn<int>("autocastCopy");
    // Megatron docs (dist_optimizer.md): 20 (fp16 params + fp16 grads), 18 (bf16 + fp32 grads),
    // 16 (fp32); torch AdamW in pure bf16 keeps 2 + 2 + 2·2.
    const auto mg = Implementation::Megatron;
    const auto hf = Implementation::HuggingFace;
    QTest::newRow("megatron fp16") << mg << NumericFormat::Fp16Mixed << false << 20 << 0;
    QTest::newRow("megatron fp16 fp32 grads") << mg << NumericFormat::Fp16Mixed << true << 18 << 0;
    QTest::newRow("megatron bf16") << mg << NumericFormat::Bf16Mixed << false << 18 << 0;
    QTest::newRow("megatron fp32") << mg << NumericFormat::Fp32 << false << 16 << 0;
    QTest::newRow("megatron pure bf16") << mg << NumericFormat::Bf16 << false << 8 << 0;
    QTest::newRow("hf autocast bf16") << hf << NumericFormat::Bf16Mixed << false << 16 << 2;
    QTest::newRow("hf fp32") << hf << NumericFormat::Fp32 << false << 16 << 0;
    QTest::newRow("hf pure bf16") << hf << NumericFormat::Bf16 << false << 8 << 0;
}

void TestDetailedAccounting::bytesPerParameter() {
    QFETCH(Implementation, implementation);
    QFETCH(NumericFormat, format);
    QFETCH(bool, fp32Gradients);
    QFETCH(int, total);
    QFETCH(int, autocastCopy);
    const StateBytes b = stateBytes(implementation, format, fp32Gradients);
    QCOMPARE(b.weights + b.gradients + b.optimizer, total);
    QCOMPARE(b.autocastCopy, autocastCopy);
}

void TestDetailedAccounting::pipelineInFlight_data() {
    QTest::addColumn<qint64>("pp");
    QTest::addColumn<qint64>("v");
    QTest::addColumn<qint64>("m");
    QTest::addColumn<qint64>("layerMicrobatches"); // layer activations held on stage 0
    // L = 48. 1F1B: min(p, m) micro-batches × L/p layers. Interleaved: p·v + p − 1 chunks of
    // L/(p·v) layers = L × (1 + (p − 1)/(p·v)).
    QTest::newRow("p 4, m 8: L") << qint64(4) << qint64(1) << qint64(8) << qint64(48);
    QTest::newRow("p 4, m 2: 2 × L/4") << qint64(4) << qint64(1) << qint64(2) << qint64(24);
    QTest::newRow("p 4, v 2, m 8: L × 11/8") << qint64(4) << qint64(2) << qint64(8) << qint64(66);
    QTest::newRow("p 8, v 3, m 64: L × 31/24")
        << qint64(8) << qint64(3) << qint64(64) << qint64(62);
    QTest::newRow("p 4, v 2, m 1: m·v chunks") << qint64(4) << qint64(2) << qint64(1) << qint64(12);
}

void TestDetailedAccounting::pipelineInFlight() {
    QFETCH(qint64, pp);
    QFETCH(qint64, v);
    QFETCH(qint64, m);
    QFETCH(qint64, layerMicrobatches);
    Scenario sc = korthikanti(6144, 64, 48, 1, 1, pp, v, false);
    sc.parallel.microbatches = m;
    const DetailedResult r = detailedEstimate(sc);
    QVERIFY(r.hasValue());
    QCOMPARE(r->activationLayers(), r->perLayer() * layerMicrobatches);
}

void TestDetailedAccounting::busiestGpuHoldsTheHead() {
    // With one micro-batch in flight everywhere, the last stage's logits and loss decide.
    Scenario sc = korthikanti(4096, 32, 32, 1, 1, 4, 1, false);
    sc.parallel.microbatches = 1;
    sc.model.vocab = 256000;
    const DetailedResult r = detailedEstimate(sc);
    QVERIFY(r.hasValue());
    QCOMPARE(r->busiest.stage, qint64(3));
    QVERIFY(r->lastStagePeak > r->firstStagePeak);
    QVERIFY(termBytes(r->busiest, "cross_entropy_softmax") > 0);
    QCOMPARE(termBytes(r->busiest, "token_ids"), qint64(-1)); // the embedding is on stage 0
}

void TestDetailedAccounting::contextParallelDividesActivations() {
    Scenario sc = korthikanti(4096, 32, 32, 1, 1, 1, 1, false);
    sc.training.attention = AttentionKernel::Flash;
    sc.training.seqLen = 8192;
    const qint64 one = detailedEstimate(sc)->activationLayers();
    sc.parallel.cp = 4;
    sc.parallel.gpus = 4;
    const qint64 four = detailedEstimate(sc)->activationLayers();
    QCOMPARE(four - 32 * 16, (one - 32 * 16) / 4); // 16 B of RNG state per layer is not split
}

void TestDetailedAccounting::expertParallelDividesExperts() {
    Scenario sc;
    sc.model = mixtral();
    sc.training.precision = Precision::Bf16Mixed;
    sc.training.implementation = Implementation::Megatron;
    sc.training.seqLen = 4096;
    sc.training.batch = 1;
    sc.parallel.gpus = 8;
    sc.parallel.ep = 8;
    const DetailedResult r = detailedEstimate(sc);
    QVERIFY2(r.hasValue(), r.hasValue() ? "" : r.error().message.c_str());
    const ParameterSplit lp = *splitParameters(sc.model, CountMode::Exact);
    const qint64 experts = lp.moe.experts * 32 / 8;
    const qint64 rest = lp.total() - lp.moe.experts * 32;
    QCOMPARE(termBytes(r->busiest, "parameters"), 2 * (rest + experts));
    QCOMPARE(termBytes(r->busiest, "optimizer"), 12 * (rest + experts));
}

void TestDetailedAccounting::badLayouts_data() {
    QTest::addColumn<Scenario>("scenario");
    QTest::addColumn<QString>("first");
    QTest::addColumn<QString>("second");
    Scenario gpus = korthikanti(4096, 32, 32, 1, 8, 1, 1, false);
    gpus.parallel.gpus = 12;
    QTest::newRow("gpus 12, tp·pp·cp 8") << gpus << "gpus 12"
                                         << "tp·pp·cp = 8";
    Scenario layers = korthikanti(4096, 32, 30, 1, 1, 4, 1, false);
    QTest::newRow("layers 30, pp 4") << layers << "layers 30"
                                     << "= 4";
    Scenario chunks = korthikanti(4096, 32, 48, 1, 1, 4, 5, false);
    QTest::newRow("layers 48, pp·v 20") << chunks << "layers 48"
                                        << "= 20";
    Scenario heads = korthikanti(4096, 32, 32, 1, 1, 1, 1, false);
    heads.parallel.tp = 3;
    heads.parallel.gpus = 3;
    QTest::newRow("heads 32, tp 3") << heads << "heads 32"
                                    << "tp 3";
    Scenario hf = hfLlama(Recompute::None, LossKind::Standard);
    hf.parallel.tp = 2;
    hf.parallel.gpus = 2;
    QTest::newRow("huggingface with tp 2") << hf << "huggingface"
                                           << "tp 2";
    Scenario dropout = korthikanti(4096, 32, 32, 1, 1, 1, 1, false);
    dropout.training.dropout = 1.5;
    QTest::newRow("dropout 1.5") << dropout << "dropout 1.5"
                                 << "below 1";
}

void TestDetailedAccounting::badLayouts() {
    QFETCH(Scenario, scenario);
    QFETCH(QString, first);
    QFETCH(QString, second);
    const DetailedResult r = detailedEstimate(scenario);
    QVERIFY(!r.hasValue());
    const QString message = QString::fromStdString(r.error().message);
    QVERIFY2(message.contains(first) && message.contains(second), qPrintable(message));
}

void TestDetailedAccounting::peakIsTheSumOfItsTerms_data() {
    QTest::addColumn<Scenario>("scenario");
    QTest::newRow("hf llama flash none") << hfLlama(Recompute::None, LossKind::Standard);
    QTest::newRow("hf llama full fused") << hfLlama(Recompute::Full, LossKind::Fused);
    Scenario fsdp = hfLlama(Recompute::Full, LossKind::Standard);
    fsdp.parallel.data = Strategy::FsdpFull;
    fsdp.parallel.gpus = 8;
    QTest::newRow("hf llama fsdp 8") << fsdp;
    QTest::newRow("175B seqsel") << korthikanti(12288, 96, 96, 1, 8, 8, 3, true);
}

void TestDetailedAccounting::peakIsTheSumOfItsTerms() {
    QFETCH(Scenario, scenario);
    DetailedOptions o;
    for (bool counted : {false, true}) {
        o.overhead.counted = counted;
        const DetailedResult r = detailedEstimate(scenario, o);
        QVERIFY(r.hasValue());
        qint64 sum = 0;
        bool overhead = false;
        for (const DetailedTerm& t : r->busiest.terms) {
            sum += t.bytes;
            overhead = overhead || t.kind == TermKind::Overhead;
            QVERIFY(!t.id.empty() && !t.formula.empty());
        }
        QCOMPARE(sum, r->peak());
        QCOMPARE(overhead, counted);
        QCOMPARE(r->reconciliation.allocated +
                     (counted ? r->reconciliation.nvidiaSmi - r->reconciliation.allocated : 0),
                 r->peak());
    }
}

void TestDetailedAccounting::lossTransientIsTwelveBytesPerLogit() {
    // HF Llama-3-8B, s 8192: the saved fp32 log_softmax (4 B) and the two fp32 gradients of
    // the loss backward (8 B) sit on top of every saved activation at the start of backward.
    const DetailedResult r = detailedEstimate(hfLlama(Recompute::None, LossKind::Standard));
    QVERIFY(r.hasValue());
    const qint64 logits = 8192 * qint64(128256);
    QCOMPARE(toString(r->busiest.moment), std::string_view("start_of_backward"));
    QCOMPARE(termBytes(r->busiest, "log_softmax_output"), 4 * logits);
    // nll_loss keeps the int64 targets and a 0-dim fp32 total_weight (measured on CPU with
    // saved_tensors_hooks: NllLossBackward0.target and .total_weight).
    QCOMPARE(termBytes(r->busiest, "loss_targets"), 8 * qint64(8192));
    QCOMPARE(termBytes(r->busiest, "loss_total_weight"), qint64(4));
    QCOMPARE(termBytes(r->busiest, "cross_entropy_backward"), 8 * logits);
    // HF SDPA autocast layer: (30h + 4h·g/a + 8f + 4a + 8) per token + 16 B, 32 layers.
    const qint64 perToken = 30 * 4096 + 4 * 4096 * 8 / 32 + 8 * 14336 + 4 * 32 + 8;
    QCOMPARE(r->perLayer(), perToken * 8192 + 16);
    QCOMPARE(r->activationLayers(), 32 * r->perLayer());
    // Autocast keeps fp32 states (16 B) and a bf16 copy of every matmul weight: layers' and
    // head's matrices (the token table is a lookup, not cast).
    const qint64 psi = 8'030'261'248;
    QCOMPARE(modelStates(r->busiest), 16 * psi);
    const qint64 matmul = qint64(32) * (41'943'040 + 176'160'768) + 128256 * qint64(4096);
    QCOMPARE(termBytes(r->busiest, "autocast_weight_copies"), 2 * matmul);
}

void TestDetailedAccounting::fullRecomputeMovesThePeak() {
    // Full recompute keeps 4sbh per layer under autocast (the fp32 residual stream). With a
    // fused loss nothing vocabulary-wide is left, so the peak is one layer's recompute.
    const DetailedResult r = detailedEstimate(hfLlama(Recompute::Full, LossKind::Fused));
    QVERIFY(r.hasValue());
    QCOMPARE(r->activationLayers(), qint64(32) * 4 * 8192 * 4096);
    QCOMPARE(toString(r->busiest.moment), std::string_view("recompute_in_backward"));
    const qint64 perToken = 30 * 4096 + 4 * 4096 * 8 / 32 + 8 * 14336 + 4 * 32 + 8;
    QCOMPARE(termBytes(r->busiest, "recompute_one_layer"), perToken * 8192 + 16);
    // Megatron partial recompute: 4 of 8 layers keep their input, the other 4 everything.
    Scenario sc = korthikanti(4096, 32, 8, 1, 1, 1, 1, false);
    sc.training.recompute = Recompute::Full;
    sc.training.recomputeLayers = 4;
    const DetailedResult partial = detailedEstimate(sc);
    const qint64 sbh = 2048 * qint64(4096);
    const qint64 none = 34 * sbh + 5 * 32 * 2048 * qint64(2048);
    QCOMPARE(partial->activationLayers(), 4 * 2 * sbh + 4 * none);
}

void TestDetailedAccounting::flashRemovesTheScores() {
    Scenario sc = hfLlama(Recompute::None, LossKind::Standard);
    sc.training.attention = AttentionKernel::Eager;
    const qint64 eager = detailedEstimate(sc)->perLayer();
    sc.training.attention = AttentionKernel::Flash;
    const qint64 flash = detailedEstimate(sc)->perLayer();
    // Eager keeps repeated K, V (4h instead of 4h·g/a), fp32 softmax + bf16 copy (6as), no lse.
    const qint64 s = 8192;
    QCOMPARE(eager - flash, s * (4 * 4096 - 4 * 4096 * 8 / 32) + 6 * 32 * s * s - 4 * 32 * s - 16);
}

void TestDetailedAccounting::buffersFollowTheStrategy() {
    Scenario sc = hfLlama(Recompute::Full, LossKind::Standard);
    sc.training.precision = Precision::Bf16Mixed;
    sc.parallel.gpus = 8;
    sc.parallel.data = Strategy::FsdpFull;
    const DetailedResult r = detailedEstimate(sc);
    const qint64 unit = 218'112'000; // one Llama-3-8B layer
    // FSDP's mixed-precision policy: bf16 gathered units and gradients, fp32 shards.
    QCOMPARE(termBytes(r->busiest, "fsdp_gathered_units"), 2 * unit * 2);
    QCOMPARE(termBytes(r->busiest, "fsdp_reduce_scatter"), unit * 2);
    QCOMPARE(termBytes(r->busiest, "parameters"), (8'030'261'248 + 7) / 8 * 4);
    QCOMPARE(termBytes(r->busiest, "autocast_weight_copies"), qint64(-1));
    sc.parallel.data = Strategy::Ddp;
    sc.parallel.ddpBucketCopy = true;
    const DetailedResult ddp = detailedEstimate(sc);
    QCOMPARE(termBytes(ddp->busiest, "ddp_bucket_copy"), 8'030'261'248 * 4);
    QCOMPARE(termBytes(ddp->busiest, "fsdp_gathered_units"), qint64(-1));
}

void TestDetailedAccounting::reconciliationToNvidiaSmi() {
    Scenario sc = korthikanti(12288, 96, 96, 1, 8, 8, 3, true);
    sc.parallel.gpus = 128; // dp 2: dp, tp and pp communicators
    const DetailedResult r = detailedEstimate(sc);
    const Reconciliation& c = r->reconciliation;
    QCOMPARE(c.allocated, r->peak());
    QCOMPARE(c.reserved, c.allocated + qint64(std::ceil(double(c.allocated) * 0.10)));
    QCOMPARE(c.nvidiaSmi, c.reserved + 500 * kMiB + 3 * 256 * kMiB);
}

void TestDetailedAccounting::llama3FsdpExample() {
    // Llama-3-8B, s 8192, b 1, bf16, FlashAttention, full activation checkpointing, FSDP on 8
    // GPUs (HF + accelerate): about 30 GiB per GPU is what such runs report. Each part by hand:
    Scenario sc = hfLlama(Recompute::Full, LossKind::Standard);
    sc.parallel.data = Strategy::FsdpFull;
    sc.parallel.gpus = 8;
    const DetailedResult r = detailedEstimate(sc);
    QVERIFY(r.hasValue());
    const qint64 s = 8192, h = 4096, v = 128256, unit = 218'112'000;
    const qint64 states = 16 * ((8'030'261'248 + 7) / 8); // fp32 + Adam, sharded
    const qint64 buffers = 2 * 2 * unit + 2 * unit;       // 2 gathered + 1 RS, bf16
    const qint64 checkpoints = 32 * 2 * s * h;            // bf16 layer inputs
    const qint64 outside = 8 * s + (4 * s + 4 * s * h + 2 * s * h) + 2 * s * h; // ids, norm, head
    const qint64 loss = 4 * s * v + 8 * s * v + 8 * s + 4; // 12 B per logit, targets, weight
    QCOMPARE(r->peak(), states + buffers + checkpoints + outside + loss);
    QVERIFY(r->peak() > 29 * kGiB && r->peak() < 31 * kGiB);
}

// Random shapes, layouts and options, from tiny to absurd: either one message, or a peak that
// is the sum of non-negative terms and a reconciliation that only grows.
void TestDetailedAccounting::randomScenariosNeverBreak() {
    QRandomGenerator rng(12);
    auto pick = [&rng](qint64 lo, qint64 hi) {
        return lo + qint64(rng.bounded(quint64(hi - lo + 1)));
    };
    auto pow2 = [&](int maxExp) { return qint64(1) << pick(0, maxExp); };
    int valid = 0;
    for (int i = 0; i < 3000; ++i) {
        Scenario sc;
        ModelSpec& m = sc.model;
        m.heads = pow2(7);
        m.kvHeads = std::max<qint64>(1, m.heads >> pick(0, 3));
        m.headDim = pick(1, 256);
        m.dModel = pick(1, 3) == 1 ? pick(1, 100'000) : m.heads * m.headDim;
        m.ffn = pick(1, 200'000);
        m.layers = pick(1, 200);
        m.vocab = pick(1, 10'000'000);
        m.ffnType = pick(0, 1) ? FfnType::Gated : FfnType::Plain;
        m.norm = pick(0, 1) ? NormType::RmsNorm : NormType::LayerNorm;
        m.parallelResidual = pick(0, 3) == 0;
        m.tiedHead = pick(0, 1) == 1;
        if (pick(0, 3) == 0) {
            m.moe.experts = pow2(7);
            m.moe.topK = pick(1, m.moe.experts);
            m.moe.expertFfn = pick(1, 50'000);
            m.moe.sharedExperts = pick(0, 2);
            m.moe.sharedFfn = pick(0, 20'000);
            m.moe.firstDenseLayers = pick(0, m.layers);
        }
        TrainingSetup& t = sc.training;
        t.seqLen = pow2(20);
        t.batch = pick(1, 64);
        t.precision = Precision(pick(0, 2));
        t.count = pick(0, 1) ? CountMode::Exact : CountMode::Approx;
        t.implementation = pick(0, 1) ? Implementation::Megatron : Implementation::HuggingFace;
        t.attention = pick(0, 1) ? AttentionKernel::Flash : AttentionKernel::Eager;
        t.dropout = pick(0, 2) == 0 ? 0.1 : (pick(0, 9) == 0 ? -0.5 : 0.0);
        t.recompute = Recompute(pick(0, 2));
        t.recomputeLayers = pick(0, 3) == 0 ? pick(0, 8) : 0;
        t.loss = pick(0, 1) ? LossKind::Fused : LossKind::Standard;
        Parallelism& p = sc.parallel;
        const bool megatron = t.implementation == Implementation::Megatron;
        p.data = kAllStrategies[pick(0, 6)];
        p.tp = megatron ? pow2(3) : 1;
        p.pp = megatron ? pow2(4) : 1;
        p.virtualStages = p.pp > 1 && pick(0, 3) == 0 ? pick(1, 4) : 1;
        p.cp = megatron ? pow2(2) : 1;
        p.ep = megatron && m.moe.experts > 1 ? pow2(2) : 1;
        p.sequenceParallel = megatron && pick(0, 1) == 1;
        p.microbatches = pick(1, 64);
        p.gpus = p.tp * p.pp * p.cp * p.ep * pow2(4) + (pick(0, 19) == 0 ? 1 : 0);
        if (pick(0, 9) != 0) { // mostly shapes the layout divides
            m.layers = p.pp * p.virtualStages * pick(1, 12);
            m.ffn = p.tp * pick(1, 20'000);
            m.heads = std::max(m.heads, p.tp);
            m.kvHeads = std::max(m.kvHeads, p.tp);
            m.moe.firstDenseLayers = std::min(m.moe.firstDenseLayers, m.layers);
            m.moe.experts = m.moe.experts > 1 ? std::max(m.moe.experts, p.ep) : 1;
            m.moe.topK = std::min(m.moe.topK, m.moe.experts);
        }
        DetailedOptions o;
        o.pureBf16 = pick(0, 3) == 0;
        o.overhead.counted = pick(0, 1) == 1;
        const DetailedResult r = detailedEstimate(sc, o);
        if (!r.hasValue()) {
            QVERIFY(!r.error().message.empty());
            continue;
        }
        ++valid;
        qint64 sum = 0;
        for (const DetailedTerm& term : r->busiest.terms) {
            QVERIFY2(term.bytes >= 0, term.id.data());
            sum += term.bytes;
        }
        QCOMPARE(sum, r->peak());
        QVERIFY(r->activationLayers() >= 0 && r->perLayer() >= 0);
        const Reconciliation& c = r->reconciliation;
        QVERIFY(c.allocated <= c.reserved && c.reserved <= c.nvidiaSmi);
    }
    QVERIFY(valid > 300); // the generator reaches valid layouts, not only errors
}

void TestDetailedAccounting::perTensorBreakdown() {
    // The 22B layer under TP 8 without SP: the breakdown sums to sbh(10 + 24/t + 5as/(ht)),
    // and its largest entries are the three s² tensors (2as, 1as, 2as, ÷ t).
    const DetailedResult r = detailedEstimate(korthikanti(6144, 64, 48, 4, 8, 1, 1, false));
    QVERIFY(r.hasValue());
    const std::vector<DetailedTerm> terms = savedTensorTerms(r->denseLayer, r->geometry, false);
    qint64 sum = 0;
    for (const DetailedTerm& t : terms) {
        sum += t.bytes;
    }
    const qint64 sbh = 2048 * 4 * qint64(6144), scores = 64 * 2048 * 2048 * qint64(4) / 8;
    QCOMPARE(sum, 10 * sbh + 24 * sbh / 8 + 5 * scores);
    QCOMPARE(sum, r->perLayer());
    qint64 softmax = -1;
    for (const DetailedTerm& t : terms) {
        softmax = t.id == "softmax_output" ? t.bytes : softmax;
    }
    QCOMPARE(softmax, 2 * scores);
    QCOMPARE(qint64(savedTensorTerms(r->denseLayer, r->geometry, true).size()),
             qint64(terms.size()) - 3);
}

QTEST_GUILESS_MAIN(TestDetailedAccounting)
#include "tst_detailed_accounting.moc"
