#include "estimate.h"

#include <QTest>

using namespace lgm;

// Parameter counts against published model sizes and against the formulas written out by hand.
class TestParameterCount : public QObject {
    Q_OBJECT

private slots:
    void publishedGpt2Counts_data();
    void publishedGpt2Counts();
    void approxCount_data();
    void approxCount();
    void splitSumsToTotal_data();
    void splitSumsToTotal();
    void exactMinusApproxIsEmbeddingBiasesAndNorms_data();
    void exactMinusApproxIsEmbeddingBiasesAndNorms();
    void perLayerIsOneFsdpUnit();
};

namespace {

Config shape(qint64 v, qint64 d, qint64 L, qint64 h, qint64 f, qint64 P) {
    Config c;
    c.vocab = v;
    c.dModel = d;
    c.layers = L;
    c.heads = h;
    c.ffn = f;
    c.positions = P;
    c.seqLen = P > 0 ? P : 1024;
    return c;
}

void addShapeColumns() {
    QTest::addColumn<qint64>("v");
    QTest::addColumn<qint64>("d");
    QTest::addColumn<qint64>("L");
    QTest::addColumn<qint64>("f");
    QTest::addColumn<qint64>("P");
}

void addShapeRows() {
    addShapeColumns();
    QTest::newRow("gpt2") << 50257LL << 768LL << 12LL << 3072LL << 1024LL;
    QTest::newRow("tiny f != 4d") << 11LL << 10LL << 3LL << 7LL << 5LL;
    QTest::newRow("no position table") << 1000LL << 64LL << 2LL << 256LL << 0LL;
    QTest::newRow("one of everything") << 1LL << 1LL << 1LL << 1LL << 0LL;
}

} // namespace

void TestParameterCount::publishedGpt2Counts_data() {
    QTest::addColumn<qint64>("d");
    QTest::addColumn<qint64>("L");
    QTest::addColumn<qint64>("h");
    QTest::addColumn<qint64>("published");
    // Hugging Face's reported sizes of the released GPT-2 checkpoints (tied LM head).
    QTest::newRow("gpt2") << 768LL << 12LL << 12LL << 124'439'808LL;
    QTest::newRow("gpt2-medium") << 1024LL << 24LL << 16LL << 354'823'168LL;
    QTest::newRow("gpt2-large") << 1280LL << 36LL << 20LL << 774'030'080LL;
    QTest::newRow("gpt2-xl") << 1600LL << 48LL << 25LL << 1'557'611'200LL;
}

void TestParameterCount::publishedGpt2Counts() {
    QFETCH(qint64, d);
    QFETCH(qint64, L);
    QFETCH(qint64, h);
    QFETCH(qint64, published);
    const EstimateResult e = estimate(shape(50257, d, L, h, 4 * d, 1024));
    QVERIFY(e);
    QCOMPARE(e->parameters.exact, published);
    QCOMPARE(e->parameters.total, published); // exact is the default count
}

void TestParameterCount::approxCount_data() {
    QTest::addColumn<qint64>("d");
    QTest::addColumn<qint64>("L");
    QTest::addColumn<qint64>("f");
    QTest::addColumn<qint64>("expected");
    // L(4d² + 2df), worked out by hand.
    QTest::newRow("gpt2 12Ld²") << 768LL << 12LL << 3072LL << 84'934'656LL;
    QTest::newRow("ZeRO paper 7.5B") << 2500LL << 100LL << 10000LL << 7'500'000'000LL;
    QTest::newRow("f != 4d") << 10LL << 3LL << 7LL << 1'620LL;
    QTest::newRow("ones") << 1LL << 1LL << 1LL << 6LL;
}

void TestParameterCount::approxCount() {
    QFETCH(qint64, d);
    QFETCH(qint64, L);
    QFETCH(qint64, f);
    QFETCH(qint64, expected);
    Config c = shape(50257, d, L, 1, f, 1024);
    c.count = CountMode::Approx;
    const EstimateResult e = estimate(c);
    QVERIFY(e);
    QCOMPARE(e->parameters.approx, expected);
    QCOMPARE(e->parameters.total, expected);
    QCOMPARE(e->parameters.attention, L * 4 * d * d);
    QCOMPARE(e->parameters.ffn, L * 2 * d * f);
    QCOMPARE(e->parameters.embedding, 0);
    QCOMPARE(e->parameters.norm, 0);
}

void TestParameterCount::splitSumsToTotal_data() {
    addShapeRows();
}

void TestParameterCount::splitSumsToTotal() {
    QFETCH(qint64, v);
    QFETCH(qint64, d);
    QFETCH(qint64, L);
    QFETCH(qint64, f);
    QFETCH(qint64, P);
    const EstimateResult e = estimate(shape(v, d, L, 1, f, P));
    QVERIFY(e);
    const ParameterCounts& p = e->parameters;
    QCOMPARE(p.embedding + p.attention + p.ffn + p.norm, p.exact);
    QCOMPARE(p.embedding, v * d + P * d);
    QCOMPARE(p.attention, L * (4 * d * d + 4 * d));
    QCOMPARE(p.ffn, L * (2 * d * f + f + d));
    QCOMPARE(p.norm, L * 4 * d + 2 * d);
}

void TestParameterCount::exactMinusApproxIsEmbeddingBiasesAndNorms_data() {
    addShapeRows();
}

void TestParameterCount::exactMinusApproxIsEmbeddingBiasesAndNorms() {
    QFETCH(qint64, v);
    QFETCH(qint64, d);
    QFETCH(qint64, L);
    QFETCH(qint64, f);
    QFETCH(qint64, P);
    const EstimateResult e = estimate(shape(v, d, L, 1, f, P));
    QVERIFY(e);
    const qint64 embedding = v * d + P * d;
    const qint64 biases = L * (4 * d + f + d);    // Q, K, V, O biases; the two FFN biases
    const qint64 norms = L * 2 * (2 * d) + 2 * d; // two LayerNorms per layer and the final one
    QCOMPARE(e->parameters.exact - e->parameters.approx, embedding + biases + norms);
}

void TestParameterCount::perLayerIsOneFsdpUnit() {
    Config c = shape(50257, 768, 12, 12, 3072, 1024);
    const EstimateResult exact = estimate(c);
    QVERIFY(exact);
    QCOMPARE(exact->parameters.perLayer,
             4 * 768 * 768 + 4 * 768 + 2 * 768 * 3072 + 3072 + 768 + 4 * 768);
    c.count = CountMode::Approx;
    const EstimateResult approx = estimate(c);
    QVERIFY(approx);
    QCOMPARE(approx->parameters.perLayer * 12, approx->parameters.approx);
}

QTEST_GUILESS_MAIN(TestParameterCount)
#include "tst_parameter_count.moc"
