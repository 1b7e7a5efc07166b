#include "finetune_terms.h"

#include "parameter_groups.h"

#include <algorithm>
#include <limits>

namespace lgm {

namespace {

__extension__ using Wide = __int128;
constexpr Wide kMax = std::numeric_limits<std::int64_t>::max();

Wide shard(Wide bytes, Wide ranks) {
    return (bytes + ranks - 1) / ranks;
}

struct Builder {
    FinetuneEstimate out;
    bool overflow = false;
    void add(std::string_view id, TermKind kind, MemorySide side, Wide bytes,
             std::string_view formula, bool pinned = false) {
        if (bytes < 0 || bytes > kMax) {
            overflow = true;
            return;
        }
        if (bytes > 0) {
            out.terms.push_back({id, kind, side, std::int64_t(bytes), formula, pinned});
        }
    }
};

std::optional<FinetuneError> check(const TrainingSetup& t, const FinetuneSetup& s) {
    if (s.zeroStage < 0 || s.zeroStage > 3) {
        return FinetuneError{"--zero-stage must be 0, 1, 2 or 3"};
    }
    if (s.dataParallel < 1 || s.gpusPerNode < 1) {
        return FinetuneError{"the data-parallel size and GPUs per node must be at least 1"};
    }
    if (s.gradAccumulation < 1 || s.gradAccumulation > 1000000) {
        return FinetuneError{"--grad-accumulation must be between 1 and 1,000,000"};
    }
    if (s.method != FinetuneMethod::Full && (s.lora.rank < 1 || s.lora.rank > 100000)) {
        return FinetuneError{"--lora-rank must be between 1 and 100,000"};
    }
    if (s.method != FinetuneMethod::Full && s.lora.targets == 0) {
        return FinetuneError{"--lora-targets must name at least one of q,k,v,o,gate,up,down"};
    }
    if (s.offload == Offload::Optimizer && s.zeroStage < 1) {
        return FinetuneError{"--offload optimizer needs ZeRO stage 1, 2 or 3"};
    }
    if (s.offload == Offload::OptimizerParams && s.zeroStage != 3) {
        return FinetuneError{"--offload optimizer+params needs ZeRO stage 3"};
    }
    if (t.seqLen < 1 || t.batch < 1 || t.seqLen > 100000000 || t.batch > 1000000) {
        return FinetuneError{"the sequence length must be 1 to 100,000,000 and the micro-batch 1 "
                             "to 1,000,000"};
    }
    return std::nullopt;
}

std::int64_t largestTensor(const std::vector<WeightTensor>& tensors) {
    std::int64_t n = 0;
    for (const WeightTensor& t : tensors) {
        n = std::max(n, t.elements());
    }
    return n;
}

} // namespace

std::string_view toString(Offload o) {
    switch (o) {
    case Offload::None:
        return "none";
    case Offload::Optimizer:
        return "optimizer";
    case Offload::OptimizerParams:
        return "optimizer+params";
    }
    return "none";
}

std::optional<Offload> offloadFromString(std::string_view text) {
    for (Offload o : {Offload::None, Offload::Optimizer, Offload::OptimizerParams}) {
        if (toString(o) == text) {
            return o;
        }
    }
    return std::nullopt;
}

Expected<FinetuneEstimate, FinetuneError>
estimateFinetune(const ModelSpec& model, const TrainingSetup& training, const FinetuneSetup& s) {
    if (auto bad = check(training, s)) {
        return *bad;
    }
    const FinetuneError tooLarge{
        "the model inputs give counts beyond 64 bits; make the model smaller"};
    const auto base = weightTensors(model);
    const auto counted = countParameters(model, CountMode::Exact);
    const bool full = s.method == FinetuneMethod::Full;
    const auto trainableTensors = full ? base : loraTensors(model, s.lora);
    if (!base || !counted || !trainableTensors) {
        return tooLarge;
    }
    const bool mixed = isMixed(training.precision);
    const Wide pw = mixed ? 2 : 4, gw = (!mixed || training.fp32Gradients) ? 4 : 2;
    const Wide dp = s.dataParallel;
    OptimizerOptions opt = s.optimizer;
    // DeepSpeed's CPU Adam steps an fp32 partition whatever the GPU holds.
    const bool fp32Step = !mixed || s.master == MasterWeights::Fp32 || s.offload != Offload::None;
    opt.stateWidth = fp32Step ? 4 : 2;
    const auto trainable = totalElements(*trainableTensors);
    const auto states = optimizerStateBytes(*trainableTensors, opt);
    const auto frozen = frozenWeightBytes(model, s.method, std::int64_t(pw), s.nf4);
    if (!trainable || !states || !frozen) {
        return tooLarge;
    }
    const Wide T = *trainable;
    const bool offOpt = s.offload != Offload::None,
               offParams = s.offload == Offload::OptimizerParams;
    const Wide master = mixed && s.master == MasterWeights::Fp32 ? 4 * T : 0;
    const Wide optShard = s.zeroStage >= 1 ? dp : 1, gradShard = s.zeroStage >= 2 ? dp : 1;
    const Wide paramShard = s.zeroStage == 3 ? dp : 1;

    Builder b;
    b.out.trainable = *trainable;
    b.out.frozen = full ? 0 : counted->total;
    const Wide weights = shard(pw * T, paramShard), frozenShard = shard(*frozen, paramShard);
    if (offParams) { // ZeRO-Infinity: the GPU gathers the layer it runs and prefetches the next
        const Wide live =
            std::min<Wide>(2 * Wide(counted->largestLayer) * pw, weights + frozenShard);
        b.add("live_weights", TermKind::Parameters, MemorySide::Gpu, live,
              "2 × largest layer × w (gathered + prefetched)");
        b.add("cpu_weights", TermKind::Parameters, MemorySide::Cpu, weights + frozenShard,
              "16-bit weights / dp", true);
    } else {
        b.add("trainable_weights", TermKind::Parameters, MemorySide::Gpu, weights, "w × trainable");
        b.add("frozen_weights", TermKind::Parameters, MemorySide::Gpu, frozenShard,
              s.method == FinetuneMethod::Qlora ? "NF4 matrices + 16-bit rest" : "w × frozen");
    }
    if (offOpt) {
        // Gradients leave the GPU bucket by bucket for the fp32 partition on the host.
        b.add("gradients", TermKind::Gradients, MemorySide::Gpu,
              gw * std::min<Wide>(T, s.reduceBucketElements), "g × min(trainable, reduce bucket)");
        b.add("cpu_master_weights", TermKind::Optimizer, MemorySide::Cpu, shard(4 * T, dp),
              "4 × trainable / dp", true);
        b.add("cpu_gradients", TermKind::Gradients, MemorySide::Cpu, shard(4 * T, dp),
              "4 × trainable / dp (fp32 partition)", true);
        b.add("cpu_optimizer_states", TermKind::Optimizer, MemorySide::Cpu, shard(*states, dp),
              optimizerFormula(opt.kind));
        if (s.zeroStage < 3) { // stage_1_and_2.py's bit16 copy-back and temp grad buffers
            const Wide largest = largestTensor(*trainableTensors);
            b.add("cpu_staging", TermKind::Buffers, MemorySide::Cpu,
                  shard(pw * T, dp) + gw * largest, "w × trainable / dp + g × largest tensor",
                  true);
            b.add("offload_staging", TermKind::Buffers, MemorySide::Gpu, gw * largest,
                  "g × largest tensor");
        }
    } else {
        b.add("gradients", TermKind::Gradients, MemorySide::Gpu, shard(gw * T, gradShard),
              "g × trainable");
        b.add("master_weights", TermKind::Optimizer, MemorySide::Gpu, shard(master, optShard),
              "4 × trainable");
        b.add("optimizer_states", TermKind::Optimizer, MemorySide::Gpu, shard(*states, optShard),
              optimizerFormula(opt.kind));
    }
    // Under offload the host's fp32 gradient partition is the accumulation buffer already.
    if (s.fp32AccumulationBuffer && mixed && !offOpt) {
        b.add("grad_accumulation", TermKind::Buffers, MemorySide::Gpu, shard(4 * T, gradShard),
              "4 × trainable (fp32 main_grad)");
    }
    if (!full) {
        const auto acts = adapterActivationBytes(model, s.lora, training.seqLen * training.batch,
                                                 std::int64_t(pw), s.loraDropout);
        if (!acts) {
            return tooLarge;
        }
        b.add("lora_inputs", TermKind::Activations, MemorySide::Gpu, acts->inputs,
              "w × tokens × d_in per distinct adapter input");
        b.add("lora_intermediate", TermKind::Activations, MemorySide::Gpu, acts->intermediate,
              "w × tokens × r per adapter");
    }
    Wide gpu = 0, cpu = 0;
    for (const MemoryTerm& t : b.out.terms) {
        (t.side == MemorySide::Gpu ? gpu : cpu) += t.bytes;
    }
    const Wide perNode = cpu * std::min<Wide>(s.gpusPerNode, dp);
    const Wide global = dp * training.batch * s.gradAccumulation;
    if (b.overflow || gpu > kMax || perNode > kMax || global > kMax) {
        return tooLarge;
    }
    b.out.gpuBytes = std::int64_t(gpu);
    b.out.cpuBytesPerGpu = std::int64_t(cpu);
    b.out.cpuBytesPerNode = std::int64_t(perNode);
    b.out.globalBatch = std::int64_t(global);
    return b.out;
}

} // namespace lgm
