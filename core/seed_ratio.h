#pragma once

#include "estimate.h"

namespace lgm {

// The seed's closed form b(s/3d + hs²/24d²) and its terms; `actual` is left at 0.
Ratios seedRatio(const Config& config);

// Where the closed form reaches 1 (in s and in b), where its quadratic term overtakes the
// linear one, and where the activation terms' bytes reach the given model-state bytes (each
// term's formula taken as a polynomial in s and in b).
Crossovers crossovers(const Config& config, const SeedTerms& terms, const VarValues<double>& values,
                      std::int64_t modelStateBytes);
// The same from the activation bytes summed by power as the terms were evaluated; the variables
// of the scenario at Ψ = psi are built only where a term must be expanded.
Crossovers crossovers(const Config& config, const SeedTerms& terms, const PowerSums& sums,
                      const Scenario& scenario, std::int64_t psi, std::int64_t modelStateBytes);

// Positive root of a·x² + b·x = c for a, b, c > 0, in the form that does not cancel.
double positiveRoot(double a, double b, double c);

} // namespace lgm
