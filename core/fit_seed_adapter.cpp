#include "fit_seed_adapter.h"

#include "estimate.h"

#include <array>
#include <utility>

namespace lgm {

std::optional<Config> seedConfig(const Scenario& s) {
    const Parallelism& p = s.parallel;
    if (s.model.family != Architecture::Gpt2 || s.model.moe.experts != 1 || p.tp != 1 ||
        p.pp != 1 || p.cp != 1 || p.ep != 1 || p.sequenceParallel || p.virtualStages != 1 ||
        s.training.recompute != Recompute::None) {
        return std::nullopt;
    }
    Config c;
    c.vocab = s.model.vocab;
    c.dModel = s.model.dModel;
    c.layers = s.model.layers;
    c.heads = s.model.heads;
    c.ffn = s.model.ffn;
    c.positions = s.model.positions;
    c.seqLen = s.training.seqLen;
    c.batch = s.training.batch;
    c.precision = s.training.precision;
    c.fp32Gradients = s.training.fp32Gradients;
    c.count = s.training.count;
    c.strategy = p.data;
    c.gpus = p.gpus;
    c.gpusPerNode = p.gpusPerNode;
    c.ddpBucketCopy = p.ddpBucketCopy;
    return c;
}

Scenario seedScenario(const Config& c) {
    Scenario s;
    s.model.vocab = c.vocab;
    s.model.dModel = c.dModel;
    s.model.layers = c.layers;
    s.model.heads = c.heads;
    s.model.kvHeads = c.heads;
    s.model.headDim = c.heads > 0 ? c.dModel / c.heads : 0;
    s.model.ffn = c.ffn;
    s.model.positions = c.positions;
    s.training.seqLen = c.seqLen;
    s.training.batch = c.batch;
    s.training.precision = c.precision;
    s.training.fp32Gradients = c.fp32Gradients;
    s.training.count = c.count;
    s.parallel.data = c.strategy;
    s.parallel.gpus = c.gpus;
    s.parallel.gpusPerNode = c.gpusPerNode;
    s.parallel.ddpBucketCopy = c.ddpBucketCopy;
    return s;
}

PeakBytesFn seedPeakBytes() {
    return [](const Scenario& s) -> std::optional<std::int64_t> {
        const auto config = seedConfig(s);
        if (!config) {
            return std::nullopt;
        }
        const EstimateResult e = estimate(*config);
        if (!e) {
            return std::nullopt;
        }
        return e->perGpu.total;
    };
}

BindingTermFn seedBindingTerm() {
    return [](const Scenario& s) -> std::string {
        const auto config = seedConfig(s);
        if (!config) {
            return {};
        }
        const EstimateResult e = estimate(*config);
        if (!e) {
            return {};
        }
        const PerGpu& g = e->perGpu;
        const std::array<std::pair<const char*, std::int64_t>, 4> terms{{
            {"parameters", g.parameters},
            {"gradients", g.gradients},
            {"optimizer", g.optimizer},
            {"activations", g.activations},
        }};
        auto largest = terms[0];
        for (const auto& t : terms) {
            if (t.second > largest.second) {
                largest = t;
            }
        }
        return largest.first;
    };
}

} // namespace lgm
