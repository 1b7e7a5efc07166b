#include "detailed_accounting.h"

#include "detailed_finetune.h"
#include "detailed_in_place.h"
#include "detailed_layout_states.h"
#include "detailed_states.h"
#include "parameter_groups.h"
#include "saved_tensor_sums.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <span>

namespace lgm {

namespace {

__extension__ using Wide = __int128;

constexpr Wide kInt64Max = std::numeric_limits<std::int64_t>::max();

// Kept bytes of each layer kind for one micro-batch under no recompute and under selective.
struct KindBytes {
    std::int64_t none = 0;
    std::int64_t selective = 0;
};

struct StageActivations {
    std::int64_t perLayer = 0;
    std::int64_t layers = 0; // all layers, all in-flight chunks
    std::int64_t recomputeTransient = 0;
    bool recomputeIsFull = false;
};

// What an estimate reads of its plan besides the layer lists' bytes: a DetailedPlan's parts, or
// the same parts built for one estimate on the stack.
struct PlanParts {
    const ParameterSplit& parameters;
    Implementation implementation;
    std::span<const SavedTensor> embedding;
    std::span<const SavedTensor> output;
    const SavedTensor& checkpoint;
    const SavedTensor& lossTransient;
    const FinetuneModelFigures* finetune = nullptr; // computed at each stage when null
    const LayoutStates* states = nullptr; // the layout's model-state terms, computed when null
    bool reconciled = true;               // false: the busiest stage only (busiestStage())
};

struct Context {
    const Scenario& sc;
    const PlanParts& plan;
    const DetailedOptions& options;
    const TensorScale& scale; // of the geometry below
    LayerGeometry geometry;
    KindBytes dense;
    KindBytes moe;
    std::int64_t checkpoint = 0;
};

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

std::int64_t keptBytes(const Context& c, const KindBytes& k) {
    return c.sc.training.recompute == Recompute::Selective ? k.selective : k.none;
}

StageActivations stageActivations(const Context& c, const PipelineStage& s) {
    const TrainingSetup& t = c.sc.training;
    const std::int64_t layers = s.denseLayers + s.moeLayers;
    std::int64_t recomputed = 0;
    if (t.recompute == Recompute::Full) {
        recomputed = t.recomputeLayers == 0 ? layers : std::min(t.recomputeLayers, layers);
    }
    // Megatron's block method: the stage's first layers are recomputed (dense ones come first).
    const std::int64_t denseRecomputed = std::min(recomputed, s.denseLayers);
    const std::int64_t moeRecomputed = recomputed - denseRecomputed;
    const Wide oneMicrobatch = Wide{c.checkpoint} * recomputed +
                               Wide{keptBytes(c, c.dense)} * (s.denseLayers - denseRecomputed) +
                               Wide{keptBytes(c, c.moe)} * (s.moeLayers - moeRecomputed);
    StageActivations a;
    a.layers = ceilDiv(oneMicrobatch * s.inflightChunks, c.sc.parallel.virtualStages);
    a.perLayer = recomputed < layers
                     ? std::max(s.denseLayers > denseRecomputed ? keptBytes(c, c.dense) : 0,
                                s.moeLayers > moeRecomputed ? keptBytes(c, c.moe) : 0)
                     : c.checkpoint;
    if (recomputed > 0) {
        a.recomputeIsFull = true;
        a.recomputeTransient =
            std::max(denseRecomputed > 0 ? c.dense.none : 0, moeRecomputed > 0 ? c.moe.none : 0);
    } else if (t.recompute == Recompute::Selective) {
        a.recomputeTransient = std::max(s.denseLayers > 0 ? c.dense.none - c.dense.selective : 0,
                                        s.moeLayers > 0 ? c.moe.none - c.moe.selective : 0);
    }
    return a;
}

// Appends one term per tensor and returns their sum.
Wide addTensors(std::vector<DetailedTerm>& terms, std::span<const SavedTensor> tensors,
                const TensorScale& scale, std::int64_t microbatches, std::string_view formula) {
    Wide sum = 0;
    for (const SavedTensor& t : tensors) {
        const auto bytes = static_cast<std::int64_t>(
            std::min(Wide{savedBytes(t, scale)} * microbatches, kInt64Max));
        terms.push_back({t.id, TermKind::Activations, bytes, formula});
        sum += bytes;
    }
    return sum;
}

// Liger's fused linear cross-entropy: rows per chunk = next_pow2(⌈BT / ⌈V/H⌉⌉); one chunk's
// logits exist at a time, upcast to fp32.
std::int64_t fusedLossChunk(const Context& c) {
    const ModelSpec& m = c.sc.model;
    const Wide tokens = Wide{c.geometry.seqLen} * c.geometry.batch / c.geometry.cp;
    const Wide ratio = (m.vocab + m.dModel - 1) / m.dModel;
    const Wide rows = (tokens + ratio - 1) / ratio;
    Wide chunk = 1;
    while (chunk < rows) {
        chunk *= 2;
    }
    return ceilDiv(chunk * m.vocab * 4, c.geometry.tp);
}

DetailedTerm lossTransientTerm(const Context& c) {
    if (c.sc.training.loss == LossKind::Fused) {
        return {"fused_loss_chunk", TermKind::Transient, fusedLossChunk(c),
                "next_pow2(⌈BT/⌈v/h⌉⌉) rows × v × 4 B"};
    }
    const SavedTensor& t = c.plan.lossTransient;
    const bool hf = c.plan.implementation == Implementation::HuggingFace;
    return {t.id, TermKind::Transient, savedBytes(t, c.scale),
            hf ? "8·s·b·v: NLL and log_softmax fp32 gradients (12 B per logit with the saved 4)"
               : "2·s·b·v/t: the 16-bit logits beside the fp32 softmax"};
}

// Appends the activations held at the larger of the two moments that can hold the most, and
// that moment's transient: the start of backward (every saved tensor of the stage, the loss's
// gradient on the last stage) or the recompute of one layer in backward (the output side and
// the loss are freed by then).
PeakMoment appendPeakMoment(const Context& c, const PipelineStage& s, const StageActivations& a,
                            std::vector<DetailedTerm>& terms) {
    terms.push_back({"layer_activations", TermKind::Activations, a.layers,
                     "per-layer saved tensors × layers/stage × in-flight chunks / v"});
    Wide held = a.layers;
    if (s.first) {
        held += addTensors(terms, c.plan.embedding, c.scale, s.inflightMicrobatches,
                           "per token × s·b × min(p, m) micro-batches");
    }
    const std::size_t shared = terms.size();
    const DetailedTerm recompute = {
        a.recomputeIsFull ? "recompute_one_layer" : "recompute_attention_core", TermKind::Transient,
        a.recomputeTransient,
        a.recomputeIsFull ? "one layer's saved tensors, rebuilt in backward"
                          : "one layer's attention core, rebuilt in backward"};
    DetailedTerm loss{"none", TermKind::Transient, 0, "no transient at this moment"};
    Wide atStart = held;
    if (s.last) {
        atStart += addTensors(terms, c.plan.output, c.scale, 1, "per token × s·b, one micro-batch");
        loss = lossTransientTerm(c);
    }
    atStart += loss.bytes;
    if (a.recomputeTransient > 0 && held + recompute.bytes > atStart) {
        terms.resize(shared);
        terms.push_back(recompute);
        return PeakMoment::RecomputeInBackward;
    }
    if (loss.bytes > 0) {
        terms.push_back(loss);
    }
    return PeakMoment::StartOfBackward;
}

std::array<DetailedTerm, 3> overheadTerms(const Context& c, std::int64_t allocated) {
    const Parallelism& p = c.sc.parallel;
    const RuntimeOverhead& o = c.options.overhead;
    const std::int64_t dp = p.gpus / (p.tp * p.pp * p.cp);
    const std::int64_t communicators =
        int{dp > 1} + int{p.tp > 1} + int{p.pp > 1} + int{p.cp > 1} + int{p.ep > 1};
    const double reserve = std::clamp(o.allocatorReserve, 0.0, 10.0);
    const auto reserveBytes = static_cast<std::int64_t>(std::ceil(double(allocated) * reserve));
    return {
        {{"allocator_reserve", TermKind::Overhead, reserveBytes,
          "caching allocator: reserved − allocated, a share of allocated (default +10%)"},
         {"cuda_context", TermKind::Overhead, std::max<std::int64_t>(0, o.cudaContextBytes),
          "CUDA context, one per process (default 500 MiB)"},
         {"nccl_buffers", TermKind::Overhead,
          std::max<std::int64_t>(0, o.ncclBytesPerCommunicator) * communicators,
          "communicators (dp, tp, pp, cp, ep > 1) × bytes per communicator (default 256 MiB)"}}};
}

// The adapters' r-wide intermediates of the layers the stage keeps (a recomputed layer keeps
// only its input); their inputs are the base linears' saved inputs, already in the lists.
void appendLoraTerm(const Context& c, const PipelineStage& s, std::vector<DetailedTerm>& terms) {
    const TrainingSetup& t = c.sc.training;
    const std::int64_t layers = s.denseLayers + s.moeLayers;
    std::int64_t recomputed = 0;
    if (t.recompute == Recompute::Full) {
        recomputed = t.recomputeLayers == 0 ? layers : std::min(t.recomputeLayers, layers);
    }
    const std::int64_t bytes =
        loraIntermediateBytes(c.sc, c.options, (layers - recomputed) * s.inflightChunks);
    if (bytes > 0) {
        terms.push_back({"lora_intermediate", TermKind::Activations, bytes,
                         "tokens × r per adapter × kept layers, in the activations' format"});
    }
}

// Stage `index` written into `m` (default-constructed on entry); false when its memory does not
// fit in 64 bits.
bool stageMemoryInto(StageMemory& m, const Context& c, std::int64_t index) {
    const PipelineStage s = pipelineStage(c.sc.model, c.sc.parallel, index);
    const StageActivations a = stageActivations(c, s);
    m.stage = index;
    m.layers = s.denseLayers + s.moeLayers;
    m.inflightChunks = s.inflightChunks;
    m.perLayer = a.perLayer;
    m.activationLayers = a.layers;
    m.terms.reserve(20);
    if (c.plan.states) {
        appendStageStateTerms(index == 0 ? c.plan.states->first : c.plan.states->last, c.sc,
                              m.terms);
    } else {
        appendModelStateTerms(c.sc, c.options, c.plan.parameters, s, m.terms, nullptr,
                              c.plan.finetune);
    }
    appendLoraTerm(c, s, m.terms);
    m.moment = appendPeakMoment(c, s, a, m.terms);
    Wide total = 0;
    bool saturated = false; // a term clamped at INT64_MAX: the memory does not fit in 64 bits
    for (const DetailedTerm& t : m.terms) {
        total += t.bytes;
        saturated |= t.bytes >= std::numeric_limits<std::int64_t>::max();
    }
    if (c.options.overhead.counted && total <= kInt64Max) {
        const std::array<DetailedTerm, 3> overhead =
            overheadTerms(c, static_cast<std::int64_t>(total));
        m.terms.insert(m.terms.end(), overhead.begin(), overhead.end());
        for (const DetailedTerm& t : overhead) {
            total += t.bytes;
            saturated |= t.bytes >= std::numeric_limits<std::int64_t>::max();
        }
    }
    if (saturated || total > kInt64Max) {
        return false;
    }
    m.peak = static_cast<std::int64_t>(total);
    return true;
}

Reconciliation reconcile(const Context& c, const StageMemory& busiest) {
    Reconciliation r;
    // Without counted overhead every term is allocated: the peak is their sum already.
    Wide allocated = busiest.peak;
    if (c.options.overhead.counted) {
        allocated = 0;
        for (const DetailedTerm& t : busiest.terms) {
            allocated += t.kind == TermKind::Overhead ? 0 : t.bytes;
        }
    }
    r.allocated = static_cast<std::int64_t>(allocated);
    r.overhead = overheadTerms(c, r.allocated);
    r.reserved = r.allocated + r.overhead[0].bytes;
    r.nvidiaSmi = r.reserved + r.overhead[1].bytes + r.overhead[2].bytes;
    return r;
}

KindBytes kindBytes(const LayerWidths& widths, const LayerGeometry& g) {
    const LayerBytes both = layerBytesBoth(widths, g);
    return {both.none, both.selective};
}

} // namespace

std::string_view toString(TermKind kind) {
    switch (kind) {
    case TermKind::Parameters:
        return "parameters";
    case TermKind::Gradients:
        return "gradients";
    case TermKind::Optimizer:
        return "optimizer";
    case TermKind::Activations:
        return "activations";
    case TermKind::Transient:
        return "transient";
    case TermKind::Buffers:
        return "buffers";
    case TermKind::Overhead:
        return "overhead";
    }
    return "";
}

std::string_view toString(PeakMoment moment) {
    return moment == PeakMoment::StartOfBackward ? "start_of_backward" : "recompute_in_backward";
}

namespace {

const char* const kTooManyParameters = "the parameter count of this model does not fit in 64 "
                                       "bits: lower the vocabulary, width, layers or experts";

LayerOptions layerOptions(const Scenario& sc, const DetailedOptions& options) {
    const TrainingSetup& t = sc.training;
    return {t.implementation, t.attention, activationFormat(sc, options), t.dropout > 0.0};
}

} // namespace

DetailedPlanResult planDetailed(const Scenario& sc, const DetailedOptions& options) {
    return planDetailed(sc, options, nullptr);
}

DetailedPlanResult planDetailed(const Scenario& sc, const DetailedOptions& options,
                                const std::optional<FinetuneModelFigures>* figures) {
    const TrainingSetup& t = sc.training;
    // Approx keeps the layers' matrices only (Korthikanti et al.'s 12Lh², no vocabulary).
    const std::optional<ParameterSplit> parameters = splitParameters(sc.model, t.count);
    if (!parameters) {
        return LayoutError{kTooManyParameters};
    }
    // Built in its result: a plan is a few kilobytes.
    DetailedPlanResult result{std::in_place};
    DetailedPlan& plan = result.value();
    plan.scenario = sc;
    plan.options = options;
    plan.parameters = *parameters;
    plan.layer = layerOptions(sc, options);
    plan.dense = layerSavedTensors(sc.model, plan.layer, false);
    if (sc.model.moe.experts > 1) {
        plan.moe = layerSavedTensors(sc.model, plan.layer, true);
    }
    const bool tpSplitsSequence = sc.parallel.sequenceParallel && sc.parallel.tp > 1;
    plan.denseWidths = layerWidths(plan.dense, tpSplitsSequence);
    plan.moeWidths = layerWidths(plan.moe, tpSplitsSequence);
    plan.embedding = embeddingSavedTensors(sc.model, plan.layer);
    plan.output = outputSavedTensors(sc.model, plan.layer, t.loss);
    plan.checkpoint = checkpointInput(sc.model, plan.layer);
    plan.lossTransient = lossTransient(sc.model, plan.layer, t.loss);
    const Strategy d = sc.parallel.data;
    const bool accumulates = t.implementation == Implementation::HuggingFace &&
                             (d == Strategy::Zero1 || d == Strategy::Zero2 || d == Strategy::Zero3);
    if (finetunePriced(t.finetune) || accumulates) { // the only readers of the figures
        plan.finetune = figures ? *figures : finetuneFigures(sc, options);
    }
    return result;
}

bool planServes(const DetailedPlan& plan, const Scenario& sc, const DetailedOptions& options) {
    Scenario same = sc;
    same.training.seqLen = plan.scenario.training.seqLen;
    same.training.batch = plan.scenario.training.batch;
    same.parallel.gpus = plan.scenario.parallel.gpus;
    return same == plan.scenario && options == plan.options;
}

namespace {

const char* const kMemoryTooLarge = "the memory of this scenario does not fit in 64-bit bytes: "
                                    "lower the sequence length, micro-batch or model size";

// The estimate of a valid layout from its plan's parts and its layer lists' bytes at this s and
// b, written into `e` (default-constructed on entry); its lists are left to the caller. The
// first stage is written in its place; a last one replaces it only where it holds more.
std::optional<LayoutError> evaluateInto(DetailedEstimate& e, const PlanParts& plan,
                                        const DetailedOptions& options, const Scenario& sc,
                                        const LayerGeometry& geometry, KindBytes dense,
                                        KindBytes moe) {
    const Parallelism& p = sc.parallel;
    const TensorScale scale(geometry);
    Context c{sc, plan, options, scale, geometry, dense, moe, savedBytes(plan.checkpoint, scale)};
    if (!stageMemoryInto(e.busiest, c, 0)) {
        return LayoutError{kMemoryTooLarge};
    }
    e.firstStagePeak = e.busiest.peak;
    e.lastStagePeak = e.busiest.peak;
    if (p.pp > 1) {
        StageMemory last;
        if (!stageMemoryInto(last, c, p.pp - 1)) {
            return LayoutError{kMemoryTooLarge};
        }
        e.lastStagePeak = last.peak;
        if (last.peak > e.busiest.peak) {
            e.busiest = std::move(last);
        }
    }
    e.geometry = c.geometry;
    if (plan.reconciled) {
        e.reconciliation = reconcile(c, e.busiest);
    }
    return std::nullopt;
}

LayerGeometry geometryOf(const Scenario& sc) {
    const Parallelism& p = sc.parallel;
    return {sc.training.seqLen, sc.training.batch, p.tp, p.sequenceParallel, p.cp};
}

std::optional<LayoutError> evaluateInto(DetailedEstimate& e, const DetailedPlan& plan,
                                        const Scenario& sc, const LayoutStates* states = nullptr,
                                        bool reconciled = true) {
    const PlanParts parts{plan.parameters,
                          plan.layer.implementation,
                          plan.embedding,
                          plan.output,
                          plan.checkpoint,
                          plan.lossTransient,
                          plan.finetune ? &*plan.finetune : nullptr,
                          states,
                          reconciled};
    const LayerGeometry g = geometryOf(sc);
    // A dense model's MoE list is empty: its bytes are 0 without summing sixteen empty classes.
    return evaluateInto(e, parts, plan.options, sc, g, kindBytes(plan.denseWidths, g),
                        plan.moe.empty() ? KindBytes{} : kindBytes(plan.moeWidths, g));
}

} // namespace

// Every path returns the one result, so it is built in the caller's slot.
DetailedResult detailedEstimate(const DetailedPlan& plan, const Scenario& sc) {
    DetailedResult r{std::in_place};
    std::optional<LayoutError> error = validateLayout(sc.model, sc.training, sc.parallel);
    if (!error) {
        error = evaluateInto(r.value(), plan, sc);
    }
    if (error) {
        r = *std::move(error);
        return r;
    }
    r.value().denseLayer = plan.dense;
    r.value().moeLayer = plan.moe;
    return r;
}

// One estimate builds no plan: its layer lists are summed as they are written, so it needs
// neither the plan's copy of the scenario nor the lists' widths. The embedding's and the output's
// tensors are written on the stack; each layer list fits malloc's per-thread cache.
std::optional<LayoutError> detailedEstimateInto(DetailedEstimate& e, const Scenario& sc,
                                                const DetailedOptions& options,
                                                const std::optional<ParameterSplit>& parameters) {
    if (auto error = validateLayout(sc.model, sc.training, sc.parallel)) {
        return error;
    }
    if (!parameters) {
        return LayoutError{kTooManyParameters};
    }
    const LayerOptions layer = layerOptions(sc, options);
    const LayerGeometry g = geometryOf(sc);
    ListSums denseSums(g);
    e.denseLayer = layerSavedTensors(sc.model, layer, false, denseSums);
    LayerBytes routed;
    if (sc.model.moe.experts > 1) {
        ListSums moeSums(g);
        e.moeLayer = layerSavedTensors(sc.model, layer, true, moeSums);
        if (!e.moeLayer.empty()) {
            routed = layerBytesBoth(moeSums, e.moeLayer, g);
        }
    }
    EndTensors ends;
    std::vector<SavedTensor> spilled; // only where the stack list would not hold them (none do)
    std::span<const SavedTensor> all;
    std::size_t embeddingEnd = 0;
    if (writeEndTensors(sc.model, layer, sc.training.loss, ends)) {
        all = ends.all();
        embeddingEnd = ends.embedding;
    } else {
        appendEmbeddingSavedTensors(sc.model, layer, spilled);
        embeddingEnd = spilled.size();
        appendOutputSavedTensors(sc.model, layer, sc.training.loss, spilled);
        all = spilled;
    }
    const SavedTensor checkpoint = checkpointInput(sc.model, layer);
    const SavedTensor loss = lossTransient(sc.model, layer, sc.training.loss);
    const PlanParts parts{*parameters,
                          layer.implementation,
                          all.first(embeddingEnd),
                          all.subspan(embeddingEnd),
                          checkpoint,
                          loss};
    const LayerBytes denseBytes = layerBytesBoth(denseSums, e.denseLayer, g);
    return evaluateInto(e, parts, options, sc, g, {denseBytes.none, denseBytes.selective},
                        {routed.none, routed.selective});
}

// The split is taken first: the layout is checked before it is read.
std::optional<LayoutError> detailedEstimateInto(DetailedEstimate& e, const Scenario& sc,
                                                const DetailedOptions& options) {
    return detailedEstimateInto(e, sc, options, splitParameters(sc.model, sc.training.count));
}

// Every path returns the one result, so it is built in the caller's slot.
DetailedResult detailedEstimate(const Scenario& sc, const DetailedOptions& options) {
    DetailedResult r{std::in_place};
    if (auto error = detailedEstimateInto(r.value(), sc, options)) {
        r = *std::move(error);
    }
    return r;
}

Expected<StageMemory, LayoutError> busiestStage(const DetailedPlan& plan, const Scenario& sc) {
    return busiestStage(plan, LayoutStates{}, sc);
}

Expected<StageMemory, LayoutError> busiestStage(const DetailedPlan& plan,
                                                const LayoutStates& states, const Scenario& sc) {
    if (auto error = validateLayout(sc.model, sc.training, sc.parallel)) {
        return *error;
    }
    DetailedEstimate e;
    // A search reads the peak and the terms only: no reconciliation.
    if (auto error = evaluateInto(e, plan, sc, states.valid ? &states : nullptr, false)) {
        return *error;
    }
    return std::move(e.busiest);
}

} // namespace lgm
