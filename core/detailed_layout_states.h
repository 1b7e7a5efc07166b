#pragma once

// A layout's model-state terms, taken once for a search over its micro-batch b and accumulation
// steps: the states and framework buffers read the model, the set-up and the layout (t, p, N,
// the strategy), never b, s or the steps, but for DeepSpeed's fp32 accumulation buffer, which
// exists only where k > 1.

#include "detailed_accounting.h"

#include <cstddef>
#include <vector>

namespace lgm {

// appendModelStateTerms() of one stage as it is where k > 1, and where among them DeepSpeed's
// accumulation buffer sits ([accumulationBegin, accumulationEnd), empty where it has none).
struct StageStateTerms {
    std::vector<DetailedTerm> terms;
    std::size_t accumulationBegin = 0;
    std::size_t accumulationEnd = 0;
};

// The terms of a layout's first and last stage. Not valid where the layout fails its own layout
// check (pipelineStage() needs a valid one) or a term is past 64 bits (which term the buffer's
// would then be is not told): busiestStage() below then computes them.
struct LayoutStates {
    bool valid = false;
    StageStateTerms first, last;
};

// Appends the terms as appendModelStateTerms() would for `scenario` (the accumulation buffer's
// only where its k > 1).
void appendStageStateTerms(const StageStateTerms& states, const Scenario& scenario,
                           std::vector<DetailedTerm>& terms);

LayoutStates layoutStates(const DetailedPlan& plan, const Scenario& layout);

// busiestStage(plan, scenario) with the model states read from `states` = layoutStates(plan,
// layout), for a scenario that differs from `layout` only in b and the steps (m and k): the same
// peak and terms, to the byte.
Expected<StageMemory, LayoutError>
busiestStage(const DetailedPlan& plan, const LayoutStates& states, const Scenario& scenario);

} // namespace lgm
