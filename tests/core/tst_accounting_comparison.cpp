#include "accounting_comparison.h"

#include <QTest>

using namespace lgm;

Q_DECLARE_METATYPE(lgm::Scenario)

// "Lecture note vs frameworks" against values known on their own: the lecture note's closed
// forms (6bsd, 2bhs², (2d + 2f)bs per layer; 2 + 4 + 12 bytes per parameter) on the seed side,
// Korthikanti et al. 2022 Table 2 per layer and Fig. 1 per GPU on the detailed side.
class TestAccountingComparison : public QObject {
    Q_OBJECT

private slots:
    void table2PerLayer_data();
    void table2PerLayer();
    void figure1PerGpu_data();
    void figure1PerGpu();
    void columnsSumToTheirPeaks_data();
    void columnsSumToTheirPeaks();
    void flashDropsTheScoresOnly();
    void badLayoutKeepsTheLectureNote();
    void peakPartsFollowTheAccounting();
};

namespace {

constexpr qint64 kGiB = qint64(1) << 30;

// Korthikanti's set-up: GPT, f = 4h, fp16 with fp32 gradients, dropout 0.1, Megatron, eager.
Scenario gpt(qint64 h, qint64 a, qint64 L, qint64 s, qint64 b, qint64 t, bool seqsel,
             Accounting accounting) {
    Scenario sc;
    sc.model.dModel = h;
    sc.model.heads = a;
    sc.model.kvHeads = a;
    sc.model.headDim = h / a;
    sc.model.ffn = 4 * h;
    sc.model.layers = L;
    sc.model.vocab = 51200;
    sc.model.positions = s;
    sc.training.seqLen = s;
    sc.training.batch = b;
    sc.training.precision = Precision::Fp16Mixed;
    sc.training.fp32Gradients = true;
    sc.training.count = CountMode::Approx;
    sc.training.accounting = accounting;
    sc.training.implementation = Implementation::Megatron;
    sc.training.attention = AttentionKernel::Eager;
    sc.training.dropout = 0.1;
    sc.training.recompute = seqsel ? Recompute::Selective : Recompute::None;
    sc.parallel.gpus = t;
    sc.parallel.tp = t;
    sc.parallel.sequenceParallel = seqsel;
    return sc;
}

const AccountingRow& row(const std::vector<AccountingRow>& rows, std::string_view id) {
    for (const AccountingRow& r : rows) {
        if (r.id == id) {
            return r;
        }
    }
    static const AccountingRow missing{"missing", -1, -1};
    return missing;
}

AccountingComparison compare(const Scenario& sc) {
    const EstimateResult e = estimate(sc);
    if (!e) {
        qFatal("estimate failed");
    }
    return compareAccountings(e.value());
}

} // namespace

void TestAccountingComparison::table2PerLayer_data() {
    QTest::addColumn<Scenario>("scenario");
    QTest::addColumn<qint64>("h");
    QTest::addColumn<qint64>("a");
    QTest::addColumn<qint64>("s");
    QTest::addColumn<qint64>("b");
    for (Accounting acc : {Accounting::Seed, Accounting::Detailed}) {
        const char* name = acc == Accounting::Seed ? "seed" : "detailed";
        QTest::addRow("22B shape, %s current", name)
            << gpt(6144, 64, 48, 2048, 4, 1, false, acc) << qint64(6144) << qint64(64)
            << qint64(2048) << qint64(4);
        QTest::addRow("GPT-2 small shape, %s current", name)
            << gpt(768, 12, 12, 1024, 2, 1, false, acc) << qint64(768) << qint64(12) << qint64(1024)
            << qint64(2);
    }
}

void TestAccountingComparison::table2PerLayer() {
    QFETCH(Scenario, scenario);
    QFETCH(qint64, h);
    QFETCH(qint64, a);
    QFETCH(qint64, s);
    QFETCH(qint64, b);
    const AccountingComparison c = compare(scenario);
    QVERIFY(c.detailed.has_value());
    const qint64 sbh = s * b * h;
    // Lecture note, 2 bytes per element: 6bsd, 2bhs² (h heads) and (2d + 8d)·bs.
    QCOMPARE(row(c.layer, "layer.attention_linear").seed, 2 * 6 * sbh);
    QCOMPARE(row(c.layer, "layer.attention_scores").seed, 2 * 2 * a * s * s * b);
    QCOMPARE(row(c.layer, "layer.ffn").seed, 2 * 10 * sbh);
    QCOMPARE(row(c.layer, "layer.kept").seed, 2 * (16 * sbh + 2 * a * s * s * b));
    // Table 2, no parallelism: attention 11sbh + 5as²b, MLP 19sbh, the two norms 4sbh.
    QCOMPARE(row(c.layer, "layer.attention_linear").detailed, 11 * sbh + 4 * sbh);
    QCOMPARE(row(c.layer, "layer.attention_scores").detailed, 5 * a * s * s * b);
    QCOMPARE(row(c.layer, "layer.ffn").detailed, 19 * sbh);
    QCOMPARE(row(c.layer, "layer.kept").detailed, 34 * sbh + 5 * a * s * s * b);
    QCOMPARE(row(c.layer, "layer.attention_scores").difference(),
             5 * a * s * s * b - 4 * a * s * s * b);
}

void TestAccountingComparison::figure1PerGpu_data() {
    QTest::addColumn<bool>("seqsel");
    QTest::addColumn<qint64>("activations");
    // 22B (h 6144, a 64, L 48, s 2048, b 4, t 8): Fig. 1's per-GPU activations.
    QTest::newRow("TP only: 59.25 GiB") << false << qint64(59.25 * kGiB);
    QTest::newRow("SP + selective: 9.5625 GiB") << true << qint64(9.5625 * kGiB);
}

void TestAccountingComparison::figure1PerGpu() {
    QFETCH(bool, seqsel);
    QFETCH(qint64, activations);
    const AccountingComparison c = compare(gpt(6144, 64, 48, 2048, 4, 8, seqsel, Accounting::Seed));
    QVERIFY(c.detailed.has_value());
    QCOMPARE(row(c.gpu, "gpu.layer_activations").detailed, activations);
    const qint64 states = row(c.gpu, "gpu.parameters").detailed +
                          row(c.gpu, "gpu.gradients").detailed +
                          row(c.gpu, "gpu.optimizer").detailed;
    QCOMPARE(states, qint64(45.5625 * kGiB)); // 18 bytes per parameter, divided by t
    // The lecture note knows no TP: 18 bytes × 12Lh² on the GPU, and L layers of
    // 2·(16sbh + 2as²b) activations.
    const qint64 psi = 12 * 48 * qint64(6144) * 6144;
    QCOMPARE(row(c.gpu, "gpu.parameters").seed + row(c.gpu, "gpu.gradients").seed +
                 row(c.gpu, "gpu.optimizer").seed,
             18 * psi);
    const qint64 sbh = qint64(2048) * 4 * 6144;
    QCOMPARE(row(c.gpu, "gpu.layer_activations").seed,
             48 * 2 * (16 * sbh + 2 * 64 * qint64(2048) * 2048 * 4));
}

void TestAccountingComparison::columnsSumToTheirPeaks_data() {
    QTest::addColumn<Scenario>("scenario");
    QTest::newRow("22B TP 8") << gpt(6144, 64, 48, 2048, 4, 8, false, Accounting::Seed);
    Scenario fsdp = gpt(4096, 32, 32, 4096, 1, 1, false, Accounting::Detailed);
    fsdp.training.implementation = Implementation::HuggingFace;
    fsdp.training.attention = AttentionKernel::Flash;
    fsdp.parallel.gpus = 8;
    fsdp.parallel.data = Strategy::FsdpFull;
    QTest::newRow("HF flash FSDP 8") << fsdp;
    Scenario ddp = fsdp;
    ddp.parallel.data = Strategy::Ddp;
    ddp.training.recompute = Recompute::Full;
    QTest::newRow("HF DDP full recompute") << ddp;
    Scenario pp = gpt(6144, 64, 48, 2048, 1, 2, true, Accounting::Detailed);
    pp.parallel.gpus = 8;
    pp.parallel.pp = 4;
    pp.parallel.microbatches = 8;
    QTest::newRow("TP 2 PP 4") << pp;
}

void TestAccountingComparison::columnsSumToTheirPeaks() {
    QFETCH(Scenario, scenario);
    const EstimateResult e = estimate(scenario);
    QVERIFY(e.hasValue());
    const AccountingComparison c = compareAccountings(e.value());
    QVERIFY(c.detailed.has_value());
    qint64 seed = 0, detailed = 0;
    for (const AccountingRow& r : c.gpu) {
        if (r.id != "gpu.peak") {
            seed += r.seed;
            detailed += r.detailed;
        }
    }
    QCOMPARE(c.gpu.back().id, std::string_view("gpu.peak"));
    QCOMPARE(seed, e.value().perGpu.total);
    QCOMPARE(c.gpu.back().seed, e.value().perGpu.total);
    QCOMPARE(detailed, c.detailed->peak());
    QCOMPARE(c.gpu.back().detailed, c.detailed->peak());
    QCOMPARE(c.seedPeak, e.value().perGpu.total);
    QCOMPARE(currentPeak(e.value()), scenario.training.accounting == Accounting::Detailed
                                         ? c.detailed->peak()
                                         : e.value().perGpu.total);
}

void TestAccountingComparison::flashDropsTheScoresOnly() {
    // Under flash the kernel keeps a fp32 logsumexp (4 B × a per token) and a 16-byte RNG
    // state instead of the 5as²b scores; the lecture note's 2bhs² stays.
    Scenario sc = gpt(768, 12, 12, 1024, 2, 1, false, Accounting::Seed);
    sc.training.attention = AttentionKernel::Flash;
    const AccountingComparison c = compare(sc);
    QVERIFY(c.detailed.has_value());
    QCOMPARE(row(c.layer, "layer.attention_scores").detailed, 4 * 12 * 1024 * 2 + 16);
    QCOMPARE(row(c.layer, "layer.attention_scores").seed, 2 * 2 * 12 * qint64(1024) * 1024 * 2);
}

void TestAccountingComparison::badLayoutKeepsTheLectureNote() {
    Scenario sc = gpt(768, 12, 12, 1024, 2, 1, false, Accounting::Seed);
    sc.parallel.gpus = 8;
    sc.parallel.pp = 5; // 12 layers over 5 stages
    const AccountingComparison c = compare(sc);
    QVERIFY(!c.detailed.has_value());
    QVERIFY(!c.detailedError.empty());
    QVERIFY(c.layer.empty());
    QVERIFY(!c.detailedPeak().has_value());
    QCOMPARE(c.gpu.back().seed, c.seedPeak);
    QVERIFY(c.seedPeak > 0);
}

QTEST_GUILESS_MAIN(TestAccountingComparison)
#include "tst_accounting_comparison.moc"

// The breakdown charts' parts: the lecture note's table under the seed accounting, the busiest
// GPU's peak by kind under the detailed one (Fig. 1's 22B, t = 8, no SP).
void TestAccountingComparison::peakPartsFollowTheAccounting() {
    const qint64 psi = 12 * 48 * qint64(6144) * 6144;
    const qint64 sbh = qint64(2048) * 4 * 6144;
    const EstimateResult seed = estimate(gpt(6144, 64, 48, 2048, 4, 8, false, Accounting::Seed));
    QVERIFY(seed.hasValue());
    const PeakParts s = peakParts(seed.value());
    QCOMPARE(s.parameters + s.gradients + s.optimizer, 18 * psi);
    QCOMPARE(s.activations, 48 * 2 * (16 * sbh + 2 * 64 * qint64(2048) * 2048 * 4));
    QCOMPARE(s.other, 0);

    const EstimateResult detailed =
        estimate(gpt(6144, 64, 48, 2048, 4, 8, false, Accounting::Detailed));
    QVERIFY(detailed.hasValue() && detailed.value().detailed.has_value());
    const PeakParts d = peakParts(detailed.value());
    QCOMPARE(d.parameters + d.gradients + d.optimizer, qint64(45.5625 * kGiB));
    QVERIFY(d.activations >= qint64(59.25 * kGiB)); // Fig. 1's layers, then embedding and loss
    QVERIFY(d.other > 0);                           // the loss's transient at least
    QCOMPARE(d.total(), detailed.value().detailed->peak());
    QCOMPARE(d.total(), currentPeak(detailed.value()));
}
