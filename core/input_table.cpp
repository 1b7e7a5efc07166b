#include "input_table.h"

#include <QtGlobal>

#include <array>
#include <bit>
#include <cmath>
#include <type_traits>

namespace lgm {

namespace {

template <typename T> std::int64_t toInt(T value) {
    if constexpr (std::is_enum_v<T>) {
        return static_cast<std::int64_t>(value);
    } else {
        return static_cast<std::int64_t>(value);
    }
}

template <typename T> T fromInt(std::int64_t value) {
    if constexpr (std::is_same_v<T, bool>) {
        return value != 0;
    } else {
        return static_cast<T>(value);
    }
}

// Accessors generated from member pointers, so a row names its field once.
template <auto Part, auto Member> std::int64_t get2(const Scenario& s) {
    return toInt((s.*Part).*Member);
}
template <auto Part, auto Member> void set2(Scenario& s, std::int64_t v) {
    auto& field = (s.*Part).*Member;
    field = fromInt<std::remove_reference_t<decltype(field)>>(v);
}
template <auto Member> std::int64_t getMoe(const Scenario& s) {
    return toInt(s.model.moe.*Member);
}
template <auto Member> void setMoe(Scenario& s, std::int64_t v) {
    auto& field = s.model.moe.*Member;
    field = fromInt<std::remove_reference_t<decltype(field)>>(v);
}

template <auto Member> std::int64_t getTune(const Scenario& s) {
    return toInt(s.training.finetune.*Member);
}
template <auto Member> void setTune(Scenario& s, std::int64_t v) {
    auto& field = s.training.finetune.*Member;
    field = fromInt<std::remove_reference_t<decltype(field)>>(v);
}

#define LGM_MODEL(member)                                                                          \
    &get2<&Scenario::model, &ModelSpec::member>, &set2<&Scenario::model, &ModelSpec::member>
#define LGM_MOE(member) &getMoe<&MoeSpec::member>, &setMoe<&MoeSpec::member>
#define LGM_TRAINING(member)                                                                       \
    &get2<&Scenario::training, &TrainingSetup::member>,                                            \
        &set2<&Scenario::training, &TrainingSetup::member>
#define LGM_TUNE(member) &getTune<&FinetuneSpec::member>, &setTune<&FinetuneSpec::member>
#define LGM_PARALLEL(member)                                                                       \
    &get2<&Scenario::parallel, &Parallelism::member>,                                              \
        &set2<&Scenario::parallel, &Parallelism::member>

constexpr std::string_view kFamilies[] = {"gpt2", "llama", "qwen2", "gemma",
                                          "neox", "moe",   "custom"};
constexpr std::string_view kFfnTypes[] = {"plain", "gated"};
constexpr std::string_view kNorms[] = {"layernorm", "rmsnorm", "none"};
constexpr std::string_view kBiases[] = {"all", "qkv", "none", "attention"}; // BiasMode order
constexpr std::string_view kPositionTypes[] = {"learned", "rotary"};
constexpr std::string_view kQkNorms[] = {"none", "per-head", "full"};
constexpr std::string_view kPrecisions[] = {"fp32", "fp16-mixed", "bf16-mixed", "bf16"};
constexpr std::string_view kCounts[] = {"exact", "approx"};
constexpr std::string_view kOptimizers[] = {"adamw",        "adam8bit",  "sgd",
                                            "sgd-momentum", "adafactor", "lion"};
constexpr std::string_view kMasterWeights[] = {"fp32", "none"};
constexpr std::string_view kFinetunes[] = {"full", "lora", "qlora"};
// LoraTarget's bits in order, then PEFT's name for all of them.
constexpr std::string_view kLoraTargets[] = {"q",    "k",  "v",    "o",
                                             "gate", "up", "down", "all-linear"};
constexpr std::string_view kOffloads[] = {"none", "optimizer", "optimizer+params"};
constexpr std::string_view kAccountings[] = {"seed", "detailed"};
constexpr std::string_view kImplementations[] = {"megatron", "huggingface"};
constexpr std::string_view kAttentions[] = {"eager", "flash"};
constexpr std::string_view kRecomputes[] = {"none", "selective", "full"};
constexpr std::string_view kLosses[] = {"standard", "fused"};
constexpr std::string_view kStrategies[] = {"ddp",       "zero1",        "zero2",      "zero3",
                                            "fsdp-full", "fsdp-grad-op", "fsdp-hybrid"};

bool always(const Scenario&) {
    return true;
}
bool learned(const Scenario& s) {
    return s.model.positionType == PositionType::Learned;
}
bool moe(const Scenario& s) {
    return s.model.moe.experts > 1;
}
bool sharedExperts(const Scenario& s) {
    return moe(s) && s.model.moe.sharedExperts > 0;
}
bool mixed(const Scenario& s) {
    return isMixed(s.training.precision);
}
bool hybrid(const Scenario& s) {
    return s.parallel.data == Strategy::FsdpHybrid;
}
bool ddp(const Scenario& s) {
    return s.parallel.data == Strategy::Ddp;
}
bool adafactor(const Scenario& s) {
    return s.training.finetune.optimizer == Optimizer::Adafactor;
}
bool adapters(const Scenario& s) {
    return s.training.finetune.method != FinetuneMethod::Full;
}
// The inputs the lecture note's formulas do not read: only the detailed accounting uses them.
bool detailed(const Scenario& s) {
    return s.training.accounting == Accounting::Detailed;
}
bool fullRecompute(const Scenario& s) {
    return detailed(s) && s.training.recompute == Recompute::Full;
}
bool tensorParallel(const Scenario& s) {
    return detailed(s) && s.parallel.tp > 1;
}
bool pipelined(const Scenario& s) {
    return detailed(s) && s.parallel.pp > 1;
}
bool expertParallel(const Scenario& s) {
    return detailed(s) && moe(s);
}

// The dropout probability as the table's whole number of thousandths.
std::int64_t getDropout(const Scenario& s) {
    return static_cast<std::int64_t>(std::llround(s.training.dropout * double(kFractionScale)));
}
void setDropout(Scenario& s, std::int64_t v) {
    s.training.dropout = static_cast<double>(v) / double(kFractionScale);
}

using K = InputKind;
using S = Section;
using R = DefaultRule;
using I = InputId;

// One row per input; the static_assert below keeps row i at InputId i.
constexpr std::array<InputSpec, kInputCount> kInputs{{
    {I::Architecture, S::Model, K::Choice, "family", "inputs.family", "architecture", "",
     QT_TRANSLATE_NOOP("Inputs", "Architecture"),
     QT_TRANSLATE_NOOP("Inputs", "Model family; choosing one sets the norm, FFN, bias, position "
                                 "and head inputs to that family's layout"),
     0, 0, kFamilies, R::None, &always, LGM_MODEL(family), 2},
    {I::Vocab,
     S::Model,
     K::Integer,
     "vocab",
     "inputs.vocab",
     "vocab",
     "v",
     QT_TRANSLATE_NOOP("Inputs", "Vocabulary size v"),
     QT_TRANSLATE_NOOP("Inputs", "Tokens in the vocabulary: rows of the token embedding"),
     1,
     10'000'000,
     {},
     R::None,
     &always,
     LGM_MODEL(vocab),
     1},
    {I::DModel,
     S::Model,
     K::Integer,
     "d_model",
     "inputs.d_model",
     "d-model",
     "d",
     QT_TRANSLATE_NOOP("Inputs", "Embedding dimension d"),
     QT_TRANSLATE_NOOP("Inputs", "Width of the residual stream (hidden size)"),
     1,
     1'000'000,
     {},
     R::None,
     &always,
     LGM_MODEL(dModel),
     1},
    {I::Layers,
     S::Model,
     K::Integer,
     "layers",
     "inputs.layers",
     "layers",
     "L",
     QT_TRANSLATE_NOOP("Inputs", "Transformer layers L"),
     QT_TRANSLATE_NOOP("Inputs", "Number of transformer layers"),
     1,
     100'000,
     {},
     R::None,
     &always,
     LGM_MODEL(layers),
     1},
    {I::Heads,
     S::Model,
     K::Integer,
     "heads",
     "inputs.heads",
     "heads",
     "h",
     QT_TRANSLATE_NOOP("Inputs", "Attention heads h"),
     QT_TRANSLATE_NOOP("Inputs", "Query heads per layer"),
     1,
     100'000,
     {},
     R::None,
     &always,
     LGM_MODEL(heads),
     1},
    {I::KvHeads,
     S::Model,
     K::Integer,
     "kv_heads",
     "inputs.kv_heads",
     "kv-heads",
     "g",
     QT_TRANSLATE_NOOP("Inputs", "Key/value heads g"),
     QT_TRANSLATE_NOOP("Inputs", "Key/value heads for grouped-query attention; must divide h"),
     1,
     100'000,
     {},
     R::Heads,
     &always,
     LGM_MODEL(kvHeads),
     2},
    {I::HeadDim,
     S::Model,
     K::Integer,
     "head_dim",
     "inputs.head_dim",
     "head-dim",
     "hd",
     QT_TRANSLATE_NOOP("Inputs", "Head dimension"),
     QT_TRANSLATE_NOOP("Inputs", "Width of one attention head: Q and O are d × h·hd, K and V "
                                 "d × g·hd"),
     1,
     1'000'000,
     {},
     R::DOverH,
     &always,
     LGM_MODEL(headDim),
     2},
    {I::Ffn,
     S::Model,
     K::Integer,
     "ffn",
     "inputs.ffn",
     "ffn",
     "f",
     QT_TRANSLATE_NOOP("Inputs", "Feed-forward dimension f"),
     QT_TRANSLATE_NOOP("Inputs", "Inner width of the feed-forward block"),
     1,
     100'000'000,
     {},
     R::FourD,
     &always,
     LGM_MODEL(ffn),
     1},
    {I::Positions,
     S::Model,
     K::Integer,
     "positions",
     "inputs.positions",
     "positions",
     "P",
     QT_TRANSLATE_NOOP("Inputs", "Position table rows P"),
     QT_TRANSLATE_NOOP("Inputs", "Rows P of the learned position table, 0 = none"),
     0,
     100'000'000,
     {},
     R::SeqOrZero,
     &learned,
     LGM_MODEL(positions),
     1},
    {I::FfnType, S::Model, K::Choice, "ffn_type", "inputs.ffn_type", "ffn-type", "",
     QT_TRANSLATE_NOOP("Inputs", "FFN type"),
     QT_TRANSLATE_NOOP("Inputs", "plain: 2 matrices (GELU); gated: 3 matrices (SwiGLU, GeGLU)"), 0,
     0, kFfnTypes, R::None, &always, LGM_MODEL(ffnType), 2},
    {I::Norm, S::Model, K::Choice, "norm", "inputs.norm", "norm", "",
     QT_TRANSLATE_NOOP("Inputs", "Norm"),
     QT_TRANSLATE_NOOP("Inputs", "layernorm: gain and bias; rmsnorm: gain; none: no parameters"), 0,
     0, kNorms, R::None, &always, LGM_MODEL(norm), 2},
    {I::NormsPerLayer,
     S::Model,
     K::Integer,
     "norms_per_layer",
     "inputs.norms_per_layer",
     "norms-per-layer",
     "",
     QT_TRANSLATE_NOOP("Inputs", "Norms per layer"),
     QT_TRANSLATE_NOOP("Inputs", "2, or 4 for sandwich norms (Gemma-2/3)"),
     2,
     4,
     {},
     R::None,
     &always,
     LGM_MODEL(normsPerLayer),
     2},
    {I::FinalNorm,
     S::Model,
     K::Switch,
     "final_norm",
     "inputs.final_norm",
     "final-norm",
     "",
     QT_TRANSLATE_NOOP("Inputs", "Final norm"),
     QT_TRANSLATE_NOOP("Inputs", "A norm after the last layer"),
     0,
     1,
     {},
     R::None,
     &always,
     LGM_MODEL(finalNorm),
     2},
    {I::Bias, S::Model, K::Choice, "bias", "inputs.bias", "bias", "",
     QT_TRANSLATE_NOOP("Inputs", "Biases"),
     QT_TRANSLATE_NOOP("Inputs", "all linears (GPT-2, NeoX), Q/K/V only (Qwen2) or none (Llama)"),
     0, 0, kBiases, R::None, &always, LGM_MODEL(bias), 2},
    {I::PositionType, S::Model, K::Choice, "position_type", "inputs.position_type", "position-type",
     "", QT_TRANSLATE_NOOP("Inputs", "Positions"),
     QT_TRANSLATE_NOOP("Inputs", "learned: a table of P rows; rotary: no parameters"), 0, 0,
     kPositionTypes, R::None, &always, LGM_MODEL(positionType), 2},
    {I::TiedHead,
     S::Model,
     K::Switch,
     "tied_head",
     "inputs.tied_head",
     "tied-head",
     "",
     QT_TRANSLATE_NOOP("Inputs", "Tied LM head"),
     QT_TRANSLATE_NOOP("Inputs", "The LM head shares the token embedding"),
     0,
     1,
     {},
     R::None,
     &always,
     LGM_MODEL(tiedHead),
     2},
    {I::ParallelResidual,
     S::Model,
     K::Switch,
     "parallel_residual",
     "inputs.parallel_residual",
     "parallel-residual",
     "",
     QT_TRANSLATE_NOOP("Inputs", "Parallel residual"),
     QT_TRANSLATE_NOOP("Inputs", "Attention and MLP read the same input (NeoX, Pythia)"),
     0,
     1,
     {},
     R::None,
     &always,
     LGM_MODEL(parallelResidual),
     2},
    {I::QkNorm, S::Model, K::Choice, "qk_norm", "inputs.qk_norm", "qk-norm", "",
     QT_TRANSLATE_NOOP("Inputs", "QK-norm"),
     QT_TRANSLATE_NOOP("Inputs", "Norms on queries and keys: none, per-head (Qwen3) or full "
                                 "(OLMo-2)"),
     0, 0, kQkNorms, R::None, &always, LGM_MODEL(qkNorm), 2},
    {I::Experts,
     S::Model,
     K::Integer,
     "experts",
     "inputs.experts",
     "experts",
     "E",
     QT_TRANSLATE_NOOP("Inputs", "Routed experts E"),
     QT_TRANSLATE_NOOP("Inputs", "Routed experts per MoE layer; 1 = a dense model"),
     1,
     100'000,
     {},
     R::None,
     &always,
     LGM_MOE(experts),
     2},
    {I::TopK,
     S::Model,
     K::Integer,
     "top_k",
     "inputs.top_k",
     "top-k",
     "k",
     QT_TRANSLATE_NOOP("Inputs", "Experts per token k"),
     QT_TRANSLATE_NOOP("Inputs", "Routed experts each token passes through"),
     1,
     100'000,
     {},
     R::None,
     &moe,
     LGM_MOE(topK),
     2},
    {I::ExpertFfn,
     S::Model,
     K::Integer,
     "expert_ffn",
     "inputs.expert_ffn",
     "expert-ffn",
     "f_e",
     QT_TRANSLATE_NOOP("Inputs", "Expert width f_e"),
     QT_TRANSLATE_NOOP("Inputs", "Inner width of one routed expert"),
     1,
     100'000'000,
     {},
     R::Ffn,
     &moe,
     LGM_MOE(expertFfn),
     2},
    {I::SharedExperts,
     S::Model,
     K::Integer,
     "shared_experts",
     "inputs.shared_experts",
     "shared-experts",
     "",
     QT_TRANSLATE_NOOP("Inputs", "Shared experts"),
     QT_TRANSLATE_NOOP("Inputs", "Experts every token passes through"),
     0,
     100'000,
     {},
     R::None,
     &moe,
     LGM_MOE(sharedExperts),
     2},
    {I::SharedFfn,
     S::Model,
     K::Integer,
     "shared_ffn",
     "inputs.shared_ffn",
     "shared-ffn",
     "",
     QT_TRANSLATE_NOOP("Inputs", "Shared expert width"),
     QT_TRANSLATE_NOOP("Inputs", "Inner width of each shared expert"),
     0,
     100'000'000,
     {},
     R::ExpertFfn,
     &sharedExperts,
     LGM_MOE(sharedFfn),
     2},
    {I::SharedGate,
     S::Model,
     K::Switch,
     "shared_gate",
     "inputs.shared_gate",
     "shared-gate",
     "",
     QT_TRANSLATE_NOOP("Inputs", "Shared expert gate"),
     QT_TRANSLATE_NOOP("Inputs", "A sigmoid gate d → 1 on the shared experts (Qwen2-MoE)"),
     0,
     1,
     {},
     R::None,
     &sharedExperts,
     LGM_MOE(sharedGate),
     2},
    {I::RouterBias,
     S::Model,
     K::Switch,
     "router_bias",
     "inputs.router_bias",
     "router-bias",
     "",
     QT_TRANSLATE_NOOP("Inputs", "Router bias"),
     QT_TRANSLATE_NOOP("Inputs", "The router d × E has a bias"),
     0,
     1,
     {},
     R::None,
     &moe,
     LGM_MOE(routerBias),
     2},
    {I::FirstDenseLayers,
     S::Model,
     K::Integer,
     "first_dense_layers",
     "inputs.first_dense_layers",
     "first-dense-layers",
     "",
     QT_TRANSLATE_NOOP("Inputs", "First dense layers"),
     QT_TRANSLATE_NOOP("Inputs", "The first n layers keep a dense FFN of width f"),
     0,
     100'000,
     {},
     R::None,
     &moe,
     LGM_MOE(firstDenseLayers),
     2},
    {I::AttentionSinks,
     S::Model,
     K::Switch,
     "attention_sinks",
     "inputs.attention_sinks",
     "attention-sinks",
     "",
     QT_TRANSLATE_NOOP("Inputs", "Attention sinks"),
     QT_TRANSLATE_NOOP("Inputs", "One learned logit per query head and layer that softmax "
                                 "attends to (gpt-oss): h parameters per layer"),
     0,
     1,
     {},
     R::None,
     &always,
     LGM_MODEL(attentionSinks),
     2},
    {I::SeqLen,
     S::Training,
     K::Integer,
     "seq",
     "inputs.seq",
     "seq",
     "s",
     QT_TRANSLATE_NOOP("Inputs", "Context length s"),
     QT_TRANSLATE_NOOP("Inputs", "Tokens per sequence"),
     1,
     100'000'000,
     {},
     R::None,
     &always,
     LGM_TRAINING(seqLen),
     1},
    {I::Batch,
     S::Training,
     K::Integer,
     "batch",
     "inputs.batch",
     "batch",
     "b",
     QT_TRANSLATE_NOOP("Inputs", "Micro-batch size b"),
     QT_TRANSLATE_NOOP("Inputs", "Micro-batch size b, sequences per GPU"),
     1,
     10'000'000,
     {},
     R::None,
     &always,
     LGM_TRAINING(batch),
     1},
    {I::Precision, S::Training, K::Choice, "precision", "inputs.precision", "precision", "",
     QT_TRANSLATE_NOOP("Inputs", "Precision"), QT_TRANSLATE_NOOP("Inputs", "Numeric format"), 0, 0,
     kPrecisions, R::None, &always, LGM_TRAINING(precision), 1},
    {I::Fp32Gradients,
     S::Training,
     K::Switch,
     "fp32_gradients",
     "inputs.fp32_grads",
     "fp32-grads",
     "",
     QT_TRANSLATE_NOOP("Inputs", "fp32 gradients"),
     QT_TRANSLATE_NOOP("Inputs", "Keep gradients in fp32 under mixed precision (4 bytes, not 2)"),
     0,
     1,
     {},
     R::None,
     &mixed,
     LGM_TRAINING(fp32Gradients),
     1},
    {I::Count, S::Training, K::Choice, "count", "inputs.count", "count", "",
     QT_TRANSLATE_NOOP("Inputs", "Parameter count"),
     QT_TRANSLATE_NOOP("Inputs", "exact: every parameter; approx: the layers' weight matrices "
                                 "(12Ld² for GPT-2)"),
     0, 0, kCounts, R::None, &always, LGM_TRAINING(count), 1},
    {I::Accounting, S::Training, K::Choice, "accounting", "inputs.accounting", "accounting", "",
     QT_TRANSLATE_NOOP("Inputs", "Accounting"),
     QT_TRANSLATE_NOOP("Inputs", "seed: the lecture note's formulas; detailed: the tensors, "
                                 "states and buffers a real training stack keeps"),
     0, 0, kAccountings, R::None, &always, LGM_TRAINING(accounting), 2},
    {I::Implementation, S::Training, K::Choice, "implementation", "inputs.implementation",
     "implementation", "", QT_TRANSLATE_NOOP("Inputs", "Implementation"),
     QT_TRANSLATE_NOOP("Inputs", "Whose saved tensors and model-state bytes the detailed "
                                 "accounting counts: Megatron-LM or HF Transformers"),
     0, 0, kImplementations, R::None, &detailed, LGM_TRAINING(implementation), 2},
    {I::Attention, S::Training, K::Choice, "attention", "inputs.attention", "attention", "",
     QT_TRANSLATE_NOOP("Inputs", "Attention kernel"),
     QT_TRANSLATE_NOOP("Inputs", "eager keeps the s² scores and softmax; flash (and SDPA's "
                                 "memory-efficient kernel) keeps no s² tensor"),
     0, 0, kAttentions, R::None, &detailed, LGM_TRAINING(attention), 2},
    {I::Dropout,
     S::Training,
     K::Fraction,
     "dropout",
     "inputs.dropout",
     "dropout",
     "",
     QT_TRANSLATE_NOOP("Inputs", "Dropout probability"),
     QT_TRANSLATE_NOOP("Inputs", "0 keeps no masks; above 0 every dropout keeps a 1-byte mask "
                                 "and, where the implementation does, its output"),
     0,
     kFractionScale - 1,
     {},
     R::None,
     &detailed,
     &getDropout,
     &setDropout,
     2},
    {I::Recompute, S::Training, K::Choice, "recompute", "inputs.recompute", "recompute", "",
     QT_TRANSLATE_NOOP("Inputs", "Recompute"),
     QT_TRANSLATE_NOOP("Inputs", "none; selective: the attention core is recomputed; full: each "
                                 "layer keeps only its input"),
     0, 0, kRecomputes, R::None, &detailed, LGM_TRAINING(recompute), 2},
    {I::RecomputeLayers,
     S::Training,
     K::Integer,
     "recompute_layers",
     "inputs.recompute_layers",
     "recompute-layers",
     "",
     QT_TRANSLATE_NOOP("Inputs", "Recomputed layers"),
     QT_TRANSLATE_NOOP("Inputs", "Layers per pipeline stage under full recompute; 0 = all"),
     0,
     100'000,
     {},
     R::None,
     &fullRecompute,
     LGM_TRAINING(recomputeLayers),
     2},
    {I::Loss, S::Training, K::Choice, "loss", "inputs.loss", "loss", "",
     QT_TRANSLATE_NOOP("Inputs", "Loss"),
     QT_TRANSLATE_NOOP("Inputs", "standard: full logits and cross-entropy; fused: chunked "
                                 "(Liger-style), the full logits never exist"),
     0, 0, kLosses, R::None, &detailed, LGM_TRAINING(loss), 2},
    {I::Strategy, S::Parallel, K::Choice, "strategy", "strategy", "strategy", "",
     QT_TRANSLATE_NOOP("Inputs", "Strategy"), QT_TRANSLATE_NOOP("Inputs", "Distribution over GPUs"),
     0, 0, kStrategies, R::None, &always, LGM_PARALLEL(data), 1},
    {I::Gpus,
     S::Parallel,
     K::Integer,
     "gpus",
     "gpus",
     "gpus",
     "N",
     QT_TRANSLATE_NOOP("Inputs", "GPUs N"),
     QT_TRANSLATE_NOOP("Inputs", "Number of GPUs N"),
     1,
     1'000'000,
     {},
     R::None,
     &always,
     LGM_PARALLEL(gpus),
     1},
    {I::GpusPerNode,
     S::Parallel,
     K::Integer,
     "gpus_per_node",
     "gpus_per_node",
     "gpus-per-node",
     "G",
     QT_TRANSLATE_NOOP("Inputs", "GPUs per node G"),
     QT_TRANSLATE_NOOP("Inputs", "GPUs per node G, the shard group of fsdp-hybrid"),
     1,
     1'000'000,
     {},
     R::None,
     &hybrid,
     LGM_PARALLEL(gpusPerNode),
     1},
    {I::Tp,
     S::Parallel,
     K::Integer,
     "tp",
     "tp",
     "tp",
     "t",
     QT_TRANSLATE_NOOP("Inputs", "Tensor parallel t"),
     QT_TRANSLATE_NOOP("Inputs", "GPUs that split every layer's matrices (Megatron TP)"),
     1,
     1'000'000,
     {},
     R::None,
     &detailed,
     LGM_PARALLEL(tp),
     2},
    {I::SequenceParallel,
     S::Parallel,
     K::Switch,
     "sequence_parallel",
     "sequence_parallel",
     "sequence-parallel",
     "",
     QT_TRANSLATE_NOOP("Inputs", "Sequence parallel"),
     QT_TRANSLATE_NOOP("Inputs", "With tp > 1, the norms and dropouts are split over the "
                                 "sequence too"),
     0,
     1,
     {},
     R::None,
     &tensorParallel,
     LGM_PARALLEL(sequenceParallel),
     2},
    {I::Pp,
     S::Parallel,
     K::Integer,
     "pp",
     "pp",
     "pp",
     "p",
     QT_TRANSLATE_NOOP("Inputs", "Pipeline stages p"),
     QT_TRANSLATE_NOOP("Inputs",
                       "Pipeline-parallel stages; the layers must divide into p·v chunks"),
     1,
     1'000'000,
     {},
     R::None,
     &detailed,
     LGM_PARALLEL(pp),
     2},
    {I::VirtualStages,
     S::Parallel,
     K::Integer,
     "virtual_stages",
     "virtual_stages",
     "virtual-stages",
     "",
     QT_TRANSLATE_NOOP("Inputs", "Virtual stages"),
     QT_TRANSLATE_NOOP("Inputs",
                       "Model chunks per pipeline stage (interleaved 1F1B); 1 = plain 1F1B"),
     1,
     1'000'000,
     {},
     R::None,
     &pipelined,
     LGM_PARALLEL(virtualStages),
     2},
    {I::Microbatches,
     S::Parallel,
     K::Integer,
     "microbatches",
     "microbatches",
     "microbatches",
     "m",
     QT_TRANSLATE_NOOP("Inputs", "Micro-batches m"),
     QT_TRANSLATE_NOOP("Inputs", "Micro-batches per step that the pipeline schedules"),
     1,
     1'000'000,
     {},
     R::None,
     &pipelined,
     LGM_PARALLEL(microbatches),
     2},
    {I::Cp,
     S::Parallel,
     K::Integer,
     "cp",
     "cp",
     "cp",
     "c",
     QT_TRANSLATE_NOOP("Inputs", "Context parallel c"),
     QT_TRANSLATE_NOOP("Inputs", "GPUs that split the sequence (ring attention)"),
     1,
     1'000'000,
     {},
     R::None,
     &detailed,
     LGM_PARALLEL(cp),
     2},
    {I::Ep,
     S::Parallel,
     K::Integer,
     "ep",
     "ep",
     "ep",
     "e",
     QT_TRANSLATE_NOOP("Inputs", "Expert parallel e"),
     QT_TRANSLATE_NOOP("Inputs", "GPUs that split the routed experts"),
     1,
     1'000'000,
     {},
     R::None,
     &expertParallel,
     LGM_PARALLEL(ep),
     2},
    {I::DdpBucketCopy,
     S::Parallel,
     K::Switch,
     "ddp_bucket_copy",
     "ddp_bucket_copy",
     "ddp-bucket-copy",
     "",
     QT_TRANSLATE_NOOP("Inputs", "DDP bucket copy"),
     QT_TRANSLATE_NOOP("Inputs", "Count PyTorch DDP's gradient-bucket copy (off: "
                                 "gradient_as_bucket_view=True)"),
     0,
     1,
     {},
     R::None,
     &ddp,
     LGM_PARALLEL(ddpBucketCopy),
     1},
    {I::Optimizer, S::Finetune, K::Choice, "optimizer", "inputs.optimizer", "optimizer", "",
     QT_TRANSLATE_NOOP("Inputs", "Optimizer"),
     QT_TRANSLATE_NOOP("Inputs", "adamw: fp32 m and v (8 B); adam8bit: bitsandbytes' 8-bit m and v "
                                 "(≈ 2 B); sgd: none; sgd-momentum, lion: one fp32 buffer (4 B); "
                                 "adafactor: factored second moments"),
     0, 0, kOptimizers, R::None, &always, LGM_TUNE(optimizer), 2},
    {I::AdafactorFirstMoment,
     S::Finetune,
     K::Switch,
     "adafactor_first_moment",
     "inputs.adafactor_first_moment",
     "adafactor-first-moment",
     "",
     QT_TRANSLATE_NOOP("Inputs", "Adafactor first moment"),
     QT_TRANSLATE_NOOP("Inputs", "Adafactor with beta1: an fp32 first moment as well (4 B)"),
     0,
     1,
     {},
     R::None,
     &adafactor,
     LGM_TUNE(adafactorFirstMoment),
     2},
    {I::MasterWeights, S::Finetune, K::Choice, "master_weights", "inputs.master_weights",
     "master-weights", "", QT_TRANSLATE_NOOP("Inputs", "Master weights"),
     QT_TRANSLATE_NOOP("Inputs", "Under mixed precision: an fp32 master copy of the trainable "
                                 "weights (4 B), or none (pure 16-bit optimizer step)"),
     0, 0, kMasterWeights, R::None, &mixed, LGM_TUNE(master), 2},
    {I::Finetune, S::Finetune, K::Choice, "finetune", "inputs.finetune", "finetune", "",
     QT_TRANSLATE_NOOP("Inputs", "Fine-tuning"),
     QT_TRANSLATE_NOOP("Inputs", "full: every weight trained; lora: 16-bit frozen base and "
                                 "adapters; qlora: NF4 frozen base and adapters"),
     0, 0, kFinetunes, R::None, &always, LGM_TUNE(method), 2},
    {I::LoraRank,
     S::Finetune,
     K::Integer,
     "lora_rank",
     "inputs.lora_rank",
     "lora-rank",
     "r",
     QT_TRANSLATE_NOOP("Inputs", "LoRA rank r"),
     QT_TRANSLATE_NOOP("Inputs", "Rank of each adapter: r·(d_in + d_out) trainable parameters per "
                                 "adapted matrix"),
     1,
     100'000,
     {},
     R::None,
     &adapters,
     LGM_TUNE(loraRank),
     2},
    {I::LoraTargets, S::Finetune, K::Flags, "lora_targets", "inputs.lora_targets", "lora-targets",
     "", QT_TRANSLATE_NOOP("Inputs", "LoRA targets"),
     QT_TRANSLATE_NOOP("Inputs", "The adapted matrices, a list of q, k, v, o, gate, up, down, or "
                                 "all-linear"),
     1, kLoraAllLinear, kLoraTargets, R::None, &adapters, LGM_TUNE(loraTargets), 2},
    {I::Offload, S::Finetune, K::Choice, "offload", "inputs.offload", "offload", "",
     QT_TRANSLATE_NOOP("Inputs", "CPU offload"),
     QT_TRANSLATE_NOOP("Inputs", "ZeRO-Offload: the optimizer states and master weights (needs "
                                 "ZeRO 1–3), or those and the weights (ZeRO-3), in host memory"),
     0, 0, kOffloads, R::None, &always, LGM_TUNE(offload), 2},
    {I::GradAccumulation,
     S::Finetune,
     K::Integer,
     "grad_accumulation",
     "inputs.grad_accumulation",
     "grad-accumulation",
     "",
     QT_TRANSLATE_NOOP("Inputs", "Gradient accumulation k"),
     QT_TRANSLATE_NOOP("Inputs", "Micro-batches per optimizer step; the global batch is N·b·k"),
     1,
     1'000'000,
     {},
     R::None,
     &always,
     LGM_TUNE(gradAccumulation),
     2},
}};

#undef LGM_MODEL
#undef LGM_MOE
#undef LGM_TRAINING
#undef LGM_PARALLEL
#undef LGM_TUNE

constexpr bool rowsInOrder() {
    for (std::size_t i = 0; i < kInputs.size(); ++i) {
        if (static_cast<std::size_t>(kInputs[i].id) != i) {
            return false;
        }
    }
    return true;
}
static_assert(rowsInOrder(), "row i of the input table must describe InputId i");

InputSet setOf(std::initializer_list<InputId> ids) {
    InputSet set;
    for (InputId id : ids) {
        set.set(static_cast<std::size_t>(id));
    }
    return set;
}

} // namespace

std::span<const InputSpec> inputs() {
    return kInputs;
}

const InputSpec& inputSpec(InputId id) {
    return kInputs[static_cast<std::size_t>(id)];
}

const InputSpec* inputByKey(std::string_view key) {
    for (const InputSpec& spec : kInputs) {
        if (spec.key == key) {
            return &spec;
        }
    }
    return nullptr;
}

const InputSpec* inputByOption(std::string_view option) {
    for (const InputSpec& spec : kInputs) {
        if (spec.option == option) {
            return &spec;
        }
    }
    return nullptr;
}

std::int64_t inputValue(const Scenario& scenario, InputId id) {
    return inputSpec(id).get(scenario);
}

void setInputValue(Scenario& scenario, InputId id, std::int64_t value) {
    inputSpec(id).set(scenario, value);
}

std::string_view choiceName(const InputSpec& spec, std::int64_t index) {
    if (index < 0 || index >= static_cast<std::int64_t>(spec.choices.size())) {
        return {};
    }
    return spec.choices[static_cast<std::size_t>(index)];
}

std::optional<std::int64_t> choiceIndex(const InputSpec& spec, std::string_view name) {
    for (std::size_t i = 0; i < spec.choices.size(); ++i) {
        if (spec.choices[i] == name) {
            return static_cast<std::int64_t>(i);
        }
    }
    return std::nullopt;
}

std::string flagsText(const InputSpec& spec, std::int64_t value, char separator) {
    const auto bits = static_cast<std::size_t>(std::bit_width(std::uint64_t(spec.max)));
    if (value == spec.max && spec.choices.size() > bits) {
        return std::string(spec.choices[bits]);
    }
    std::string text;
    for (std::size_t i = 0; i < bits && i < spec.choices.size(); ++i) {
        if (value & (std::int64_t{1} << i)) {
            if (!text.empty()) {
                text += separator;
            }
            text += spec.choices[i];
        }
    }
    return text;
}

std::optional<std::int64_t> flagsValue(const InputSpec& spec, std::string_view text) {
    const auto bits = static_cast<std::size_t>(std::bit_width(std::uint64_t(spec.max)));
    if (spec.choices.size() > bits && text == spec.choices[bits]) {
        return spec.max;
    }
    std::int64_t value = 0;
    while (true) {
        const std::size_t comma = text.find(',');
        const std::string_view name = text.substr(0, comma);
        std::size_t i = 0;
        while (i < bits && i < spec.choices.size() && spec.choices[i] != name) {
            ++i;
        }
        const std::int64_t bit = std::int64_t{1} << i;
        if (i >= bits || i >= spec.choices.size() || (value & bit)) {
            return std::nullopt; // unknown, empty or repeated
        }
        value |= bit;
        if (comma == std::string_view::npos) {
            break;
        }
        text.remove_prefix(comma + 1);
    }
    return value >= spec.min ? std::optional<std::int64_t>(value) : std::nullopt;
}

std::string fractionText(std::int64_t stored) {
    if (stored <= 0) {
        return "0";
    }
    std::string digits = std::to_string(stored % kFractionScale + kFractionScale).substr(1);
    while (!digits.empty() && digits.back() == '0') {
        digits.pop_back();
    }
    return std::to_string(stored / kFractionScale) + (digits.empty() ? "" : "." + digits);
}

std::optional<std::int64_t> parseFraction(std::string_view text, const InputSpec& spec) {
    const std::size_t dot = text.find('.');
    const std::string_view whole = text.substr(0, dot);
    const std::string_view decimals = dot == std::string_view::npos ? "" : text.substr(dot + 1);
    const auto digitsOnly = [](std::string_view part) {
        for (char ch : part) {
            if (ch < '0' || ch > '9') {
                return false;
            }
        }
        return true;
    };
    // "0.1", "0", ".5" and "0." are read; "1e-1", "-0", "0.1234" and "" are not.
    if (text.empty() || text == "." || whole.size() > 6 || decimals.size() > 3 ||
        !digitsOnly(whole) || !digitsOnly(decimals)) {
        return std::nullopt;
    }
    std::int64_t value = 0;
    for (char ch : whole) {
        value = value * 10 + (ch - '0');
    }
    value *= kFractionScale;
    std::int64_t scale = kFractionScale;
    for (char ch : decimals) {
        scale /= 10;
        value += (ch - '0') * scale;
    }
    if (value < spec.min || value > spec.max) {
        return std::nullopt;
    }
    return value;
}

InputSet ruleSources(DefaultRule rule) {
    switch (rule) {
    case DefaultRule::None:
        return {};
    case DefaultRule::FourD:
        return setOf({InputId::DModel});
    case DefaultRule::SeqOrZero:
        return setOf({InputId::SeqLen, InputId::PositionType});
    case DefaultRule::Heads:
        return setOf({InputId::Heads});
    case DefaultRule::DOverH:
        return setOf({InputId::DModel, InputId::Heads});
    case DefaultRule::Ffn:
        return setOf({InputId::Ffn});
    case DefaultRule::ExpertFfn:
        return setOf({InputId::ExpertFfn});
    }
    return {};
}

std::int64_t ruleValue(DefaultRule rule, const Scenario& s) {
    const ModelSpec& m = s.model;
    switch (rule) {
    case DefaultRule::None:
        return 0;
    case DefaultRule::FourD:
        return 4 * m.dModel;
    case DefaultRule::SeqOrZero:
        return m.positionType == PositionType::Learned ? s.training.seqLen : 0;
    case DefaultRule::Heads:
        return m.heads;
    case DefaultRule::DOverH:
        return m.heads > 0 ? std::max<std::int64_t>(1, m.dModel / m.heads) : 1;
    case DefaultRule::Ffn:
        return m.ffn;
    case DefaultRule::ExpertFfn:
        return m.moe.expertFfn;
    }
    return 0;
}

void applyDefaultRules(Scenario& scenario, InputSet given) {
    // Row order puts every rule after the inputs it reads (f before f_e before the shared width),
    // so one pass follows chains: an explicit f without f_e gives f_e = f.
    InputSet changed = given;
    for (const InputSpec& spec : kInputs) {
        const auto row = static_cast<std::size_t>(spec.id);
        if (spec.rule == DefaultRule::None || given.test(row)) {
            continue;
        }
        if ((ruleSources(spec.rule) & changed).any()) {
            spec.set(scenario, ruleValue(spec.rule, scenario));
            changed.set(row);
        }
    }
}

void applyArchitecture(ModelSpec& m, Architecture family) {
    m.family = family;
    const auto layout = [&m](NormType norm, FfnType ffn, BiasMode bias, PositionType positions,
                             bool tied) {
        m.norm = norm;
        m.ffnType = ffn;
        m.bias = bias;
        m.positionType = positions;
        m.tiedHead = tied;
        m.normsPerLayer = 2;
        m.finalNorm = true;
        m.parallelResidual = false;
        m.qkNorm = QkNorm::None;
    };
    switch (family) {
    case Architecture::Gpt2:
        layout(NormType::LayerNorm, FfnType::Plain, BiasMode::All, PositionType::Learned, true);
        break;
    case Architecture::Llama:
    case Architecture::Moe:
        layout(NormType::RmsNorm, FfnType::Gated, BiasMode::None, PositionType::Rotary, false);
        break;
    case Architecture::Qwen2:
        layout(NormType::RmsNorm, FfnType::Gated, BiasMode::QkvOnly, PositionType::Rotary, false);
        break;
    case Architecture::Gemma:
        layout(NormType::RmsNorm, FfnType::Gated, BiasMode::None, PositionType::Rotary, true);
        break;
    case Architecture::NeoX:
        layout(NormType::LayerNorm, FfnType::Plain, BiasMode::All, PositionType::Rotary, false);
        m.parallelResidual = true;
        break;
    case Architecture::Custom:
        break; // keeps every structural input as it is
    }
    if (m.positionType == PositionType::Rotary) {
        m.positions = 0;
    }
}

InputSet architectureInputs() {
    return setOf({InputId::Norm, InputId::FfnType, InputId::Bias, InputId::PositionType,
                  InputId::TiedHead, InputId::NormsPerLayer, InputId::FinalNorm,
                  InputId::ParallelResidual, InputId::QkNorm, InputId::Positions});
}

} // namespace lgm
