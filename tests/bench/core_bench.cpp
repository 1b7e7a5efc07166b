#include "detailed_accounting.h"
#include "estimate.h"
#include "fit_bench_problem.h"
#include "fit_seed_adapter.h"
#include "fit_solver.h"
#include "step_timeline.h"
#include "sweep.h"

#include <QElapsedTimer>
#include <QTest>

#include <utility>

using namespace lgm;

// Goals: one estimate ≤ 1 µs; every chart series at 512 points ≤ 50 µs.
class CoreBench : public QObject {
    Q_OBJECT

private slots:
    void oneEstimate();
    void oneDetailedEstimate();
    void oneDetailedEstimateFromPlan();
    void detailedVersusSeed();
    void oneEstimateDetailed();
    void estimateDetailedVersusSeed();
    void sweepSeq512();
    void sweepBatch512();
    void sweepGpusTo1024();
    void everyChartSeries();
    void fitSolve35kCandidates();
    void fitBruteForce35kCandidates();
    void fitSolve35kCandidatesWithoutLayoutPeak();
    void fitSolveDetailed35kCandidates();
    void stepTimelineL128();
    void stepTimelineDetailedL128();
};

namespace {

volatile double g_sink = 0; // keeps the optimiser from dropping the measured work

Config chartConfig() {
    Config c;
    c.precision = Precision::Bf16Mixed;
    c.strategy = Strategy::FsdpFull;
    c.gpus = 64;
    return c;
}

// The same model and layout as chartConfig(), under the detailed accounting (HF, flash,
// fsdp-full over 64 GPUs): the parallel layout, the per-layer lists, two moments, buffers.
Scenario detailedScenario() {
    Scenario sc;
    sc.training.precision = Precision::Bf16Mixed;
    sc.training.accounting = Accounting::Detailed;
    sc.training.implementation = Implementation::HuggingFace;
    sc.training.attention = AttentionKernel::Flash;
    sc.parallel.data = Strategy::FsdpFull;
    sc.parallel.gpus = 64;
    return sc;
}

template <typename F> double meanNs(F&& work, int iterations) {
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < iterations; ++i) {
        work(i);
    }
    return double(t.nsecsElapsed()) / iterations;
}

} // namespace

void CoreBench::oneDetailedEstimate() {
    Scenario sc = detailedScenario();
    std::int64_t seq = 1024;
    QBENCHMARK {
        sc.training.seqLen = seq;
        seq = seq == 1024 ? 2048 : 1024;
        g_sink = double(detailedEstimate(sc)->peak());
    }
}

// A slider over s: the plan (lists, parameter placement) is built once for the set-up.
void CoreBench::oneDetailedEstimateFromPlan() {
    Scenario sc = detailedScenario();
    const DetailedPlan plan = planDetailed(sc).value();
    std::int64_t seq = 1024;
    QBENCHMARK {
        sc.training.seqLen = seq;
        seq = seq == 1024 ? 2048 : 1024;
        g_sink = double(detailedEstimate(plan, sc)->peak());
    }
}

// Both in one run, interleaved, so the ratio is not skewed by the machine's load. Goal ≤ 3×.
void CoreBench::detailedVersusSeed() {
    Config c = chartConfig();
    Scenario sc = detailedScenario();
    const DetailedPlan plan = planDetailed(sc).value();
    double seed = 0, detailed = 0, planned = 0;
    for (int round = 0; round < 5; ++round) {
        seed += meanNs(
            [&](int i) {
                c.seqLen = i % 2 == 0 ? 1024 : 2048;
                g_sink = double(estimate(c)->perGpu.total);
            },
            20000);
        detailed += meanNs(
            [&](int i) {
                sc.training.seqLen = i % 2 == 0 ? 1024 : 2048;
                g_sink = double(detailedEstimate(sc)->peak());
            },
            20000);
        planned += meanNs(
            [&](int i) {
                sc.training.seqLen = i % 2 == 0 ? 1024 : 2048;
                g_sink = double(detailedEstimate(plan, sc)->peak());
            },
            20000);
    }
    qInfo("seed estimate %.0f ns, detailed estimate %.0f ns (ratio %.2f), from a plan %.0f ns "
          "(ratio %.2f)",
          seed / 5, detailed / 5, detailed / seed, planned / 5, planned / seed);
}

// estimate() under --accounting detailed: the seed's figures and the detailed accounting, as
// the command line and the report run it.
void CoreBench::oneEstimateDetailed() {
    Scenario sc = detailedScenario();
    std::int64_t seq = 1024;
    QBENCHMARK {
        sc.training.seqLen = seq;
        seq = seq == 1024 ? 2048 : 1024;
        g_sink = double(estimate(sc)->detailed->peak());
    }
}

// estimate(Scenario) under both accountings, interleaved in one run. Goal ≤ 3×.
void CoreBench::estimateDetailedVersusSeed() {
    Scenario detailed = detailedScenario();
    Scenario seed = detailed;
    seed.training.accounting = Accounting::Seed;
    double seedNs = 0, detailedNs = 0;
    for (int round = 0; round < 5; ++round) {
        seedNs += meanNs(
            [&](int i) {
                seed.training.seqLen = i % 2 == 0 ? 1024 : 2048;
                g_sink = double(estimate(seed)->perGpu.total);
            },
            20000);
        detailedNs += meanNs(
            [&](int i) {
                detailed.training.seqLen = i % 2 == 0 ? 1024 : 2048;
                g_sink = double(estimate(detailed)->detailed->peak());
            },
            20000);
    }
    qInfo("estimate(): seed %.0f ns, detailed %.0f ns (ratio %.2f)", seedNs / 5, detailedNs / 5,
          detailedNs / seedNs);
}

void CoreBench::oneEstimate() {
    Config c = chartConfig();
    std::int64_t seq = 1024;
    QBENCHMARK {
        c.seqLen = seq; // a fresh input each time, as a slider drag gives
        seq = seq == 1024 ? 2048 : 1024;
        g_sink = double(estimate(c)->perGpu.total);
    }
}

void CoreBench::sweepSeq512() {
    const Estimate e = estimate(chartConfig()).value();
    QBENCHMARK {
        g_sink = sweepSeq(e, 16, 1048576, 512).total.back();
    }
}

void CoreBench::sweepBatch512() {
    const Estimate e = estimate(chartConfig()).value();
    QBENCHMARK {
        g_sink = sweepBatch(e, 1, 4096, 512).total.back();
    }
}

void CoreBench::sweepGpusTo1024() {
    const Config c = chartConfig();
    QBENCHMARK {
        g_sink = sweepGpus(c, 1024).back().total.back();
    }
}

// What one slider change costs the charts: the estimate and all three swept series.
void CoreBench::everyChartSeries() {
    const Config c = chartConfig();
    QBENCHMARK {
        const Estimate e = estimate(c).value();
        const SeqSweep seq = sweepSeq(e, 16, 1048576, 512);
        const BatchSweep batch = sweepBatch(e, 1, 4096, 512);
        const GpuSweep gpus = sweepGpus(c, 1024);
        g_sink = seq.total.back() + batch.total.back() + gpus.back().total.back();
    }
}

// Goal: solving every answer over ≥ 10,000 candidates costs a small fraction of the charts'
// replot; the brute-force row below evaluates every candidate, for the ratio in the same run.
void CoreBench::fitSolve35kCandidates() {
    const FitProblem p = fitBenchProblem();
    FitAnswers a;
    QBENCHMARK {
        a = solveFit(p);
    }
    static bool reported = false; // QBENCHMARK calls this function more than once
    if (!std::exchange(reported, true))
        qInfo("fit: %lld candidates, %lld evaluations, %zu set-ups fit", (long long)a.candidates,
              (long long)a.evaluations, a.setups.size());
    g_sink = double(a.setups.size());
}

// The same answers without the per-layout shortcut: every candidate b one full estimate, and
// the binding terms estimated again.
void CoreBench::fitSolve35kCandidatesWithoutLayoutPeak() {
    FitProblem p = fitBenchProblem();
    p.layoutPeak = {};
    QBENCHMARK {
        g_sink = double(solveFit(p).setups.size());
    }
}

void CoreBench::fitBruteForce35kCandidates() {
    const FitProblem p = fitBenchProblem();
    QBENCHMARK {
        std::int64_t fitting = 0;
        for (Strategy st : kAllStrategies) {
            for (int r = 0; r < 3; ++r) {
                for (std::int64_t tp : {1, 2, 4, 8}) {
                    for (std::int64_t pp : divisors(8 / tp)) {
                        const std::int64_t per = 40320 / (8 / (tp * pp));
                        for (int offload = 0; offload < 2; ++offload) {
                            for (std::int64_t b : divisors(per)) {
                                Scenario s = p.scenario;
                                s.parallel.data = st;
                                s.parallel.tp = tp;
                                s.parallel.pp = pp;
                                s.training.recompute = Recompute(r);
                                s.training.batch = b;
                                s.parallel.microbatches = per / b;
                                const auto peak = p.peak(s);
                                fitting += peak && *peak <= p.capacity;
                            }
                        }
                    }
                }
            }
        }
        g_sink = double(fitting);
    }
}

// Goal: the step timeline of a 128-layer model costs <= 5 % of one chart's replot (ui_bench's
// replotOneChart, same run).
void CoreBench::stepTimelineL128() {
    Config c;
    c.layers = 128;
    const Estimate e = estimate(c).value();
    QBENCHMARK {
        g_sink = double(stepTimeline(e).peak());
    }
}

// The detailed accounting's search, the Plan tab's under --accounting detailed: the same goal
// against ui_bench's replotOnly.
void CoreBench::fitSolveDetailed35kCandidates() {
    const FitProblem p = fitDetailedBenchProblem();
    FitAnswers a;
    QBENCHMARK {
        a = solveFit(p);
    }
    static bool reported = false;
    if (!std::exchange(reported, true))
        qInfo("detailed fit: %lld candidates, %lld evaluations, %zu set-ups fit",
              (long long)a.candidates, (long long)a.evaluations, a.setups.size());
    g_sink = double(a.setups.size());
}

// The timeline of a detailed estimate (HF, flash, fsdp-full over 64 GPUs) of 128 layers.
void CoreBench::stepTimelineDetailedL128() {
    Scenario sc = detailedScenario();
    sc.model.layers = 128;
    const Estimate e = estimate(sc).value();
    QBENCHMARK {
        g_sink = double(stepTimeline(e).peak());
    }
}

QTEST_GUILESS_MAIN(CoreBench)
#include "core_bench.moc"
