#include "config_adapter.h"
#include "estimate.h"
#include "sweep.h"

#include <QTest>

using namespace lgm;

// The charts' curves must agree with the exact estimate wherever both are defined.
class TestSweep : public QObject {
    Q_OBJECT

private slots:
    void logSpaceEndpointsAndOrder_data();
    void logSpaceEndpointsAndOrder();
    void seqSweepMatchesEstimate_data();
    void seqSweepMatchesEstimate();
    void batchSweepMatchesEstimate_data();
    void batchSweepMatchesEstimate();
    void finetunedSweepsMatchEstimate_data();
    void finetunedSweepsMatchEstimate();
    void gpuSweepSkipsInvalidHybridPoints();
    void termCurvesMatchEstimate_data();
    void termCurvesMatchEstimate();
    void gpuAxisMatchesEstimate();
    void precisionVariants();
    void strategyVariants();
};

namespace {

void addConfigRows() {
    QTest::addColumn<Precision>("precision");
    QTest::addColumn<CountMode>("count");
    QTest::addColumn<qint64>("positions");
    QTest::newRow("fp32 exact") << Precision::Fp32 << CountMode::Exact << 1024LL;
    QTest::newRow("mixed approx") << Precision::Bf16Mixed << CountMode::Approx << 1024LL;
    QTest::newRow("mixed exact, no table") << Precision::Fp16Mixed << CountMode::Exact << 0LL;
}

Config configOf(Precision precision, CountMode count, qint64 positions) {
    Config c;
    c.precision = precision;
    c.count = count;
    c.positions = positions;
    return c;
}

} // namespace

void TestSweep::logSpaceEndpointsAndOrder_data() {
    QTest::addColumn<double>("lo");
    QTest::addColumn<double>("hi");
    QTest::addColumn<int>("n");
    QTest::newRow("2 points") << 1.0 << 10.0 << 2;
    QTest::newRow("512 points") << 16.0 << 1048576.0 << 512;
    QTest::newRow("narrow") << 1000.0 << 1001.0 << 7;
}

void TestSweep::logSpaceEndpointsAndOrder() {
    QFETCH(double, lo);
    QFETCH(double, hi);
    QFETCH(int, n);
    const std::vector<double> x = logSpace(lo, hi, n);
    QCOMPARE(int(x.size()), n);
    QCOMPARE(x.front(), lo);
    QCOMPARE(x.back(), hi);
    for (std::size_t i = 1; i < x.size(); ++i) {
        QVERIFY(x[i] > x[i - 1]);
    }
    if (n > 2) {
        // Evenly spaced on a log axis: constant ratio between neighbours.
        QVERIFY(qFuzzyCompare(x[1] / x[0], x[n - 1] / x[n - 2]));
    }
}

void TestSweep::seqSweepMatchesEstimate_data() {
    addConfigRows();
}

void TestSweep::seqSweepMatchesEstimate() {
    QFETCH(Precision, precision);
    QFETCH(CountMode, count);
    QFETCH(qint64, positions);
    const Config base = configOf(precision, count, positions);
    const EstimateResult e = estimate(base);
    QVERIFY(e);
    const SeqSweep sweep = sweepSeq(*e, 256, 8192, 2);
    for (std::size_t i = 0; i < 2; ++i) {
        Config at = base;
        at.seqLen = qint64(sweep.seq[i]);
        const EstimateResult point = estimate(at); // the position table keeps its P rows
        QVERIFY(point);
        QCOMPARE(sweep.modelStates[i], double(point->modelStates.total));
        QCOMPARE(sweep.attentionLinear[i], double(point->activations.attentionLinear.bytes));
        QCOMPARE(sweep.attentionQuadratic[i], double(point->activations.attentionQuadratic.bytes));
        QCOMPARE(sweep.ffn[i], double(point->activations.ffn.bytes));
        QCOMPARE(sweep.activations[i], double(point->activations.bytes));
        QCOMPARE(sweep.total[i], double(point->total));
        QVERIFY(qFuzzyCompare(sweep.seedRatio[i], point->ratio.seedFormula));
        QVERIFY(qFuzzyCompare(sweep.linearTerm[i], point->ratio.linearTerm));
        QVERIFY(qFuzzyCompare(sweep.quadraticTerm[i], point->ratio.quadraticTerm));
    }
}

void TestSweep::batchSweepMatchesEstimate_data() {
    addConfigRows();
}

void TestSweep::batchSweepMatchesEstimate() {
    QFETCH(Precision, precision);
    QFETCH(CountMode, count);
    QFETCH(qint64, positions);
    const Config base = configOf(precision, count, positions);
    const EstimateResult e = estimate(base);
    QVERIFY(e);
    const BatchSweep sweep = sweepBatch(*e, 1, 4096, 2);
    for (std::size_t i = 0; i < 2; ++i) {
        Config at = base;
        at.batch = qint64(sweep.batch[i]);
        const EstimateResult point = estimate(at);
        QVERIFY(point);
        QCOMPARE(sweep.modelStates[i], double(point->modelStates.total));
        QVERIFY(qFuzzyCompare(sweep.activations[i], double(point->activations.bytes)));
        QVERIFY(qFuzzyCompare(sweep.total[i], double(point->total)));
    }
}

// Under LoRA, QLoRA or another optimizer the curves carry the estimate's own model states and
// the adapters' intermediates, at every s and b as estimate() gives them there.
void TestSweep::finetunedSweepsMatchEstimate_data() {
    QTest::addColumn<int>("method");
    QTest::addColumn<int>("optimizer");
    QTest::newRow("LoRA r=8 q,v, AdamW") << int(FinetuneMethod::Lora) << int(Optimizer::AdamW);
    QTest::newRow("QLoRA r=8 q,v, 8-bit Adam")
        << int(FinetuneMethod::Qlora) << int(Optimizer::Adam8bit);
    QTest::newRow("full, SGD") << int(FinetuneMethod::Full) << int(Optimizer::Sgd);
}

void TestSweep::finetunedSweepsMatchEstimate() {
    QFETCH(int, method);
    QFETCH(int, optimizer);
    Scenario base;
    base.training.precision = Precision::Bf16Mixed;
    base.training.finetune.method = FinetuneMethod(method);
    base.training.finetune.optimizer = Optimizer(optimizer);
    const EstimateResult e = estimate(base);
    QVERIFY(e);
    const SeqSweep seq = sweepSeq(*e, 256, 8192, 2);
    const BatchSweep batch = sweepBatch(*e, 1, 64, 2);
    for (std::size_t i = 0; i < 2; ++i) {
        Scenario atS = base, atB = base;
        atS.training.seqLen = qint64(seq.seq[i]);
        atB.training.batch = qint64(batch.batch[i]);
        const EstimateResult pointS = estimate(atS), pointB = estimate(atB);
        QVERIFY(pointS && pointB);
        QCOMPARE(seq.modelStates[i], double(pointS->modelStates.total));
        QCOMPARE(seq.activations[i], double(pointS->activations.bytes));
        QCOMPARE(seq.total[i], double(pointS->total));
        QCOMPARE(batch.modelStates[i], double(pointB->modelStates.total));
        QVERIFY(qFuzzyCompare(batch.total[i], double(pointB->total)));
    }
}

void TestSweep::gpuSweepSkipsInvalidHybridPoints() {
    Config base;
    base.precision = Precision::Fp16Mixed;
    base.gpusPerNode = 8;
    const GpuSweep sweep = sweepGpus(base, 64);
    for (const StrategyCurve& curve : sweep) {
        const bool hybrid = curve.strategy == Strategy::FsdpHybrid;
        const std::vector<double> expected = hybrid ? std::vector<double>{8, 16, 32, 64}
                                                    : std::vector<double>{1, 2, 4, 8, 16, 32, 64};
        QCOMPARE(curve.gpus, expected);
        QCOMPARE(curve.total.size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            Config at = base;
            at.strategy = curve.strategy;
            at.gpus = qint64(expected[i]);
            const EstimateResult point = estimate(at);
            QVERIFY(point);
            QCOMPARE(curve.total[i], double(point->perGpu.total));
        }
    }
}

void TestSweep::termCurvesMatchEstimate_data() {
    QTest::addColumn<SweepAxis>("axis");
    QTest::addColumn<qint64>("ffn");
    QTest::newRow("s, f = 4d") << SweepAxis::Seq << 3072LL;
    QTest::newRow("s, f = 3000") << SweepAxis::Seq << 3000LL;
    QTest::newRow("b, f = 4d") << SweepAxis::Batch << 3072LL;
    QTest::newRow("b, f = 3000") << SweepAxis::Batch << 3000LL;
}

// Every term's curve, at whole numbers on the axis, is the exact estimate there.
void TestSweep::termCurvesMatchEstimate() {
    QFETCH(SweepAxis, axis);
    QFETCH(qint64, ffn);
    Config base;
    base.ffn = ffn;
    base.precision = Precision::Bf16Mixed;
    const Estimate e = estimate(base).value();
    const std::vector<double> xs{1, 3, 512, 4096};
    const Sweep curves = sweep(e, axis, xs);
    QCOMPARE(curves.terms.size(), e.terms.size());
    for (std::size_t i = 0; i < xs.size(); ++i) {
        Config at = base;
        (axis == SweepAxis::Seq ? at.seqLen : at.batch) = qint64(xs[i]);
        const Estimate point = estimate(at).value();
        for (const SeedTerm& t : point.terms) {
            const TermCurve* curve = curves.find(t.id());
            QVERIFY(curve);
            QCOMPARE(curve->bytes[i], double(t.bytes));
        }
        QCOMPARE(curves.total[i], double(point.total));
    }
}

void TestSweep::gpuAxisMatchesEstimate() {
    Config base;
    base.strategy = Strategy::FsdpHybrid;
    base.gpusPerNode = 4;
    base.gpus = 4;
    const Estimate e = estimate(base).value();
    const std::vector<double> xs{1, 2, 4, 6, 8, 64};
    const Sweep curve = sweep(e, SweepAxis::Gpus, xs);
    // G = 4 must divide N and be at most N: 1, 2 and 6 are left out.
    QCOMPARE(curve.x, (std::vector<double>{4, 8, 64}));
    for (std::size_t i = 0; i < curve.x.size(); ++i) {
        Config at = base;
        at.gpus = qint64(curve.x[i]);
        QCOMPARE(curve.total[i], double(estimate(at)->perGpu.total));
    }
}

// The seed's table: fp32 16Ψ, mixed precision 16Ψ as well (2 + 2 + 12), activations halved;
// pure bf16 8Ψ (2 + 2 + 4).
void TestSweep::precisionVariants() {
    const std::vector<Variant> all = variants(Scenario{}, InputId::Precision);
    QCOMPARE(all.size(), inputSpec(InputId::Precision).choices.size());
    for (const Variant& v : all) {
        QVERIFY(v.estimate);
        QVERIFY(v.estimate->config.precision == Precision(v.value));
        const std::int64_t bytesPerParameter = Precision(v.value) == Precision::Bf16 ? 8 : 16;
        QCOMPARE(v.estimate->modelStates.total, bytesPerParameter * 124439808);
        const std::int64_t activations = v.value == 0 ? 14495514624 : 14495514624 / 2;
        QCOMPARE(v.estimate->activations.bytes, activations);
    }
}

void TestSweep::strategyVariants() {
    Config c;
    c.precision = Precision::Fp16Mixed;
    c.gpus = 4;
    const std::vector<Variant> all = variants(toScenario(c), InputId::Strategy);
    QCOMPARE(all.size(), std::size(kAllStrategies));
    for (const Variant& v : all) {
        const Strategy s = kAllStrategies[std::size_t(v.value)];
        // fsdp-hybrid needs G = 8 to divide N = 4: no estimate.
        QCOMPARE(v.estimate.has_value(), s != Strategy::FsdpHybrid);
        if (v.estimate) {
            Config at = c;
            at.strategy = s;
            QCOMPARE(v.estimate->perGpu.total, estimate(at)->perGpu.total);
        }
    }
    // ZeRO-3 on 4 GPUs: 16Ψ/4 of model states.
    QCOMPARE(all[3].estimate->perGpu.modelStates, std::int64_t{4} * 124439808);
}

QTEST_GUILESS_MAIN(TestSweep)
#include "tst_sweep.moc"
