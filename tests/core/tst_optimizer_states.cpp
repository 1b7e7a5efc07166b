// Optimizer state bytes per tensor, against the allocation rules of the code that keeps them:
// torch.optim (AdamW, SGD), bitsandbytes' Optimizer2State.init_state (8-bit Adam), transformers'
// Adafactor.step and lion-pytorch.
#include "optimizer_states.h"

#include <QTest>

using namespace lgm;

class TestOptimizerStates : public QObject {
    Q_OBJECT
private slots:
    void bytesPerTensor_data();
    void bytesPerTensor();
    void eightBitBlockSizeBefore044();
    void adafactorFirstMoment();
    void sixteenBitStates();
    void namesRoundTrip();
    void listAddsMultiplicity();
    void badInputRefused();
};

void TestOptimizerStates::bytesPerTensor_data() {
    QTest::addColumn<int>("optimizer");
    QTest::addColumn<qint64>("rows");
    QTest::addColumn<qint64>("cols");
    QTest::addColumn<qint64>("bytes");
    const auto row = [](const char* name, Optimizer o, qint64 r, qint64 c, qint64 b) {
        QTest::newRow(name) << int(o) << r << c << b;
    };
    // Llama-2-7B's q_proj, 4096 × 4096 = 16,777,216 elements.
    row("adamw 4096x4096", Optimizer::AdamW, 4096, 4096, 8LL * 16777216);
    // 8-bit: two uint8 states + two fp32 absmax per block of 256: 2n + 8·n/256.
    row("adam8bit 4096x4096", Optimizer::Adam8bit, 4096, 4096, 2LL * 16777216 + 8 * 65536);
    // A ragged last block still gets its absmax: 4097 elements → 17 blocks.
    row("adam8bit 4097 ragged", Optimizer::Adam8bit, 4097, 0, 2 * 4097 + 8 * 17);
    // Exactly min_8bit_size goes 8-bit (the test is numel < 4096) ...
    row("adam8bit 4096 vector", Optimizer::Adam8bit, 4096, 0, 2 * 4096 + 8 * 16);
    // ... one element fewer keeps two fp32 states.
    row("adam8bit 4095 vector", Optimizer::Adam8bit, 4095, 0, 8 * 4095);
    row("adam8bit gpt2 ln 768", Optimizer::Adam8bit, 768, 0, 8 * 768);
    row("sgd", Optimizer::Sgd, 4096, 4096, 0);
    row("sgd-momentum", Optimizer::SgdMomentum, 4096, 4096, 4LL * 16777216);
    row("lion", Optimizer::Lion, 4096, 4096, 4LL * 16777216);
    // Adafactor: row and column second moments of a matrix, the full one of a vector.
    row("adafactor 11008x4096", Optimizer::Adafactor, 11008, 4096, 4 * (11008 + 4096));
    row("adafactor vector 4096", Optimizer::Adafactor, 4096, 0, 4 * 4096);
    row("adafactor embedding 32000x4096", Optimizer::Adafactor, 32000, 4096, 4 * (32000 + 4096));
    row("empty", Optimizer::Adam8bit, 0, 0, 0);
}

void TestOptimizerStates::bytesPerTensor() {
    QFETCH(int, optimizer);
    QFETCH(qint64, rows);
    QFETCH(qint64, cols);
    QFETCH(qint64, bytes);
    OptimizerOptions o;
    o.kind = Optimizer(optimizer);
    const auto got = optimizerStateBytes(rows, cols, o);
    QVERIFY(got);
    QCOMPARE(*got, bytes);
}

void TestOptimizerStates::eightBitBlockSizeBefore044() {
    // bitsandbytes < 0.44.0 used blocks of 2048: ≈ 2 + 8/2048 bytes per element.
    OptimizerOptions o{Optimizer::Adam8bit};
    o.blockSize8bit = 2048;
    QCOMPARE(*optimizerStateBytes(4096, 4096, o), 2LL * 16777216 + 8 * 8192);
    QCOMPARE(*optimizerStateBytes(5000, 0, o), 2 * 5000 + 8 * 3);
}

void TestOptimizerStates::adafactorFirstMoment() {
    OptimizerOptions o{Optimizer::Adafactor};
    o.adafactorFirstMoment = true; // beta1 set: a full fp32 exp_avg too
    QCOMPARE(*optimizerStateBytes(11008, 4096, o), 4LL * (11008 + 4096) + 4LL * 11008 * 4096);
}

void TestOptimizerStates::sixteenBitStates() {
    // Pure bf16 training: torch's zeros_like(p) states are bf16; 8-bit Adam and Adafactor
    // keep their own formats.
    OptimizerOptions o{Optimizer::AdamW};
    o.stateWidth = 2;
    QCOMPARE(*optimizerStateBytes(1000, 1000, o), 4000000);
    o.kind = Optimizer::Adafactor;
    QCOMPARE(*optimizerStateBytes(1000, 1000, o), 8000);
    o.kind = Optimizer::Adam8bit;
    QCOMPARE(*optimizerStateBytes(1000, 0, o), 8000);
}

void TestOptimizerStates::namesRoundTrip() {
    for (Optimizer o : kAllOptimizers) {
        QCOMPARE(optimizerFromString(toString(o)), std::optional<Optimizer>(o));
    }
    QCOMPARE(toString(Optimizer::SgdMomentum), std::string_view("sgd-momentum"));
    QVERIFY(!optimizerFromString("adam"));
    QVERIFY(!optimizerFromString(""));
    QCOMPARE(masterWeightsFromString("fp32"), std::optional<MasterWeights>(MasterWeights::Fp32));
    QCOMPARE(masterWeightsFromString("none"), std::optional<MasterWeights>(MasterWeights::None));
    QVERIFY(!masterWeightsFromString("bf16"));
}

void TestOptimizerStates::listAddsMultiplicity() {
    const std::vector<WeightTensor> tensors = {{WeightRole::Query, 4096, 4096, 32},
                                               {WeightRole::Vector, 0, 4096, 65}};
    OptimizerOptions o{Optimizer::Adafactor};
    QCOMPARE(*optimizerStateBytes(tensors, o), 32LL * 4 * 8192 + 65LL * 4 * 4096);
    o.kind = Optimizer::AdamW;
    QCOMPARE(*optimizerStateBytes(tensors, o), 8LL * (32LL * 16777216 + 65 * 4096));
}

void TestOptimizerStates::badInputRefused() {
    OptimizerOptions o;
    QVERIFY(!optimizerStateBytes(-1, 0, o));
    QVERIFY(!optimizerStateBytes(1LL << 40, 1LL << 40, o));
    QVERIFY(!optimizerStateBytes(1LL << 61, 0, o)); // 8 bytes each overflows
    o.kind = Optimizer::Adam8bit;
    o.blockSize8bit = 0;
    QVERIFY(!optimizerStateBytes(10000, 0, o));
    const std::vector<WeightTensor> many = {{WeightRole::Query, 1LL << 20, 1LL << 20, 1LL << 22}};
    QVERIFY(!optimizerStateBytes(many, OptimizerOptions{}));
}

QTEST_APPLESS_MAIN(TestOptimizerStates)
#include "tst_optimizer_states.moc"
