#include "parameter_groups.h"

#include <algorithm>
#include <limits>

namespace lgm {

namespace {

// A non-negative count in 128 bits that remembers an overflow. Inputs are not validated here
// (the fuzzers call this with anything), so every product and sum is checked.
__extension__ using Wide = __int128;

struct Count {
    Wide value = 0;
    bool overflow = false;
};

Count operator+(Count a, Count b) {
    Count r;
    r.overflow = a.overflow || b.overflow || __builtin_add_overflow(a.value, b.value, &r.value);
    return r;
}

Count operator*(Count a, Count b) {
    Count r;
    r.overflow = a.overflow || b.overflow || __builtin_mul_overflow(a.value, b.value, &r.value);
    return r;
}

Count c(std::int64_t n) {
    return Count{n, false};
}

// Parameters of one norm over a vector of the given width.
Count normParameters(NormType type, Count width) {
    switch (type) {
    case NormType::LayerNorm:
        return c(2) * width; // gain and bias
    case NormType::RmsNorm:
        return width; // gain
    case NormType::NonParametric:
        break;
    }
    return c(0);
}

// Parameters split by how tensor parallelism divides them: column- and row-parallel matrices,
// column-parallel biases and per-head vectors over the TP ranks; row-parallel output biases
// (added after the all-reduce), MLA's down projections and every norm on every rank.
struct Split {
    Count tp, replicated;
    Count total() const { return tp + replicated; }
};

Split operator+(Split a, Split b) {
    return {a.tp + b.tp, a.replicated + b.replicated};
}

Split operator*(Count n, Split s) {
    return {n * s.tp, n * s.replicated};
}

// The parts of one transformer layer, each with (exact) or without (approx) its small vectors.
struct LayerParts {
    Split attention, ffn, shared;
    Count qkNorm, experts, expertsActive, router, sharedGate, norms;
    Count total() const {
        return attention.total() + qkNorm + ffn.total() + experts + shared.total() + sharedGate +
               router + norms;
    }
};

// MLA: Q from d (or through a c_q latent and its norm), K and V through the c_kv latent and its
// norm, K's shared rotary part straight from d, and O from the heads' V. The down projections
// and latent norms are duplicated on every TP rank (Megatron's MLA), the up projections split.
Split latentAttentionParameters(const ModelSpec& m, bool exact) {
    const MlaSpec& a = m.mla;
    const Count d = c(m.dModel), h = c(m.heads), qHead = c(a.qkNopeHeadDim) + c(a.qkRopeHeadDim);
    const Count kvLatent = c(a.kvLoraRank);
    Split q{d * h * qHead, c(0)};
    if (a.qLoraRank > 0) {
        const Count qLatent = c(a.qLoraRank);
        q = {qLatent * h * qHead, d * qLatent + (exact ? normParameters(m.norm, qLatent) : c(0))};
    }
    const Split kv{kvLatent * h * (c(a.qkNopeHeadDim) + c(a.vHeadDim)),
                   d * (kvLatent + c(a.qkRopeHeadDim)) +
                       (exact ? normParameters(m.norm, kvLatent) : c(0))};
    return q + kv + Split{h * c(a.vHeadDim) * d, c(0)};
}

Split attentionParameters(const ModelSpec& m, bool exact) {
    if (m.mla.kvLoraRank > 0) {
        return latentAttentionParameters(m, exact);
    }
    const Count d = c(m.dModel), q = c(m.heads) * c(m.headDim), kv = c(m.kvHeads) * c(m.headDim);
    // Q and O are d × h·hd, K and V are d × g·hd.
    Split n{c(2) * d * q + c(2) * d * kv, c(0)};
    if (!exact) {
        return n;
    }
    if (m.bias == BiasMode::All || m.bias == BiasMode::Attention) {
        n = n + Split{q + c(2) * kv, d};
    } else if (m.bias == BiasMode::QkvOnly) {
        n = n + Split{q + c(2) * kv, c(0)};
    }
    if (m.attentionSinks) {
        n = n + Split{c(m.heads), c(0)}; // one learned logit per head
    }
    return n;
}

// One FFN of width f: 2 matrices (plain) or 3 (gated), with their biases under BiasMode::All.
Split ffnParameters(const ModelSpec& m, std::int64_t width, bool exact) {
    const Count d = c(m.dModel), f = c(width);
    const bool gated = m.ffnType == FfnType::Gated;
    Split n{c(gated ? 3 : 2) * d * f, c(0)};
    if (exact && m.bias == BiasMode::All) {
        n = n + Split{c(gated ? 2 : 1) * f, d};
    }
    return n;
}

Count qkNormParameters(const ModelSpec& m) {
    switch (m.qkNorm) {
    case QkNorm::PerHead: // one norm over head_dim for Q and one for K, shared by the heads
        return c(2) * normParameters(m.norm, c(m.headDim));
    case QkNorm::Full: // norms over all of Q (h·hd) and all of K (g·hd)
        return normParameters(m.norm, c(m.heads) * c(m.headDim)) +
               normParameters(m.norm, c(m.kvHeads) * c(m.headDim));
    case QkNorm::None:
        break;
    }
    return c(0);
}

LayerParts layerParts(const ModelSpec& m, bool moeLayer, bool exact) {
    LayerParts p;
    p.attention = attentionParameters(m, exact);
    if (exact) {
        p.qkNorm = qkNormParameters(m);
        p.norms = c(m.normsPerLayer) * normParameters(m.norm, c(m.dModel));
    }
    if (!moeLayer) {
        p.ffn = ffnParameters(m, m.ffn, exact);
        return p;
    }
    const MoeSpec& e = m.moe;
    const Count oneExpert = ffnParameters(m, e.expertFfn, exact).total();
    p.experts = c(e.experts) * oneExpert;
    p.expertsActive = c(std::min(e.topK, e.experts)) * oneExpert;
    p.shared = c(e.sharedExperts) * ffnParameters(m, e.sharedFfn, exact);
    if (e.sharedExperts > 0 && e.sharedGate) {
        p.sharedGate = c(m.dModel); // a d → 1 gate without bias
    }
    p.router = c(m.dModel) * c(e.experts) + c(exact && e.routerBias ? e.experts : 0);
    return p;
}

struct Tally {
    std::vector<ParameterGroup> groups;
    bool overflow = false;

    static std::int64_t narrow(Count n, bool& overflow) {
        if (n.overflow || n.value < 0 || n.value > std::numeric_limits<std::int64_t>::max()) {
            overflow = true;
            return 0;
        }
        return static_cast<std::int64_t>(n.value);
    }
    void add(std::string_view id, Count total, Count active) {
        groups.push_back({id, narrow(total, overflow), narrow(active, overflow)});
    }
    void add(std::string_view id, Count total) { add(id, total, total); }
};

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

// The groups of the model in the order of parameter_groups.h, every layer counted.
Tally collectGroups(const ModelSpec& m, bool exact, const LayerParts& dense,
                    const LayerParts& sparse, std::int64_t denseLayers) {
    const bool moe = m.moe.experts > 1;
    const Count nDense = c(denseLayers), nMoe = c(m.layers - denseLayers);
    const Count width = c(exact ? m.dModel : 0); // tables and norms are not weight matrices
    Tally t;
    Count embedding = c(m.vocab) * width;
    if (exact && m.embeddingProjection > 0) {
        const Count e = c(m.embeddingProjection);
        embedding = c(m.vocab) * e + c(2) * e * c(m.dModel);
    }
    t.add("embedding", embedding);
    if (m.positionType == PositionType::Learned) {
        t.add("positions", c(m.positions) * width);
    }
    t.add("attention", c(m.layers) * dense.attention.total());
    if (m.qkNorm != QkNorm::None) {
        t.add("qk_norm", c(m.layers) * dense.qkNorm);
    }
    if (denseLayers > 0) {
        t.add("ffn", nDense * dense.ffn.total());
    }
    if (moe) {
        t.add("experts", nMoe * sparse.experts, nMoe * sparse.expertsActive);
        if (m.moe.sharedExperts > 0) {
            t.add("shared_experts", nMoe * (sparse.shared.total() + sparse.sharedGate));
        }
        t.add("router", nMoe * sparse.router);
    }
    const Count finalNorm = exact && m.finalNorm ? normParameters(m.norm, c(m.dModel)) : c(0);
    t.add("norm", c(m.layers) * dense.norms + finalNorm);
    if (!m.tiedHead) {
        const bool projected = exact && m.embeddingProjection > 0;
        t.add("head", c(m.vocab) * (projected ? c(m.embeddingProjection) : width));
    }
    return t;
}

} // namespace

std::optional<ParameterCount> countParameters(const ModelSpec& m, CountMode mode) {
    if (anyNegative(m)) {
        return std::nullopt;
    }
    const bool exact = mode == CountMode::Exact;
    const bool moe = m.moe.experts > 1;
    const std::int64_t denseLayers = moe ? std::min(m.moe.firstDenseLayers, m.layers) : m.layers;
    const LayerParts dense = layerParts(m, false, exact);
    const LayerParts sparse = layerParts(m, true, exact);
    Tally t = collectGroups(m, exact, dense, sparse, denseLayers);

    Count total, active;
    for (const ParameterGroup& g : t.groups) {
        total = total + c(g.total);
        active = active + c(g.active);
    }
    // One FSDP unit: the larger of a dense and an MoE layer (all E experts).
    Count largest = denseLayers > 0 ? dense.total() : c(0);
    if (moe && denseLayers < m.layers && sparse.total().value > largest.value) {
        largest = sparse.total();
    }
    ParameterCount out;
    out.total = Tally::narrow(total, t.overflow);
    out.active = Tally::narrow(active, t.overflow);
    out.largestLayer = Tally::narrow(largest, t.overflow);
    if (t.overflow || (moe && sparse.total().overflow)) {
        return std::nullopt;
    }
    out.groups = std::move(t.groups);
    return out;
}

namespace {

struct ShardedTally {
    bool overflow = false;
    std::int64_t narrow(Count n) { return Tally::narrow(n, overflow); }
    ShardedCount layer(const LayerParts& p) {
        const Split s = p.attention + p.ffn + p.shared;
        return {narrow(s.tp), narrow(s.replicated + p.qkNorm + p.sharedGate + p.router + p.norms),
                narrow(p.experts)};
    }
};

} // namespace

std::int64_t ParameterSplit::total() const {
    auto layer = [](const ShardedCount& n) { return c(n.tp) + c(n.replicated) + c(n.experts); };
    const Count all = c(denseLayers) * layer(dense) + c(moeLayers) * layer(moe) + c(embedding) +
                      c(2) * c(projection) + c(positions) + c(head) + c(finalNorm);
    bool overflow = false;
    const std::int64_t n = Tally::narrow(all, overflow);
    return overflow ? std::numeric_limits<std::int64_t>::max() : n;
}

std::optional<ParameterSplit> splitParameters(const ModelSpec& m, CountMode mode) {
    // Computed without countParameters()'s group list: this runs on every detailed estimate.
    if (anyNegative(m)) {
        return std::nullopt;
    }
    const bool exact = mode == CountMode::Exact;
    const bool moe = m.moe.experts > 1;
    ParameterSplit s;
    s.denseLayers = moe ? std::min(m.moe.firstDenseLayers, m.layers) : m.layers;
    s.moeLayers = m.layers - s.denseLayers;
    ShardedTally t;
    const LayerParts dense = layerParts(m, false, exact);
    s.dense = t.layer(dense);
    // countParameters() refuses an MoE layer that overflows even where no layer routes.
    const LayerParts sparse = moe ? layerParts(m, true, exact) : dense;
    s.moe = t.layer(sparse);
    t.overflow = t.overflow || sparse.total().overflow || dense.total().overflow;
    if (exact) {
        const bool projected = m.embeddingProjection > 0;
        const Count rowWidth = c(projected ? m.embeddingProjection : m.dModel);
        s.embedding = t.narrow(c(m.vocab) * rowWidth);
        s.projection = projected ? t.narrow(c(m.embeddingProjection) * c(m.dModel)) : 0;
        s.positions =
            m.positionType == PositionType::Learned ? t.narrow(c(m.positions) * c(m.dModel)) : 0;
        s.head = m.tiedHead ? 0 : s.embedding;
        s.finalNorm = m.finalNorm ? t.narrow(normParameters(m.norm, c(m.dModel))) : 0;
    }
    // The whole model must fit too (total() is then exact).
    if (t.overflow || s.total() == std::numeric_limits<std::int64_t>::max()) {
        return std::nullopt;
    }
    return s;
}

} // namespace lgm
