#include "estimate.h"
#include "input_table.h"
#include "report_fields.h"
#include "step_timeline.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace lgm;

namespace {

Estimate estimated(const Config& c) {
    EstimateResult e = estimate(c);
    return e ? std::move(e).value() : Estimate{};
}

} // namespace

// The step timeline of the seed accounting against figures worked out by hand from the lecture
// note's formulas.
class TestStepTimeline : public QObject {
    Q_OBJECT

private slots:
    void gpt2SmallOnOneGpu();
    void fsdpGathersUnitsAndReduceScattersInBackward();
    void ddpBucketCopyIsABuffer();
    void jsonAddsTheTimelineAndKeepsEveryKey();
    void otherArchitecturesPeakAtThePerGpuTotal_data();
    void otherArchitecturesPeakAtThePerGpuTotal();
    void detailedPeaksAtTheNamedMoment_data();
    void detailedPeaksAtTheNamedMoment();
    void detailedRandomSetupsPeakAtPerGpuPeak();
};

void TestStepTimeline::gpt2SmallOnOneGpu() {
    // GPT-2 small, fp32, b = 8, s = 1024: 124,439,808 parameters × 16 bytes of model states;
    // one layer saves 6bsd + 2bhs² + bs(2d + 2f) = 301,989,888 elements of 4 bytes.
    const Estimate e = estimated(Config{});
    const StepTimeline t = stepTimeline(e);
    const std::int64_t states = 124439808LL * 16;
    const std::int64_t layer = 301989888LL * 4;
    QCOMPARE(t.points.size(), std::size_t(26)); // 12 forward, the loss, 12 backward, optimizer
    QCOMPARE(t.points[0].phase, StepPhase::Forward);
    QCOMPARE(t.points[0].layer, std::int64_t(1));
    QCOMPARE(t.points[0].total(), states + layer);
    QCOMPARE(t.points[11].at(MemoryKind::Activations), 12 * layer);
    QCOMPARE(t.points[12].phase, StepPhase::Loss);
    QCOMPARE(t.points[13].phase, StepPhase::Backward);
    QCOMPARE(t.points[13].layer, std::int64_t(12));
    QCOMPARE(t.points[24].layer, std::int64_t(1));
    QCOMPARE(t.points[24].total(), states + layer);
    QCOMPARE(t.points[25].phase, StepPhase::OptimizerStep);
    QCOMPARE(t.points[25].total(), states);
    QCOMPARE(t.peak(), std::int64_t(16486551552));
    QCOMPARE(t.peak(), e.perGpu.total);
    QCOMPARE(t.peakIndex, std::size_t(11)); // the first point at the peak: the last forward
    QCOMPARE(t.points[25].at(MemoryKind::Optimizer), 124439808LL * 8);
}

void TestStepTimeline::fsdpGathersUnitsAndReduceScattersInBackward() {
    Config c;
    c.strategy = Strategy::FsdpFull;
    c.gpus = 8;
    c.precision = Precision::Bf16Mixed;
    const Estimate e = estimated(c);
    const StepTimeline t = stepTimeline(e);
    // Two units (the running layer and the prefetched one) of 7,087,872 parameters, 2 bytes
    // each as bf16 weights and as bf16 gradients; the shard is ⌈124,439,808 / 8⌉.
    const std::int64_t unit = 2 * 7087872LL * 2;
    const std::int64_t shard = 124439808LL / 8;
    QCOMPARE(e.perGpu.gatheredParameters, unit);
    QCOMPARE(t.points[0].at(MemoryKind::Parameters), shard * 2 + unit);
    QCOMPARE(t.points[0].at(MemoryKind::Gradients), shard * 2);
    QCOMPARE(t.points[13].at(MemoryKind::Gradients), shard * 2 + unit);
    QCOMPARE(t.points.back().at(MemoryKind::Parameters), shard * 2);
    QCOMPARE(t.points.back().at(MemoryKind::Optimizer), shard * 12);
    QCOMPARE(t.peakIndex, std::size_t(13)); // start of backward: the unit's gradients too
    QCOMPARE(t.peak(), e.perGpu.total);
}

void TestStepTimeline::ddpBucketCopyIsABuffer() {
    Config c;
    c.ddpBucketCopy = true;
    const StepTimeline t = stepTimeline(estimated(c));
    for (const TimelinePoint& p : t.points) {
        QCOMPARE(p.at(MemoryKind::Buffers), 124439808LL * 4);
        QCOMPARE(p.at(MemoryKind::Gradients), 124439808LL * 4);
    }
}

void TestStepTimeline::jsonAddsTheTimelineAndKeepsEveryKey() {
    const Estimate e = estimated(Config{});
    const std::string plain = toJson(reportFields(e));
    const std::string json = withTimeline(plain, stepTimeline(e));
    QJsonParseError error;
    const QJsonObject before = QJsonDocument::fromJson(QByteArray::fromStdString(plain)).object();
    const QJsonObject after =
        QJsonDocument::fromJson(QByteArray::fromStdString(json), &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(after.size(), before.size() + 1);
    for (auto it = before.begin(); it != before.end(); ++it) {
        QCOMPARE(after.value(it.key()), it.value());
    }
    const QJsonArray timeline = after.value("timeline").toArray();
    QCOMPARE(timeline.size(), 26);
    qint64 largest = 0;
    for (const QJsonValue& v : timeline) {
        const QJsonObject p = v.toObject();
        qint64 sum = 0;
        for (const char* kind : {"parameters", "gradients", "optimizer", "activations",
                                 "transients", "buffers", "overhead"}) {
            QVERIFY(p.contains(kind));
            sum += p.value(kind).toInteger();
        }
        QCOMPARE(p.value("total").toInteger(), sum);
        largest = std::max(largest, sum);
    }
    QCOMPARE(largest, after.value("per_gpu").toObject().value("total").toInteger());
    QCOMPARE(timeline.at(12).toObject().value("phase").toString(), QString("loss"));
}

void TestStepTimeline::otherArchitecturesPeakAtThePerGpuTotal_data() {
    QTest::addColumn<int>("family");
    QTest::addColumn<qint64>("experts");
    QTest::addColumn<qint64>("firstDense");
    QTest::newRow("llama") << int(Architecture::Llama) << qint64(1) << qint64(0);
    QTest::newRow("moe, 2 dense layers first") << int(Architecture::Moe) << qint64(8) << qint64(2);
}

// Layers of unequal size (an MoE model's dense first layers): activations still grow
// monotonically through forward and the peak is still the per-GPU total.
void TestStepTimeline::otherArchitecturesPeakAtThePerGpuTotal() {
    QFETCH(int, family);
    QFETCH(qint64, experts);
    QFETCH(qint64, firstDense);
    Scenario s;
    applyArchitecture(s.model, Architecture(family));
    s.model.positions = 0;
    s.model.moe.experts = experts;
    s.model.moe.topK = experts > 1 ? 2 : 1;
    s.model.moe.firstDenseLayers = firstDense;
    s.parallel.data = Strategy::FsdpFull;
    s.parallel.gpus = 8;
    const EstimateResult e = estimate(s);
    QVERIFY2(e.hasValue(), "the estimate takes the architecture");
    const StepTimeline t = stepTimeline(*e);
    QCOMPARE(t.peak(), e->perGpu.total);
    std::int64_t previous = 0;
    for (std::size_t i = 0; i <= std::size_t(s.model.layers); ++i) {
        QVERIFY(t.points[i].at(MemoryKind::Activations) >= previous);
        previous = t.points[i].at(MemoryKind::Activations);
    }
    QCOMPARE(previous, e->perGpu.activations);
}

// Scenario for the detailed timeline: GPT-2 small's shape at s = 2048 on 8 GPUs.
Scenario detailedScenario(Recompute recompute, LossKind loss, std::int64_t pp) {
    Scenario s;
    s.training.seqLen = 2048;
    s.model.positions = 2048;
    s.training.batch = 4;
    s.training.precision = Precision::Bf16Mixed;
    s.training.accounting = Accounting::Detailed;
    s.training.implementation = Implementation::Megatron;
    s.training.attention = AttentionKernel::Flash;
    s.training.recompute = recompute;
    s.training.loss = loss;
    s.parallel.data = Strategy::Zero1;
    s.parallel.gpus = 8;
    s.parallel.pp = pp;
    s.parallel.microbatches = 4;
    return s;
}

void TestStepTimeline::detailedPeaksAtTheNamedMoment_data() {
    QTest::addColumn<int>("recompute");
    QTest::addColumn<int>("loss");
    QTest::addColumn<qint64>("pp");
    QTest::newRow("no recompute") << int(Recompute::None) << int(LossKind::Standard) << qint64(1);
    QTest::newRow("selective") << int(Recompute::Selective) << int(LossKind::Standard) << qint64(1);
    QTest::newRow("full, fused loss") << int(Recompute::Full) << int(LossKind::Fused) << qint64(1);
    QTest::newRow("full, p = 4") << int(Recompute::Full) << int(LossKind::Standard) << qint64(4);
    QTest::newRow("none, p = 2") << int(Recompute::None) << int(LossKind::Fused) << qint64(2);
}

// The largest point is the peak the detailed accounting reports, and it lies where that
// accounting says the peak happens: the loss at the start of backward, or the first layer's
// backward when one layer rebuilt there is the larger.
void TestStepTimeline::detailedPeaksAtTheNamedMoment() {
    QFETCH(int, recompute);
    QFETCH(int, loss);
    QFETCH(qint64, pp);
    const Scenario s = detailedScenario(Recompute(recompute), LossKind(loss), pp);
    const EstimateResult e = estimate(s);
    QVERIFY(e.hasValue() && e->detailed.has_value());
    const DetailedEstimate& d = *e->detailed;
    const StepTimeline t = stepTimeline(*e);
    QCOMPARE(t.peak(), d.peak());
    QCOMPARE(t.points.size(), std::size_t(2 * d.busiest.layers + 2));
    const TimelinePoint& peak = t.points[t.peakIndex];
    if (d.busiest.moment == PeakMoment::StartOfBackward) {
        QCOMPARE(peak.phase, StepPhase::Loss);
    } else {
        QCOMPARE(peak.phase, StepPhase::Backward);
        QCOMPARE(peak.layer, d.busiest.layers);
    }
    // The kinds add up to the terms of each kind.
    std::array<std::int64_t, kMemoryKindCount> byKind{};
    for (const DetailedTerm& term : d.busiest.terms) {
        byKind[std::size_t(term.kind)] += term.bytes;
    }
    for (MemoryKind k : {MemoryKind::Parameters, MemoryKind::Gradients, MemoryKind::Optimizer,
                         MemoryKind::Buffers}) {
        QCOMPARE(peak.at(k), byKind[std::size_t(k)]);
        QCOMPARE(t.points.back().at(k), byKind[std::size_t(k)]); // held through the step
    }
    QCOMPARE(peak.at(MemoryKind::Activations), byKind[std::size_t(MemoryKind::Activations)]);
    // Forward grows to the layers' whole activations; the optimizer step holds none.
    QCOMPARE(t.points[std::size_t(d.busiest.layers) - 1].at(MemoryKind::Activations),
             d.busiest.activationLayers);
    QCOMPARE(t.points.back().at(MemoryKind::Activations), qint64(0));
}

// Random detailed set-ups: the timeline's maximum is per_gpu.peak, to the byte.
void TestStepTimeline::detailedRandomSetupsPeakAtPerGpuPeak() {
    QRandomGenerator r(8080);
    int checked = 0;
    for (int i = 0; i < 300; ++i) {
        Scenario s = detailedScenario(Recompute(r.bounded(3)), LossKind(r.bounded(2)),
                                      std::int64_t{1} << r.bounded(3));
        s.training.implementation =
            r.bounded(2) ? Implementation::Megatron : Implementation::HuggingFace;
        s.training.attention = r.bounded(2) ? AttentionKernel::Flash : AttentionKernel::Eager;
        s.training.seqLen = 1 + r.bounded(8192);
        s.model.positions = s.training.seqLen;
        s.training.batch = 1 + r.bounded(16);
        s.parallel.tp = std::int64_t{1} << r.bounded(3);
        s.parallel.data = kAllStrategies[r.bounded(int(std::size(kAllStrategies)))];
        s.parallel.gpus = 8 * (1 + r.bounded(4));
        const EstimateResult e = estimate(s);
        if (!e) {
            continue; // e.g. huggingface with t or p > 1
        }
        ++checked;
        QCOMPARE(stepTimeline(*e).peak(), e->detailed->peak());
    }
    QVERIFY2(checked > 60, qPrintable(QString::number(checked)));
}

QTEST_GUILESS_MAIN(TestStepTimeline)
#include "tst_step_timeline.moc"
