#pragma once

// The detailed estimate written into a DetailedEstimate the caller holds: estimate() keeps it in
// its own result, so one estimate moves neither its term list nor its layer lists into place.

#include "detailed_accounting.h"

#include <optional>

namespace lgm {

// detailedEstimate(scenario, options) written into `out` (default-constructed on entry):
// nullopt where detailedEstimate() gives a value, else its error (`out` is then unspecified).
std::optional<LayoutError> detailedEstimateInto(DetailedEstimate& out, const Scenario& scenario,
                                                const DetailedOptions& options);

} // namespace lgm
