#include "estimate.h"

#include <QTest>

using namespace lgm;

// Activation elements per layer: 6bsd + 2bhs² + bs(2d + 2f), times bytes per element, times L.
class TestActivations : public QObject {
    Q_OBJECT

private slots:
    void handComputed_data();
    void handComputed();
    void mixedPrecisionHalves_data();
    void mixedPrecisionHalves();
    void ffnIsTenBsdAtFourD_data();
    void ffnIsTenBsdAtFourD();
};

namespace {

Config shape(qint64 b, qint64 s, qint64 d, qint64 h, qint64 f, qint64 L) {
    Config c;
    c.batch = b;
    c.seqLen = s;
    c.dModel = d;
    c.heads = h;
    c.ffn = f;
    c.layers = L;
    c.positions = s;
    return c;
}

} // namespace

void TestActivations::handComputed_data() {
    QTest::addColumn<qint64>("b");
    QTest::addColumn<qint64>("s");
    QTest::addColumn<qint64>("d");
    QTest::addColumn<qint64>("h");
    QTest::addColumn<qint64>("f");
    QTest::addColumn<qint64>("L");
    QTest::addColumn<qint64>("linear"); // elements per layer, by hand
    QTest::addColumn<qint64>("quadratic");
    QTest::addColumn<qint64>("ffn");
    // 6·2·3·4 = 144; 2·2·5·3² = 180; 2·3·(8 + 12) = 120.
    QTest::newRow("b2 s3 d4 h5 f6 L7")
        << 2LL << 3LL << 4LL << 5LL << 6LL << 7LL << 144LL << 180LL << 120LL;
    // 6·1·1·1 = 6; 2·1·1·1 = 2; 1·1·(2 + 2) = 4.
    QTest::newRow("ones") << 1LL << 1LL << 1LL << 1LL << 1LL << 1LL << 6LL << 2LL << 4LL;
    // GPT-2 small at b = 8: 6·8·1024·768; 2·8·12·1024²; 8·1024·(1536 + 6144).
    QTest::newRow("gpt2 b8") << 8LL << 1024LL << 768LL << 12LL << 3072LL << 12LL << 37'748'736LL
                             << 201'326'592LL << 62'914'560LL;
}

void TestActivations::handComputed() {
    QFETCH(qint64, b);
    QFETCH(qint64, s);
    QFETCH(qint64, d);
    QFETCH(qint64, h);
    QFETCH(qint64, f);
    QFETCH(qint64, L);
    QFETCH(qint64, linear);
    QFETCH(qint64, quadratic);
    QFETCH(qint64, ffn);
    const EstimateResult e = estimate(shape(b, s, d, h, f, L));
    QVERIFY(e);
    const Activations& a = e->activations;
    QCOMPARE(a.bytesPerElement, 4);
    QCOMPARE(a.attentionLinear.elementsPerLayer, linear);
    QCOMPARE(a.attentionQuadratic.elementsPerLayer, quadratic);
    QCOMPARE(a.ffn.elementsPerLayer, ffn);
    QCOMPARE(a.attentionLinear.bytesPerLayer, 4 * linear);
    QCOMPARE(a.attentionQuadratic.bytesPerLayer, 4 * quadratic);
    QCOMPARE(a.ffn.bytesPerLayer, 4 * ffn);
    QCOMPARE(a.bytesPerLayer, 4 * (linear + quadratic + ffn));
    QCOMPARE(a.attentionLinear.bytes, 4 * linear * L);
    QCOMPARE(a.attentionQuadratic.bytes, 4 * quadratic * L);
    QCOMPARE(a.ffn.bytes, 4 * ffn * L);
    QCOMPARE(a.bytes, a.bytesPerLayer * L);
    QCOMPARE(e->total, e->modelStates.total + a.bytes);
}

void TestActivations::mixedPrecisionHalves_data() {
    QTest::addColumn<Precision>("precision");
    QTest::newRow("fp16") << Precision::Fp16Mixed;
    QTest::newRow("bf16") << Precision::Bf16Mixed;
}

void TestActivations::mixedPrecisionHalves() {
    QFETCH(Precision, precision);
    Config c = shape(3, 100, 64, 4, 200, 5);
    const EstimateResult full = estimate(c);
    c.precision = precision;
    const EstimateResult mixed = estimate(c);
    QVERIFY(full && mixed);
    QCOMPARE(mixed->activations.bytesPerElement, 2);
    QCOMPARE(2 * mixed->activations.attentionLinear.bytes, full->activations.attentionLinear.bytes);
    QCOMPARE(2 * mixed->activations.attentionQuadratic.bytes,
             full->activations.attentionQuadratic.bytes);
    QCOMPARE(2 * mixed->activations.ffn.bytes, full->activations.ffn.bytes);
    QCOMPARE(2 * mixed->activations.bytes, full->activations.bytes);
}

void TestActivations::ffnIsTenBsdAtFourD_data() {
    QTest::addColumn<qint64>("b");
    QTest::addColumn<qint64>("s");
    QTest::addColumn<qint64>("d");
    QTest::newRow("small") << 2LL << 3LL << 4LL;
    QTest::newRow("gpt2") << 8LL << 1024LL << 768LL;
    QTest::newRow("wide") << 1LL << 2048LL << 12288LL;
}

void TestActivations::ffnIsTenBsdAtFourD() {
    QFETCH(qint64, b);
    QFETCH(qint64, s);
    QFETCH(qint64, d);
    const EstimateResult e = estimate(shape(b, s, d, 1, 4 * d, 2));
    QVERIFY(e);
    QCOMPARE(e->activations.ffn.elementsPerLayer, 10 * b * s * d);
}

QTEST_GUILESS_MAIN(TestActivations)
#include "tst_activations.moc"
