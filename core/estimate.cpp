#include "estimate.h"

#include "config_adapter.h"
#include "detailed_in_place.h"
#include "detailed_report.h"
#include "finetune_seed.h"
#include "input_bounds.h"
#include "input_ranges.h"
#include "input_rules.h"
#include "memory_terms.h"
#include "parameter_modes_split.h"
#include "per_gpu.h"
#include "seed_ratio.h"

#include <cmath>
#include <limits>

namespace lgm {

namespace {

// Every input is bounded, so every intermediate result fits in 128 bits; only the reported
// values need checking against 64 bits.
__extension__ using Wide = __int128;
constexpr Wide kMaxReported = std::numeric_limits<std::int64_t>::max();

InputError tooLarge(const char* quantity, Field field, std::vector<Field> related) {
    return InputError{ErrorKind::Unrepresentable, field, std::move(related), quantity};
}

InputError modelStatesTooLarge() {
    return tooLarge("model states", Field::DModel, {Field::Layers, Field::Ffn, Field::Vocab});
}

// Both counts of the described architecture, the selected one with its groups; counted in place:
// the groups are a few hundred bytes, and estimate() runs per slider step.
// With kSplit, *split is also the model's split (splitParameters()), taken from the same layers:
// the detailed accounting reads it.
template <bool kSplit>
std::optional<InputError> countInto(ParameterCounts& out, const ModelSpec& model, CountMode mode,
                                    const BytesPerParameter& bpp,
                                    std::optional<ParameterSplit>* split) {
    const ParameterModesTarget target{out.groups,   out.total, out.active,
                                      out.perLayer, out.exact, out.approx};
    bool counted = false;
    if constexpr (kSplit) {
        counted = countParameterModesInto(target, model, mode, *split);
    } else {
        counted = countParameterModesInto(target, model, mode);
    }
    // approx ≤ exact, so the exact count alone decides whether the states fit in 64 bits.
    if (!counted || Wide{out.exact} * bpp.total() > kMaxReported) {
        return modelStatesTooLarge();
    }
    const ParameterGroups& groups = out.groups;
    out.embedding = groups.totalOf(GroupId::Embedding) + groups.totalOf(GroupId::Positions);
    out.attention = groups.totalOf(GroupId::Attention);
    out.ffn = groups.totalOf(GroupId::Ffn);
    out.norm = groups.totalOf(GroupId::Norm);
    return std::nullopt;
}

ActivationPart partOf(const SeedTerm& t) {
    return {t.elements, t.bytesPerLayer, t.bytes};
}

// The fixed fields of the first releases, read off the terms (seedTerms' order). The FFN part
// is an MoE layer's where the model has one, its bytes those of every layer.
Activations activationsOf(const SeedTerms& terms) {
    const SeedTerm* t = terms.begin();
    Activations a;
    a.bytesPerElement = static_cast<int>(t[3].bytesPerElement);
    a.attentionLinear = partOf(t[3]);
    a.attentionQuadratic = partOf(t[4]);
    a.ffn = partOf(t[5]);
    if (terms.size() > 6) {
        a.ffn.bytes += t[6].bytes; // the first dense layers
    }
    a.bytesPerLayer =
        a.attentionLinear.bytesPerLayer + a.attentionQuadratic.bytesPerLayer + a.ffn.bytesPerLayer;
    a.bytes = a.attentionLinear.bytes + a.attentionQuadratic.bytes + a.ffn.bytes;
    return a;
}

// The fixed fields of the first releases, read off the terms (seedTerms' order).
ModelStates modelStatesOf(const SeedTerms& terms, const BytesPerParameter& bpp) {
    const SeedTerm* t = terms.begin();
    ModelStates m;
    m.perParameter = bpp;
    m.parameters = t[0].bytes;
    m.gradients = t[1].bytes;
    m.optimizer = t[2].bytes;
    m.total = m.parameters + m.gradients + m.optimizer;
    return m;
}

} // namespace

template <bool kSplit>
static void estimateValid(EstimateResult& result, std::optional<ParameterSplit>* split);

Estimate::Estimate() = default;
Estimate::Estimate(const Config& c) : scenario(toScenario(c)), config(c) {}
Estimate::Estimate(const Scenario& s) : scenario(s), config(toConfig(s)) {}

namespace {

// Inlined into every estimate.
[[gnu::always_inline]] inline BytesPerParameter bytesPerParameterOf(Precision precision,
                                                                    bool fp32Gradients) {
    if (precision == Precision::Bf16) {
        return {2, 2, 4}; // bf16 weights and gradients; AdamW's states in the weights' dtype
    }
    if (!isMixed(precision)) {
        return {4, 4, 8}; // fp32 weights, gradients, Adam momentum and variance
    }
    // 16-bit weights and gradients; Adam keeps an fp32 master copy, momentum and variance.
    return {2, fp32Gradients ? 4 : 2, 12};
}

} // namespace

BytesPerParameter bytesPerParameter(Precision precision, bool fp32Gradients) {
    return bytesPerParameterOf(precision, fp32Gradients);
}

int activationBytesPerElement(Precision precision) {
    return isSixteenBit(precision) ? 2 : 4;
}

std::int64_t headroom(std::int64_t requiredBytes, std::int64_t capacityBytes) {
    return capacityBytes - requiredBytes;
}

std::optional<InputError> validate(const Scenario& scenario) {
    if (const auto id = firstOutOfRange(scenario)) {
        return InputError{ErrorKind::OutOfRange, *id, {}, {}};
    }
    return checkRules(scenario);
}

std::optional<InputError> validate(const Config& config) {
    return validate(toScenario(config));
}

// Every path returns the one result, so it is built in the caller's slot: a returned copy would
// move the whole Estimate (a few hundred instructions on every slider step).
EstimateResult estimate(const Scenario& scenario) {
    std::optional<InputError> invalid = validate(scenario);
    EstimateResult result =
        invalid ? EstimateResult{*std::move(invalid)} : EstimateResult{std::in_place, scenario};
    if (invalid) {
        return result;
    }
    if (scenario.training.accounting != Accounting::Detailed) {
        estimateValid<false>(result, nullptr);
        return result;
    }
    std::optional<ParameterSplit> split; // counted with the parameters
    estimateValid<true>(result, &split);
    if (result) {
        if (auto error = attachDetailed(result.value(), split)) {
            result = *error;
        }
    }
    return result;
}

// The scenario is built once, in the estimate, and checked there.
EstimateResult estimate(const Config& config) {
    EstimateResult result{std::in_place, config};
    if (auto error = validate(result.value().scenario)) {
        result = *error;
        return result;
    }
    estimateValid<false>(result, nullptr);
    return result;
}

// The estimate of inputs validate() accepted, filled in place in its result (or replaced by the
// error when a result would not fit in 64 bits). With kSplit, *split is also the model's split.
template <bool kSplit>
static void estimateValid(EstimateResult& result, std::optional<ParameterSplit>* split) {
    Estimate& e = result.value();
    const Scenario& scenario = e.scenario;
    const Config& config = e.config;
    const BytesPerParameter bpp = bytesPerParameterOf(config.precision, config.fp32Gradients);
    if (auto error = countInto<kSplit>(e.parameters, scenario.model, config.count, bpp, split)) {
        result = *error;
        return;
    }
    PowerSums sums;
    if (auto error = appendEvaluatedSeedTerms(
            e.terms, scenario.model, bpp.parameters, bpp.gradients, bpp.optimizer,
            activationBytesPerElement(config.precision),
            variablesOf<std::int64_t>(scenario, e.parameters.total), sums)) {
        result = *error;
        return;
    }
    e.modelStates = modelStatesOf(e.terms, bpp);
    e.activations = activationsOf(e.terms);
    if (Wide{e.modelStates.total} + e.activations.bytes > kMaxReported) {
        result =
            tooLarge("total memory", Field::SeqLen, {Field::Batch, Field::DModel, Field::Layers});
        return;
    }
    e.total = e.modelStates.total + e.activations.bytes;
    e.ratio = seedRatio(config);
    e.ratio.actual =
        static_cast<double>(e.activations.bytes) / static_cast<double>(e.modelStates.total);
    e.crossover =
        crossovers(config, e.terms, sums, scenario, e.parameters.total, e.modelStates.total);
    if (!fillPerGpu(e.perGpu, config, e.parameters, bpp, e.activations.bytes)) {
        result = perGpuTooLarge();
        return;
    }
    e.globalBatch = config.gpus * config.batch;
    if (auto error = applyFinetune(e)) {
        result = *error;
    }
}

} // namespace lgm
