#include "detailed_states.h"

#include "detailed_finetune.h"
#include "per_gpu.h"

#include <algorithm>
#include <limits>

namespace lgm {

namespace {

__extension__ using Wide = __int128;

// ⌈a/b⌉, in 64 bits whenever a fits (the common case; 128-bit division is a library call).
std::int64_t ceilDiv(Wide a, Wide b) {
    constexpr Wide kMax = std::numeric_limits<std::int64_t>::max();
    if (a >= 0 && a <= kMax && b <= kMax) {
        const auto x = static_cast<std::int64_t>(a);
        const auto y = static_cast<std::int64_t>(b);
        return x / y + (x % y != 0 ? 1 : 0);
    }
    const Wide q = (a + b - 1) / b;
    return q > kMax ? std::numeric_limits<std::int64_t>::max() : static_cast<std::int64_t>(q);
}

// The same of two 64-bit counts, without the 128-bit compares where a ≥ 0 and b ≥ 1.
std::int64_t ceilDiv(std::int64_t a, std::int64_t b) {
    return a >= 0 && b >= 1 ? a / b + (a % b != 0 ? 1 : 0) : ceilDiv(Wide{a}, Wide{b});
}

// Elements of one stage on one GPU before data-parallel sharding.
struct StageElements {
    std::int64_t dense = 0;   // TP-sharded and replicated parts
    std::int64_t experts = 0; // routed experts, over e·t
    std::int64_t matmul = 0;  // what autocast casts: the layers' matrices and the head
    std::int64_t unit = 0;    // the largest layer: one FSDP unit
};

// A stage's parameters before TP division, in N: 128 bits hold L/p layers of any count, 64 bits
// those of every model whose parts stageElements() finds small enough.
template <typename N> struct StageCount {
    N tp = 0, replicated = 0, experts = 0;
    void add(const ShardedCount& layer, std::int64_t count) {
        tp += N{layer.tp} * count;
        replicated += N{layer.replicated} * count;
        experts += N{layer.experts} * count;
    }
};

std::int64_t clamp(Wide n) {
    constexpr Wide kMax = std::numeric_limits<std::int64_t>::max();
    return n > kMax ? std::numeric_limits<std::int64_t>::max() : static_cast<std::int64_t>(n);
}

std::int64_t clamp(std::int64_t n) {
    return n;
}

template <typename N> std::int64_t perGpu(const StageCount<N>& n, const Parallelism& p) {
    return clamp(N{ceilDiv(n.tp, N{p.tp})} + n.replicated + ceilDiv(n.experts, N{p.tp * p.ep}));
}

template <typename N>
StageElements stageElementsIn(const ParameterSplit& lp, const Parallelism& p,
                              const PipelineStage& s) {
    StageCount<N> n;
    n.add(lp.dense, s.denseLayers);
    n.add(lp.moe, s.moeLayers);
    const N layerMatmul = n.tp; // the experts' matrices are counted in e.experts
    N projections = 0;          // OPT's project_in (first stage) and project_out (last)
    N headMatmul = 0;
    if (s.first) {
        n.tp += lp.embedding;
        n.replicated += lp.positions;
        projections += lp.projection;
    }
    if (s.last) {
        // A tied head on its own stage keeps a copy of the token table (Megatron).
        const std::int64_t head = lp.head > 0 ? lp.head : (p.pp > 1 ? lp.embedding : 0);
        n.tp += head;
        n.replicated += lp.finalNorm;
        projections += lp.projection;
        headMatmul = lp.head > 0 ? lp.head : lp.embedding;
    }
    n.replicated += projections;
    StageElements e;
    e.experts = ceilDiv(n.experts, N{p.tp} * N{p.ep});
    e.dense = perGpu(n, p) - e.experts;
    e.matmul = clamp(N{ceilDiv(layerMatmul, N{p.tp})} + e.experts + ceilDiv(headMatmul, N{p.tp}) +
                     projections);
    StageCount<N> dense, moe;
    dense.add(lp.dense, 1);
    moe.add(lp.moe, 1);
    e.unit =
        std::max(s.denseLayers > 0 ? perGpu(dense, p) : 0, s.moeLayers > 0 ? perGpu(moe, p) : 0);
    return e;
}

// In 64 bits where every part is below 2^40 and every count below 2^20 (each sum then stays
// below 2^63, so the figures are those of the 128-bit count), else in 128.
StageElements stageElements(const ParameterSplit& lp, const Parallelism& p,
                            const PipelineStage& s) {
    auto u = [](std::int64_t v) { return static_cast<std::uint64_t>(v); };
    const std::uint64_t parts = u(lp.dense.tp) | u(lp.dense.replicated) | u(lp.dense.experts) |
                                u(lp.moe.tp) | u(lp.moe.replicated) | u(lp.moe.experts) |
                                u(lp.embedding) | u(lp.positions) | u(lp.projection) | u(lp.head) |
                                u(lp.finalNorm);
    const std::uint64_t counts = u(s.denseLayers) | u(s.moeLayers) | u(p.tp) | u(p.ep);
    if (parts < (std::uint64_t{1} << 40) && counts < (std::uint64_t{1} << 20)) {
        return stageElementsIn<std::int64_t>(lp, p, s);
    }
    return stageElementsIn<Wide>(lp, p, s);
}

std::int64_t own(std::int64_t elements, std::int64_t group, bool sharded) {
    return sharded && group > 1 ? ceilDiv(elements, group) : elements;
}

struct Owned {
    std::int64_t parameters = 0;
    std::int64_t gradients = 0;
    std::int64_t optimizer = 0;
};

// The strategy's rule and its shard group, looked up once per stage.
struct Sharding {
    ShardingRule rule;
    std::int64_t group = 1;
};

Sharding shardingOf(const Parallelism& p) {
    return {shardingRule(p.data), dataShardGroup(p)};
}

Owned ownedElements(const Scenario& sc, const Sharding& sharding, const StageElements& e) {
    const ShardingRule& rule = sharding.rule;
    const std::int64_t group = sharding.group;
    const std::int64_t expertGroup = expertShardGroup(sc.parallel);
    // One shard of each part, divided once: a strategy shards one, two or all three states.
    const std::int64_t whole = e.dense + e.experts;
    const std::int64_t shard = own(e.dense, group, true) + own(e.experts, expertGroup, true);
    return {rule.parameters ? shard : whole, rule.gradients ? shard : whole,
            rule.optimizer ? shard : whole};
}

std::int64_t bytes(std::int64_t elements, int perElement) {
    const Wide b = Wide{elements} * perElement;
    constexpr Wide kMax = std::numeric_limits<std::int64_t>::max();
    return b > kMax ? std::numeric_limits<std::int64_t>::max() : static_cast<std::int64_t>(b);
}

} // namespace

StateBytes stateBytes(Implementation implementation, NumericFormat format, bool fp32Gradients) {
    switch (format) {
    case NumericFormat::Fp32:
        return {4, 4, 8, 0, 4, 4}; // weights, gradients, Adam momentum and variance
    case NumericFormat::Bf16:
        return {2, 2, 4, 0, 2, 2}; // torch AdamW keeps its states in the parameters' dtype
    case NumericFormat::Fp16Mixed:
    case NumericFormat::Bf16Mixed:
        break;
    }
    if (implementation == Implementation::HuggingFace) {
        // Autocast over fp32 weights: fp32 everything, plus a bf16 copy of every matmul weight
        // that the linears save for backward.
        return {4, 4, 8, 2, 4, 4};
    }
    // Megatron: 16-bit weights; fp32 main gradients (always with bf16, --accumulate-allreduce-
    // grads-in-fp32 with fp16); the optimizer's fp32 master weights, momentum and variance,
    // plus an fp32 copy of 16-bit gradients.
    const bool fp32Grads = fp32Gradients || format == NumericFormat::Bf16Mixed;
    return fp32Grads ? StateBytes{2, 4, 12, 0, 2, 4} : StateBytes{2, 2, 16, 0, 2, 2};
}

bool fsdpMixedPrecision(const Scenario& sc) {
    const Strategy d = sc.parallel.data;
    return sc.training.implementation == Implementation::HuggingFace &&
           isMixed(sc.training.precision) &&
           (d == Strategy::FsdpFull || d == Strategy::FsdpGradOp || d == Strategy::FsdpHybrid);
}

StateBytes scenarioStateBytes(const Scenario& sc, const DetailedOptions& options) {
    const TrainingSetup& t = sc.training;
    if (fsdpMixedPrecision(sc) && !options.pureBf16) {
        return {4, 4, 8, 0, 2, 2};
    }
    return stateBytes(t.implementation, numericFormat(t.precision, options.pureBf16),
                      t.fp32Gradients);
}

NumericFormat activationFormat(const Scenario& sc, const DetailedOptions& options) {
    return fsdpMixedPrecision(sc) ? NumericFormat::Bf16
                                  : numericFormat(sc.training.precision, options.pureBf16);
}

static void appendBufferTerms(const Scenario& sc, const DetailedOptions& options,
                              const StateBytes& b, const Sharding& sharding, const StageElements& e,
                              std::vector<DetailedTerm>& terms) {
    const TrainingSetup& t = sc.training;
    const Parallelism& p = sc.parallel;
    const ShardingRule& rule = sharding.rule;
    const std::int64_t group = sharding.group;
    if (p.data == Strategy::Ddp && p.ddpBucketCopy &&
        t.implementation == Implementation::HuggingFace) {
        // torch DDP with gradient_as_bucket_view=False: flat buckets beside .grad. Megatron's
        // gradients live in its contiguous buffer, so it has no copy.
        terms.push_back({"ddp_bucket_copy", TermKind::Buffers,
                         bytes(e.dense + e.experts, b.gradients),
                         "one more copy of the gradients"});
    }
    if (group > 1 && rule.gathersUnits) {
        terms.push_back({"fsdp_gathered_units", TermKind::Buffers, bytes(2 * e.unit, b.unitWeights),
                         "2 units (current + prefetched) unsharded, in the weights' dtype"});
        terms.push_back({"fsdp_reduce_scatter", TermKind::Buffers, bytes(e.unit, b.unitGradients),
                         "one unit's unsharded gradient before reduce-scatter"});
    } else if (group > 1 && rule.parameters) {
        const std::int64_t prefetch = std::min(options.zero3PrefetchElements, e.dense + e.experts);
        terms.push_back({"zero3_gathered_unit", TermKind::Buffers, bytes(e.unit, b.unitWeights),
                         "the layer being computed, gathered"});
        terms.push_back({"zero3_prefetch", TermKind::Buffers, bytes(prefetch, b.unitWeights),
                         "stage3_prefetch_bucket_size (5e7) elements"});
    }
}

namespace {

StageShare shareOf(const Sharding& sharding, const StageElements& e, const Owned& o) {
    return {e.dense + e.experts, o.parameters, o.gradients,
            o.optimizer,         e.unit,       sharding.rule.parameters && sharding.group > 1};
}

} // namespace

StageShare stageShare(const Scenario& sc, const ParameterSplit& split, const PipelineStage& s) {
    const Sharding sharding = shardingOf(sc.parallel);
    const StageElements e = stageElements(split, sc.parallel, s);
    return shareOf(sharding, e, ownedElements(sc, sharding, e));
}

void appendModelStateTerms(const Scenario& sc, const DetailedOptions& options,
                           const ParameterSplit& split, const PipelineStage& s,
                           std::vector<DetailedTerm>& terms, std::vector<DetailedTerm>* host,
                           const FinetuneModelFigures* figures) {
    const StateBytes b = scenarioStateBytes(sc, options);
    const Sharding sharding = shardingOf(sc.parallel);
    const StageElements e = stageElements(split, sc.parallel, s);
    const Owned o = ownedElements(sc, sharding, e);
    const StageShare share = shareOf(sharding, e, o);
    if (finetunePriced(sc.training.finetune)) {
        appendFinetuneStateTerms(sc, b, share, terms, host, figures);
    } else {
        // One insert of the three: each push called the vector's out-of-line append.
        terms.insert(
            terms.end(),
            {DetailedTerm{"parameters", TermKind::Parameters, bytes(o.parameters, b.weights),
                          "Ψ_stage/t (experts /e·t), sharded by the strategy over N/(t·p·c)"},
             DetailedTerm{"gradients", TermKind::Gradients, bytes(o.gradients, b.gradients),
                          "gradient bytes × the stage's parameters on this GPU"},
             DetailedTerm{"optimizer", TermKind::Optimizer, bytes(o.optimizer, b.optimizer),
                          "optimizer bytes (master copy, Adam m and v) × parameters"}});
    }
    appendAccumulationTerm(sc, options, share, terms, figures);
    if (b.autocastCopy > 0) {
        terms.push_back({"autocast_weight_copies", TermKind::Parameters,
                         bytes(sc.training.finetune.method == FinetuneMethod::Full
                                   ? e.matmul
                                   : trainablePart(sc, e.dense + e.experts),
                               b.autocastCopy),
                         "2 B × every matmul weight, cast once and saved until its backward"});
    }
    appendBufferTerms(sc, options, b, sharding, e, terms);
}

} // namespace lgm
