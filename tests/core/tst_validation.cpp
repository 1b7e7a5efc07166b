#include "estimate.h"
#include "input_ranges.h"

#include <QTest>

#include <cmath>

using namespace lgm;

// The edges of every input range, and extreme valid inputs: each either estimates to finite
// numbers or is refused as unrepresentable, never overflowing.
class TestValidation : public QObject {
    Q_OBJECT

private slots:
    void rangeEdges_data();
    void rangeEdges();
    void publishedRanges_data();
    void publishedRanges();
    void allMaximumIsUnrepresentable();
    void allMinimumEstimates();
    void everyCornerEstimatesOrIsRefused();
    void unrepresentableNamesAnInput();
};

namespace {

bool finiteAndNonNegative(const Estimate& e) {
    const double doubles[] = {e.ratio.actual,        e.ratio.seedFormula,
                              e.ratio.linearTerm,    e.ratio.quadraticTerm,
                              e.crossover.seq,       e.crossover.batch,
                              e.crossover.seqActual, e.crossover.quadraticOvertakes};
    for (double x : doubles) {
        if (!std::isfinite(x) || x < 0) {
            return false;
        }
    }
    const qint64 integers[] = {
        e.parameters.total, e.modelStates.total,  e.activations.bytes, e.total,
        e.perGpu.total,     e.perGpu.modelStates, e.perGpu.parameters, e.perGpu.gradients,
        e.perGpu.optimizer};
    for (qint64 x : integers) {
        if (x < 0) {
            return false;
        }
    }
    return e.total == e.modelStates.total + e.activations.bytes;
}

const Field kModelFields[] = {Field::Vocab, Field::DModel, Field::Layers, Field::Heads,
                              Field::Ffn,   Field::SeqLen, Field::Batch,  Field::Positions};

} // namespace

void TestValidation::rangeEdges_data() {
    QTest::addColumn<Field>("field");
    QTest::addColumn<qint64>("value");
    QTest::addColumn<bool>("valid");
    for (const FieldRange& r : fieldRanges()) {
        const std::string name(r.option);
        QTest::addRow("%s min", name.c_str()) << r.field << qint64(r.min) << true;
        QTest::addRow("%s max", name.c_str()) << r.field << qint64(r.max) << true;
        QTest::addRow("%s min-1", name.c_str()) << r.field << qint64(r.min - 1) << false;
        QTest::addRow("%s max+1", name.c_str()) << r.field << qint64(r.max + 1) << false;
    }
}

void TestValidation::rangeEdges() {
    QFETCH(Field, field);
    QFETCH(qint64, value);
    QFETCH(bool, valid);
    Config c;
    c.gpusPerNode = 1; // keeps G valid when N is at its minimum
    setValue(c, field, value);
    const auto error = validate(c);
    QCOMPARE(!error.has_value(), valid);
    const EstimateResult e = estimate(c);
    if (valid) {
        // A valid input estimates, or its result is refused as too large: never out of range.
        QVERIFY(e || e.error().kind == ErrorKind::Unrepresentable);
        QVERIFY(!e || finiteAndNonNegative(*e));
    } else {
        QVERIFY(!e);
        QVERIFY(error->kind == ErrorKind::OutOfRange);
        QVERIFY(error->field == field);
        QVERIFY(e.error().field == field);
    }
}

void TestValidation::publishedRanges_data() {
    QTest::addColumn<Field>("field");
    QTest::addColumn<qint64>("min");
    QTest::addColumn<qint64>("max");
    QTest::newRow("v") << Field::Vocab << 1LL << 10'000'000LL;
    QTest::newRow("d") << Field::DModel << 1LL << 1'000'000LL;
    QTest::newRow("L") << Field::Layers << 1LL << 100'000LL;
    QTest::newRow("h") << Field::Heads << 1LL << 100'000LL;
    QTest::newRow("f") << Field::Ffn << 1LL << 100'000'000LL;
    QTest::newRow("s") << Field::SeqLen << 1LL << 100'000'000LL;
    QTest::newRow("b") << Field::Batch << 1LL << 10'000'000LL;
    QTest::newRow("P") << Field::Positions << 0LL << 100'000'000LL;
    QTest::newRow("N") << Field::Gpus << 1LL << 1'000'000LL;
}

void TestValidation::publishedRanges() {
    QFETCH(Field, field);
    QFETCH(qint64, min);
    QFETCH(qint64, max);
    QCOMPARE(qint64(rangeOf(field).min), min);
    QCOMPARE(qint64(rangeOf(field).max), max);
}

void TestValidation::allMaximumIsUnrepresentable() {
    Config c;
    for (const FieldRange& r : fieldRanges()) {
        setValue(c, r.field, r.max);
    }
    QVERIFY(!validate(c));
    const EstimateResult e = estimate(c);
    QVERIFY(!e);
    QVERIFY(e.error().kind == ErrorKind::Unrepresentable);
    for (Strategy s : kAllStrategies) {
        c.strategy = s;
        const EstimateResult r = estimate(c);
        QVERIFY(!r && r.error().kind == ErrorKind::Unrepresentable);
    }
}

void TestValidation::allMinimumEstimates() {
    Config c;
    for (const FieldRange& r : fieldRanges()) {
        setValue(c, r.field, r.min);
    }
    const EstimateResult e = estimate(c);
    QVERIFY(e);
    QVERIFY(finiteAndNonNegative(*e));
    QCOMPARE(e->parameters.exact, 1 + 4 + 4 + 2 + 1 + 1 + 4 + 2); // v·d, attention, FFN, norms
}

// All 2⁸ combinations of minimum and maximum model inputs, in both precisions, spread over
// many GPUs: the core must answer each one without overflow.
void TestValidation::everyCornerEstimatesOrIsRefused() {
    int estimated = 0;
    int refused = 0;
    for (unsigned mask = 0; mask < (1u << std::size(kModelFields)); ++mask) {
        for (Precision p : {Precision::Fp32, Precision::Fp16Mixed}) {
            Config c;
            c.precision = p;
            c.fp32Gradients = true;
            c.strategy = mask % 2 ? Strategy::FsdpFull : Strategy::Ddp;
            c.gpus = rangeOf(Field::Gpus).max;
            c.ddpBucketCopy = true;
            for (std::size_t i = 0; i < std::size(kModelFields); ++i) {
                const FieldRange& r = rangeOf(kModelFields[i]);
                setValue(c, r.field, (mask >> i) & 1 ? r.max : r.min);
            }
            const EstimateResult e = estimate(c);
            if (e) {
                QVERIFY(finiteAndNonNegative(*e));
                ++estimated;
            } else {
                QVERIFY(e.error().kind == ErrorKind::Unrepresentable);
                ++refused;
            }
        }
    }
    QVERIFY(estimated > 0);
    QVERIFY(refused > 0);
}

void TestValidation::unrepresentableNamesAnInput() {
    Config c;
    c.seqLen = rangeOf(Field::SeqLen).max;
    c.batch = rangeOf(Field::Batch).max;
    const EstimateResult e = estimate(c);
    QVERIFY(!e);
    QVERIFY(e.error().kind == ErrorKind::Unrepresentable);
    const std::string text = describe(e.error(), NameStyle::Option);
    QVERIFY2(text.find("--seq") != std::string::npos, text.c_str());
    QVERIFY2(text.find("100000000") != std::string::npos, text.c_str());
}

QTEST_GUILESS_MAIN(TestValidation)
#include "tst_validation.moc"
