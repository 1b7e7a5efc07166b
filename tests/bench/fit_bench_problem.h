#pragma once

#include "fit_problem.h"
#include "fit_seed_adapter.h"
#include "fit_solver.h"
#include "presets.h"

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

// The same search in the detailed accounting, the product's own problem (fitProblem): Llama-3-8B
// at s = 8192, bf16 mixed, FlashAttention, Megatron's layers, FSDP on 8 GPUs of an H100 SXM's
// 81,559 MiB, global batch 40,320. Every layout is modelled (7 strategies × 3 recompute × 10
// (t, p) × offload: 420 layouts, 35,280 candidates); each layout builds its plan once.
inline Scenario fitDetailedBenchScenario() {
    Scenario s;
    if (const auto preset = findModelPreset("llama-3-8b")) {
        s.model = preset->model;
    }
    s.training.seqLen = 8192;
    s.training.batch = 1;
    s.training.precision = Precision::Bf16Mixed;
    s.training.accounting = Accounting::Detailed;
    s.training.implementation = Implementation::Megatron;
    s.training.attention = AttentionKernel::Flash;
    s.parallel.data = Strategy::FsdpFull;
    s.parallel.gpus = 8;
    s.parallel.gpusPerNode = 8;
    return s;
}

inline FitProblem fitDetailedBenchProblem() {
    FitProblem p = fitProblem(fitDetailedBenchScenario(), std::int64_t{81559} << 20);
    p.space.globalBatch = 40320;
    return p;
}

} // namespace lgm
