#include "detailed_accounting.h"

#include <QTest>

using namespace lgm;

Q_DECLARE_METATYPE(lgm::Scenario)

// A plan built once per set-up must give, for every s, b and N, exactly the estimate built from
// scratch: the same terms, moments, per-layer bytes and reconciliation.
class TestDetailedPlan : public QObject {
    Q_OBJECT

private slots:
    void planEqualsOneShot_data();
    void planEqualsOneShot();
    void planServesOnlySeqBatchGpus();
};

namespace {

Scenario llama(Implementation implementation, AttentionKernel attention, Recompute recompute) {
    Scenario sc;
    ModelSpec& m = sc.model;
    m.family = Architecture::Llama;
    m.vocab = 128256;
    m.dModel = 4096;
    m.layers = 32;
    m.heads = 32;
    m.kvHeads = 8;
    m.headDim = 128;
    m.ffn = 14336;
    m.ffnType = FfnType::Gated;
    m.norm = NormType::RmsNorm;
    m.bias = BiasMode::None;
    m.positionType = PositionType::Rotary;
    m.tiedHead = false;
    sc.training.precision = Precision::Bf16Mixed;
    sc.training.accounting = Accounting::Detailed;
    sc.training.implementation = implementation;
    sc.training.attention = attention;
    sc.training.recompute = recompute;
    return sc;
}

void compare(const DetailedEstimate& a, const DetailedEstimate& b) {
    QCOMPARE(a.peak(), b.peak());
    QCOMPARE(a.perLayer(), b.perLayer());
    QCOMPARE(a.activationLayers(), b.activationLayers());
    QCOMPARE(a.busiest.stage, b.busiest.stage);
    QVERIFY(a.busiest.moment == b.busiest.moment);
    QVERIFY(a.busiest.terms == b.busiest.terms);
    QCOMPARE(a.firstStagePeak, b.firstStagePeak);
    QCOMPARE(a.lastStagePeak, b.lastStagePeak);
    QCOMPARE(a.reconciliation.nvidiaSmi, b.reconciliation.nvidiaSmi);
    QVERIFY(a.denseLayer == b.denseLayer && a.moeLayer == b.moeLayer);
}

} // namespace

void TestDetailedPlan::planEqualsOneShot_data() {
    QTest::addColumn<Scenario>("scenario");
    QTest::newRow("hf flash none")
        << llama(Implementation::HuggingFace, AttentionKernel::Flash, Recompute::None);
    Scenario fsdp = llama(Implementation::HuggingFace, AttentionKernel::Flash, Recompute::Full);
    fsdp.parallel.data = Strategy::FsdpFull;
    QTest::newRow("hf fsdp full recompute") << fsdp;
    Scenario mg = llama(Implementation::Megatron, AttentionKernel::Eager, Recompute::Selective);
    mg.training.dropout = 0.1;
    mg.parallel.tp = 8;
    mg.parallel.sequenceParallel = true;
    mg.parallel.pp = 4;
    mg.parallel.virtualStages = 2;
    mg.parallel.microbatches = 16;
    QTest::newRow("megatron tp sp pp v") << mg;
    Scenario moe = llama(Implementation::Megatron, AttentionKernel::Flash, Recompute::None);
    moe.model.family = Architecture::Moe;
    moe.model.moe.experts = 8;
    moe.model.moe.topK = 2;
    moe.model.moe.expertFfn = 14336;
    moe.parallel.ep = 8;
    moe.parallel.data = Strategy::Zero3;
    QTest::newRow("megatron moe ep zero3") << moe;
    // The plan keeps the fine-tuning figures: LoRA with ZeRO-Offload, and DeepSpeed's fp32
    // accumulation buffer (k > 1), which the one-shot estimate computes afresh.
    Scenario lora = llama(Implementation::HuggingFace, AttentionKernel::Flash, Recompute::None);
    lora.training.finetune.method = FinetuneMethod::Lora;
    lora.training.finetune.offload = Offload::Optimizer;
    lora.parallel.data = Strategy::Zero2;
    QTest::newRow("hf lora offload zero2") << lora;
    Scenario accumulate =
        llama(Implementation::HuggingFace, AttentionKernel::Eager, Recompute::Selective);
    accumulate.training.finetune.gradAccumulation = 4;
    accumulate.parallel.data = Strategy::Zero1;
    QTest::newRow("hf zero1 fp32 accumulation") << accumulate;
    Scenario adafactor = llama(Implementation::Megatron, AttentionKernel::Flash, Recompute::Full);
    adafactor.training.finetune.optimizer = Optimizer::Adafactor;
    adafactor.parallel.tp = 2;
    adafactor.parallel.data = Strategy::Zero3;
    QTest::newRow("megatron adafactor zero3 tp") << adafactor;
}

void TestDetailedPlan::planEqualsOneShot() {
    QFETCH(Scenario, scenario);
    const std::int64_t layout = scenario.parallel.tp * scenario.parallel.pp * scenario.parallel.ep;
    scenario.parallel.gpus = layout;
    const DetailedPlanResult plan = planDetailed(scenario);
    QVERIFY(plan.hasValue());
    int compared = 0;
    for (std::int64_t s : {512, 2048, 8192}) {
        for (std::int64_t b : {1, 3}) {
            for (std::int64_t n : {1, 4}) {
                Scenario sc = scenario;
                sc.training.seqLen = s;
                sc.training.batch = b;
                sc.parallel.gpus = layout * n;
                QVERIFY(planServes(*plan, sc));
                const DetailedResult fromPlan = detailedEstimate(*plan, sc);
                const DetailedResult oneShot = detailedEstimate(sc);
                QCOMPARE(fromPlan.hasValue(), oneShot.hasValue());
                if (oneShot.hasValue()) {
                    compare(*fromPlan, *oneShot);
                    ++compared;
                }
            }
        }
    }
    QCOMPARE(compared, 12);
}

void TestDetailedPlan::planServesOnlySeqBatchGpus() {
    const Scenario sc = llama(Implementation::Megatron, AttentionKernel::Flash, Recompute::None);
    const DetailedPlan plan = planDetailed(sc).value();
    Scenario other = sc;
    other.parallel.tp = 2;
    QVERIFY(!planServes(plan, other));
    other = sc;
    other.model.ffn = 11008;
    QVERIFY(!planServes(plan, other));
    other = sc;
    other.training.attention = AttentionKernel::Eager;
    QVERIFY(!planServes(plan, other));
    DetailedOptions pure;
    pure.pureBf16 = true;
    QVERIFY(!planServes(plan, sc, pure));
    other = sc;
    other.training.seqLen = 4096;
    other.training.batch = 8;
    other.parallel.gpus = 16;
    QVERIFY(planServes(plan, other));
}

QTEST_GUILESS_MAIN(TestDetailedPlan)
#include "tst_detailed_plan.moc"
