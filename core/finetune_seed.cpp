#include "finetune_seed.h"

#include "finetune.h"
#include "memory_terms.h"
#include "optimizer_states.h"
#include "per_gpu.h"
#include "seed_ratio.h"

#include <algorithm>
#include <limits>

namespace lgm {

namespace {

__extension__ using Wide = __int128;
constexpr Wide kMax = std::numeric_limits<std::int64_t>::max();
// DeepSpeed's reduce_bucket_size default: ZeRO-Offload streams gradients to the host through
// buckets of this many elements.
constexpr Wide kReduceBucket = 500'000'000;

Wide ceilDiv(Wide a, Wide b) {
    return (a + b - 1) / b;
}

// A model state as elements at a byte rate plus bytes that do not scale with the elements
// (NF4 constants, 8-bit Adam's block absmax, Adafactor's factored moments). Sharding keeps
// ⌈elements/n⌉ at the rate, as the seed's flat sharding does, and ⌈bytes/n⌉ of the rest.
struct State {
    Wide elements = 0;
    Wide rate = 0;
    Wide bytes = 0;
    Wide whole() const { return elements * rate + bytes; }
    Wide shard(Wide n) const { return ceilDiv(elements, n) * rate + ceilDiv(bytes, n); }
};

struct Priced {
    Wide trainable = 0, frozen = 0, frozenBytes = 0, master = 0, states = 0;
    State weights, gradients, optimizer;
    Wide largestTensor = 0; // elements of the largest trainable tensor
};

LoraSettings loraOf(const Scenario& s) {
    LoraSettings lora;
    lora.rank = s.training.finetune.loraRank;
    lora.targets = static_cast<unsigned>(s.training.finetune.loraTargets);
    lora.fusedQkv = fusedQkvByDefault(s.model.family);
    return lora;
}

// Optimizers whose states are a fixed number of bytes per element; the others depend on each
// tensor's shape (8-bit Adam's blocks and minimum size, Adafactor's row and column factors).
std::optional<Wide> constantStateRate(Optimizer o, Wide width) {
    switch (o) {
    case Optimizer::AdamW:
        return 2 * width;
    case Optimizer::Sgd:
        return 0;
    case Optimizer::SgdMomentum:
    case Optimizer::Lion:
        return width;
    case Optimizer::Adam8bit:
    case Optimizer::Adafactor:
        break;
    }
    return std::nullopt;
}

std::optional<Priced> price(const Estimate& e) {
    const Scenario& s = e.scenario;
    const FinetuneSpec& f = s.training.finetune;
    const BytesPerParameter seed =
        bytesPerParameter(s.training.precision, s.training.fp32Gradients);
    const bool mixed = isMixed(s.training.precision), full = f.method == FinetuneMethod::Full;
    const LoraSettings lora = loraOf(s);
    const auto tensors = full ? weightTensors(s.model) : loraTensors(s.model, lora);
    if (!tensors) {
        return std::nullopt;
    }
    Priced p;
    p.trainable = full ? Wide(e.parameters.total) : Wide(totalElements(*tensors).value_or(-1));
    p.frozen = full ? 0 : e.parameters.total;
    if (p.trainable < 0) {
        return std::nullopt;
    }
    if (f.method == FinetuneMethod::Qlora) {
        const auto nf4 = frozenWeightBytes(s.model, f.method, seed.parameters);
        if (!nf4) {
            return std::nullopt;
        }
        p.frozenBytes = *nf4;
    } else {
        p.frozenBytes = p.frozen * seed.parameters;
    }
    for (const WeightTensor& t : *tensors) {
        p.largestTensor = std::max<Wide>(p.largestTensor, t.elements());
    }
    // DeepSpeed's CPU Adam steps an fp32 partition whatever the GPU holds.
    const bool fp32Step = !mixed || f.master == MasterWeights::Fp32 || f.offload != Offload::None;
    const Wide masterRate = mixed && f.master == MasterWeights::Fp32 ? 4 : 0;
    OptimizerOptions options;
    options.kind = f.optimizer;
    options.stateWidth = fp32Step ? 4 : 2;
    options.adafactorFirstMoment = f.adafactorFirstMoment;
    p.master = masterRate * p.trainable;
    p.weights = {p.trainable, seed.parameters, p.frozenBytes};
    p.gradients = {p.trainable, seed.gradients, 0};
    if (const auto rate = constantStateRate(f.optimizer, options.stateWidth)) {
        p.states = *rate * p.trainable;
        p.optimizer = {p.trainable, masterRate + *rate, 0};
    } else {
        const auto states = optimizerStateBytes(*tensors, options);
        if (!states) {
            return std::nullopt;
        }
        p.states = *states;
        p.optimizer = {p.trainable, masterRate, *states};
    }
    return p;
}

// One FSDP unit's bytes of a state spread evenly over the layers; full fine-tuning keeps the
// seed's unit, Ψ_layer elements.
Wide unitBytes(const State& state, Wide perLayer, Wide layers, bool full) {
    if (full) {
        return perLayer * state.rate;
    }
    return ceilDiv(state.whole(), layers);
}

struct Host {
    Wide perGpu = 0, pinned = 0;
};

// ZeRO-Offload (stage_1_and_2.py, stage3.py): the host keeps this rank's fp32 master
// partition, its fp32 gradient partition and the optimizer states; under stages 1 and 2 a
// pinned copy-back of the 16-bit partition and a gradient buffer of the largest tensor; with
// the weights offloaded (ZeRO-Infinity) the 16-bit weights as well.
Host hostMemory(const Priced& p, const Scenario& s, Wide n, bool stage3) {
    const FinetuneSpec& f = s.training.finetune;
    const BytesPerParameter seed =
        bytesPerParameter(s.training.precision, s.training.fp32Gradients);
    Host h;
    const Wide master = ceilDiv(4 * p.trainable, n), grads = ceilDiv(4 * p.trainable, n);
    h.pinned = master + grads;
    h.perGpu = master + grads + ceilDiv(p.states, n);
    if (!stage3) {
        const Wide staging =
            ceilDiv(seed.parameters * p.trainable, n) + seed.gradients * p.largestTensor;
        h.perGpu += staging;
        h.pinned += staging;
    }
    if (f.offload == Offload::OptimizerParams) {
        const Wide weights = p.weights.shard(n);
        h.perGpu += weights;
        h.pinned += weights;
    }
    return h;
}

InputError tooLarge() {
    return InputError{ErrorKind::Unrepresentable,
                      Field::DModel,
                      {Field::Layers, Field::Ffn, Field::Vocab, Field::LoraRank},
                      "model states"};
}

} // namespace

bool keepsSeedRates(const FinetuneSpec& f) {
    return f.method == FinetuneMethod::Full && f.optimizer == Optimizer::AdamW &&
           f.master == MasterWeights::Fp32 && f.offload == Offload::None;
}

std::optional<PerGpu> finetunedPerGpu(const Estimate& finetuned, Strategy strategy,
                                      std::int64_t gpus) {
    // Back to what applyFinetune started from at this layout: the seed's per-GPU figures and
    // the activations without the adapters' intermediates; then priced again.
    Estimate e = finetuned;
    e.config.strategy = strategy;
    e.config.gpus = gpus;
    e.scenario.parallel.data = strategy;
    e.scenario.parallel.gpus = gpus;
    e.activations.bytes -= finetuned.finetune.loraActivations;
    const BytesPerParameter seed = bytesPerParameter(e.config.precision, e.config.fp32Gradients);
    auto perGpu = perGpuMemory(e.config, e.parameters, seed, e.activations.bytes);
    if (!perGpu) {
        return std::nullopt;
    }
    e.perGpu = perGpu.value();
    if (applyFinetune(e)) {
        return std::nullopt;
    }
    return e.perGpu;
}

std::optional<InputError> applyFinetune(Estimate& e) {
    const Scenario& s = e.scenario;
    const FinetuneSpec& f = s.training.finetune;
    e.finetune.trainable = e.parameters.total;
    e.globalBatch *= f.gradAccumulation;
    if (keepsSeedRates(f)) {
        // The seed's own rates: only the split of its optimizer column is added.
        const std::int64_t psi = e.parameters.total;
        e.finetune.masterBytes = isMixed(s.training.precision) ? 4 * psi : 0;
        e.finetune.stateBytes = e.modelStates.optimizer - e.finetune.masterBytes;
        return std::nullopt;
    }
    const auto priced = price(e);
    if (!priced ||
        priced->weights.whole() + priced->gradients.whole() + priced->optimizer.whole() > kMax) {
        return tooLarge();
    }
    const Priced& p = *priced;
    const bool full = f.method == FinetuneMethod::Full;
    const Config& c = e.config;
    const ShardingRule rule = shardingRule(c.strategy);
    const Wide n = c.strategy == Strategy::FsdpHybrid ? c.gpusPerNode : c.gpus;
    const Wide layers = c.layers;

    // The adapters' r-wide intermediates, at the activations' width.
    Wide lora = 0;
    if (!full) {
        const auto acts = adapterActivationBytes(s.model, loraOf(s), c.seqLen * c.batch,
                                                 e.activations.bytesPerElement);
        if (!acts) {
            return tooLarge();
        }
        lora = acts->intermediate;
    }

    PerGpu& g = e.perGpu;
    const Wide units = g.gatheredUnits;
    const Wide ownParameters = rule.parameters ? p.weights.shard(n) : p.weights.whole();
    const Wide ownGradients = rule.gradients ? p.gradients.shard(n) : p.gradients.whole();
    Wide gatheredParameters =
        rule.parameters ? units * unitBytes(p.weights, e.parameters.perLayer, layers, full) : 0;
    Wide gatheredGradients =
        rule.gradients ? units * unitBytes(p.gradients, e.parameters.perLayer, layers, full) : 0;
    const Wide bucketCopy =
        c.strategy == Strategy::Ddp && c.ddpBucketCopy ? p.gradients.whole() : 0;
    Wide params = ownParameters + gatheredParameters;
    Wide grads = ownGradients + gatheredGradients + bucketCopy;
    Wide optimizer = rule.optimizer ? p.optimizer.shard(n) : p.optimizer.whole();
    Host host;
    if (f.offload != Offload::None) {
        const bool stage3 = rule.parameters;
        host = hostMemory(p, s, n, stage3);
        optimizer = 0;
        // Gradients leave for the host bucket by bucket; stages 1 and 2 also keep a GPU buffer
        // of the largest tensor's gradient for the copy.
        const BytesPerParameter seed =
            bytesPerParameter(s.training.precision, s.training.fp32Gradients);
        grads = seed.gradients * std::min<Wide>(p.trainable, kReduceBucket) + gatheredGradients +
                (stage3 ? 0 : seed.gradients * p.largestTensor);
        if (f.offload == Offload::OptimizerParams) {
            // The GPU holds the unit it runs and the one it prefetches.
            params = std::min<Wide>(2 * unitBytes(p.weights, e.parameters.perLayer, layers, full),
                                    p.weights.whole());
            gatheredParameters = params;
        }
    }
    const Wide activations = Wide(e.activations.bytes) + lora;
    const Wide states = p.weights.whole() + p.gradients.whole() + p.optimizer.whole();
    const Wide perNode = host.perGpu * std::min<Wide>(c.gpusPerNode, c.gpus);
    if (params + grads + optimizer + activations > kMax || states + activations > kMax ||
        perNode > kMax) {
        return tooLarge();
    }

    ModelStates& m = e.modelStates;
    m.parameters = std::int64_t(p.weights.whole());
    m.gradients = std::int64_t(p.gradients.whole());
    m.optimizer = std::int64_t(p.optimizer.whole());
    m.total = std::int64_t(states);
    m.perParameter.optimizer = int(p.optimizer.rate);
    e.activations.bytes = std::int64_t(activations);
    e.total = std::int64_t(states + activations);
    e.ratio.actual = double(activations) / double(states);
    e.crossover = crossovers(c, e.terms, variablesOf<double>(s, e.parameters.total), m.total);

    g.ownParameters = std::int64_t(ownParameters);
    g.ownGradients = std::int64_t(ownGradients);
    g.gatheredParameters = std::int64_t(gatheredParameters);
    g.gatheredGradients = std::int64_t(gatheredGradients);
    g.bucketCopy = std::int64_t(bucketCopy);
    g.parameters = std::int64_t(params);
    g.gradients = std::int64_t(grads);
    g.optimizer = std::int64_t(optimizer);
    g.modelStates = g.parameters + g.gradients + g.optimizer;
    g.activations = std::int64_t(activations);
    g.total = g.modelStates + g.activations;

    FinetuneFigures& out = e.finetune;
    out.trainable = std::int64_t(p.trainable);
    out.frozen = std::int64_t(p.frozen);
    out.trainableShare = double(p.trainable) / double(p.trainable + p.frozen);
    out.frozenBytes = std::int64_t(p.frozenBytes);
    out.masterBytes = std::int64_t(p.master);
    out.stateBytes = std::int64_t(p.states);
    out.loraActivations = std::int64_t(lora);
    out.cpuPerGpu = std::int64_t(host.perGpu);
    out.cpuPinned = std::int64_t(host.pinned);
    out.cpuPerNode = std::int64_t(perNode);
    return std::nullopt;
}

} // namespace lgm
