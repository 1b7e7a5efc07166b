#pragma once

// The detailed accounting inside estimate() and the report. Under --accounting detailed,
// estimate() runs detailedEstimate() for the same scenario and keeps its result beside the
// seed's figures; the report then gives the detailed per-layer bytes, the busiest GPU's peak,
// the moment of that peak and what it is made of, and the runtime overhead outside PyTorch.

#include "detailed_accounting.h"
#include "estimate.h"
#include "input_error.h"
#include "report_fields.h"

#include <optional>
#include <vector>

namespace lgm {

// The options the scenario implies: pure bf16 from the precision, the overhead defaults.
DetailedOptions detailedOptions(const Scenario& scenario);

// Runs the detailed accounting for estimate.scenario and stores it in estimate.detailed; a
// layout that does not fit the model is an InputError of kind Layout naming both numbers.
std::optional<InputError> attachDetailed(Estimate& estimate);

// Rewrites activations.per_layer to the detailed figure, adds per_gpu.activation_layers and
// per_gpu.peak to the per_gpu group, then the peak.*, layer_tensors.* and runtime.* groups.
// Does nothing when the estimate has no detailed result.
void addDetailedFields(std::vector<ReportField>& fields, const Estimate& estimate);

} // namespace lgm
