#pragma once

// Model states and framework buffers of one pipeline stage on one GPU, for the detailed
// accounting: parameters, gradients and optimizer states in the implementation's bytes per
// parameter, divided by TP, EP and the data-parallel strategy; DDP's bucket copy, FSDP's
// gathered units and reduce-scatter buffer, ZeRO-3's gathered unit and prefetch bucket.

#include "detailed_accounting.h"
#include "parameter_groups.h"

#include <cstdint>
#include <vector>

namespace lgm {

// Appends parameters, gradients, optimizer (and autocast's weight copies), then the buffers, for
// the model's parameters as splitParameters() places them (approx: the layers' matrices only).
// Under the fine-tuning inputs (detailed_finetune.h) the states are priced by what they hold;
// `host`, when given, gains the host terms of offload; `figures`, when given, are the
// scenario's finetuneFigures() computed before (a plan's).
void appendModelStateTerms(const Scenario& scenario, const DetailedOptions& options,
                           const ParameterSplit& split, const PipelineStage& stage,
                           std::vector<DetailedTerm>& terms,
                           std::vector<DetailedTerm>* host = nullptr,
                           const FinetuneModelFigures* figures = nullptr);

// One GPU's share of the parameters, in elements: the stage's on this GPU before data-parallel
// sharding, what the strategy leaves it of each state, and its largest layer (one FSDP unit).
struct StageShare {
    std::int64_t stage = 0;
    std::int64_t parameters = 0;
    std::int64_t gradients = 0;
    std::int64_t optimizer = 0;
    std::int64_t unit = 0;
    bool shardedParameters = false; // ZeRO-3 / FSDP: the weights are partitioned
};
StageShare stageShare(const Scenario& scenario, const ParameterSplit& split,
                      const PipelineStage& stage);

} // namespace lgm
