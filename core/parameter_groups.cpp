#include "parameter_groups.h"
#include "parameter_modes_split.h"

#include <algorithm>
#include <limits>
#include <type_traits>

namespace lgm {

namespace {

// Every formula below is a template over its number type. Inputs are not validated here (the
// fuzzers call this with anything), so every product and sum is checked: Count is a
// non-negative count in 128 bits that remembers an overflow. estimate() counts on every call (a
// slider's every step), so the counts are first taken in checked 64-bit integers (Count64),
// which cost a third of the 128-bit ones; only where a step leaves 64 bits is the count taken
// again in 128 bits, which then decides whether it fits. No formula subtracts or divides, so a
// count that never leaves 64 bits is the same number in both.
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

struct Count64 {
    std::int64_t value = 0;
    bool overflow = false;
};

// The flags are combined without branches: the compiler keeps them in one register.
Count64 operator+(Count64 a, Count64 b) {
    Count64 r;
    const bool o = __builtin_add_overflow(a.value, b.value, &r.value);
    r.overflow = a.overflow | b.overflow | o;
    return r;
}

Count64 operator*(Count64 a, Count64 b) {
    Count64 r;
    const bool o = __builtin_mul_overflow(a.value, b.value, &r.value);
    r.overflow = a.overflow | b.overflow | o;
    return r;
}

template <typename N> N c(std::int64_t n) {
    return N{n, false};
}

bool overflowed(Count n) {
    return n.overflow;
}
bool overflowed(Count64 n) {
    return n.overflow;
}
Wide valueOf(Count n) {
    return n.value;
}
std::int64_t valueOf(Count64 n) {
    return n.value;
}

// Parameters of one norm over a vector of the given width.
template <typename N> struct Widths { N q, kv; };

// h·hd and g·hd (d and d for unroundedHeads()), in N: the fuzzers' products overflow 64 bits.
template <typename N> Widths<N> widthsOf(const ModelSpec& m) {
    if (unroundedHeads(m)) {
        return {c<N>(m.dModel), c<N>(m.dModel)};
    }
    return {c<N>(m.heads) * c<N>(m.headDim), c<N>(m.kvHeads) * c<N>(m.headDim)};
}

template <typename N> N normParameters(NormType type, N width) {
    switch (type) {
    case NormType::LayerNorm:
        return c<N>(2) * width; // gain and bias
    case NormType::RmsNorm:
        return width; // gain
    case NormType::NonParametric:
        break;
    }
    return c<N>(0);
}

// Parameters split by how tensor parallelism divides them: column- and row-parallel matrices,
// column-parallel biases and per-head vectors over the TP ranks; row-parallel output biases
// (added after the all-reduce), MLA's down projections and every norm on every rank.
template <typename N> struct Split {
    N tp{}, replicated{}; // value-initialised: 0 for Wide too
    N total() const { return tp + replicated; }
};

template <typename N> Split<N> operator+(Split<N> a, Split<N> b) {
    return {a.tp + b.tp, a.replicated + b.replicated};
}

template <typename N> Split<N> operator*(N n, Split<N> s) {
    return {n * s.tp, n * s.replicated};
}

// The parts of one transformer layer, each with (exact) or without (approx) its small vectors.
template <typename N> struct LayerParts {
    Split<N> attention, ffn, shared;
    N qkNorm{}, experts{}, expertsActive{}, router{}, sharedGate{}, norms{};
    N sum{}; // every part, summed once by layerParts() over the parts the layer has
    N total() const { return sum; }
};

// MLA: Q from d (or through a c_q latent and its norm), K and V through the c_kv latent and its
// norm, K's shared rotary part straight from d, and O from the heads' V. The down projections
// and latent norms are duplicated on every TP rank (Megatron's MLA), the up projections split.
template <typename N> Split<N> latentAttentionParameters(const ModelSpec& m, bool exact) {
    const MlaSpec& a = m.mla;
    const N d = c<N>(m.dModel), h = c<N>(m.heads),
            qHead = c<N>(a.qkNopeHeadDim) + c<N>(a.qkRopeHeadDim);
    const N kvLatent = c<N>(a.kvLoraRank);
    Split<N> q{d * h * qHead, c<N>(0)};
    if (a.qLoraRank > 0) {
        const N qLatent = c<N>(a.qLoraRank);
        q = {qLatent * h * qHead,
             d * qLatent + (exact ? normParameters(m.norm, qLatent) : c<N>(0))};
    }
    const Split<N> kv{kvLatent * h * (c<N>(a.qkNopeHeadDim) + c<N>(a.vHeadDim)),
                      d * (kvLatent + c<N>(a.qkRopeHeadDim)) +
                          (exact ? normParameters(m.norm, kvLatent) : c<N>(0))};
    return q + kv + Split<N>{h * c<N>(a.vHeadDim) * d, c<N>(0)};
}

// Inlined into each layer's parts, where `exact` is a constant.
template <typename N>
[[gnu::always_inline]] inline Split<N> attentionParameters(const ModelSpec& m, bool exact) {
    if (m.mla.kvLoraRank > 0) {
        return latentAttentionParameters<N>(m, exact);
    }
    const Widths<N> w = widthsOf<N>(m);
    const N d = c<N>(m.dModel), q = w.q, kv = w.kv;
    // Q and O are d × h·hd, K and V are d × g·hd.
    Split<N> n{c<N>(2) * d * q + c<N>(2) * d * kv, c<N>(0)};
    if (!exact) {
        return n;
    }
    if (m.bias == BiasMode::All || m.bias == BiasMode::Attention) {
        n = n + Split<N>{q + c<N>(2) * kv, d};
    } else if (m.bias == BiasMode::QkvOnly) {
        n = n + Split<N>{q + c<N>(2) * kv, c<N>(0)};
    }
    if (m.attentionSinks) {
        n = n + Split<N>{c<N>(m.heads), c<N>(0)}; // one learned logit per head
    }
    return n;
}

// One FFN of width f: 2 matrices (plain) or 3 (gated), with their biases under BiasMode::All.
template <typename N> Split<N> ffnParameters(const ModelSpec& m, std::int64_t width, bool exact) {
    const N d = c<N>(m.dModel), f = c<N>(width);
    const bool gated = m.ffnType == FfnType::Gated;
    Split<N> n{c<N>(gated ? 3 : 2) * d * f, c<N>(0)};
    if (exact && m.bias == BiasMode::All) {
        n = n + Split<N>{c<N>(gated ? 2 : 1) * f, d};
    }
    return n;
}

template <typename N> N qkNormParameters(const ModelSpec& m) {
    switch (m.qkNorm) {
    case QkNorm::PerHead: // one norm over head_dim for Q and one for K, shared by the heads
        return c<N>(2) * normParameters(m.norm, c<N>(m.headDim));
    case QkNorm::Full: // norms over all of Q (h·hd) and all of K (g·hd)
        return normParameters(m.norm, c<N>(m.heads) * c<N>(m.headDim)) +
               normParameters(m.norm, c<N>(m.kvHeads) * c<N>(m.headDim));
    case QkNorm::None:
        break;
    }
    return c<N>(0);
}

// Inlined into each count, so that the approx total drops what it does not read and no part is
// returned through memory (a slider's every step counts twice).
template <typename N>
[[gnu::always_inline]] inline LayerParts<N> layerParts(const ModelSpec& m, bool moeLayer,
                                                       bool exact) {
    LayerParts<N> p;
    p.attention = attentionParameters<N>(m, exact);
    if (exact) {
        p.qkNorm = qkNormParameters<N>(m);
        p.norms = c<N>(m.normsPerLayer) * normParameters(m.norm, c<N>(m.dModel));
    }
    // Zero parts are left out of the sum: the same value, and no overflow either way.
    const N common = p.attention.total() + p.qkNorm + p.norms;
    if (!moeLayer) {
        p.ffn = ffnParameters<N>(m, m.ffn, exact);
        p.sum = common + p.ffn.total();
        return p;
    }
    const MoeSpec& e = m.moe;
    const N oneExpert = ffnParameters<N>(m, e.expertFfn, exact).total();
    p.experts = c<N>(e.experts) * oneExpert;
    p.expertsActive = c<N>(std::min(e.topK, e.experts)) * oneExpert;
    p.shared = c<N>(e.sharedExperts) * ffnParameters<N>(m, e.sharedFfn, exact);
    if (e.sharedExperts > 0 && e.sharedGate) {
        p.sharedGate = c<N>(m.dModel); // a d → 1 gate without bias
    }
    p.router = c<N>(m.dModel) * c<N>(e.experts) + c<N>(exact && e.routerBias ? e.experts : 0);
    p.sum = common + p.experts + p.shared.total() + p.sharedGate + p.router;
    return p;
}

// The groups as they are added, into the caller's list (empty on entry), with their sums: the
// totals are summed here rather than over the group list afterwards (half the count's cost).
template <typename N> struct Tally {
    ParameterGroups& groups;
    std::int64_t total = 0;
    std::int64_t active = 0;
    bool overflow = false;

    static std::int64_t narrow(N n, bool& overflow) {
        const auto value = valueOf(n);
        // Inputs are at least 0 and no formula subtracts: a Count64 is negative only after an
        // overflow, which it remembers; a 128-bit Count can pass 64 bits without one.
        const bool outside = std::is_same_v<N, Count64>
                                 ? false
                                 : value < 0 || value > std::numeric_limits<std::int64_t>::max();
        if (overflowed(n) || outside) {
            overflow = true;
            return 0;
        }
        return static_cast<std::int64_t>(value);
    }
    void add(GroupId id, N total_, N active_) {
        const std::int64_t t = narrow(total_, overflow), a = narrow(active_, overflow);
        groups.add(id, t, a);
        overflow |= __builtin_add_overflow(total, t, &total);
        overflow |= __builtin_add_overflow(active, a, &active);
    }
    void add(GroupId id, N n) { add(id, n, n); }
};

// Whether some input is negative: such a model has no count. One OR of the sign bits.
[[gnu::always_inline]] inline bool anyNegative(const ModelSpec& m) {
    const MoeSpec& e = m.moe;
    const MlaSpec& a = m.mla;
    return (m.vocab | m.dModel | m.layers | m.heads | m.kvHeads | m.headDim | m.ffn | m.positions |
            m.normsPerLayer | e.experts | e.topK | e.expertFfn | e.sharedExperts | e.sharedFfn |
            e.firstDenseLayers | m.embeddingProjection | a.kvLoraRank | a.qLoraRank |
            a.qkNopeHeadDim | a.qkRopeHeadDim | a.vHeadDim) < 0;
}

// The groups of the model in the order of parameter_groups.h, every layer counted. `sparse`
// (an MoE layer) is read only where the model routes.
template <typename N>
void collectGroups(Tally<N>& t, const ModelSpec& m, bool exact, const LayerParts<N>& dense,
                   const LayerParts<N>& sparse, std::int64_t denseLayers) {
    const bool moe = m.moe.experts > 1;
    const N nDense = c<N>(denseLayers), nMoe = c<N>(m.layers - denseLayers);
    const N width = c<N>(exact ? m.dModel : 0); // tables and norms are not weight matrices
    N embedding = c<N>(m.vocab) * width;
    if (exact && m.embeddingProjection > 0) {
        const N e = c<N>(m.embeddingProjection);
        embedding = c<N>(m.vocab) * e + c<N>(2) * e * c<N>(m.dModel);
    }
    t.add(GroupId::Embedding, embedding);
    if (m.positionType == PositionType::Learned) {
        t.add(GroupId::Positions, c<N>(m.positions) * width);
    }
    t.add(GroupId::Attention, c<N>(m.layers) * dense.attention.total());
    if (m.qkNorm != QkNorm::None) {
        t.add(GroupId::QkNorm, c<N>(m.layers) * dense.qkNorm);
    }
    if (denseLayers > 0) {
        t.add(GroupId::Ffn, nDense * dense.ffn.total());
    }
    if (moe) {
        t.add(GroupId::Experts, nMoe * sparse.experts, nMoe * sparse.expertsActive);
        if (m.moe.sharedExperts > 0) {
            t.add(GroupId::SharedExperts, nMoe * (sparse.shared.total() + sparse.sharedGate));
        }
        t.add(GroupId::Router, nMoe * sparse.router);
    }
    const N finalNorm = exact && m.finalNorm ? normParameters(m.norm, c<N>(m.dModel)) : c<N>(0);
    t.add(GroupId::Norm, c<N>(m.layers) * dense.norms + finalNorm);
    if (!m.tiedHead) {
        const bool projected = exact && m.embeddingProjection > 0;
        t.add(GroupId::Head, c<N>(m.vocab) * (projected ? c<N>(m.embeddingProjection) : width));
    }
}

// The count from one dense and one MoE layer (the dense one again for a dense model, which reads
// no MoE layer: every use of `sparse` is under `moe`), into `out` (its groups empty on entry);
// false when it does not fit.
template <typename N>
bool countedInto(const ParameterModesTarget& out, const ModelSpec& m, bool exact,
                 const LayerParts<N>& dense, const LayerParts<N>& sparse,
                 std::int64_t denseLayers) {
    const bool moe = m.moe.experts > 1;
    Tally<N> t{out.groups};
    collectGroups<N>(t, m, exact, dense, sparse, denseLayers);
    // One FSDP unit: the larger of a dense and an MoE layer (all E experts).
    N largest = denseLayers > 0 ? dense.total() : c<N>(0);
    if (moe && denseLayers < m.layers && valueOf(sparse.total()) > valueOf(largest)) {
        largest = sparse.total();
    }
    out.largestLayer = Tally<N>::narrow(largest, t.overflow);
    out.total = t.total;
    out.active = t.active;
    return !(t.overflow || (moe && overflowed(sparse.total())));
}

template <typename N> struct ShardedTally {
    bool overflow = false;
    std::int64_t narrow(N n) { return Tally<N>::narrow(n, overflow); }
    ShardedCount layer(const LayerParts<N>& p) {
        const Split<N> s = p.attention + p.ffn + p.shared;
        return {narrow(s.tp), narrow(s.replicated + p.qkNorm + p.sharedGate + p.router + p.norms),
                narrow(p.experts)};
    }
};

// The split from one dense and one MoE layer's parts (the dense one's again for a dense model,
// which reads no MoE layer), in N: nullopt when a step overflows N or the whole model leaves 64
// bits. Inlined, so that its parts are read where they were computed. `counted` is the count's
// total of the same parts where it was taken: the same sum as s.total() (every part placed once,
// in 64 bits), so it is not summed again.
template <typename N>
[[gnu::always_inline]] inline std::optional<ParameterSplit>
splitFrom(const ModelSpec& m, bool exact, const LayerParts<N>& dense, const LayerParts<N>& sparse,
          const std::int64_t* counted = nullptr) {
    const bool moe = m.moe.experts > 1;
    ParameterSplit s;
    s.denseLayers = moe ? std::min(m.moe.firstDenseLayers, m.layers) : m.layers;
    s.moeLayers = m.layers - s.denseLayers;
    ShardedTally<N> t;
    s.dense = t.layer(dense);
    t.overflow = t.overflow || overflowed(dense.total());
    s.moe = s.dense; // a dense model's "MoE layer" is its dense one
    if (moe) {
        // countParameters() refuses an MoE layer that overflows even where no layer routes.
        s.moe = t.layer(sparse);
        t.overflow = t.overflow || overflowed(sparse.total());
    }
    if (exact) {
        const bool projected = m.embeddingProjection > 0;
        const N rowWidth = c<N>(projected ? m.embeddingProjection : m.dModel);
        s.embedding = t.narrow(c<N>(m.vocab) * rowWidth);
        s.projection = projected ? t.narrow(c<N>(m.embeddingProjection) * c<N>(m.dModel)) : 0;
        s.positions = m.positionType == PositionType::Learned
                          ? t.narrow(c<N>(m.positions) * c<N>(m.dModel))
                          : 0;
        s.head = m.tiedHead ? 0 : s.embedding;
        s.finalNorm = m.finalNorm ? t.narrow(normParameters(m.norm, c<N>(m.dModel))) : 0;
    }
    // The whole model must fit too (total() is then exact).
    const std::int64_t total = counted ? *counted : s.total();
    if (t.overflow || total == std::numeric_limits<std::int64_t>::max()) {
        return std::nullopt;
    }
    return s;
}

// splitParameters() in N.
template <typename N> std::optional<ParameterSplit> splitWith(const ModelSpec& m, bool exact) {
    const LayerParts<N> dense = layerParts<N>(m, false, exact);
    if (m.moe.experts <= 1) {
        return splitFrom<N>(m, exact, dense, dense);
    }
    return splitFrom<N>(m, exact, dense, layerParts<N>(m, true, exact));
}

// The count in N, built in place in `out` (its groups empty; exact and approx are not written);
// false when it does not fit. With kSplit, *split is also splitWith<N>(m, exact) where it fits,
// from the same layers' parts (left as it was where the count does not).
template <typename N, bool kSplit = false>
bool countInto(const ParameterModesTarget& out, const ModelSpec& m, bool exact,
               std::optional<ParameterSplit>* split = nullptr) {
    const bool moe = m.moe.experts > 1;
    const std::int64_t denseLayers = moe ? std::min(m.moe.firstDenseLayers, m.layers) : m.layers;
    const LayerParts<N> dense = layerParts<N>(m, false, exact);
    if (!moe) {
        const bool counted = countedInto<N>(out, m, exact, dense, dense, denseLayers);
        if constexpr (kSplit) {
            if (counted) {
                *split = splitFrom<N>(m, exact, dense, dense, &out.total);
            }
        }
        return counted;
    }
    const LayerParts<N> sparse = layerParts<N>(m, true, exact);
    const bool counted = countedInto<N>(out, m, exact, dense, sparse, denseLayers);
    if constexpr (kSplit) {
        if (counted) {
            *split = splitFrom<N>(m, exact, dense, sparse, &out.total);
        }
    }
    return counted;
}

template <typename N> std::optional<ParameterCount> countWith(const ModelSpec& m, bool exact) {
    std::optional<ParameterCount> out{std::in_place};
    ParameterCount& n = *out;
    std::int64_t unused = 0;
    if (!countInto<N>({n.groups, n.total, n.active, n.largestLayer, unused, unused}, m, exact)) {
        out.reset();
    }
    return out;
}

// countWith(m, false)->total without its group list: the layers' weight matrices (the approx
// count has no tables, norms or biases). nullopt where a step overflows N; the 64-bit path alone
// uses it, so a 128-bit count decides every case near the limit exactly as before.
// Inlined into its callers, as it was while it had one.
template <typename N>
[[gnu::always_inline]] inline std::optional<std::int64_t> approxTotalWith(const ModelSpec& m) {
    const bool moe = m.moe.experts > 1;
    const std::int64_t denseLayers = moe ? std::min(m.moe.firstDenseLayers, m.layers) : m.layers;
    const LayerParts<N> dense = layerParts<N>(m, false, false);
    N total = c<N>(m.layers) * dense.attention.total();
    bool overflow = overflowed(dense.total());
    if (denseLayers > 0) {
        total = total + c<N>(denseLayers) * dense.ffn.total();
    }
    if (moe) {
        const LayerParts<N> sparse = layerParts<N>(m, true, false);
        total = total + c<N>(m.layers - denseLayers) * (sparse.experts + sparse.shared.total() +
                                                        sparse.sharedGate + sparse.router);
        overflow = overflow || overflowed(sparse.total());
    }
    const std::int64_t out = Tally<N>::narrow(total, overflow);
    return overflow ? std::nullopt : std::optional<std::int64_t>(out);
}

template <typename N>
[[gnu::always_inline]] inline std::optional<std::int64_t> totalWith(const ModelSpec& m,
                                                                    bool exact) {
    if (std::is_same_v<N, Count64> && !exact) {
        return approxTotalWith<N>(m);
    }
    const auto count = countWith<N>(m, exact);
    return count ? std::optional<std::int64_t>(count->total) : std::nullopt;
}

// Both counts in N, into `out` (its groups empty); false when either does not fit.
template <typename N, bool kSplit = false>
bool modesInto(const ParameterModesTarget& out, const ModelSpec& m, CountMode selected,
               std::optional<ParameterSplit>* split = nullptr) {
    const bool exact = selected == CountMode::Exact;
    if (!countInto<N, kSplit>(out, m, exact, split)) {
        return false;
    }
    const std::optional<std::int64_t> other = totalWith<N>(m, !exact);
    if (!other) {
        return false;
    }
    out.exact = exact ? out.total : *other;
    out.approx = exact ? *other : out.total;
    return true;
}

} // namespace

std::optional<ParameterCount> countParameters(const ModelSpec& m, CountMode mode) {
    const bool exact = mode == CountMode::Exact;
    if (anyNegative(m)) {
        return std::nullopt;
    }
    if (auto fast = countWith<Count64>(m, exact)) {
        return fast;
    }
    return countWith<Count>(m, exact); // a step left 64 bits: 128 bits decide
}

std::optional<ParameterModes> countParameterModes(const ModelSpec& m, CountMode selected) {
    std::optional<ParameterModes> out{std::in_place};
    ParameterCount& n = out->selected;
    if (!countParameterModesInto(
            {n.groups, n.total, n.active, n.largestLayer, out->exact, out->approx}, m, selected)) {
        out.reset();
    }
    return out;
}

// estimate() counts on every slider step: first in checked 64-bit steps, in 128 bits only where
// a step leaves 64 bits.
bool countParameterModesInto(const ParameterModesTarget& out, const ModelSpec& m,
                             CountMode selected) {
    if (anyNegative(m)) {
        return false;
    }
    if (modesInto<Count64>(out, m, selected)) {
        return true;
    }
    out.groups = ParameterGroups{}; // 128 bits decide, from empty groups
    return modesInto<Count>(out, m, selected);
}

// The count and, from the same layers, the split: estimate()'s detailed accounting needs both,
// and one pass over the layers costs about half of two. A split that a 64-bit step refused is
// decided by splitParameters() itself, so it is the same split either way.
bool countParameterModesInto(const ParameterModesTarget& out, const ModelSpec& m,
                             CountMode selected, std::optional<ParameterSplit>& split) {
    if (anyNegative(m)) {
        return false;
    }
    if (modesInto<Count64, true>(out, m, selected, &split)) {
        if (!split) {
            split = splitParameters(m, selected);
        }
        return true;
    }
    out.groups = ParameterGroups{}; // 128 bits decide, from empty groups
    if (!modesInto<Count>(out, m, selected)) {
        return false;
    }
    split = splitParameters(m, selected);
    return true;
}

namespace {

// The whole model from its split, in N.
template <typename N> N splitTotal(const ParameterSplit& s) {
    auto layer = [](const ShardedCount& n) {
        return c<N>(n.tp) + c<N>(n.replicated) + c<N>(n.experts);
    };
    return c<N>(s.denseLayers) * layer(s.dense) + c<N>(s.moeLayers) * layer(s.moe) +
           c<N>(s.embedding) + c<N>(2) * c<N>(s.projection) + c<N>(s.positions) + c<N>(s.head) +
           c<N>(s.finalNorm);
}

} // namespace

// Every detailed estimate sums its split: first in checked 64-bit steps (a third of the 128-bit
// ones' cost); a sum that never leaves 64 bits is the same number in 128. Only a step that
// leaves them, or a negative sum, is decided in 128 bits.
std::int64_t ParameterSplit::total() const {
    const Count64 fast = splitTotal<Count64>(*this);
    if (!fast.overflow && fast.value >= 0) {
        return fast.value;
    }
    bool overflow = false;
    const std::int64_t n = Tally<Count>::narrow(splitTotal<Count>(*this), overflow);
    return overflow ? std::numeric_limits<std::int64_t>::max() : n;
}

std::optional<ParameterSplit> splitParameters(const ModelSpec& m, CountMode mode) {
    // Computed without countParameters()'s group list: this runs on every detailed estimate,
    // first in checked 64-bit steps; 128 bits decide where a step leaves 64 bits.
    if (anyNegative(m)) {
        return std::nullopt;
    }
    const bool exact = mode == CountMode::Exact;
    if (auto fast = splitWith<Count64>(m, exact)) {
        return fast;
    }
    return splitWith<Count>(m, exact);
}

} // namespace lgm
