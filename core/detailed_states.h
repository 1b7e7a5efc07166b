#pragma once

// Model states and framework buffers of one pipeline stage on one GPU, for the detailed
// accounting: parameters, gradients and optimizer states in the implementation's bytes per
// parameter, divided by TP, EP and the data-parallel strategy; DDP's bucket copy, FSDP's
// gathered units and reduce-scatter buffer, ZeRO-3's gathered unit and prefetch bucket.

#include "detailed_accounting.h"

#include <vector>

namespace lgm {

std::vector<DetailedTerm> modelStateTerms(const Scenario& scenario, const DetailedOptions& options,
                                          const PipelineStage& stage);

std::vector<DetailedTerm> bufferTerms(const Scenario& scenario, const DetailedOptions& options,
                                      const PipelineStage& stage);

} // namespace lgm
