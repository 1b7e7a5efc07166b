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
    void gpuSweepSkipsInvalidHybridPoints();
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

QTEST_GUILESS_MAIN(TestSweep)
#include "tst_sweep.moc"
