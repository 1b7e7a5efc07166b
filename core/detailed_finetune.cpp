#include "detailed_finetune.h"

#include "finetune.h"
#include "optimizer_states.h"
#include "parameter_groups.h"
#include "per_gpu.h"

#include <algorithm>
#include <limits>
#include <optional>

namespace lgm {

namespace {

__extension__ using Wide = __int128;
constexpr Wide kMax = std::numeric_limits<std::int64_t>::max();
// DeepSpeed's reduce_bucket_size default: ZeRO-Offload streams gradients to the host through
// buckets of this many elements.
constexpr Wide kReduceBucket = 500'000'000;

Wide ceilDiv(Wide a, Wide b) {
    return b > 0 ? (a + b - 1) / b : 0;
}

std::int64_t clamped(Wide n) {
    return n < 0 || n > kMax ? std::numeric_limits<std::int64_t>::max() : std::int64_t(n);
}

LoraSettings loraOf(const Scenario& s) {
    LoraSettings lora;
    lora.rank = s.training.finetune.loraRank;
    lora.targets = static_cast<unsigned>(s.training.finetune.loraTargets);
    lora.fusedQkv = fusedQkvByDefault(s.model.family);
    return lora;
}

using ModelFigures = FinetuneModelFigures;

// The optimizer steps fp32 states when the implementation keeps an fp32 copy to step, and
// DeepSpeed's CPU Adam steps an fp32 partition whatever the GPU holds.
std::int64_t stateWidth(const Scenario& s, const StateBytes& b) {
    const FinetuneSpec& f = s.training.finetune;
    if (f.offload != Offload::None) {
        return 4;
    }
    if (f.master == MasterWeights::None) {
        return b.weights;
    }
    return b.optimizer >= 12 ? 4 : b.optimizer / 2; // Megatron's 12 or 16 B hold 8 B of m and v
}

// The master copy (and Megatron's fp32 gradient copy under fp16) per trainable parameter.
std::int64_t masterRate(const Scenario& s, const StateBytes& b) {
    if (s.training.finetune.master == MasterWeights::None) {
        return 0;
    }
    return b.optimizer >= 12 ? b.optimizer - 8 : 0;
}

std::optional<ModelFigures> modelFigures(const Scenario& s, const StateBytes& b) {
    const FinetuneSpec& f = s.training.finetune;
    const bool full = f.method == FinetuneMethod::Full;
    const auto tensors = full ? weightTensors(s.model) : loraTensors(s.model, loraOf(s));
    const auto counted = countParameters(s.model, CountMode::Exact);
    if (!tensors || !counted) {
        return std::nullopt;
    }
    OptimizerOptions options;
    options.kind = f.optimizer;
    options.stateWidth = stateWidth(s, b);
    options.adafactorFirstMoment = f.adafactorFirstMoment;
    const auto trainable = totalElements(*tensors);
    const auto states = optimizerStateBytes(*tensors, options);
    // The frozen base sits in 16 bits whenever the run computes in 16 bits.
    const std::int64_t frozenWidth = s.training.precision == Precision::Fp32 ? 4 : 2;
    const auto frozen = frozenWeightBytes(s.model, f.method, frozenWidth);
    if (!trainable || !states || !frozen) {
        return std::nullopt;
    }
    ModelFigures m;
    m.total = std::max<Wide>(counted->total, 1);
    m.trainable = *trainable;
    m.frozen = *frozen;
    m.states = *states;
    for (const WeightTensor& t : *tensors) {
        m.largest = std::max<Wide>(m.largest, t.elements());
    }
    return m;
}

// A whole-model figure's share on this GPU: figure × owned / Ψ. Under full fine-tuning the
// trainable elements are the owned elements themselves.
Wide part(Wide figure, std::int64_t owned, const ModelFigures& m) {
    return ceilDiv(figure * owned, m.total);
}

Wide trainableOwned(const Scenario& s, std::int64_t owned, const ModelFigures& m) {
    return s.training.finetune.method == FinetuneMethod::Full ? Wide(owned)
                                                              : part(m.trainable, owned, m);
}

void push(std::vector<DetailedTerm>& terms, DetailedTerm term, Wide bytes) {
    term.bytes = clamped(bytes);
    if (term.bytes > 0) {
        terms.push_back(term);
    }
}

void tooLarge(std::vector<DetailedTerm>& terms) {
    terms.push_back({"model_states", TermKind::Parameters, std::numeric_limits<std::int64_t>::max(),
                     "beyond 64-bit bytes"});
}

// The weights one GPU holds of the stage, before and after the strategy's sharding.
struct Weights {
    Wide trainable = 0, frozen = 0;
};

Weights ownedWeights(const Scenario& s, const StateBytes& b, const StageShare& sh,
                     const ModelFigures& m) {
    return {trainableOwned(s, sh.parameters, m) * b.weights, part(m.frozen, sh.parameters, m)};
}

void hostTerms(const Scenario& s, const StateBytes& b, const StageShare& sh, const ModelFigures& m,
               std::vector<DetailedTerm>& host) {
    const Wide t = trainableOwned(s, sh.optimizer, m);
    push(host, {"cpu_master_weights", TermKind::Optimizer, 0, "4 B × trainable / dp (pinned)"},
         4 * t);
    push(host, {"cpu_gradients", TermKind::Gradients, 0, "4 B × trainable / dp (pinned)"}, 4 * t);
    push(host, {"cpu_optimizer_states", TermKind::Optimizer, 0, "optimizer states / dp"},
         part(m.states, sh.optimizer, m));
    if (!sh.shardedParameters) { // stage_1_and_2.py's 16-bit copy-back and gradient buffer
        push(host, {"cpu_staging", TermKind::Buffers, 0, "w × trainable / dp + g × largest tensor"},
             t * b.weights + Wide(b.gradients) * m.largest);
    }
    if (s.training.finetune.offload == Offload::OptimizerParams) {
        const Weights w = ownedWeights(s, b, sh, m);
        push(host, {"cpu_weights", TermKind::Parameters, 0, "the 16-bit weights / dp (pinned)"},
             w.trainable + w.frozen);
    }
}

} // namespace

bool finetunePriced(const FinetuneSpec& f) {
    return f.method != FinetuneMethod::Full || f.optimizer != Optimizer::AdamW ||
           f.master != MasterWeights::Fp32 || f.offload != Offload::None;
}

std::optional<FinetuneModelFigures> finetuneFigures(const Scenario& s,
                                                    const DetailedOptions& options) {
    return modelFigures(s, scenarioStateBytes(s, options));
}

void appendFinetuneStateTerms(const Scenario& s, const StateBytes& b, const StageShare& sh,
                              std::vector<DetailedTerm>& gpu, std::vector<DetailedTerm>* host,
                              const FinetuneModelFigures* given) {
    const auto figures = given ? std::optional<ModelFigures>(*given) : modelFigures(s, b);
    if (!figures) {
        tooLarge(gpu);
        return;
    }
    const ModelFigures& m = *figures;
    const FinetuneSpec& f = s.training.finetune;
    const Weights w = ownedWeights(s, b, sh, m);
    if (f.offload == Offload::OptimizerParams) {
        // ZeRO-Infinity: the GPU gathers the layer it runs and prefetches the next.
        const Wide whole = trainableOwned(s, sh.stage, m) * b.weights + part(m.frozen, sh.stage, m);
        const Wide live =
            std::min(whole, ceilDiv(whole * 2 * sh.unit, std::max<Wide>(sh.stage, 1)));
        push(gpu, {"live_weights", TermKind::Parameters, 0, "2 units (gathered + prefetched)"},
             live);
    } else {
        push(gpu, {"parameters", TermKind::Parameters, 0, "weight bytes × trainable on this GPU"},
             w.trainable);
        push(gpu,
             {"frozen_weights", TermKind::Parameters, 0,
              f.method == FinetuneMethod::Qlora ? "NF4 linears + 16-bit rest, the stage's share"
                                                : "16-bit base × the stage's share"},
             w.frozen);
    }
    const Wide tg = trainableOwned(s, sh.gradients, m);
    if (f.offload != Offload::None) {
        // Gradients leave for the host bucket by bucket; stages 1 and 2 also keep a GPU buffer
        // of the largest tensor's gradient for the copy.
        const Wide stage = trainableOwned(s, sh.stage, m);
        push(gpu, {"gradients", TermKind::Gradients, 0, "g × min(trainable, reduce bucket)"},
             Wide(b.gradients) * std::min(stage, kReduceBucket));
        if (!sh.shardedParameters) {
            push(gpu, {"offload_staging", TermKind::Buffers, 0, "g × largest trainable tensor"},
                 Wide(b.gradients) * m.largest);
        }
        if (host) {
            hostTerms(s, b, sh, m, *host);
        }
        return;
    }
    push(gpu, {"gradients", TermKind::Gradients, 0, "gradient bytes × trainable on this GPU"},
         tg * b.gradients);
    const Wide to = trainableOwned(s, sh.optimizer, m);
    push(gpu,
         {"optimizer", TermKind::Optimizer, 0,
          "master bytes × trainable + the optimizer's states of the trainable tensors"},
         to * masterRate(s, b) + part(m.states, sh.optimizer, m));
}

std::int64_t trainablePart(const Scenario& s, std::int64_t elements) {
    if (s.training.finetune.method == FinetuneMethod::Full) {
        return elements;
    }
    const auto tensors = loraTensors(s.model, loraOf(s));
    const auto counted = countParameters(s.model, CountMode::Exact);
    const auto trainable = tensors ? totalElements(*tensors) : std::nullopt;
    if (!trainable || !counted || counted->total <= 0) {
        return std::numeric_limits<std::int64_t>::max();
    }
    return clamped(ceilDiv(Wide(*trainable) * elements, counted->total));
}

void appendAccumulationTerm(const Scenario& s, const DetailedOptions& options, const StageShare& sh,
                            std::vector<DetailedTerm>& terms, const FinetuneModelFigures* given) {
    const Strategy d = s.parallel.data;
    const bool deepSpeed = d == Strategy::Zero1 || d == Strategy::Zero2 || d == Strategy::Zero3;
    const TrainingSetup& t = s.training;
    if (t.finetune.gradAccumulation <= 1 || options.pureBf16 || !deepSpeed ||
        t.implementation != Implementation::HuggingFace || t.precision != Precision::Bf16Mixed ||
        t.finetune.offload != Offload::None) {
        return; // under offload the host's fp32 gradient partition accumulates
    }
    const auto figures = given ? std::optional<ModelFigures>(*given)
                               : modelFigures(s, scenarioStateBytes(s, options));
    if (!figures) {
        tooLarge(terms);
        return;
    }
    push(terms,
         {"grad_accumulation_fp32", TermKind::Buffers, 0,
          "DeepSpeed bf16: 4 B × trainable, the fp32 gradients the k micro-batches add into"},
         4 * trainableOwned(s, sh.gradients, *figures));
}

std::int64_t loraIntermediateBytes(const Scenario& s, const DetailedOptions& options,
                                   std::int64_t keptLayerChunks) {
    if (s.training.finetune.method == FinetuneMethod::Full || keptLayerChunks <= 0) {
        return 0;
    }
    const NumericFormat format = activationFormat(s, options);
    const std::int64_t width = format == NumericFormat::Fp32 ? 4 : 2;
    const std::int64_t tokens =
        ceilDiv(s.training.seqLen * s.training.batch, std::max<std::int64_t>(s.parallel.cp, 1));
    const auto acts = adapterActivationBytes(s.model, loraOf(s), tokens, width);
    if (!acts) {
        return std::numeric_limits<std::int64_t>::max();
    }
    // Every layer carries the same adapters (MoE layers' experts are in the model's sum).
    return clamped(ceilDiv(Wide(acts->intermediate) * keptLayerChunks,
                           Wide(std::max<std::int64_t>(s.model.layers, 1)) *
                               std::max<std::int64_t>(s.parallel.virtualStages, 1)));
}

std::vector<DetailedTerm> detailedHostTerms(const Scenario& s, const DetailedOptions& options,
                                            std::int64_t stage) {
    std::vector<DetailedTerm> host;
    if (s.training.finetune.offload == Offload::None) {
        return host;
    }
    const auto split = splitParameters(s.model, s.training.count);
    if (!split) {
        return host;
    }
    std::vector<DetailedTerm> gpu;
    appendModelStateTerms(s, options, *split, pipelineStage(s.model, s.parallel, stage), gpu,
                          &host);
    return host;
}

} // namespace lgm
