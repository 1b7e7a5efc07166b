#pragma once

// Model states and framework buffers of one pipeline stage on one GPU, for the detailed
// accounting: parameters, gradients and optimizer states in the implementation's bytes per
// parameter, divided by TP, EP and the data-parallel strategy; DDP's bucket copy, FSDP's
// gathered units and reduce-scatter buffer, ZeRO-3's gathered unit and prefetch bucket.

#include "detailed_accounting.h"
#include "parameter_groups.h"

#include <vector>

namespace lgm {

// Appends parameters, gradients, optimizer (and autocast's weight copies), then the buffers, for
// the model's parameters as splitParameters() places them (approx: the layers' matrices only).
void appendModelStateTerms(const Scenario& scenario, const DetailedOptions& options,
                           const ParameterSplit& split, const PipelineStage& stage,
                           std::vector<DetailedTerm>& terms);

} // namespace lgm
