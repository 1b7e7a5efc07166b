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

// Inline: estimate() asks on every slider step.
constexpr ShardingRule shardingRule(Strategy strategy) {
    switch (strategy) {
    case Strategy::Ddp:
        return {false, false, false, false};
    case Strategy::Zero1:
        return {false, false, true, false};
    case Strategy::Zero2:
        return {false, true, true, false};
    case Strategy::Zero3:
        return {true, true, true, false};
    case Strategy::FsdpFull:
        return {true, true, true, true};
    case Strategy::FsdpGradOp:
        return {false, true, true, true};
    case Strategy::FsdpHybrid:
        return {true, true, true, true};
    }
    return {};
}

// Per-GPU memory of the config's strategy over config.gpus GPUs, for a model of the given
// parameter counts; activations are those of the local micro-batch.
Expected<PerGpu, InputError> perGpuMemory(const Config& config, const ParameterCounts& parameters,
                                          const BytesPerParameter& bpp,
                                          std::int64_t activationBytes);

// The same, written into `out` in place (an estimate's); false, with `out` unspecified, where
// perGpuMemory() gives perGpuTooLarge().
bool fillPerGpu(PerGpu& out, const Config& config, const ParameterCounts& parameters,
                const BytesPerParameter& bpp, std::int64_t activationBytes);
InputError perGpuTooLarge();

} // namespace lgm
