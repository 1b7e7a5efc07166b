#pragma once

#include "estimate.h"

namespace lgm {

// What each strategy shards over its shard group; everything else is replicated.
struct ShardingRule {
    bool parameters = false;
    bool gradients = false;
    bool optimizer = false;
    bool gathersUnits = false; // FSDP all-gathers one layer (plus one prefetched) at a time
};

ShardingRule shardingRule(Strategy strategy);

// Per-GPU memory of the config's strategy over config.gpus GPUs, for a model of the given
// parameter counts; activations are those of the local micro-batch.
Expected<PerGpu, InputError> perGpuMemory(const Config& config, const ParameterCounts& parameters,
                                          const BytesPerParameter& bpp,
                                          std::int64_t activationBytes);

} // namespace lgm
