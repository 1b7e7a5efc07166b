// Properties of the memory model over thousands of random valid configurations. The generator
// has a fixed seed, so a failure names a configuration that fails again on the next run.
#include "estimate.h"
#include "input_ranges.h"
#include "report_fields.h"
#include "step_timeline.h"

#include <QRandomGenerator>
#include <QTest>

#include <cmath>
#include <vector>

using namespace lgm;

namespace {

constexpr int kConfigs = 10000;
constexpr quint32 kSeed = 20261128;
// 2⁶³: the first byte count an int64 cannot hold.
constexpr double kInt64Limit = 9223372036854775808.0;

constexpr Strategy kShardedStrategies[] = {Strategy::Zero1, Strategy::Zero2, Strategy::Zero3,
                                           Strategy::FsdpFull, Strategy::FsdpGradOp};

// Log-uniform over [lo, hi], lo >= 1: every order of magnitude is drawn as often as any other,
// so small models and the extreme edges of the ranges are both well covered.
std::int64_t logUniform(QRandomGenerator& random, std::int64_t lo, std::int64_t hi) {
    const double x =
        std::exp(std::log(double(lo)) +
                 random.generateDouble() * (std::log(double(hi) + 1) - std::log(double(lo))));
    return std::clamp(static_cast<std::int64_t>(x), lo, hi);
}

std::int64_t logUniform(QRandomGenerator& random, Field field) {
    const FieldRange& r = rangeOf(field);
    return logUniform(random, std::max<std::int64_t>(r.min, 1), r.max);
}

Config randomConfig(QRandomGenerator& random) {
    Config c;
    for (Field f : {Field::Vocab, Field::DModel, Field::Layers, Field::Heads, Field::Ffn,
                    Field::SeqLen, Field::Batch}) {
        setValue(c, f, logUniform(random, f));
    }
    c.positions = random.bounded(4) == 0 ? 0 : logUniform(random, Field::Positions);
    c.precision =
        std::array{Precision::Fp32, Precision::Fp16Mixed, Precision::Bf16Mixed}[random.bounded(3)];
    c.fp32Gradients = random.bounded(2) == 1;
    c.count = random.bounded(2) == 1 ? CountMode::Exact : CountMode::Approx;
    c.strategy = kAllStrategies[random.bounded(int(std::size(kAllStrategies)))];
    c.ddpBucketCopy = random.bounded(2) == 1;
    // N a multiple of G, so that fsdp-hybrid configurations are valid too.
    c.gpusPerNode = logUniform(random, 1, 1024);
    c.gpus = c.gpusPerNode * logUniform(random, 1, rangeOf(Field::Gpus).max / c.gpusPerNode);
    return c;
}

std::vector<Config> randomConfigs() {
    QRandomGenerator random(kSeed);
    std::vector<Config> configs;
    configs.reserve(kConfigs);
    for (int i = 0; i < kConfigs; ++i) {
        configs.push_back(randomConfig(random));
    }
    return configs;
}

// The largest byte count the config asks for, in doubles (never overflows): the test's own
// judgement of whether a result fits in 64 bits.
double largestBytes(const Config& c) {
    const double v = c.vocab, d = c.dModel, L = c.layers, h = c.heads, f = c.ffn, s = c.seqLen,
                 b = c.batch, P = c.positions;
    const double exact =
        v * d + P * d + L * (4 * d * d + 4 * d + 2 * d * f + f + d + 4 * d) + 2 * d;
    const BytesPerParameter bpp = bytesPerParameter(c.precision, c.fp32Gradients);
    const double states =
        exact *
        (bpp.total() + (c.strategy == Strategy::Ddp && c.ddpBucketCopy ? bpp.gradients : 0));
    const double activations = L * activationBytesPerElement(c.precision) *
                               (6 * b * s * d + 2 * b * h * s * s + b * s * (2 * d + 2 * f));
    return states + activations;
}

QString describeConfig(const Config& c) {
    return QStringLiteral("v=%1 d=%2 L=%3 h=%4 f=%5 s=%6 b=%7 P=%8 N=%9 G=%10 %11 %12 %13")
        .arg(c.vocab)
        .arg(c.dModel)
        .arg(c.layers)
        .arg(c.heads)
        .arg(c.ffn)
        .arg(c.seqLen)
        .arg(c.batch)
        .arg(c.positions)
        .arg(c.gpus)
        .arg(c.gpusPerNode)
        .arg(QString::fromUtf8(toString(c.precision).data(), toString(c.precision).size()),
             QString::fromUtf8(toString(c.count).data(), toString(c.count).size()),
             QString::fromUtf8(toString(c.strategy).data(), toString(c.strategy).size()));
}

// The estimate of c with one input changed, when that input stays in range and the result fits.
std::optional<Estimate> with(Config c, Field field, std::int64_t value) {
    if (value > rangeOf(field).max) {
        return std::nullopt;
    }
    setValue(c, field, value);
    EstimateResult e = estimate(c);
    return e ? std::optional<Estimate>(std::move(e).value()) : std::nullopt;
}

} // namespace

class TestProperties : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void outputsFiniteAndNonNegative();
    void activationsGrowWithSeqBatchAndLayers();
    void modelStatesIndependentOfSeqAndBatch();
    void shardedModelStatesNeverGrowWithGpus();
    void exactMinusApproxIsEmbeddingBiasesAndNorms();
    void timelineMaximumIsThePerGpuTotal();

private:
    std::vector<Config> m_configs;
    std::vector<Estimate> m_estimates; // the configurations whose results fit in 64 bits
};

void TestProperties::initTestCase() {
    m_configs = randomConfigs();
    for (const Config& c : m_configs) {
        QVERIFY2(!validate(c), qPrintable(describeConfig(c)));
        if (EstimateResult e = estimate(c)) {
            m_estimates.push_back(std::move(e).value());
        }
    }
    // Log-uniform inputs overflow often; enough must fit for the properties to mean something.
    QVERIFY2(m_estimates.size() > kConfigs / 4, qPrintable(QString::number(m_estimates.size())));
    qInfo("%zu of %d random configurations fit in 64-bit bytes", m_estimates.size(), kConfigs);
}

void TestProperties::outputsFiniteAndNonNegative() {
    for (const Config& c : m_configs) {
        const EstimateResult e = estimate(c);
        if (!e) {
            QCOMPARE(e.error().kind, ErrorKind::Unrepresentable);
            // Refused only when the bytes really do not fit (doubles round near the limit).
            QVERIFY2(largestBytes(c) > kInt64Limit * 0.999, qPrintable(describeConfig(c)));
            continue;
        }
        QVERIFY2(largestBytes(c) < kInt64Limit * 1.001, qPrintable(describeConfig(c)));
        for (const ReportField& field : reportFields(*e)) {
            const QByteArray what =
                field.key.c_str() + QByteArray(" of ") + describeConfig(c).toUtf8();
            if (const auto* integer = std::get_if<std::int64_t>(&field.value)) {
                QVERIFY2(*integer >= 0, what.constData());
            } else if (const auto* real = std::get_if<double>(&field.value)) {
                QVERIFY2(std::isfinite(*real) && *real >= 0, what.constData());
            }
        }
    }
}

void TestProperties::activationsGrowWithSeqBatchAndLayers() {
    int compared = 0;
    for (const Estimate& e : m_estimates) {
        const Config& c = e.config;
        for (Field field : {Field::SeqLen, Field::Batch, Field::Layers}) {
            const std::int64_t value = valueOf(c, field);
            for (std::int64_t larger : {value + 1, 2 * value}) {
                if (const auto bigger = with(c, field, larger)) {
                    QVERIFY2(bigger->activations.bytes > e.activations.bytes,
                             qPrintable(describeConfig(bigger->config)));
                    ++compared;
                }
            }
        }
    }
    QVERIFY(compared > kConfigs);
}

void TestProperties::modelStatesIndependentOfSeqAndBatch() {
    // The position table P is a model parameter of its own, so it stays fixed while s changes.
    QRandomGenerator random(kSeed + 1);
    for (const Estimate& e : m_estimates) {
        for (Field field : {Field::SeqLen, Field::Batch}) {
            if (const auto other = with(e.config, field, logUniform(random, field))) {
                QCOMPARE(other->modelStates.total, e.modelStates.total);
                QCOMPARE(other->perGpu.modelStates, e.perGpu.modelStates);
                QCOMPARE(other->parameters.total, e.parameters.total);
            }
        }
    }
}

void TestProperties::shardedModelStatesNeverGrowWithGpus() {
    QRandomGenerator random(kSeed + 2);
    int compared = 0;
    for (const Estimate& e : m_estimates) {
        Config c = e.config;
        c.strategy = kShardedStrategies[random.bounded(int(std::size(kShardedStrategies)))];
        const std::int64_t gpus = logUniform(random, 1, 4096);
        const auto fewer = with(c, Field::Gpus, gpus);
        if (!fewer) {
            continue;
        }
        for (std::int64_t more : {gpus + 1, 2 * gpus, gpus + logUniform(random, 1, 100'000)}) {
            if (const auto many = with(c, Field::Gpus, more)) {
                QVERIFY2(many->perGpu.modelStates <= fewer->perGpu.modelStates,
                         qPrintable(describeConfig(many->config) +
                                    QStringLiteral(" vs N=%1").arg(gpus)));
                ++compared;
            }
        }
    }
    QVERIFY(compared > kConfigs / 4);
}

void TestProperties::exactMinusApproxIsEmbeddingBiasesAndNorms() {
    for (const Estimate& e : m_estimates) {
        const Config& c = e.config;
        const std::int64_t v = c.vocab, d = c.dModel, L = c.layers, f = c.ffn, P = c.positions;
        // Token and position tables; per layer the attention biases 4d, the FFN biases f + d and
        // two LayerNorms 4d; the final LayerNorm 2d.
        const std::int64_t leftOut = v * d + P * d + L * (4 * d + f + d + 4 * d) + 2 * d;
        QVERIFY2(e.parameters.exact > e.parameters.approx, qPrintable(describeConfig(c)));
        QCOMPARE(e.parameters.exact - e.parameters.approx, leftOut);
    }
}

// The step timeline is the same accounting spread over time: its largest point is the per-GPU
// total, activations grow through forward and shrink through backward, and the optimizer step
// holds the model states alone.
void TestProperties::timelineMaximumIsThePerGpuTotal() {
    for (const Estimate& e : m_estimates) {
        const QByteArray what = describeConfig(e.config).toUtf8();
        const StepTimeline t = stepTimeline(e);
        const auto L = static_cast<std::size_t>(e.config.layers);
        QCOMPARE(t.points.size(), 2 * L + 2);
        QVERIFY2(t.peak() == e.perGpu.total, what.constData());
        std::int64_t previous = 0;
        for (std::size_t i = 0; i < t.points.size(); ++i) {
            const TimelinePoint& p = t.points[i];
            QVERIFY2(p.total() <= e.perGpu.total, what.constData());
            for (std::int64_t bytes : p.bytes) {
                QVERIFY2(bytes >= 0, what.constData());
            }
            const std::int64_t a = p.at(MemoryKind::Activations);
            QVERIFY2(i <= L ? a >= previous : a <= previous, what.constData());
            previous = a;
        }
        QCOMPARE(t.points.back().total(), e.perGpu.ownParameters + e.perGpu.ownGradients +
                                              e.perGpu.optimizer + e.perGpu.bucketCopy);
    }
}

QTEST_GUILESS_MAIN(TestProperties)
#include "tst_properties.moc"
