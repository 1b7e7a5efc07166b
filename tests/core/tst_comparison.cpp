#include "comparison.h"
#include "estimate.h"
#include "report_fields.h"

#include <QTest>

#include <cmath>

using namespace lgm;

Q_DECLARE_METATYPE(lgm::Config)

// Two scenarios side by side: absolute and percentage differences of every numeric field,
// against values worked out by hand for GPT-2 small (Ψ = 124,439,808, s = 1024, 12 layers).
class TestComparison : public QObject {
    Q_OBJECT

private slots:
    void difference_data();
    void difference();
    void textAndSwitchesAreLeftOut();
    void everyValueIsFinite();
    void identicalScenariosDifferByNothing();
};

namespace {

constexpr double kPsi = 124439808;
// Activation bytes of GPT-2 small in fp32 at b = 8: 12 layers · 4 bytes · b·s·(16d + 2hs).
constexpr double kActivationsB8 = 12.0 * 4 * 8 * 1024 * (16.0 * 768 + 2.0 * 12 * 1024);

Config withBatch(std::int64_t b) {
    Config c;
    c.batch = b;
    return c;
}

Config withPrecision(Precision p) {
    Config c;
    c.precision = p;
    return c;
}

Config withCount(CountMode m) {
    Config c;
    c.count = m;
    return c;
}

} // namespace

void TestComparison::difference_data() {
    QTest::addColumn<Config>("reference");
    QTest::addColumn<Config>("current");
    QTest::addColumn<QString>("key");
    QTest::addColumn<double>("referenceValue");
    QTest::addColumn<double>("currentValue");
    QTest::addColumn<double>("difference");
    QTest::addColumn<bool>("hasPercent");
    QTest::addColumn<double>("percent");

    QTest::newRow("b 8→16 doubles activations")
        << withBatch(8) << withBatch(16) << "activations.total" << kActivationsB8
        << 2 * kActivationsB8 << kActivationsB8 << true << 100.0;
    QTest::newRow("b 16→8 halves activations")
        << withBatch(16) << withBatch(8) << "activations.total" << 2 * kActivationsB8
        << kActivationsB8 << -kActivationsB8 << true << -50.0;
    QTest::newRow("b does not move model states")
        << withBatch(8) << withBatch(16) << "model_states.total" << 16 * kPsi << 16 * kPsi << 0.0
        << true << 0.0;
    QTest::newRow("b input itself")
        << withBatch(8) << withBatch(16) << "inputs.batch" << 8.0 << 16.0 << 8.0 << true << 100.0;
    QTest::newRow("b 8→12 total") << withBatch(8) << withBatch(12) << "total"
                                  << 16 * kPsi + kActivationsB8 << 16 * kPsi + 1.5 * kActivationsB8
                                  << 0.5 * kActivationsB8 << true
                                  << 100.0 * 0.5 * kActivationsB8 / (16 * kPsi + kActivationsB8);
    // Mixed precision: weights 4Ψ → 2Ψ, Adam 8Ψ → 12Ψ (fp32 master copy), total stays 16Ψ.
    QTest::newRow("fp16 weights") << withPrecision(Precision::Fp32)
                                  << withPrecision(Precision::Fp16Mixed)
                                  << "model_states.parameters" << 4 * kPsi << 2 * kPsi << -2 * kPsi
                                  << true << -50.0;
    QTest::newRow("fp16 optimizer")
        << withPrecision(Precision::Fp32) << withPrecision(Precision::Fp16Mixed)
        << "model_states.optimizer" << 8 * kPsi << 12 * kPsi << 4 * kPsi << true << 50.0;
    QTest::newRow("fp16 activations")
        << withPrecision(Precision::Fp32) << withPrecision(Precision::Bf16Mixed)
        << "activations.total" << kActivationsB8 << kActivationsB8 / 2 << -kActivationsB8 / 2
        << true << -50.0;
    // LayerNorms: 12 layers · 4d + final 2d = 38,400 parameters, 0 in the approx count.
    QTest::newRow("reference 0: no percent")
        << withCount(CountMode::Approx) << withCount(CountMode::Exact) << "parameters.norm" << 0.0
        << 38400.0 << 38400.0 << false << 0.0;
    QTest::newRow("to 0: −100 %") << withCount(CountMode::Exact) << withCount(CountMode::Approx)
                                  << "parameters.norm" << 38400.0 << 0.0 << -38400.0 << true
                                  << -100.0;
    // Ratios are doubles: b doubles the seed formula b(s/3d + hs²/24d²).
    QTest::newRow("seed ratio doubles")
        << withBatch(8) << withBatch(16) << "ratio.seed_formula"
        << 8 * (1024.0 / 2304 + 12.0 * 1024 * 1024 / (24.0 * 768 * 768))
        << 16 * (1024.0 / 2304 + 12.0 * 1024 * 1024 / (24.0 * 768 * 768))
        << 8 * (1024.0 / 2304 + 12.0 * 1024 * 1024 / (24.0 * 768 * 768)) << true << 100.0;
}

void TestComparison::difference() {
    QFETCH(Config, reference);
    QFETCH(Config, current);
    QFETCH(QString, key);
    QFETCH(double, referenceValue);
    QFETCH(double, currentValue);
    QFETCH(double, difference);
    QFETCH(bool, hasPercent);
    QFETCH(double, percent);
    const auto comparisons = compareReports(estimate(reference).value(), estimate(current).value());
    const auto f = findComparison(comparisons, key.toStdString());
    QVERIFY2(f.has_value(), qPrintable(key));
    QCOMPARE(f->reference, referenceValue);
    QCOMPARE(f->current, currentValue);
    QCOMPARE(f->difference, difference);
    QCOMPARE(f->percent.has_value(), hasPercent);
    if (hasPercent) {
        QVERIFY2(std::abs(*f->percent - percent) < 1e-9,
                 qPrintable(QString::number(*f->percent, 'g', 17)));
    }
}

void TestComparison::textAndSwitchesAreLeftOut() {
    Config mixed;
    mixed.precision = Precision::Fp16Mixed;
    mixed.strategy = Strategy::Zero3;
    mixed.fp32Gradients = true;
    const auto comparisons = compareReports(estimate(Config{}).value(), estimate(mixed).value());
    for (const char* key :
         {"inputs.precision", "inputs.count", "inputs.fp32_grads", "strategy", "ddp_bucket_copy"}) {
        QVERIFY2(!findComparison(comparisons, key), key);
    }
    QVERIFY(findComparison(comparisons, "per_gpu.total"));
    // Every integer or double field of the report, and nothing else.
    std::size_t numeric = 0;
    for (const ReportField& f : reportFields(estimate(mixed).value())) {
        numeric += std::holds_alternative<std::int64_t>(f.value) ||
                   std::holds_alternative<double>(f.value);
    }
    QCOMPARE(comparisons.size(), numeric);
}

void TestComparison::everyValueIsFinite() {
    Config tiny;
    tiny.vocab = 1;
    tiny.dModel = 1;
    tiny.layers = 1;
    tiny.heads = 1;
    tiny.ffn = 1;
    tiny.seqLen = 1;
    tiny.batch = 1;
    tiny.positions = 0;
    tiny.count = CountMode::Approx;
    Config huge;
    huge.dModel = 65536;
    huge.ffn = 4 * 65536;
    huge.layers = 1024;
    huge.seqLen = 1 << 20;
    huge.positions = 1 << 20;
    for (const auto& [a, b] : {std::pair{tiny, huge}, std::pair{huge, tiny}}) {
        for (const FieldComparison& f : compareReports(estimate(a).value(), estimate(b).value())) {
            QVERIFY2(std::isfinite(f.reference) && std::isfinite(f.current) &&
                         std::isfinite(f.difference),
                     f.key.c_str());
            QVERIFY2(!f.percent || std::isfinite(*f.percent), f.key.c_str());
            QVERIFY2(f.percent || f.reference == 0, f.key.c_str());
        }
    }
}

void TestComparison::identicalScenariosDifferByNothing() {
    const Estimate e = estimate(Config{}).value();
    for (const FieldComparison& f : compareReports(e, e)) {
        QCOMPARE(f.difference, 0.0);
        QCOMPARE(f.reference, f.current);
        QVERIFY2(f.percent.value_or(0) == 0, f.key.c_str());
    }
}

QTEST_APPLESS_MAIN(TestComparison)
#include "tst_comparison.moc"
