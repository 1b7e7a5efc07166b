#include "parameter_groups.h"
#include "parameter_modes_split.h"
#include "parameter_parts.h"

#include <algorithm>
#include <limits>
#include <type_traits>

namespace lgm {

using namespace parameter_parts;

namespace {

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
