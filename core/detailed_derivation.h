#pragma once

// The detailed accounting explained for the Formulas tab: each term of the busiest GPU's peak
// with its formula and bytes, one layer's saved tensors with their widths put in, and the
// runtime overhead from the estimate to what nvidia-smi shows.

#include "derivation.h"
#include "detailed_accounting.h"
#include "units.h"

#include <QString>

#include <string_view>
#include <vector>

namespace lgm {

// Three steps, numbered after the seed's five: the peak term by term, one layer's saved
// tensors, and estimate → allocated → reserved → nvidia-smi.
std::vector<DerivationStep> detailedDerivation(const DetailedEstimate& detailed,
                                               UnitSystem units = UnitSystem::Binary);

// A peak term's name in the current language; a saved tensor's id is its own name.
QString detailedTermLabel(std::string_view id);
// A term's formula in the current language.
QString detailedTermFormula(std::string_view formula);
// "start of backward" / "recompute in backward" in the current language.
QString peakMomentText(PeakMoment moment);

} // namespace lgm
