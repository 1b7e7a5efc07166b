#include "detailed_report.h"
#include "detailed_sweep.h"

#include <QTest>

using namespace lgm;

// The detailed accounting along the chart axes: each point equals a detailed estimate of that
// scenario, and eager minus flash is Korthikanti's 5as²b per layer less the flash kernel's
// logsumexp (4 B × a per token) and RNG state (16 B).
class TestDetailedSweep : public QObject {
    Q_OBJECT

private slots:
    void seqPointsAreEstimates();
    void batchPointsAreEstimates();
    void eagerMinusFlashIsTheScores();
    void gpusHoldTheLayout();
    void badLayoutGivesNoCurve();
};

namespace {

Scenario gpt2Shape() {
    Scenario sc;
    sc.model.dModel = 768;
    sc.model.heads = 12;
    sc.model.kvHeads = 12;
    sc.model.headDim = 64;
    sc.model.ffn = 3072;
    sc.model.layers = 12;
    sc.model.vocab = 50257;
    sc.model.positions = 1024;
    sc.training.seqLen = 1024;
    sc.training.batch = 2;
    sc.training.precision = Precision::Bf16Mixed;
    sc.training.accounting = Accounting::Detailed;
    sc.training.implementation = Implementation::Megatron;
    sc.training.attention = AttentionKernel::Eager;
    sc.training.dropout = 0.1;
    return sc;
}

} // namespace

void TestDetailedSweep::seqPointsAreEstimates() {
    const Scenario base = gpt2Shape();
    const DetailedSeqSweep sweep = sweepSeqDetailed(base, 16, 65536, 13);
    QCOMPARE(sweep.seq.size(), std::size_t(14)); // 13 log-spaced and s = 1024
    QVERIFY(sweep.otherKernel == AttentionKernel::Flash);
    for (std::size_t i = 0; i < sweep.seq.size(); ++i) {
        Scenario sc = base;
        sc.training.seqLen = static_cast<std::int64_t>(sweep.seq[i]);
        const DetailedResult d = detailedEstimate(sc, detailedOptions(sc));
        QVERIFY(d.hasValue());
        QCOMPARE(sweep.peak[i], double(d.value().peak()));
        QCOMPARE(sweep.layerActivations[i], double(d.value().activationLayers()));
        QVERIFY(sweep.activations[i] >= sweep.layerActivations[i]);
        QCOMPARE(sweep.modelStates[i] + sweep.activations[i], sweep.peak[i]);
    }
}

// Every point is the detailed estimate at that b, the scenario's own b among them; the model
// states do not move with b, and the activations (the logits, the layers) grow with it.
void TestDetailedSweep::batchPointsAreEstimates() {
    Scenario base = gpt2Shape();
    base.training.batch = 5;
    const DetailedBatchSweep sweep = sweepBatchDetailed(base, 1, 16, 4);
    // 1, 6, 11, 16 and b = 5.
    QCOMPARE(sweep.batch, (std::vector<double>{1, 5, 6, 11, 16}));
    for (std::size_t i = 0; i < sweep.batch.size(); ++i) {
        Scenario sc = base;
        sc.training.batch = static_cast<std::int64_t>(sweep.batch[i]);
        const DetailedResult d = detailedEstimate(sc, detailedOptions(sc));
        QVERIFY(d.hasValue());
        QCOMPARE(sweep.peak[i], double(d.value().peak()));
        QCOMPARE(sweep.modelStates[i] + sweep.activations[i], sweep.peak[i]);
        QCOMPARE(sweep.modelStates[i], sweep.modelStates.front());
        QVERIFY(i == 0 || sweep.activations[i] > sweep.activations[i - 1]);
    }
    QVERIFY(sweepBatchDetailed(base, 0, 16, 4).batch.empty());
    Scenario bad = base;
    bad.parallel.gpus = 3;
    bad.parallel.tp = 2; // 2 does not divide 3 GPUs
    QVERIFY(sweepBatchDetailed(bad, 1, 16, 4).batch.empty());
}

void TestDetailedSweep::eagerMinusFlashIsTheScores() {
    const DetailedSeqSweep sweep = sweepSeqDetailed(gpt2Shape(), 256, 8192, 6);
    const double a = 12, b = 2, L = 12;
    for (std::size_t i = 0; i < sweep.seq.size(); ++i) {
        const double s = sweep.seq[i];
        QCOMPARE(sweep.peak[i] - sweep.otherKernelPeak[i],
                 L * (5 * a * s * s * b - 4 * a * s * b - 16));
    }
}

void TestDetailedSweep::gpusHoldTheLayout() {
    Scenario sc = gpt2Shape();
    sc.parallel.tp = 2;
    sc.parallel.pp = 2;
    sc.parallel.microbatches = 4;
    sc.parallel.gpus = 8;
    const auto curves = sweepGpusDetailed(sc, 64);
    QCOMPARE(curves.size(), std::size(kAllStrategies));
    for (const DetailedStrategyCurve& c : curves) {
        if (c.strategy == Strategy::FsdpHybrid) {
            QCOMPARE(c.gpus, (std::vector<double>{8, 16, 32, 64})); // G = 8 divides N
        } else {
            QCOMPARE(c.gpus, (std::vector<double>{4, 8, 16, 32, 64}));
        }
        for (std::size_t i = 0; i < c.gpus.size(); ++i) {
            Scenario at = sc;
            at.parallel.data = c.strategy;
            at.parallel.gpus = static_cast<std::int64_t>(c.gpus[i]);
            QCOMPARE(c.peak[i], double(detailedEstimate(at, detailedOptions(at)).value().peak()));
        }
    }
    // ZeRO-3 shards the states over the data-parallel group: the peak falls with N.
    const auto& zero3 = curves[3];
    QVERIFY(zero3.strategy == Strategy::Zero3);
    QVERIFY(zero3.peak.back() < zero3.peak.front());
}

void TestDetailedSweep::badLayoutGivesNoCurve() {
    Scenario sc = gpt2Shape();
    sc.parallel.pp = 5; // 12 layers over 5 stages
    sc.parallel.gpus = 5;
    QVERIFY(sweepSeqDetailed(sc, 16, 4096, 8).seq.empty());
}

QTEST_GUILESS_MAIN(TestDetailedSweep)
#include "tst_detailed_sweep.moc"
