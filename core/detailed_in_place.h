#pragma once

// The detailed estimate written into a DetailedEstimate the caller holds: estimate() keeps it in
// its own result, so one estimate moves neither its term list nor its layer lists into place.

#include "detailed_accounting.h"
#include "estimate.h"
#include "input_error.h"

#include <optional>

namespace lgm {

// detailedEstimate(scenario, options) written into `out` (default-constructed on entry):
// nullopt where detailedEstimate() gives a value, else its error (`out` is then unspecified).
std::optional<LayoutError> detailedEstimateInto(DetailedEstimate& out, const Scenario& scenario,
                                                const DetailedOptions& options);

// The same with the model's split already taken (splitParameters(scenario.model,
// scenario.training.count), nullopt included).
std::optional<LayoutError> detailedEstimateInto(DetailedEstimate& out, const Scenario& scenario,
                                                const DetailedOptions& options,
                                                const std::optional<ParameterSplit>& parameters);

// attachDetailed(estimate) with the split its parameter count took beside it.
std::optional<InputError> attachDetailed(Estimate& estimate,
                                         const std::optional<ParameterSplit>& parameters);

} // namespace lgm
