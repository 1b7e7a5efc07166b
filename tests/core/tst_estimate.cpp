#include "estimate.h"

#include <QTest>

using namespace lgm;

class TestEstimate : public QObject {
    Q_OBJECT

private slots:
    void gpt2SmallExactCount();
    void zeroPaperExample_data();
    void zeroPaperExample();
};

void TestEstimate::gpt2SmallExactCount() {
    const Config c; // defaults are GPT-2 small
    const EstimateResult e = estimate(c);
    QVERIFY(e);
    QCOMPARE(e->parameters.exact, 124'439'808);
}

void TestEstimate::zeroPaperExample_data() {
    QTest::addColumn<Strategy>("strategy");
    QTest::addColumn<double>("gigabytes");
    // Rajbhandari et al. 2020, Figure 1: Ψ = 7.5B, N = 64, mixed-precision Adam (K = 12).
    QTest::newRow("ddp") << Strategy::Ddp << 120.0;
    QTest::newRow("zero1") << Strategy::Zero1 << 31.4;
    QTest::newRow("zero2") << Strategy::Zero2 << 16.6;
    QTest::newRow("zero3") << Strategy::Zero3 << 1.9;
}

void TestEstimate::zeroPaperExample() {
    QFETCH(Strategy, strategy);
    QFETCH(double, gigabytes);
    Config c;
    c.count = CountMode::Approx;
    c.dModel = 2500;
    c.ffn = 10000;
    c.layers = 100;
    c.precision = Precision::Fp16Mixed;
    c.gpus = 64;
    c.strategy = strategy;
    const EstimateResult e = estimate(c);
    QVERIFY(e);
    QCOMPARE(e->parameters.total, 7'500'000'000);
    QCOMPARE(qRound(e->perGpu.modelStates / 1e8) / 10.0, gigabytes);
}

QTEST_GUILESS_MAIN(TestEstimate)
#include "tst_estimate.moc"
