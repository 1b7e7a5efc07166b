#include "estimate.h"
#include "fit_detailed_adapter.h"
#include "fit_seed_adapter.h"
#include "fit_solver.h"

#include <QRandomGenerator>
#include <QtTest>

#include <algorithm>
#include <map>
#include <tuple>

using namespace lgm;

namespace {

// A random GPT-2-shaped set-up the seed accepts, small enough for linear brute force.
Config randomConfig(QRandomGenerator& rng) {
    Config c;
    c.heads = rng.bounded(1, 17);
    c.dModel = c.heads * rng.bounded(8, 129);
    c.ffn = 4 * c.dModel;
    c.layers = rng.bounded(1, 25);
    c.vocab = rng.bounded(100, 60'000);
    c.seqLen = rng.bounded(16, 2049);
    c.positions = c.seqLen;
    c.batch = 1;
    c.precision =
        std::array{Precision::Fp32, Precision::Fp16Mixed, Precision::Bf16Mixed}[rng.bounded(3)];
    c.strategy = kAllStrategies[rng.bounded(7)];
    c.gpusPerNode = std::array{1, 2, 4, 8}[rng.bounded(4)];
    c.gpus = c.gpusPerNode * rng.bounded(1, 9);
    return c;
}

std::int64_t seedPeak(const Config& c) {
    return estimate(c)->perGpu.total;
}

FitProblem seedProblem(const Config& c, std::int64_t capacity) {
    FitProblem p;
    p.scenario = seedScenario(c);
    p.capacity = capacity;
    p.peak = seedPeakBytes();
    p.binding = seedBindingTerm();
    return p;
}

// A closed-form stand-in for an accounting that models t, p, recompute and offload, so the
// ranked search is tested over its whole space. L = 20 makes p = 8 an invalid layout, and
// h = 32 keeps every t ≤ 8 valid. Offload is marked by the fused loss, a field this model reads
// only for that purpose (the core has no offload field yet).
constexpr std::int64_t kParams = 1'000'000'000;

std::optional<std::int64_t> syntheticPeak(const Scenario& s) {
    const Parallelism& p = s.parallel;
    if (s.model.layers % p.pp != 0 || 32 % p.tp != 0) {
        return std::nullopt;
    }
    const std::int64_t dp = p.gpus / (p.tp * p.pp);
    if (dp < 1 || s.training.batch < 1) {
        return std::nullopt;
    }
    const std::int64_t shard = p.data == Strategy::Ddp ? 1 : dp;
    const bool offload = s.training.loss == LossKind::Fused;
    const std::int64_t states = kParams / (p.tp * p.pp) * (4 + 4 + (offload ? 0 : 8) / shard);
    const std::int64_t perToken = std::array{40'000, 12'000, 2'000}[int(s.training.recompute)];
    const std::int64_t inFlight = std::min(p.microbatches, p.pp);
    const std::int64_t acts =
        s.training.batch * s.training.seqLen * (s.model.layers / p.pp) * perToken / p.tp * inFlight;
    return states + acts;
}

Scenario syntheticOffload(const Scenario& s) {
    Scenario out = s;
    out.training.loss = LossKind::Fused;
    return out;
}

FitProblem syntheticProblem(std::int64_t gpus, std::int64_t capacity) {
    FitProblem p;
    p.scenario.model.layers = 20;
    p.scenario.training.seqLen = 2048;
    p.scenario.training.batch = 4;
    p.scenario.parallel.gpus = gpus;
    p.scenario.parallel.microbatches = 8;
    p.capacity = capacity;
    p.peak = syntheticPeak;
    p.binding = [](const Scenario&) { return std::string("activations"); };
    p.space.offload = syntheticOffload;
    return p;
}

using LayoutKey = std::tuple<Strategy, Recompute, std::int64_t, std::int64_t, bool>;

LayoutKey keyOf(const FitSetup& s) {
    return {s.scenario.parallel.data, s.scenario.training.recompute, s.scenario.parallel.tp,
            s.scenario.parallel.pp, s.offload};
}

// Every (layout, b) of the space, evaluated: the largest fitting b per layout.
std::map<LayoutKey, std::int64_t> bruteForceSetups(const FitProblem& p, std::int64_t* count) {
    std::map<LayoutKey, std::int64_t> best;
    const std::int64_t n = p.scenario.parallel.gpus;
    const std::int64_t batch = p.scenario.training.batch * p.scenario.parallel.microbatches *
                               p.scenario.training.finetune.gradAccumulation *
                               p.scenario.parallel.dataParallel();
    for (Strategy st : p.space.strategies) {
        for (Recompute r : p.space.recompute) {
            for (std::int64_t tp = 1; tp <= std::min<std::int64_t>(n, 8); ++tp) {
                for (std::int64_t pp = 1; pp <= 8; ++pp) {
                    if (n % (tp * pp) != 0 || batch % (n / (tp * pp)) != 0) {
                        continue;
                    }
                    const std::int64_t per = batch / (n / (tp * pp));
                    for (bool off : {false, true}) {
                        if (off && !p.space.offload) {
                            continue;
                        }
                        for (std::int64_t b = 1; b <= per; ++b) {
                            if (per % b != 0) {
                                continue;
                            }
                            Scenario s = p.scenario;
                            s.parallel.data = st;
                            s.training.recompute = r;
                            s.parallel.tp = tp;
                            s.parallel.pp = pp;
                            s.training.batch = b;
                            // Accumulation is the pipeline's micro-batches under p > 1,
                            // gradient accumulation k otherwise.
                            s.parallel.microbatches = pp > 1 ? per / b : 1;
                            s.training.finetune.gradAccumulation = pp > 1 ? 1 : per / b;
                            if (off) {
                                s = syntheticOffload(s);
                            }
                            ++*count;
                            const auto peak = p.peak(s);
                            if (peak && *peak <= p.capacity) {
                                best[{st, r, tp, pp, off}] = b;
                            }
                        }
                    }
                }
            }
        }
    }
    return best;
}

} // namespace

class TestFitSolver : public QObject {
    Q_OBJECT

private slots:
    void monotoneSearchMatchesLinearScan() {
        QRandomGenerator rng(15);
        for (int i = 0; i < 2000; ++i) {
            const std::int64_t limit = rng.bounded(1, 5000);
            const std::int64_t edge = rng.bounded(0, int(limit) + 2); // fits exactly x ≤ edge
            int calls = 0;
            const auto fits = [&](std::int64_t x) {
                ++calls;
                return x <= edge;
            };
            QCOMPARE(largestFitting(limit, fits), std::min(edge, limit));
            QVERIFY(calls <= 2 * 13 + 2);                             // log2(5000) < 13
            const std::int64_t from = rng.bounded(1, int(limit) + 2); // fits exactly x ≥ from
            const std::int64_t expected = from > limit ? 0 : from;
            QCOMPARE(smallestFitting(limit, [&](std::int64_t x) { return x >= from; }), expected);
            const std::int64_t hint = rng.bounded(0, int(limit) + 2);
            calls = 0;
            QCOMPARE(largestFittingNear(limit, hint, fits), std::min(edge, limit));
            QVERIFY(calls <= 2 * 13 + 3);
            if (hint >= 1 && hint <= limit && std::min(edge, limit) == hint) {
                QVERIFY(calls <= 2); // an exact hint costs the hint and its neighbour
            }
        }
        QCOMPARE(largestFitting(0, [](std::int64_t) { return true; }), 0);
        QCOMPARE(largestFitting(std::int64_t{1} << 62, [](std::int64_t) { return true; }),
                 std::int64_t{1} << 62);
    }

    void divisorsAreAscendingAndComplete() {
        QCOMPARE(divisors(1), (std::vector<std::int64_t>{1}));
        QCOMPARE(divisors(12), (std::vector<std::int64_t>{1, 2, 3, 4, 6, 12}));
        QCOMPARE(divisors(49), (std::vector<std::int64_t>{1, 7, 49}));
        QCOMPARE(divisors(5040).size(), std::size_t(60));
    }

    void maxMicroBatchMatchesBruteForceOnTheSeed() {
        QRandomGenerator rng(1501);
        for (int i = 0; i < 40; ++i) {
            Config c = randomConfig(rng);
            // A capacity whose answer lies in [0, 600): between the peaks at b* and b* + 1.
            const std::int64_t target = rng.bounded(0, 600);
            Config at = c;
            at.batch = std::max<std::int64_t>(1, target);
            const std::int64_t capacity =
                target == 0 ? seedPeak(at) - 1 : seedPeak(at) + rng.bounded(0, 1000);
            std::int64_t brute = 0;
            for (Config b = c; b.batch <= 700 && seedPeak(b) <= capacity; ++b.batch) {
                brute = b.batch;
            }
            std::int64_t evaluations = 0;
            const std::int64_t solved = maxMicroBatch(seedProblem(c, capacity), &evaluations);
            QCOMPARE(solved, brute);
            QVERIFY(evaluations <= 2 * 24 + 2); // log2(10^7) < 24, against brute + 1 scans
            // The edge, straight from the estimate: b fits and b + 1 does not.
            Config edge = c;
            edge.batch = solved + 1;
            QVERIFY(seedPeak(edge) > capacity);
            if (solved > 0) {
                edge.batch = solved;
                QVERIFY(seedPeak(edge) <= capacity);
            }
        }
    }

    void maxSeqMatchesBruteForceOnTheSeed() {
        QRandomGenerator rng(1502);
        for (int i = 0; i < 25; ++i) {
            Config c = randomConfig(rng);
            c.batch = rng.bounded(1, 9);
            const std::int64_t target = rng.bounded(1, 3000);
            Config at = c;
            at.seqLen = target;
            const std::int64_t capacity = seedPeak(at);
            std::int64_t brute = 0;
            Config first = c;
            first.seqLen = 1;
            for (Config s = first; s.seqLen <= 3100 && seedPeak(s) <= capacity; ++s.seqLen) {
                brute = s.seqLen;
            }
            QCOMPARE(maxSeqLen(seedProblem(c, capacity)), brute);
            QVERIFY(brute >= target); // peaks never fall as s grows
        }
    }

    void minGpusMatchesBruteForceOnTheSeed() {
        QRandomGenerator rng(1503);
        for (int i = 0; i < 25; ++i) {
            Config c = randomConfig(rng);
            c.batch = rng.bounded(1, 5);
            // Between the one-GPU peak and the model-state-free floor, so answers vary.
            const std::int64_t one = seedPeak(c);
            FitProblem p = seedProblem(c, one / rng.bounded(1, 40));
            p.limits.maxGpus = 256;
            for (Strategy st : kAllStrategies) {
                std::int64_t brute = 0;
                for (std::int64_t n = 1; n <= 256 && brute == 0; ++n) {
                    Config at = c;
                    at.strategy = st;
                    at.gpus = n;
                    const EstimateResult e = estimate(at);
                    if (e && e->perGpu.total <= p.capacity) {
                        brute = n;
                    }
                }
                QCOMPARE(minGpus(p, st), brute);
            }
        }
    }

    void rankedSetupsMatchBruteForce_data() {
        QTest::addColumn<qint64>("gpus");
        QTest::addColumn<qint64>("capacity");
        QTest::newRow("8 GPUs, 80 GiB") << qint64(8) << qint64(80) * (qint64(1) << 30);
        QTest::newRow("8 GPUs, 24 GiB") << qint64(8) << qint64(24) * (qint64(1) << 30);
        QTest::newRow("16 GPUs, 40 GiB") << qint64(16) << qint64(40) * (qint64(1) << 30);
        QTest::newRow("4 GPUs, 141 GiB") << qint64(4) << qint64(141) * (qint64(1) << 30);
    }

    void rankedSetupsMatchBruteForce() {
        QFETCH(qint64, gpus);
        QFETCH(qint64, capacity);
        const FitProblem p = syntheticProblem(gpus, capacity);
        std::int64_t bruteCount = 0;
        const auto brute = bruteForceSetups(p, &bruteCount);
        const FitAnswers a = solveFit(p);
        QCOMPARE(a.candidates, bruteCount);
        QCOMPARE(a.setups.size(), brute.size());
        QVERIFY(!a.setups.empty());
        for (const FitSetup& s : a.setups) {
            QCOMPARE(s.microBatch, brute.at(keyOf(s)));
            QCOMPARE(s.peak, *syntheticPeak(s.scenario));
            QCOMPARE(s.headroom, capacity - s.peak);
            QVERIFY(s.headroom >= 0);
            QCOMPARE(s.microBatch * s.accumulation *
                         (gpus / (s.scenario.parallel.tp * s.scenario.parallel.pp)),
                     qint64(4 * 8 * gpus)); // the global batch is kept
            QCOMPARE(s.bindingTerm, std::string("activations"));
        }
        // The stated order, checked pair by pair: recompute, then t·p, t, offload, -b.
        for (std::size_t i = 1; i < a.setups.size(); ++i) {
            const FitSetup& x = a.setups[i - 1];
            const FitSetup& y = a.setups[i];
            const auto cost = [](const FitSetup& s) {
                return std::tuple(int(s.scenario.training.recompute),
                                  s.scenario.parallel.tp * s.scenario.parallel.pp,
                                  s.scenario.parallel.tp, s.offload, -s.microBatch);
            };
            QVERIFY(cost(x) <= cost(y));
        }
        QVERIFY(!a.closest.has_value());
        QVERIFY2(a.evaluations * 3 < bruteCount,
                 qPrintable(QStringLiteral("%1 of %2").arg(a.evaluations).arg(bruteCount)));
    }

    void cheapestFirstOnASimpleCase() {
        // 80 GiB, 8 GPUs: with no recompute, ZeRO/FSDP at t = p = 1 fit, DDP does not (16 GB
        // of states and b·s·L·40 kB of activations); the first answer has no recompute, t = 1.
        const FitAnswers a = solveFit(syntheticProblem(8, qint64(80) << 30));
        const FitSetup& first = a.setups.front();
        QCOMPARE(first.scenario.training.recompute, Recompute::None);
        QCOMPARE(first.scenario.parallel.tp * first.scenario.parallel.pp, qint64(1));
        QVERIFY(!first.offload);
    }

    void nothingFitsReportsTheClosest() {
        const FitProblem p = syntheticProblem(8, qint64(1) << 29); // 512 MiB: nothing fits
        const FitAnswers a = solveFit(p);
        QVERIFY(a.setups.empty());
        QVERIFY(a.closest.has_value());
        QVERIFY(a.closest->headroom < 0);
        // Brute force: the smallest peak over every valid (layout, b).
        std::int64_t best = std::numeric_limits<std::int64_t>::max();
        for (Strategy st : kAllStrategies) {
            for (Recompute r : {Recompute::None, Recompute::Selective, Recompute::Full}) {
                for (std::int64_t tp : {1, 2, 4, 8}) {
                    for (std::int64_t pp : {1, 2, 4, 8}) {
                        if (8 % (tp * pp) != 0) {
                            continue;
                        }
                        for (bool off : {false, true}) {
                            Scenario s = p.scenario;
                            s.parallel.data = st;
                            s.training.recompute = r;
                            s.parallel.tp = tp;
                            s.parallel.pp = pp;
                            s.training.batch = 1;
                            s.parallel.microbatches = 4 * 8 * 8 / (8 / (tp * pp));
                            if (off) {
                                s = syntheticOffload(s);
                            }
                            if (const auto peak = syntheticPeak(s)) {
                                best = std::min(best, *peak);
                            }
                        }
                    }
                }
            }
        }
        QCOMPARE(a.closest->peak, best);
        QCOMPARE(a.closest->headroom, p.capacity - best);
        QCOMPARE(a.maxMicroBatch, qint64(0));
        QCOMPARE(a.maxSeq, qint64(0));
    }

    void degenerateInputsAnswerNothing() {
        // No GPUs, no batch, no capacity: every answer is "nothing", and nothing crashes.
        FitProblem p = syntheticProblem(8, qint64(80) << 30);
        p.scenario.parallel.gpus = 0;
        p.scenario.training.batch = 0;
        FitAnswers a = solveFit(p);
        QVERIFY(a.setups.empty());
        QCOMPARE(a.candidates, qint64(0));
        // A global batch b · m · k · dp past 64 bits (10^7 · 10^6 · 10^6 · 8) has no layout.
        p = syntheticProblem(8, qint64(80) << 30);
        p.scenario.training.batch = 10'000'000;
        p.scenario.parallel.microbatches = 1'000'000;
        p.scenario.training.finetune.gradAccumulation = 1'000'000;
        QCOMPARE(solveFit(p).candidates, qint64(0));
        p = syntheticProblem(8, 0);
        a = solveFit(p);
        QVERIFY(a.setups.empty());
        QVERIFY(a.closest && a.closest->headroom == -a.closest->peak);
        for (const MinGpus& m : a.minGpus) {
            QCOMPARE(m.gpus, qint64(0));
        }
    }

    void seedBindingTermNamesTheLargestTerm() {
        Config c; // GPT-2 small, fp32, b = 8, s = 1024: activations dominate
        QCOMPARE(seedBindingTerm()(seedScenario(c)), std::string("activations"));
        c.batch = 1;
        c.seqLen = 16; // tiny activations: Adam's two fp32 moments are the largest term
        QCOMPARE(seedBindingTerm()(seedScenario(c)), std::string("optimizer"));
        Scenario tp = seedScenario(c);
        tp.parallel.tp = 2; // the seed has no tensor parallelism
        QVERIFY(!seedPeakBytes()(tp).has_value());
        QVERIFY(seedBindingTerm()(tp).empty());
    }

    void detailedAccountingMatchesBruteForce_data() {
        QTest::addColumn<int>("implementation");
        QTest::addColumn<qint64>("capacity");
        QTest::newRow("Megatron, H100 SXM") << int(Implementation::Megatron) << qint64(85520809984);
        QTest::newRow("Megatron, A100 40GB")
            << int(Implementation::Megatron) << qint64(42949672960);
        QTest::newRow("HF, H200") << int(Implementation::HuggingFace) << qint64(150754820096);
    }

    void detailedAccountingMatchesBruteForce() {
        // Llama-3-8B, bf16-mixed, flash attention, s 4096 on 8 GPUs, global batch 64: the
        // accounting that models t, p and recompute, searched whole and exhaustively.
        QFETCH(int, implementation);
        QFETCH(qint64, capacity);
        FitProblem p;
        p.scenario.model.family = Architecture::Llama;
        p.scenario.model.vocab = 128256;
        p.scenario.model.dModel = 4096;
        p.scenario.model.layers = 32;
        p.scenario.model.heads = 32;
        p.scenario.model.kvHeads = 8;
        p.scenario.model.headDim = 128;
        p.scenario.model.ffn = 14336;
        p.scenario.model.positions = 0;
        p.scenario.model.ffnType = FfnType::Gated;
        p.scenario.model.norm = NormType::RmsNorm;
        p.scenario.model.bias = BiasMode::None;
        p.scenario.model.positionType = PositionType::Rotary;
        p.scenario.model.tiedHead = false;
        p.scenario.training.seqLen = 4096;
        p.scenario.training.batch = 1;
        p.scenario.training.precision = Precision::Bf16Mixed;
        p.scenario.training.accounting = Accounting::Detailed;
        p.scenario.training.implementation = Implementation(implementation);
        p.scenario.training.attention = AttentionKernel::Flash;
        p.scenario.parallel.data = Strategy::FsdpFull;
        p.scenario.parallel.gpus = 8;
        p.scenario.parallel.microbatches = 8;
        p.capacity = capacity;
        p.peak = detailedPeakBytes();
        p.binding = detailedBindingTerm();
        p.limits.maxMicroBatch = 4096;
        std::int64_t bruteCount = 0;
        const auto brute = bruteForceSetups(p, &bruteCount);
        const FitAnswers a = solveFit(p);
        QCOMPARE(a.setups.size(), brute.size());
        for (const FitSetup& s : a.setups) {
            QCOMPARE(s.microBatch, brute.at(keyOf(s)));
            QCOMPARE(s.peak, detailedEstimate(s.scenario)->peak());
            QVERIFY(!s.bindingTerm.empty());
        }
        // The given settings' edges, straight from the accounting: b and s fit, b + 1, s + 1 not.
        const auto peakWith = [&](std::int64_t b, std::int64_t seq) {
            Scenario s = p.scenario;
            s.training.batch = b;
            s.training.seqLen = seq;
            const DetailedResult r = detailedEstimate(s);
            return r ? r->peak() : std::numeric_limits<std::int64_t>::max();
        };
        if (a.maxMicroBatch > 0) {
            QVERIFY(peakWith(a.maxMicroBatch, 4096) <= capacity);
        }
        QVERIFY(peakWith(a.maxMicroBatch + 1, 4096) > capacity);
        if (a.maxSeq > 0) {
            QVERIFY(peakWith(1, a.maxSeq) <= capacity);
        }
        QVERIFY(peakWith(1, a.maxSeq + 1) > capacity);
        // Brute force would also scan b and s one by one up to their edges.
        const std::int64_t bruteTotal = bruteCount + a.maxMicroBatch + 1 + a.maxSeq + 1;
        QVERIFY(a.maxSeq > 4096); // FSDP over 8 GPUs leaves room for a longer context
        QVERIFY2(a.evaluations * 5 < bruteTotal,
                 qPrintable(QStringLiteral("%1 of %2").arg(a.evaluations).arg(bruteTotal)));
    }

    void seedAdapterRoundTrips() {
        QRandomGenerator rng(1504);
        for (int i = 0; i < 50; ++i) {
            const Config c = randomConfig(rng);
            QCOMPARE(*seedConfig(seedScenario(c)), c);
        }
    }

    void seedRankedListEqualsBruteForce() {
        // With the seed, only t = p = 1, no recompute, no offload are valid layouts: one
        // set-up per strategy, each the largest divisor of B / N that fits.
        const Config c; // GPT-2 small, b = 8 on one GPU
        Config eight = c;
        eight.gpus = 8;
        FitProblem p = seedProblem(eight, qint64(24) << 30);
        p.space.globalBatch = 96;
        const FitAnswers a = solveFit(p);
        for (const FitSetup& s : a.setups) {
            std::int64_t brute = 0;
            for (std::int64_t b = 1; b <= 12; ++b) {
                Config at = eight;
                at.strategy = s.scenario.parallel.data;
                at.batch = b;
                if (12 % b == 0 && estimate(at)->perGpu.total <= p.capacity) {
                    brute = b;
                }
            }
            QCOMPARE(s.microBatch, brute);
            QCOMPARE(s.accumulation, 12 / brute);
        }
        QCOMPARE(a.setups.size(), std::size_t(7));
    }
};

QTEST_APPLESS_MAIN(TestFitSolver)
#include "tst_fit_solver.moc"
