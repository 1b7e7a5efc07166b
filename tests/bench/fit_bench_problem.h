#pragma once

#include "fit_problem.h"
#include "fit_seed_adapter.h"
#include "fit_solver.h"

namespace lgm {

// The fit problem of the solver rows: GPT-2 small (bf16, FSDP) on 8 GPUs of 80 GiB, global
// batch 40,320, over 7 strategies × 3 recompute policies × 10 (t, p) layouts × offload: 420
// layouts and 35,280 (layout, micro-batch) candidates. The seed models neither t, p, recompute
// nor offload, so its data-parallel part stands in for every layout: each layout costs one
// full seed estimate (then one multiplication per b), as a detailed accounting's plan would.
inline FitProblem fitBenchProblem() {
    Config c;
    c.precision = Precision::Bf16Mixed;
    c.strategy = Strategy::FsdpFull;
    c.gpus = 8;
    FitProblem p;
    p.scenario = seedScenario(c);
    p.capacity = std::int64_t{80} << 30;
    p.peak = [seed = seedPeakBytes()](const Scenario& s) {
        Scenario data = s;
        data.parallel.tp = data.parallel.pp = 1;
        data.training.recompute = Recompute::None;
        return seed(data);
    };
    p.binding = seedBindingTerm();
    p.layoutPeak = [curve = estimateLayoutPeak()](const Scenario& s) {
        Scenario data = s;
        data.parallel.tp = data.parallel.pp = 1;
        data.training.recompute = Recompute::None;
        return curve(data);
    };
    p.space.offload = [](const Scenario& s) { return s; };
    p.space.globalBatch = 40320;
    return p;
}

} // namespace lgm
