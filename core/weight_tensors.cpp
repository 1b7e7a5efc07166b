#include "weight_tensors.h"

#include <algorithm>
#include <limits>

namespace lgm {

namespace {

__extension__ using Wide = __int128;
constexpr Wide kMax = std::numeric_limits<std::int64_t>::max();

// Collects tensors and remembers whether any count overflowed on the way.
struct Inventory {
    std::vector<WeightTensor> tensors;
    bool overflow = false;

    void add(WeightRole role, Wide dIn, Wide dOut, Wide count, bool expert = false) {
        if (count == 0 || dOut == 0) {
            return;
        }
        if (dIn > kMax || dOut > kMax || count > kMax || dOut * std::max<Wide>(dIn, 1) > kMax) {
            overflow = true;
            return;
        }
        tensors.push_back(
            {role, std::int64_t(dIn), std::int64_t(dOut), std::int64_t(count), expert});
    }
    void vector(Wide width, Wide count) { add(WeightRole::Vector, 0, width, count); }
    // A norm over `width`: a gain (RMSNorm), a gain and a bias (LayerNorm) or nothing.
    void norm(NormType type, Wide width, Wide count) {
        if (type == NormType::LayerNorm) {
            vector(width, 2 * count);
        } else if (type == NormType::RmsNorm) {
            vector(width, count);
        }
    }
};

void latentAttention(const ModelSpec& m, Inventory& inv) {
    const MlaSpec& a = m.mla;
    const Wide d = m.dModel, h = m.heads, L = m.layers,
               qHead = Wide(a.qkNopeHeadDim) + a.qkRopeHeadDim;
    if (a.qLoraRank > 0) {
        inv.add(WeightRole::Query, d, a.qLoraRank, L);
        inv.norm(m.norm, a.qLoraRank, L);
        inv.add(WeightRole::Query, a.qLoraRank, h * qHead, L);
    } else {
        inv.add(WeightRole::Query, d, h * qHead, L);
    }
    inv.add(WeightRole::Key, d, Wide(a.kvLoraRank) + a.qkRopeHeadDim, L);
    inv.norm(m.norm, a.kvLoraRank, L);
    inv.add(WeightRole::Key, a.kvLoraRank, h * (Wide(a.qkNopeHeadDim) + a.vHeadDim), L);
    inv.add(WeightRole::Output, h * a.vHeadDim, d, L);
}

void attention(const ModelSpec& m, Inventory& inv) {
    const Wide L = m.layers;
    if (m.mla.kvLoraRank > 0) {
        latentAttention(m, inv);
    } else {
        const Wide d = m.dModel, q = Wide(m.heads) * m.headDim, kv = Wide(m.kvHeads) * m.headDim;
        inv.add(WeightRole::Query, d, q, L);
        inv.add(WeightRole::Key, d, kv, L);
        inv.add(WeightRole::Value, d, kv, L);
        inv.add(WeightRole::Output, q, d, L);
        if (m.bias != BiasMode::None) { // Q, K and V biases; O's too under All and Attention
            inv.vector(q, L);
            inv.vector(kv, 2 * L);
        }
        if (m.bias == BiasMode::All || m.bias == BiasMode::Attention) {
            inv.vector(d, L);
        }
    }
    if (m.attentionSinks) {
        inv.vector(m.heads, L);
    }
    if (m.qkNorm == QkNorm::PerHead) {
        inv.norm(m.norm, m.headDim, 2 * L);
    } else if (m.qkNorm == QkNorm::Full) {
        inv.norm(m.norm, Wide(m.heads) * m.headDim, L);
        inv.norm(m.norm, Wide(m.kvHeads) * m.headDim, L);
    }
}

// `count` FFNs of width f: gate (gated only), up and down, with biases under BiasMode::All.
void ffn(const ModelSpec& m, Wide f, Wide count, bool expert, Inventory& inv) {
    const Wide d = m.dModel;
    const bool gated = m.ffnType == FfnType::Gated;
    if (gated) {
        inv.add(WeightRole::Gate, d, f, count, expert);
    }
    inv.add(WeightRole::Up, d, f, count, expert);
    inv.add(WeightRole::Down, f, d, count, expert);
    if (m.bias == BiasMode::All) {
        inv.vector(f, (gated ? 2 : 1) * count);
        inv.vector(d, count);
    }
}

bool anyNegative(const ModelSpec& m) {
    const std::int64_t inputs[] = {m.vocab,
                                   m.dModel,
                                   m.layers,
                                   m.heads,
                                   m.kvHeads,
                                   m.headDim,
                                   m.ffn,
                                   m.positions,
                                   m.normsPerLayer,
                                   m.moe.experts,
                                   m.moe.topK,
                                   m.moe.expertFfn,
                                   m.moe.sharedExperts,
                                   m.moe.sharedFfn,
                                   m.moe.firstDenseLayers,
                                   m.embeddingProjection,
                                   m.mla.kvLoraRank,
                                   m.mla.qLoraRank,
                                   m.mla.qkNopeHeadDim,
                                   m.mla.qkRopeHeadDim,
                                   m.mla.vHeadDim};
    return std::any_of(std::begin(inputs), std::end(inputs), [](std::int64_t n) { return n < 0; });
}

} // namespace

std::optional<std::vector<WeightTensor>> weightTensors(const ModelSpec& m) {
    if (anyNegative(m)) {
        return std::nullopt;
    }
    Inventory inv;
    const Wide d = m.dModel, v = m.vocab, L = m.layers;
    const Wide tableWidth = m.embeddingProjection > 0 ? Wide(m.embeddingProjection) : d;
    inv.add(WeightRole::Embedding, tableWidth, v, 1);
    if (m.embeddingProjection > 0) { // OPT-350m: e → d in, d → e out, without bias
        inv.add(WeightRole::Embedding, tableWidth, d, 1);
        inv.add(WeightRole::Embedding, d, tableWidth, 1);
    }
    if (m.positionType == PositionType::Learned) {
        inv.add(WeightRole::Positions, d, m.positions, 1);
    }
    attention(m, inv);
    const bool moe = m.moe.experts > 1;
    const Wide dense = moe ? std::min(m.moe.firstDenseLayers, m.layers) : m.layers;
    const Wide sparse = L - dense;
    ffn(m, m.ffn, dense, false, inv);
    if (moe && sparse > 0) {
        const MoeSpec& e = m.moe;
        ffn(m, e.expertFfn, sparse * e.experts, true, inv);
        ffn(m, e.sharedFfn, sparse * e.sharedExperts, false, inv);
        if (e.sharedExperts > 0 && e.sharedGate) {
            inv.add(WeightRole::Router, d, 1, sparse);
        }
        inv.add(WeightRole::Router, d, e.experts, sparse);
        if (e.routerBias) {
            inv.vector(e.experts, sparse);
        }
    }
    inv.norm(m.norm, d, L * m.normsPerLayer + (m.finalNorm ? 1 : 0));
    if (!m.tiedHead) {
        inv.add(WeightRole::Head, tableWidth, v, 1);
    }
    if (inv.overflow || !totalElements(inv.tensors)) {
        return std::nullopt;
    }
    return std::move(inv.tensors);
}

std::optional<std::int64_t> totalElements(const std::vector<WeightTensor>& tensors) {
    Wide sum = 0;
    for (const WeightTensor& t : tensors) {
        sum += Wide(t.elements()) * t.count;
        if (sum > kMax) {
            return std::nullopt;
        }
    }
    return std::int64_t(sum);
}

} // namespace lgm
