// validateLayout() asks one run of compares before the ordered checks (layout_checks.h): both
// must refuse exactly the same layouts, with the same message. Random layouts from small value
// sets, so that every divisibility rule holds and fails often, and every degree, dropout and
// recompute-layer bound is crossed.
#include "layout_checks.h"

#include <QRandomGenerator>
#include <QtTest>

#include <cmath>

using namespace lgm;

namespace {

template <typename T, std::size_t N> T pick(QRandomGenerator& r, const T (&values)[N]) {
    return values[r.bounded(static_cast<quint32>(N))];
}

struct Layout {
    ModelSpec model;
    TrainingSetup training;
    Parallelism parallel;
};

Layout randomLayout(QRandomGenerator& r) {
    // Mostly 1, as most layouts leave most axes alone; then the bounds and a non-divisor.
    static const std::int64_t degrees[] = {1, 1, 1, 1, 1, 1, 1, 1,         1,        1,
                                           1, 1, 2, 2, 4, 3, 0, 1'000'000, 1'000'001};
    static const std::int64_t gpus[] = {1, 2, 4, 8, 8, 16, 16, 64, 6, 0, 1'000'000, 1'000'001};
    static const std::int64_t small[] = {1, 2, 3, 4, 6, 8, 12, 16};
    static const double dropouts[] = {0.0, 0.0, 0.0, 0.1, 0.999, -0.1, 1.0, std::nan("")};
    Layout l;
    l.model.heads = pick(r, small);
    l.model.kvHeads = pick(r, small);
    l.model.ffn = pick(r, small) * 3;
    l.model.layers = pick(r, small);
    l.model.moe.experts = pick(r, small);
    l.training.seqLen = pick(r, small) * 2;
    l.training.dropout = pick(r, dropouts);
    l.training.recomputeLayers =
        r.bounded(3) == 0 ? static_cast<std::int64_t>(r.bounded(10)) - 1 : 0;
    l.training.implementation =
        r.bounded(8) == 0 ? Implementation::HuggingFace : Implementation::Megatron;
    l.parallel.gpus = pick(r, gpus);
    l.parallel.tp = pick(r, degrees);
    l.parallel.pp = pick(r, degrees);
    l.parallel.virtualStages = pick(r, degrees);
    l.parallel.cp = pick(r, degrees);
    l.parallel.ep = pick(r, degrees);
    l.parallel.microbatches = pick(r, degrees);
    l.parallel.sequenceParallel = r.bounded(4) == 0;
    return l;
}

} // namespace

class TestLayoutChecks : public QObject {
    Q_OBJECT

private slots:
    void fastAnswerEqualsOrderedChecks() {
        QRandomGenerator r(20261202);
        int valid = 0, refused = 0;
        for (int i = 0; i < 200'000; ++i) {
            const Layout l = randomLayout(r);
            const auto fast = validateLayout(l.model, l.training, l.parallel);
            const auto ordered = checkLayoutInOrder(l.model, l.training, l.parallel);
            if (fast.has_value() != ordered.has_value() || (fast && *fast != *ordered)) {
                QFAIL(qPrintable(
                    QStringLiteral("layout %1: validateLayout says \"%2\", the "
                                   "ordered checks \"%3\"")
                        .arg(i)
                        .arg(QString::fromStdString(fast ? fast->message : "fits"),
                             QString::fromStdString(ordered ? ordered->message : "fits"))));
            }
            ++(fast ? refused : valid);
        }
        // Both answers occur often, or the comparison would prove nothing.
        QVERIFY2(valid > 1000 && refused > 1000,
                 qPrintable(QStringLiteral("%1 valid, %2 refused").arg(valid).arg(refused)));
    }
};

QTEST_GUILESS_MAIN(TestLayoutChecks)
#include "tst_layout_checks.moc"
