#include "estimate.h"

#include <QTest>

using namespace lgm;

// Bytes per parameter of Adam training: the seed's 16Ψ, its mixed-precision split, and 18Ψ when
// mixed precision keeps fp32 gradients.
class TestModelStates : public QObject {
    Q_OBJECT

private slots:
    void bytesPerParameter_data();
    void bytesPerParameter();
    void statesIndependentOfSeqAndBatch();
};

void TestModelStates::bytesPerParameter_data() {
    QTest::addColumn<Precision>("precision");
    QTest::addColumn<bool>("fp32Grads");
    QTest::addColumn<CountMode>("count");
    QTest::addColumn<int>("params");
    QTest::addColumn<int>("grads");
    QTest::addColumn<int>("optimizer");
    QTest::addColumn<int>("total");
    const auto exact = CountMode::Exact;
    const auto approx = CountMode::Approx;
    QTest::newRow("fp32 16Ψ") << Precision::Fp32 << false << exact << 4 << 4 << 8 << 16;
    QTest::newRow("fp32 approx") << Precision::Fp32 << false << approx << 4 << 4 << 8 << 16;
    // fp32 gradients are already fp32 without mixed precision: nothing changes.
    QTest::newRow("fp32, fp32 grads") << Precision::Fp32 << true << exact << 4 << 4 << 8 << 16;
    QTest::newRow("fp16 mixed 16Ψ") << Precision::Fp16Mixed << false << exact << 2 << 2 << 12 << 16;
    QTest::newRow("bf16 mixed 16Ψ")
        << Precision::Bf16Mixed << false << approx << 2 << 2 << 12 << 16;
    QTest::newRow("fp16 mixed, fp32 grads 18Ψ")
        << Precision::Fp16Mixed << true << exact << 2 << 4 << 12 << 18;
    QTest::newRow("bf16 mixed, fp32 grads 18Ψ")
        << Precision::Bf16Mixed << true << approx << 2 << 4 << 12 << 18;
}

void TestModelStates::bytesPerParameter() {
    QFETCH(Precision, precision);
    QFETCH(bool, fp32Grads);
    QFETCH(CountMode, count);
    QFETCH(int, params);
    QFETCH(int, grads);
    QFETCH(int, optimizer);
    QFETCH(int, total);
    Config c;
    c.precision = precision;
    c.fp32Gradients = fp32Grads;
    c.count = count;
    const EstimateResult e = estimate(c);
    QVERIFY(e);
    const qint64 psi = count == CountMode::Exact ? 124'439'808 : 84'934'656;
    QCOMPARE(e->parameters.total, psi);
    const ModelStates& m = e->modelStates;
    QCOMPARE(m.perParameter.parameters, params);
    QCOMPARE(m.perParameter.gradients, grads);
    QCOMPARE(m.perParameter.optimizer, optimizer);
    QCOMPARE(m.perParameter.total(), total);
    QCOMPARE(m.parameters, params * psi);
    QCOMPARE(m.gradients, grads * psi);
    QCOMPARE(m.optimizer, optimizer * psi);
    QCOMPARE(m.total, total * psi);
}

void TestModelStates::statesIndependentOfSeqAndBatch() {
    Config c;
    c.positions = 0; // keep Ψ fixed while s changes
    const EstimateResult base = estimate(c);
    c.seqLen = 8192;
    c.batch = 64;
    const EstimateResult changed = estimate(c);
    QVERIFY(base && changed);
    QCOMPARE(changed->modelStates.total, base->modelStates.total);
    QVERIFY(changed->activations.bytes > base->activations.bytes);
}

QTEST_GUILESS_MAIN(TestModelStates)
#include "tst_model_states.moc"
