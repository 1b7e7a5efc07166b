#include "config_adapter.h"

#include <algorithm>

namespace lgm {

Scenario toScenario(const Config& c) {
    Scenario s;
    ModelSpec& m = s.model;
    m.vocab = c.vocab;
    m.dModel = c.dModel;
    m.layers = c.layers;
    m.heads = c.heads;
    m.kvHeads = c.heads;
    m.headDim = c.heads > 0 ? std::max<std::int64_t>(1, c.dModel / c.heads) : 1;
    m.ffn = c.ffn;
    m.moe.expertFfn = c.ffn;
    m.moe.sharedFfn = c.ffn;
    m.positions = c.positions;
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

Config toConfig(const Scenario& s) {
    Config c;
    c.vocab = s.model.vocab;
    c.dModel = s.model.dModel;
    c.layers = s.model.layers;
    c.heads = s.model.heads;
    c.ffn = s.model.ffn;
    c.positions = s.model.positionType == PositionType::Learned ? s.model.positions : 0;
    c.seqLen = s.training.seqLen;
    c.batch = s.training.batch;
    c.precision = s.training.precision;
    c.fp32Gradients = s.training.fp32Gradients;
    c.count = s.training.count;
    c.strategy = s.parallel.data;
    c.gpus = s.parallel.gpus;
    c.gpusPerNode = s.parallel.gpusPerNode;
    c.ddpBucketCopy = s.parallel.ddpBucketCopy;
    return c;
}

} // namespace lgm
