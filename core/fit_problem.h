#pragma once

// The fit problem the product solves for a scenario: the estimate's own accounting (so that at
// every answer's edge `estimate` agrees) over the part of the search space that accounting
// models, and the answers as a machine-readable report.

#include "fit_solver.h"
#include "spec.h"

#include <cstdint>
#include <string>

namespace lgm {

// The per-GPU peak of estimate(scenario) in the scenario's accounting (the seed's per-GPU total,
// or the detailed per_gpu.peak); nullopt when the estimate fails, or when the seed accounting
// meets a layout it does not model (tensor, pipeline, context or expert parallelism, sequence
// parallelism, interleaving, recompute), so a search never counts such a layout.
PeakBytesFn estimatePeakBytes();
// The largest per-GPU term of that estimate: "parameters", "gradients", "optimizer" or
// "activations" in the seed accounting, a detailed term id such as "layer_activations" or
// "ce_gradient" in the detailed one; empty when there is no estimate.
BindingTermFn estimateBindingTerm();

// The same peak and binding term for one layout as a function of b: one estimate at b = 1 gives
// the model states (which do not depend on b) and one sequence's activations (the estimate's
// activations are b times those), so each further b costs a multiplication. Peaks near the
// 64-bit limit are estimated in full, so the answers are exactly those of estimatePeakBytes.
LayoutPeakFn estimateLayoutPeak();

// The same for the detailed accounting: each layout's plan (parameter placement, saved-tensor
// lists) is built once and serves every b and accumulation step, with the same answers as
// estimatePeakBytes and estimateBindingTerm.
LayoutPeakFn detailedEstimateLayoutPeak();

// The problem for a scenario on GPUs of `capacity` bytes: every data strategy, the micro-batch
// with gradient accumulation keeping the scenario's global batch, and the limits of the input
// ranges. Recompute, t and p are searched only where the accounting models them.
FitProblem fitProblem(const Scenario& scenario, std::int64_t capacity);

// The answers as JSON: max_micro_batch, max_seq, min_gpus (keyed by strategy), setups (ranked,
// each with its options, per_gpu_peak, headroom and binding_term), closest (null unless nothing
// fits), candidates and evaluations. `gpu` is the catalogue id, empty for a bare capacity.
std::string fitJson(const FitAnswers& answers, std::int64_t capacity, const std::string& gpu);
// The same figures as key,value rows; set-ups under setups.<rank>.<key>.
std::string fitCsv(const FitAnswers& answers, std::int64_t capacity, const std::string& gpu);

} // namespace lgm
