#include "estimate.h"

#include <QTest>

#include <cmath>

using namespace lgm;

// The seed's closed form b(s/3d + hs²/24d²) and the crossovers derived from it.
class TestSeedRatio : public QObject {
    Q_OBJECT

private slots:
    void actualEqualsClosedFormAtSeedAssumptions_data();
    void actualEqualsClosedFormAtSeedAssumptions();
    void crossovers_data();
    void crossovers();
    void actualCrossoverBalancesBytes_data();
    void actualCrossoverBalancesBytes();
};

namespace {

void addShapeColumns() {
    QTest::addColumn<qint64>("b");
    QTest::addColumn<qint64>("s");
    QTest::addColumn<qint64>("d");
    QTest::addColumn<qint64>("h");
    QTest::addColumn<qint64>("L");
}

void addShapeRows() {
    addShapeColumns();
    QTest::newRow("gpt2 small b8") << 8LL << 1024LL << 768LL << 12LL << 12LL;
    QTest::newRow("gpt2 small b1 s128") << 1LL << 128LL << 768LL << 12LL << 12LL;
    QTest::newRow("gpt3 175b shape") << 1LL << 2048LL << 12288LL << 96LL << 96LL;
    QTest::newRow("long context") << 4LL << 131072LL << 4096LL << 32LL << 32LL;
    QTest::newRow("tiny") << 1LL << 1LL << 1LL << 1LL << 1LL;
}

Config seedConfig(qint64 b, qint64 s, qint64 d, qint64 h, qint64 L) {
    Config c;
    c.batch = b;
    c.seqLen = s;
    c.dModel = d;
    c.heads = h;
    c.layers = L;
    c.ffn = 4 * d;
    c.positions = s;
    c.count = CountMode::Approx;
    return c;
}

// The seed's formula, written out here independently of the core.
double closedForm(double b, double s, double d, double h) {
    return b * (s / (3 * d) + h * s * s / (24 * d * d));
}

} // namespace

void TestSeedRatio::actualEqualsClosedFormAtSeedAssumptions_data() {
    addShapeRows();
}

void TestSeedRatio::actualEqualsClosedFormAtSeedAssumptions() {
    QFETCH(qint64, b);
    QFETCH(qint64, s);
    QFETCH(qint64, d);
    QFETCH(qint64, h);
    QFETCH(qint64, L);
    const EstimateResult e = estimate(seedConfig(b, s, d, h, L));
    QVERIFY(e);
    const double expected = closedForm(b, s, d, h);
    QVERIFY2(qFuzzyCompare(e->ratio.actual, expected),
             qPrintable(QString("%1 vs %2").arg(e->ratio.actual).arg(expected)));
    QVERIFY(qFuzzyCompare(e->ratio.seedFormula, expected));
    QVERIFY(qFuzzyCompare(e->ratio.linearTerm, b * s / (3.0 * d)));
    QVERIFY(qFuzzyCompare(e->ratio.quadraticTerm, b * h * double(s) * s / (24.0 * d * d)));
}

void TestSeedRatio::crossovers_data() {
    addShapeRows();
}

void TestSeedRatio::crossovers() {
    QFETCH(qint64, b);
    QFETCH(qint64, s);
    QFETCH(qint64, d);
    QFETCH(qint64, h);
    QFETCH(qint64, L);
    const EstimateResult e = estimate(seedConfig(b, s, d, h, L));
    QVERIFY(e);
    const Crossovers& x = e->crossover;
    QVERIFY(x.seq > 0 && std::isfinite(x.seq));
    QVERIFY(qFuzzyCompare(closedForm(b, x.seq, d, h), 1.0));
    QVERIFY(qFuzzyCompare(closedForm(x.batch, s, d, h), 1.0));
    QVERIFY(qFuzzyCompare(x.quadraticOvertakes, 8.0 * d / h));
    // At s = 8d/h the two terms are equal.
    const double q = x.quadraticOvertakes;
    QVERIFY(qFuzzyCompare(q / (3.0 * d), h * q * q / (24.0 * d * d)));
}

void TestSeedRatio::actualCrossoverBalancesBytes_data() {
    addShapeColumns();
    QTest::addColumn<Precision>("precision");
    QTest::addColumn<qint64>("f");
    QTest::newRow("gpt2 fp32") << 8LL << 1024LL << 768LL << 12LL << 12LL << Precision::Fp32
                               << 3072LL;
    QTest::newRow("gpt2 mixed") << 8LL << 1024LL << 768LL << 12LL << 12LL << Precision::Fp16Mixed
                                << 3072LL;
    QTest::newRow("narrow ffn") << 2LL << 512LL << 1024LL << 8LL << 4LL << Precision::Bf16Mixed
                                << 100LL;
}

void TestSeedRatio::actualCrossoverBalancesBytes() {
    QFETCH(qint64, b);
    QFETCH(qint64, s);
    QFETCH(qint64, d);
    QFETCH(qint64, h);
    QFETCH(qint64, L);
    QFETCH(Precision, precision);
    QFETCH(qint64, f);
    Config c = seedConfig(b, s, d, h, L);
    c.ffn = f;
    c.precision = precision;
    c.count = CountMode::Exact;
    const EstimateResult e = estimate(c);
    QVERIFY(e);
    const double x = e->crossover.seqActual;
    const double bytes = precision == Precision::Fp32 ? 4 : 2;
    const double activations =
        bytes * L * (6.0 * b * x * d + 2.0 * b * h * x * x + b * x * (2.0 * d + 2.0 * f));
    QVERIFY2(qFuzzyCompare(activations, double(e->modelStates.total)),
             qPrintable(QString("%1 vs %2").arg(activations).arg(e->modelStates.total)));

    // The batch crossover: at b*, the config's s gives activations equal to model states.
    const double y = e->crossover.batchActual;
    const double sCfg = s;
    const double atBatch =
        bytes * L *
        (6.0 * y * sCfg * d + 2.0 * y * h * sCfg * sCfg + y * sCfg * (2.0 * d + 2.0 * f));
    QVERIFY2(qFuzzyCompare(atBatch, double(e->modelStates.total)),
             qPrintable(QString("%1 vs %2").arg(atBatch).arg(e->modelStates.total)));
}

QTEST_GUILESS_MAIN(TestSeedRatio)
#include "tst_seed_ratio.moc"
