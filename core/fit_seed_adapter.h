#pragma once

// The fit solver over the lecture note's seed accounting (lgm::estimate on a Config), until the
// detailed accounting takes Scenarios directly. The seed models data parallelism only, so a
// scenario using tensor, pipeline, context or expert parallelism, sequence parallelism,
// recompute, routed experts or a family other than GPT-2 has no seed Config and its peak is
// "invalid" (nullopt) to the solver.

#include "config.h"
#include "fit_solver.h"
#include "spec.h"

#include <optional>

namespace lgm {

std::optional<Config> seedConfig(const Scenario& scenario);
Scenario seedScenario(const Config& config);

// The per-GPU total of the seed estimate; nullopt when the scenario has no seed Config or the
// estimate fails (invalid input, or a byte count beyond 64 bits).
PeakBytesFn seedPeakBytes();
// The largest of the seed's per-GPU terms: "parameters", "gradients", "optimizer" or
// "activations"; empty when there is no estimate.
BindingTermFn seedBindingTerm();

} // namespace lgm
