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

// The parts of one transformer layer, each with (exact) or without (approx) its small vectors.
struct LayerParts {
    Count attention, qkNorm, ffn, experts, expertsActive, shared, router, norms;
    Count total() const { return attention + qkNorm + ffn + experts + shared + router + norms; }
};

// MLA: Q from d (or through a c_q latent and its norm), K and V through the c_kv latent and its
// norm, K's shared rotary part straight from d, and O from the heads' V.
Count latentAttentionParameters(const ModelSpec& m, bool exact) {
    const MlaSpec& a = m.mla;
    const Count d = c(m.dModel), h = c(m.heads), qHead = c(a.qkNopeHeadDim) + c(a.qkRopeHeadDim);
    const Count kvLatent = c(a.kvLoraRank);
    Count q = d * h * qHead;
    if (a.qLoraRank > 0) {
        const Count qLatent = c(a.qLoraRank);
        q = d * qLatent + qLatent * h * qHead + (exact ? normParameters(m.norm, qLatent) : c(0));
    }
    const Count kv = d * (kvLatent + c(a.qkRopeHeadDim)) +
                     kvLatent * h * (c(a.qkNopeHeadDim) + c(a.vHeadDim)) +
                     (exact ? normParameters(m.norm, kvLatent) : c(0));
    return q + kv + h * c(a.vHeadDim) * d;
}

Count attentionParameters(const ModelSpec& m, bool exact) {
    if (m.mla.kvLoraRank > 0) {
        return latentAttentionParameters(m, exact);
    }
    const Count d = c(m.dModel), q = c(m.heads) * c(m.headDim), kv = c(m.kvHeads) * c(m.headDim);
    // Q and O are d × h·hd, K and V are d × g·hd.
    Count n = c(2) * d * q + c(2) * d * kv;
    if (!exact) {
        return n;
    }
    if (m.bias == BiasMode::All || m.bias == BiasMode::Attention) {
        n = n + q + c(2) * kv + d;
    } else if (m.bias == BiasMode::QkvOnly) {
        n = n + q + c(2) * kv;
    }
    if (m.attentionSinks) {
        n = n + c(m.heads);
    }
    return n;
}

// One FFN of width f: 2 matrices (plain) or 3 (gated), with their biases under BiasMode::All.
Count ffnParameters(const ModelSpec& m, std::int64_t width, bool exact) {
    const Count d = c(m.dModel), f = c(width);
    const bool gated = m.ffnType == FfnType::Gated;
    Count n = c(gated ? 3 : 2) * d * f;
    if (exact && m.bias == BiasMode::All) {
        n = n + c(gated ? 2 : 1) * f + d;
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
    const Count oneExpert = ffnParameters(m, e.expertFfn, exact);
    p.experts = c(e.experts) * oneExpert;
    p.expertsActive = c(std::min(e.topK, e.experts)) * oneExpert;
    p.shared = c(e.sharedExperts) * ffnParameters(m, e.sharedFfn, exact);
    if (e.sharedExperts > 0 && e.sharedGate) {
        p.shared = p.shared + c(m.dModel); // a d → 1 gate without bias
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
    t.add("attention", c(m.layers) * dense.attention);
    if (m.qkNorm != QkNorm::None) {
        t.add("qk_norm", c(m.layers) * dense.qkNorm);
    }
    if (denseLayers > 0) {
        t.add("ffn", nDense * dense.ffn);
    }
    if (moe) {
        t.add("experts", nMoe * sparse.experts, nMoe * sparse.expertsActive);
        if (m.moe.sharedExperts > 0) {
            t.add("shared_experts", nMoe * sparse.shared);
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

} // namespace lgm
