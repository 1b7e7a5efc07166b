#include "per_gpu.h"

#include <algorithm>
#include <limits>

namespace lgm {

namespace {

// Flat-parameter sharding pads Ψ up to a multiple of the group, so each GPU holds ⌈Ψ/n⌉.
std::int64_t shardOf(std::int64_t psi, std::int64_t group) {
    return (psi + group - 1) / group;
}

std::int64_t shardGroupOf(const Config& c) {
    return c.strategy == Strategy::FsdpHybrid ? c.gpusPerNode : c.gpus;
}

} // namespace

InputError perGpuTooLarge() {
    return InputError{ErrorKind::Unrepresentable,
                      Field::SeqLen,
                      {Field::Batch, Field::DModel, Field::Layers},
                      "per-GPU memory"};
}

Expected<PerGpu, InputError> perGpuMemory(const Config& c, const ParameterCounts& parameters,
                                          const BytesPerParameter& bpp,
                                          std::int64_t activationBytes) {
    PerGpu g;
    if (!fillPerGpu(g, c, parameters, bpp, activationBytes)) {
        return perGpuTooLarge();
    }
    return g;
}

// Checked 64-bit steps: every value is at least 0, so a step that overflows means a sum over
// 2^63 - 1, which is what the check is for (128-bit steps cost an estimate a tenth more).
bool fillPerGpu(PerGpu& g, const Config& c, const ParameterCounts& parameters,
                const BytesPerParameter& bpp, std::int64_t activationBytes) {
    const ShardingRule rule = shardingRule(c.strategy);
    const std::int64_t psi = parameters.total;
    g.shardGroup = shardGroupOf(c);
    const std::int64_t shard = shardOf(parameters.total, g.shardGroup);
    // Nothing to gather when nothing is sharded; a one-layer model has no unit to prefetch.
    g.gatheredUnits =
        rule.gathersUnits && g.shardGroup > 1 ? std::min<std::int64_t>(2, c.layers) : 0;
    bool overflow = false;
    const auto mul = [&overflow](std::int64_t a, std::int64_t b) {
        std::int64_t r = 0;
        overflow |= __builtin_mul_overflow(a, b, &r);
        return r;
    };
    const auto add = [&overflow](std::int64_t a, std::int64_t b) {
        std::int64_t r = 0;
        overflow |= __builtin_add_overflow(a, b, &r);
        return r;
    };
    const std::int64_t unitElements = mul(g.gatheredUnits, parameters.perLayer);
    g.gatheredParameters = rule.parameters ? mul(unitElements, bpp.parameters) : 0;
    g.gatheredGradients = rule.gradients ? mul(unitElements, bpp.gradients) : 0;
    g.bucketCopy = c.strategy == Strategy::Ddp && c.ddpBucketCopy ? mul(psi, bpp.gradients) : 0;
    g.ownParameters = mul(rule.parameters ? shard : psi, bpp.parameters);
    g.ownGradients = mul(rule.gradients ? shard : psi, bpp.gradients);
    g.parameters = add(g.ownParameters, g.gatheredParameters);
    g.gradients = add(add(g.ownGradients, g.gatheredGradients), g.bucketCopy);
    g.optimizer = mul(rule.optimizer ? shard : psi, bpp.optimizer);
    g.modelStates = add(add(g.parameters, g.gradients), g.optimizer);
    g.activations = activationBytes;
    g.total = add(g.modelStates, activationBytes);
    return !overflow;
}

} // namespace lgm
