#pragma once

// The parameter count and split of one model from one pass over its layers: estimate() needs
// both under the detailed accounting, on every slider step.

#include "parameter_groups.h"

#include <optional>

namespace lgm {

// countParameterModesInto(out, model, selected) and, where that gives true, `split` =
// splitParameters(model, selected), from the same per-layer shapes. False exactly where
// countParameterModesInto() is; `split` is then unspecified.
bool countParameterModesInto(const ParameterModesTarget& out, const ModelSpec& model,
                             CountMode selected, std::optional<ParameterSplit>& split);

} // namespace lgm
