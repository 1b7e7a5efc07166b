#pragma once

// The layout checks in their order, each naming the input it refuses. validateLayout() answers
// the same, but first asks one run of plain compares whether any check can fail: a valid layout,
// what every estimate has, pays only that. tst_layout_checks holds the two equal.

#include "parallel_layout.h"

namespace lgm {

std::optional<LayoutError> checkLayoutInOrder(const ModelSpec& model, const TrainingSetup& training,
                                              const Parallelism& parallel);

} // namespace lgm
