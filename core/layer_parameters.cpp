#include "layer_parameters.h"

#include <algorithm>

namespace lgm {

namespace {

std::int64_t normParameters(const ModelSpec& m) {
    switch (m.norm) {
    case NormType::LayerNorm:
        return 2 * m.dModel; // gain and bias
    case NormType::RmsNorm:
        return m.dModel;
    case NormType::NonParametric:
        return 0;
    }
    return 0;
}

// One FFN of width f: 2 or 3 matrices, with their biases when every linear has one.
std::int64_t ffnParameters(const ModelSpec& m, std::int64_t f, bool exact) {
    const std::int64_t matrices = m.ffnType == FfnType::Gated ? 3 : 2;
    std::int64_t n = matrices * m.dModel * f;
    if (exact && m.bias == BiasMode::All) {
        n += (matrices - 1) * f + m.dModel;
    }
    return n;
}

std::int64_t attentionParameters(const ModelSpec& m, bool exact) {
    const std::int64_t q = m.heads * m.headDim;
    const std::int64_t kv = m.kvHeads * m.headDim;
    std::int64_t n = 2 * m.dModel * q + 2 * m.dModel * kv;
    if (exact && m.bias != BiasMode::None) {
        n += q + 2 * kv + (m.bias == BiasMode::All ? m.dModel : 0);
    }
    return n;
}

std::int64_t qkNormParameters(const ModelSpec& m) {
    switch (m.qkNorm) {
    case QkNorm::None:
        return 0;
    case QkNorm::PerHead:
        return 2 * m.headDim;
    case QkNorm::Full:
        return (m.heads + m.kvHeads) * m.headDim;
    }
    return 0;
}

} // namespace

std::int64_t LayerParameters::total(std::int64_t layers) const {
    return dense.total() * (layers - moeLayers) + moe.total() * moeLayers + embedding + positions +
           head + finalNorm;
}

bool isMoeLayer(const ModelSpec& model, std::int64_t layer) {
    return model.moe.experts > 1 && layer >= model.moe.firstDenseLayers;
}

LayerParameters layerParameters(const ModelSpec& m, CountMode mode) {
    const bool exact = mode == CountMode::Exact;
    LayerParameters p;
    const std::int64_t attention = attentionParameters(m, exact);
    const std::int64_t norms =
        exact ? m.normsPerLayer * normParameters(m) + qkNormParameters(m) : 0;
    p.dense = {attention + ffnParameters(m, m.ffn, exact), norms, 0};
    p.moe = p.dense;
    if (m.moe.experts > 1) {
        const MoeSpec& e = m.moe;
        const std::int64_t router = m.dModel * e.experts + (exact && e.routerBias ? e.experts : 0);
        const std::int64_t gate = exact && e.sharedGate && e.sharedExperts > 0 ? m.dModel : 0;
        p.moe = {attention + e.sharedExperts * ffnParameters(m, e.sharedFfn, exact),
                 norms + router + gate, e.experts * ffnParameters(m, e.expertFfn, exact)};
        p.moeLayers = m.layers - std::min(m.layers, e.firstDenseLayers);
    }
    if (exact) {
        p.embedding = m.vocab * m.dModel;
        p.positions = m.positionType == PositionType::Learned ? m.positions * m.dModel : 0;
        p.head = m.tiedHead ? 0 : m.vocab * m.dModel;
        p.finalNorm = m.finalNorm ? normParameters(m) : 0;
    }
    return p;
}

} // namespace lgm
