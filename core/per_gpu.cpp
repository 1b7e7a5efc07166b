#include "per_gpu.h"

#include <algorithm>
#include <limits>

namespace lgm {

namespace {

__extension__ using Wide = __int128;

// Flat-parameter sharding pads Ψ up to a multiple of the group, so each GPU holds ⌈Ψ/n⌉.
std::int64_t shardOf(std::int64_t psi, std::int64_t group) {
    return (psi + group - 1) / group;
}

std::int64_t shardGroupOf(const Config& c) {
    return c.strategy == Strategy::FsdpHybrid ? c.gpusPerNode : c.gpus;
}

} // namespace

ShardingRule shardingRule(Strategy strategy) {
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

Expected<PerGpu, InputError> perGpuMemory(const Config& c, const ParameterCounts& parameters,
                                          const BytesPerParameter& bpp,
                                          std::int64_t activationBytes) {
    const ShardingRule rule = shardingRule(c.strategy);
    const Wide psi = parameters.total;
    PerGpu g;
    g.shardGroup = shardGroupOf(c);
    const Wide shard = shardOf(parameters.total, g.shardGroup);
    // Nothing to gather when nothing is sharded; a one-layer model has no unit to prefetch.
    g.gatheredUnits =
        rule.gathersUnits && g.shardGroup > 1 ? std::min<std::int64_t>(2, c.layers) : 0;
    const Wide unitElements = Wide{g.gatheredUnits} * parameters.perLayer;

    const Wide gatheredParameters = rule.parameters ? unitElements * bpp.parameters : 0;
    const Wide gatheredGradients = rule.gradients ? unitElements * bpp.gradients : 0;
    const Wide bucketCopy =
        c.strategy == Strategy::Ddp && c.ddpBucketCopy ? psi * bpp.gradients : 0;
    const Wide ownParameters = (rule.parameters ? shard : psi) * bpp.parameters;
    const Wide ownGradients = (rule.gradients ? shard : psi) * bpp.gradients;
    const Wide params = ownParameters + gatheredParameters;
    const Wide grads = ownGradients + gatheredGradients + bucketCopy;
    const Wide optimizer = (rule.optimizer ? shard : psi) * bpp.optimizer;
    if (params + grads + optimizer + activationBytes > std::numeric_limits<std::int64_t>::max()) {
        return InputError{ErrorKind::Unrepresentable,
                          Field::SeqLen,
                          {Field::Batch, Field::DModel, Field::Layers},
                          "per-GPU memory"};
    }
    g.ownParameters = static_cast<std::int64_t>(ownParameters);
    g.ownGradients = static_cast<std::int64_t>(ownGradients);
    g.gatheredParameters = static_cast<std::int64_t>(gatheredParameters);
    g.gatheredGradients = static_cast<std::int64_t>(gatheredGradients);
    g.bucketCopy = static_cast<std::int64_t>(bucketCopy);
    g.parameters = static_cast<std::int64_t>(params);
    g.gradients = static_cast<std::int64_t>(grads);
    g.optimizer = static_cast<std::int64_t>(optimizer);
    g.modelStates = g.parameters + g.gradients + g.optimizer;
    g.activations = activationBytes;
    g.total = g.modelStates + activationBytes;
    return g;
}

} // namespace lgm
