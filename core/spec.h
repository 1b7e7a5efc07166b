#pragma once

// The three value types a memory estimate starts from: what the model is (ModelSpec), how it is
// trained (TrainingSetup) and how the work is laid out over GPUs (Parallelism), together a
// Scenario. Each holds resolved values: default rules (f = 4d, g = h, head_dim = d/h, P = s) are
// applied by the input table when an input is not given, never inside the formulas.
//
// Defaults everywhere are GPT-2 small in the lecture note's fp32 set-up on one GPU, so a
// default-constructed Scenario reproduces the seed's numbers.

#include "config.h"
#include "finetune_kinds.h"

#include <cstdint>

namespace lgm {

enum class Architecture { Gpt2, Llama, Qwen2, Gemma, NeoX, Moe, Custom };
enum class NormType { LayerNorm, RmsNorm, NonParametric }; // gain + bias, gain, nothing
enum class FfnType { Plain, Gated };                       // 2 matrices (GELU) or 3 (SwiGLU, GeGLU)
// All: every linear (GPT-2, NeoX, gpt-oss, routed experts included); QkvOnly: Q, K, V (Qwen2);
// None (Llama); Attention: Q, K, V and O but no FFN bias (Llama-type attention_bias = true).
enum class BiasMode { All, QkvOnly, None, Attention };
enum class PositionType { Learned, Rotary }; // a table of P rows, or none
enum class QkNorm { None, PerHead, Full };   // 2·head_dim or (h + g)·head_dim per layer

// Routed experts. experts == 1 is a dense model and every other field is then unused.
struct MoeSpec {
    std::int64_t experts = 1;          // E routed experts per MoE layer
    std::int64_t topK = 1;             // k experts each token passes through
    std::int64_t expertFfn = 3072;     // f_e, width of one routed expert
    std::int64_t sharedExperts = 0;    // experts every token passes through
    std::int64_t sharedFfn = 3072;     // width of each shared expert (= expertFfn unless given)
    bool sharedGate = false;           // a sigmoid gate d → 1 on the shared experts (Qwen2-MoE)
    bool routerBias = false;           // the router d × E has a bias
    std::int64_t firstDenseLayers = 0; // the first n layers keep a dense FFN of width f

    friend bool operator==(const MoeSpec&, const MoeSpec&) = default;
};

// Multi-head latent attention (DeepSeek-V2/V3): keys and values are rebuilt from a compressed
// latent of width c_kv, queries optionally from one of width c_q. kvLoraRank == 0 is ordinary
// attention, and every other field is then unused.
struct MlaSpec {
    std::int64_t kvLoraRank = 0;    // c_kv
    std::int64_t qLoraRank = 0;     // c_q; 0 = Q is projected from d directly
    std::int64_t qkNopeHeadDim = 0; // per head, the part of Q and K without rotary
    std::int64_t qkRopeHeadDim = 0; // per head, the rotary part (K's is shared by the heads)
    std::int64_t vHeadDim = 0;      // per head width of V

    friend bool operator==(const MlaSpec&, const MlaSpec&) = default;
};

struct ModelSpec {
    Architecture family = Architecture::Gpt2;
    std::int64_t vocab = 50257;    // v
    std::int64_t dModel = 768;     // d
    std::int64_t layers = 12;      // L
    std::int64_t heads = 12;       // h, query heads
    std::int64_t kvHeads = 12;     // g, key/value heads (GQA/MQA); h for multi-head attention
    std::int64_t headDim = 64;     // Q and O are d × h·head_dim, K and V d × g·head_dim
    std::int64_t ffn = 3072;       // f
    std::int64_t positions = 1024; // P, rows of a learned position table (0 under rotary)
    FfnType ffnType = FfnType::Plain;
    NormType norm = NormType::LayerNorm;
    std::int64_t normsPerLayer = 2; // 4 for Gemma-2/3's sandwich norms
    bool finalNorm = true;
    BiasMode bias = BiasMode::All;
    PositionType positionType = PositionType::Learned;
    bool tiedHead = true;          // the LM head shares the token embedding
    bool parallelResidual = false; // NeoX/Pythia: attention and MLP read the same input
    QkNorm qkNorm = QkNorm::None;
    bool attentionSinks = false; // gpt-oss: one learned logit per query head and layer
    // OPT-350m: the token table is v × e, projected to d and back by two e × d matrices without
    // bias; 0 = no projection (the table is v × d).
    std::int64_t embeddingProjection = 0;
    MlaSpec mla;
    MoeSpec moe;

    friend bool operator==(const ModelSpec&, const ModelSpec&) = default;
};

// How the detailed accounting's saved-tensor list is written (issue "real training stacks").
enum class Accounting { Seed, Detailed };
enum class Implementation { Megatron, HuggingFace };
enum class AttentionKernel { Eager, Flash };
enum class Recompute { None, Selective, Full };
enum class LossKind { Standard, Fused };

// What is trained and how (issue "fine-tuning and optimizers"): the optimizer and its fp32
// master copy, full fine-tuning or LoRA/QLoRA adapters, ZeRO-Offload to the host, and the
// micro-batches accumulated per optimizer step. The defaults are the seed's: AdamW with an fp32
// master copy under mixed precision, every parameter trained, nothing offloaded, k = 1.
struct FinetuneSpec {
    Optimizer optimizer = Optimizer::AdamW;
    bool adafactorFirstMoment = false; // Adafactor with beta1: an fp32 exp_avg as well
    MasterWeights master = MasterWeights::Fp32;
    FinetuneMethod method = FinetuneMethod::Full;
    std::int64_t loraRank = 8;                  // r
    std::int64_t loraTargets = kLoraQ | kLoraV; // LoraTarget bits; PEFT's default for Llama
    Offload offload = Offload::None;
    std::int64_t gradAccumulation = 1; // k micro-batches per optimizer step

    friend bool operator==(const FinetuneSpec&, const FinetuneSpec&) = default;
};

struct TrainingSetup {
    std::int64_t seqLen = 1024; // s
    std::int64_t batch = 8;     // b, micro-batch per GPU
    Precision precision = Precision::Fp32;
    bool fp32Gradients = false;
    CountMode count = CountMode::Exact;
    Accounting accounting = Accounting::Seed;
    Implementation implementation = Implementation::Megatron;
    AttentionKernel attention = AttentionKernel::Eager;
    double dropout = 0.0; // probability; 0 keeps no masks
    Recompute recompute = Recompute::None;
    std::int64_t recomputeLayers = 0; // layers under full recompute; 0 = all when Full
    LossKind loss = LossKind::Standard;
    FinetuneSpec finetune;

    friend bool operator==(const TrainingSetup&, const TrainingSetup&) = default;
};

struct Parallelism {
    Strategy data = Strategy::Ddp; // the data-parallel strategy
    std::int64_t gpus = 1;         // N, all GPUs
    std::int64_t gpusPerNode = 8;  // G, the shard group of fsdp-hybrid
    bool ddpBucketCopy = false;
    std::int64_t tp = 1;            // tensor parallel degree t
    bool sequenceParallel = false;  // SP, with tp > 1
    std::int64_t pp = 1;            // pipeline stages p
    std::int64_t virtualStages = 1; // v, interleaved 1F1B
    std::int64_t microbatches = 1;  // m, micro-batches in flight per step
    std::int64_t cp = 1;            // context parallel degree c
    std::int64_t ep = 1;            // expert parallel degree e

    // The data-parallel group: N / (t·p·c).
    std::int64_t dataParallel() const { return gpus / (tp * pp * cp); }

    friend bool operator==(const Parallelism&, const Parallelism&) = default;
};

struct Scenario {
    ModelSpec model;
    TrainingSetup training;
    Parallelism parallel;

    friend bool operator==(const Scenario&, const Scenario&) = default;
};

} // namespace lgm
