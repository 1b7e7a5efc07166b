#include "estimate.h"

#include <QTest>

using namespace lgm;

// Per-GPU memory under DDP, ZeRO and FSDP, against the ZeRO paper and hand-computed bytes.
class TestPerGpu : public QObject {
    Q_OBJECT

private slots:
    void zeroPaperExample_data();
    void zeroPaperExample();
    void fsdpGathersTwoUnits_data();
    void fsdpGathersTwoUnits();
    void oneGpuEqualsDdp_data();
    void oneGpuEqualsDdp();
    void bucketCopy_data();
    void bucketCopy();
    void hybridEqualsFullShardWithinNode();
    void hybridInvalidCombinations_data();
    void hybridInvalidCombinations();
    void shardsRoundUp();
    void activationsAreNotSharded();
};

namespace {

constexpr qint64 kPsi = 7'500'000'000;

// Rajbhandari et al. 2020: Ψ = 7.5B (d = 2500, L = 100, f = 4d, approx), N = 64, mixed Adam.
Config zeroPaper(Strategy strategy) {
    Config c;
    c.count = CountMode::Approx;
    c.dModel = 2500;
    c.ffn = 10000;
    c.layers = 100;
    c.precision = Precision::Fp16Mixed;
    c.gpus = 64;
    c.strategy = strategy;
    return c;
}

} // namespace

void TestPerGpu::zeroPaperExample_data() {
    QTest::addColumn<Strategy>("strategy");
    QTest::addColumn<qint64>("bytes");
    QTest::addColumn<double>("paperGigabytes");
    const qint64 shard = kPsi / 64; // 117,187,500: 64 divides Ψ, so no padding
    QTest::newRow("ddp 16Ψ") << Strategy::Ddp << 16 * kPsi << 120.0;
    QTest::newRow("zero1 4Ψ + 12Ψ/N") << Strategy::Zero1 << 4 * kPsi + 12 * shard << 31.4;
    QTest::newRow("zero2 2Ψ + 14Ψ/N") << Strategy::Zero2 << 2 * kPsi + 14 * shard << 16.6;
    QTest::newRow("zero3 16Ψ/N") << Strategy::Zero3 << 16 * shard << 1.9;
}

void TestPerGpu::zeroPaperExample() {
    QFETCH(Strategy, strategy);
    QFETCH(qint64, bytes);
    QFETCH(double, paperGigabytes);
    const EstimateResult e = estimate(zeroPaper(strategy));
    QVERIFY(e);
    QCOMPARE(e->parameters.total, kPsi);
    QCOMPARE(e->perGpu.modelStates, bytes);
    QCOMPARE(qRound(e->perGpu.modelStates / 1e8) / 10.0, paperGigabytes);
    QCOMPARE(e->perGpu.gatheredUnits, 0);
}

void TestPerGpu::fsdpGathersTwoUnits_data() {
    QTest::addColumn<Strategy>("strategy");
    QTest::addColumn<Strategy>("base");
    QTest::addColumn<qint64>("gatheredParameters");
    QTest::addColumn<qint64>("gatheredGradients");
    const qint64 unit = 4LL * 2500 * 2500 + 2LL * 2500 * 10000; // one layer: 75,000,000
    // FULL_SHARD gathers the parameters and, in backward, the gradients of a layer and the
    // prefetched next one; SHARD_GRAD_OP keeps full parameters and gathers only gradients.
    QTest::newRow("fsdp-full") << Strategy::FsdpFull << Strategy::Zero3 << 2 * unit * 2
                               << 2 * unit * 2;
    QTest::newRow("fsdp-grad-op") << Strategy::FsdpGradOp << Strategy::Zero2 << 0LL << 2 * unit * 2;
}

void TestPerGpu::fsdpGathersTwoUnits() {
    QFETCH(Strategy, strategy);
    QFETCH(Strategy, base);
    QFETCH(qint64, gatheredParameters);
    QFETCH(qint64, gatheredGradients);
    const EstimateResult fsdp = estimate(zeroPaper(strategy));
    const EstimateResult zero = estimate(zeroPaper(base));
    QVERIFY(fsdp && zero);
    QCOMPARE(fsdp->perGpu.gatheredUnits, 2);
    QCOMPARE(fsdp->perGpu.gatheredParameters, gatheredParameters);
    QCOMPARE(fsdp->perGpu.gatheredGradients, gatheredGradients);
    QCOMPARE(fsdp->perGpu.modelStates,
             zero->perGpu.modelStates + gatheredParameters + gatheredGradients);
    QCOMPARE(fsdp->perGpu.optimizer, zero->perGpu.optimizer);
    // The gathered units come on top of the same own shard that the ZeRO stage keeps.
    QCOMPARE(fsdp->perGpu.ownParameters, zero->perGpu.ownParameters);
    QCOMPARE(fsdp->perGpu.ownGradients, zero->perGpu.ownGradients);
}

void TestPerGpu::oneGpuEqualsDdp_data() {
    QTest::addColumn<Strategy>("strategy");
    QTest::addColumn<Precision>("precision");
    for (Strategy s : kAllStrategies) {
        for (Precision p : {Precision::Fp32, Precision::Bf16Mixed}) {
            const QByteArray name = QByteArray(toString(s).data(), qsizetype(toString(s).size())) +
                                    (p == Precision::Fp32 ? " fp32" : " mixed");
            QTest::newRow(name.constData()) << s << p;
        }
    }
}

void TestPerGpu::oneGpuEqualsDdp() {
    QFETCH(Strategy, strategy);
    QFETCH(Precision, precision);
    Config c;
    c.precision = precision;
    c.strategy = strategy;
    c.gpus = 1;
    c.gpusPerNode = 1;
    const EstimateResult e = estimate(c);
    QVERIFY(e);
    QCOMPARE(e->perGpu.parameters, e->modelStates.parameters);
    QCOMPARE(e->perGpu.gradients, e->modelStates.gradients);
    QCOMPARE(e->perGpu.optimizer, e->modelStates.optimizer);
    QCOMPARE(e->perGpu.modelStates, e->modelStates.total);
    QCOMPARE(e->perGpu.gatheredUnits, 0);
    QCOMPARE(e->perGpu.total, e->total);
}

void TestPerGpu::bucketCopy_data() {
    QTest::addColumn<Precision>("precision");
    QTest::addColumn<bool>("fp32Grads");
    QTest::addColumn<int>("gradientBytes");
    QTest::newRow("mixed adds 2Ψ") << Precision::Fp16Mixed << false << 2;
    QTest::newRow("mixed fp32 grads adds 4Ψ") << Precision::Fp16Mixed << true << 4;
    QTest::newRow("fp32 adds 4Ψ") << Precision::Fp32 << false << 4;
}

void TestPerGpu::bucketCopy() {
    QFETCH(Precision, precision);
    QFETCH(bool, fp32Grads);
    QFETCH(int, gradientBytes);
    Config c = zeroPaper(Strategy::Ddp);
    c.precision = precision;
    c.fp32Gradients = fp32Grads;
    const EstimateResult without = estimate(c);
    c.ddpBucketCopy = true;
    const EstimateResult with = estimate(c);
    QVERIFY(without && with);
    QCOMPARE(with->perGpu.bucketCopy, gradientBytes * kPsi);
    QCOMPARE(with->perGpu.modelStates - without->perGpu.modelStates, gradientBytes * kPsi);
    QCOMPARE(with->perGpu.gradients - without->perGpu.gradients, gradientBytes * kPsi);
    // The copy belongs to DDP only.
    c.strategy = Strategy::Zero1;
    const EstimateResult zero1 = estimate(c);
    QVERIFY(zero1);
    QCOMPARE(zero1->perGpu.bucketCopy, 0);
}

void TestPerGpu::hybridEqualsFullShardWithinNode() {
    Config hybrid = zeroPaper(Strategy::FsdpHybrid);
    hybrid.gpus = 16;
    hybrid.gpusPerNode = 8;
    Config full = zeroPaper(Strategy::FsdpFull);
    full.gpus = 8;
    const EstimateResult h = estimate(hybrid);
    const EstimateResult f = estimate(full);
    QVERIFY(h && f);
    QCOMPARE(h->perGpu.shardGroup, 8);
    QCOMPARE(h->perGpu.modelStates, f->perGpu.modelStates);
    QCOMPARE(h->perGpu.total, f->perGpu.total);
    QCOMPARE(h->globalBatch, 16 * hybrid.batch);
}

void TestPerGpu::hybridInvalidCombinations_data() {
    QTest::addColumn<qint64>("gpus");
    QTest::addColumn<qint64>("gpusPerNode");
    QTest::newRow("G does not divide N") << 12LL << 8LL;
    QTest::newRow("G larger than N") << 4LL << 8LL;
    QTest::newRow("one GPU, default G") << 1LL << 8LL;
}

void TestPerGpu::hybridInvalidCombinations() {
    QFETCH(qint64, gpus);
    QFETCH(qint64, gpusPerNode);
    Config c = zeroPaper(Strategy::FsdpHybrid);
    c.gpus = gpus;
    c.gpusPerNode = gpusPerNode;
    const EstimateResult e = estimate(c);
    QVERIFY(!e);
    QVERIFY(e.error().kind == ErrorKind::NotDivisible);
    QVERIFY(e.error().field == Field::GpusPerNode);
    // Other strategies ignore G.
    c.strategy = Strategy::FsdpFull;
    QVERIFY(estimate(c));
}

void TestPerGpu::shardsRoundUp() {
    Config c; // GPT-2 small, Ψ = 124,439,808
    c.precision = Precision::Fp16Mixed;
    c.strategy = Strategy::Zero3;
    c.gpus = 7;
    const EstimateResult e = estimate(c);
    QVERIFY(e);
    const qint64 shard = 17'777'116; // ⌈124,439,808 / 7⌉ = ⌈17,777,115.43⌉
    QCOMPARE(e->perGpu.parameters, 2 * shard);
    QCOMPARE(e->perGpu.gradients, 2 * shard);
    QCOMPARE(e->perGpu.optimizer, 12 * shard);
    QCOMPARE(e->perGpu.ownParameters, 2 * shard);
    QCOMPARE(e->perGpu.ownGradients, 2 * shard);
}

void TestPerGpu::activationsAreNotSharded() {
    for (Strategy s : kAllStrategies) {
        Config c;
        c.strategy = s;
        c.gpus = 64;
        c.batch = 4;
        const EstimateResult e = estimate(c);
        QVERIFY(e);
        QCOMPARE(e->perGpu.activations, e->activations.bytes);
        QCOMPARE(e->perGpu.total, e->perGpu.modelStates + e->activations.bytes);
        QCOMPARE(e->globalBatch, 256);
    }
}

QTEST_GUILESS_MAIN(TestPerGpu)
#include "tst_per_gpu.moc"
