#include "estimate.h"

#include "config_adapter.h"
#include "input_ranges.h"
#include "input_rules.h"
#include "memory_formulas.h"
#include "memory_terms.h"
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

struct WideParameters {
    Wide embedding, attention, ffn, norm, exact, approx;
};

WideParameters countParameters(const Config& c) {
    const Wide v = c.vocab, d = c.dModel, L = c.layers, f = c.ffn, P = c.positions;
    WideParameters p{};
    p.embedding = formula::embeddingParameters(v, P, d);
    p.attention = formula::exactAttentionParameters(L, d);
    p.ffn = formula::exactFfnParameters(L, d, f);
    p.norm = formula::exactNormParameters(L, d);
    p.exact = p.embedding + p.attention + p.ffn + p.norm;
    p.approx = formula::approxAttentionParameters(L, d) + formula::approxFfnParameters(L, d, f);
    return p;
}

InputError tooLarge(const char* quantity, Field field, std::vector<Field> related) {
    return InputError{ErrorKind::Unrepresentable, field, std::move(related), quantity};
}

std::optional<InputError> checkParameters(const WideParameters& p, const BytesPerParameter& bpp) {
    if (p.exact * bpp.total() > kMaxReported) {
        return tooLarge("model states", Field::DModel, {Field::Layers, Field::Ffn, Field::Vocab});
    }
    return std::nullopt;
}

ParameterCounts narrow(const WideParameters& p, const Config& c) {
    ParameterCounts out;
    const bool exact = c.count == CountMode::Exact;
    out.embedding = exact ? static_cast<std::int64_t>(p.embedding) : 0;
    out.attention = static_cast<std::int64_t>(
        exact ? p.attention : formula::approxAttentionParameters<Wide>(c.layers, c.dModel));
    out.ffn = static_cast<std::int64_t>(
        exact ? p.ffn : formula::approxFfnParameters<Wide>(c.layers, c.dModel, c.ffn));
    out.norm = exact ? static_cast<std::int64_t>(p.norm) : 0;
    out.exact = static_cast<std::int64_t>(p.exact);
    out.approx = static_cast<std::int64_t>(p.approx);
    out.total = exact ? out.exact : out.approx;
    const Wide oneLayerAttention = exact ? formula::exactAttentionParameters<Wide>(1, c.dModel)
                                         : formula::approxAttentionParameters<Wide>(1, c.dModel);
    const Wide oneLayerFfn = exact ? formula::exactFfnParameters<Wide>(1, c.dModel, c.ffn)
                                   : formula::approxFfnParameters<Wide>(1, c.dModel, c.ffn);
    const Wide oneLayerNorm = exact ? Wide{4} * c.dModel : Wide{0};
    out.perLayer = static_cast<std::int64_t>(oneLayerAttention + oneLayerFfn + oneLayerNorm);
    return out;
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

ActivationPart partOf(const SeedTerm& t) {
    return {t.elements, t.bytesPerLayer, t.bytes};
}

Activations activationsOf(const SeedTerms& terms) {
    const SeedTerm* t = terms.begin();
    Activations a;
    a.bytesPerElement = static_cast<int>(t[3].bytesPerElement);
    a.attentionLinear = partOf(t[3]);
    a.attentionQuadratic = partOf(t[4]);
    a.ffn = partOf(t[5]);
    a.bytesPerLayer =
        a.attentionLinear.bytesPerLayer + a.attentionQuadratic.bytesPerLayer + a.ffn.bytesPerLayer;
    a.bytes = a.attentionLinear.bytes + a.attentionQuadratic.bytes + a.ffn.bytes;
    return a;
}

} // namespace

static EstimateResult estimateValid(const Config& config, const Scenario& scenario);

BytesPerParameter bytesPerParameter(Precision precision, bool fp32Gradients) {
    if (!isMixed(precision)) {
        return {4, 4, 8}; // fp32 weights, gradients, Adam momentum and variance
    }
    // 16-bit weights and gradients; Adam keeps an fp32 master copy, momentum and variance.
    return {2, fp32Gradients ? 4 : 2, 12};
}

int activationBytesPerElement(Precision precision) {
    return isMixed(precision) ? 2 : 4;
}

std::int64_t headroom(std::int64_t requiredBytes, std::int64_t capacityBytes) {
    return capacityBytes - requiredBytes;
}

std::optional<InputError> validate(const Scenario& scenario) {
    for (const InputSpec& r : inputs()) {
        const std::int64_t value = r.get(scenario);
        if (value < r.min || value > r.upper) {
            return InputError{ErrorKind::OutOfRange, r.id, {}, {}};
        }
    }
    return checkRules(scenario);
}

std::optional<InputError> validate(const Config& config) {
    return validate(toScenario(config));
}

EstimateResult estimate(const Scenario& scenario) {
    if (auto error = validate(scenario)) {
        return *error;
    }
    return estimateValid(toConfig(scenario), scenario);
}

EstimateResult estimate(const Config& config) {
    const Scenario scenario = toScenario(config);
    if (auto error = validate(scenario)) {
        return *error;
    }
    return estimateValid(config, scenario);
}

// The estimate of inputs validate() accepted, built in place in its result.
static EstimateResult estimateValid(const Config& config, const Scenario& scenario) {
    const BytesPerParameter bpp = bytesPerParameter(config.precision, config.fp32Gradients);
    const WideParameters wide = countParameters(config);
    EstimateResult result{std::in_place};
    Estimate& e = result.value();
    if (auto error = checkParameters(wide, bpp)) {
        result = *error;
        return result;
    }
    e.parameters = narrow(wide, config);
    appendSeedTerms(e.terms, scenario.model, bpp.parameters, bpp.gradients, bpp.optimizer,
                    activationBytesPerElement(config.precision));
    if (auto error =
            evaluateTerms(e.terms, variablesOf<std::int64_t>(scenario, e.parameters.total))) {
        result = *error;
        return result;
    }
    e.scenario = scenario;
    e.config = config;
    e.modelStates = modelStatesOf(e.terms, bpp);
    e.activations = activationsOf(e.terms);
    if (Wide{e.modelStates.total} + e.activations.bytes > kMaxReported) {
        result =
            tooLarge("total memory", Field::SeqLen, {Field::Batch, Field::DModel, Field::Layers});
        return result;
    }
    e.total = e.modelStates.total + e.activations.bytes;
    e.ratio = seedRatio(config);
    e.ratio.actual =
        static_cast<double>(e.activations.bytes) / static_cast<double>(e.modelStates.total);
    e.crossover = crossovers(config, e.terms, variablesOf<double>(scenario, e.parameters.total),
                             e.modelStates.total);
    auto perGpu = perGpuMemory(config, e.parameters, bpp, e.activations.bytes);
    if (!perGpu) {
        result = perGpu.error();
        return result;
    }
    e.perGpu = perGpu.value();
    e.globalBatch = config.gpus * config.batch;
    return result;
}

} // namespace lgm
