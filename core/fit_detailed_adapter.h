#pragma once

// The fit solver over the detailed accounting, which takes a Scenario as it is: every data
// strategy, tensor and pipeline parallelism and the three recompute policies. An invalid layout
// (t not dividing the heads, p not dividing L, ...) is a LayoutError there and nullopt here.

#include "detailed_accounting.h"
#include "fit_solver.h"

namespace lgm {

// The id of the largest of the terms, the first of equals; empty for no terms.
std::string_view largestTermId(const std::vector<DetailedTerm>& terms);

// The busiest GPU's peak.
PeakBytesFn detailedPeakBytes(const DetailedOptions& options = {});
// The id of the largest term of that peak, e.g. "ce_gradient" or "optimizer"; empty when the
// layout is invalid.
BindingTermFn detailedBindingTerm(const DetailedOptions& options = {});

} // namespace lgm
