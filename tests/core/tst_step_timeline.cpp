#include "estimate.h"
#include "input_table.h"
#include "report_fields.h"
#include "step_timeline.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
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

QTEST_GUILESS_MAIN(TestStepTimeline)
#include "tst_step_timeline.moc"
