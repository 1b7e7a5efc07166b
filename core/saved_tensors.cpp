#include "saved_tensors.h"

#include "saved_tensor_sums.h"

#include <utility>

namespace lgm {

namespace {

constexpr unsigned kTpCp = kShardTp | kShardCp;
constexpr unsigned kSpCp = kShardSp | kShardCp;

bool isAutocast(NumericFormat f) {
    return f == NumericFormat::Fp16Mixed || f == NumericFormat::Bf16Mixed;
}

// Residual-stream bytes: fp32 unless the weights themselves are 16-bit. Under autocast the
// weights are fp32, so the residual adds (bf16 + fp32) stay fp32.
int residualBytes(Implementation impl, NumericFormat f) {
    if (impl == Implementation::Megatron) {
        return activationBytes(f); // Megatron keeps the residual in the 16-bit dtype
    }
    return f == NumericFormat::Bf16 ? 2 : 4;
}

// Appends to a list the caller owns, so that one allocation can hold several lists; with
// `sums`, each tensor is also added to them (one estimate's single pass over its lists).
template <typename List> struct ListWriter {
    explicit ListWriter(List& out, ListSums* into = nullptr) : list(out), sums(into) {}
    List& list;
    ListSums* sums;
    // Inlined where the tensor's group, extent and axes are constants, so that its divisor class
    // is folded into the call site.
    [[gnu::always_inline]] void push(const SavedTensor& t) {
        list.push_back(t);
        if (sums != nullptr) {
            sums->add(t);
        }
    }
    [[gnu::always_inline]] void add(std::string_view id, TensorGroup group, std::int64_t width,
                                    int bytes, unsigned shards, std::int64_t copies = 1) {
        if (width > 0) {
            push({id, group, TensorExtent::PerToken, width, bytes, shards, copies});
        }
    }
    [[gnu::always_inline]] void addScores(std::string_view id, std::int64_t heads, int bytes) {
        push({id, TensorGroup::AttentionCore, TensorExtent::PerScore, heads, bytes, kTpCp, 1});
    }
    [[gnu::always_inline]] void addFlashState(std::int64_t heads) {
        // FlashAttention's logsumexp (b, heads, s) in fp32 and its Philox seed and offset.
        add("softmax_lse", TensorGroup::AttentionCore, heads, 4, kTpCp);
        push({"rng_state", TensorGroup::AttentionCore, TensorExtent::PerLayer, 16, 1, 0, 1});
    }
    // The last tensor's width at b = 1 (a view of a narrower tensor); the sums took its width.
    void setWidthAtBatch1(std::int64_t width) {
        list.back().widthAtBatch1 = width;
        if (sums != nullptr && width > 0 && sums->atBatch1) {
            sums->fallback = true;
        }
    }
};

// Room for every tensor of the layer, in one allocation: 18 entries for a dense layer without
// dropout (its longest list, HF GPT-2 or Llama under eager autocast, has 18), which malloc serves
// from its per-thread cache (at most 1,032 bytes); dropout and MoE layers keep more.
std::size_t listCapacity(const LayerOptions& o, bool moe) {
    return o.dropout || moe ? 32 : 18;
}

// ---- Megatron-LM / NeMo: fused kernels, Korthikanti et al. 2022 decomposition -------------

[[gnu::always_inline]] inline void megatronFfn(auto& w, std::string_view act, std::string_view fc2,
                                               FfnType type, std::int64_t width, int m,
                                               std::int64_t copies, TensorGroup group) {
    // The fused bias-GELU saves its input; the fused SwiGLU saves its 2f-wide input.
    w.add(act, group, type == FfnType::Gated ? 2 * width : width, m, kTpCp, copies);
    w.add(fc2, group, width, m, kTpCp, copies);
}

std::vector<SavedTensor> megatronLayer(const ModelSpec& md, const LayerOptions& o, bool moe,
                                       ListSums* sums) {
    const int m = activationBytes(o.format);
    const std::int64_t h = md.dModel;
    const std::int64_t qWidth = md.heads * md.headDim;
    const std::int64_t kvWidth = md.kvHeads * md.headDim;
    std::vector<SavedTensor> list;
    list.reserve(listCapacity(o, moe)); // one allocation
    ListWriter w(list, sums);
    w.add("norm1_input", TensorGroup::Norm, h, m, kSpCp);
    w.add("qkv_input", TensorGroup::Attention, h, m, kSpCp);
    w.add("query", TensorGroup::Attention, qWidth, m, kTpCp);
    w.add("key", TensorGroup::Attention, kvWidth, m, kTpCp);
    w.add("value", TensorGroup::Attention, kvWidth, m, kTpCp);
    if (o.attention == AttentionKernel::Eager) {
        w.addScores("softmax_output", md.heads, m);
        if (o.dropout) {
            w.addScores("attention_dropout_mask", md.heads, 1);
            w.addScores("attention_dropout_output", md.heads, m);
        }
    } else {
        w.addFlashState(md.heads);
    }
    w.add("proj_input", TensorGroup::Attention, qWidth, m, kTpCp);
    if (o.dropout) {
        w.add("attention_residual_dropout_mask", TensorGroup::Attention, h, 1, kSpCp);
    }
    if (!md.parallelResidual) { // NeoX: both norms read the same saved input
        w.add("norm2_input", TensorGroup::Norm, h, m, kSpCp);
    }
    if (!moe) {
        w.add("fc1_input", TensorGroup::Mlp, h, m, kSpCp);
        megatronFfn(w, "activation_input", "fc2_input", md.ffnType, md.ffn, m, 1, TensorGroup::Mlp);
    } else {
        const MoeSpec& e = md.moe;
        w.add("router_input", TensorGroup::Router, h, m, kSpCp);
        w.add("router_probs", TensorGroup::Router, e.experts, 4, kSpCp);
        w.add("expert_input", TensorGroup::Experts, h, m, kSpCp, e.topK);
        megatronFfn(w, "expert_activation_input", "expert_fc2_input", md.ffnType, e.expertFfn, m,
                    e.topK, TensorGroup::Experts);
        w.add("expert_output", TensorGroup::Experts, h, m, kSpCp, e.topK);
        megatronFfn(w, "shared_activation_input", "shared_fc2_input", md.ffnType,
                    e.sharedExperts * e.sharedFfn, m, 1, TensorGroup::Mlp);
    }
    if (o.dropout) {
        w.add("mlp_dropout_mask", TensorGroup::Mlp, h, 1, kSpCp);
    }
    return list;
}

// ---- Hugging Face Transformers: the modules as written, op by op under autograd ------------

bool hfGpt2Style(const ModelSpec& md);

struct HfFormat {
    int m = 2; // matmul outputs
    int r = 4; // residual stream
    bool autocast = false;
};

std::string_view statsId(std::string_view input) {
    if (input == "norm1_input") {
        return "norm1_stats";
    }
    return input == "norm2_input" ? "norm2_stats" : "final_norm_stats";
}

// The norm's saved input and normalised tensor, then what its consumers save of its output:
// one shared tensor, or under autocast one bf16 cast per linear (autocast caches only casts of
// leaf tensors, i.e. weights).
[[gnu::always_inline]] inline void hfNorm(auto& w, const ModelSpec& md, const HfFormat& f,
                                          std::string_view input, std::string_view normed,
                                          std::string_view output, std::int64_t consumers,
                                          bool inputShared) {
    const std::int64_t h = md.dModel;
    // Per-token statistics in fp32: LayerNorm's mean and rstd, RMSNorm's rsqrt(variance).
    w.add(statsId(input), TensorGroup::Norm, md.norm == NormType::RmsNorm ? 1 : 2, 4, kShardCp);
    if (md.norm == NormType::RmsNorm) {
        // LlamaRMSNorm: x.to(float32) is saved by pow and the mul (a new fp32 copy unless x is
        // fp32 already); the normalised tensor in the input dtype is saved by weight * (...).
        if (!inputShared || f.r != 4) {
            w.add(input, TensorGroup::Norm, h, 4, kShardCp);
        }
        w.add(normed, TensorGroup::Norm, h, f.r, kShardCp);
    } else if (!inputShared) {
        w.add(input, TensorGroup::Norm, h, f.r, kShardCp); // native_layer_norm saves its input
    }
    if (f.autocast) {
        w.add(output, TensorGroup::Norm, consumers * h, 2, kShardCp);
    } else {
        w.add(output, TensorGroup::Norm, h, f.m, kShardCp);
    }
}

[[gnu::always_inline]] inline void hfGeluNew(auto& w, std::int64_t f, const HfFormat& fm) {
    // NewGELUActivation: 0.5·x·(1 + tanh(√(2/π)(x + 0.044715·x³))). pow saves x (an fp32
    // cast under autocast, pow being on its fp32 list), tanh its result, the last mul both
    // 0.5·x and 1 + tanh.
    const int wide = fm.autocast ? 4 : fm.m;
    w.add("gelu_pow_input", TensorGroup::Mlp, f, wide, kShardCp);
    w.add("gelu_tanh_output", TensorGroup::Mlp, f, wide, kShardCp);
    w.add("gelu_half_input", TensorGroup::Mlp, f, fm.m, kShardCp);
    w.add("gelu_one_plus_tanh", TensorGroup::Mlp, f, wide, kShardCp);
}

[[gnu::always_inline]] inline void hfFfn(auto& w, const ModelSpec& md, const HfFormat& fm,
                                         std::int64_t f, std::int64_t copies, TensorGroup group,
                                         bool gpt2Style) {
    if (md.ffnType == FfnType::Gated) {
        // act(gate(x)) * up(x): SiLU saves the gate output, the mul its two operands.
        w.add(group == TensorGroup::Experts ? "expert_gate_output" : "gate_output", group, f, fm.m,
              kShardCp, copies);
        w.add(group == TensorGroup::Experts ? "expert_activation_output" : "activation_output",
              group, f, fm.m, kShardCp, copies);
        w.add(group == TensorGroup::Experts ? "expert_up_output" : "up_output", group, f, fm.m,
              kShardCp, copies);
    } else if (gpt2Style && group == TensorGroup::Mlp) {
        hfGeluNew(w, f, fm);
    } else {
        w.add(group == TensorGroup::Experts ? "expert_activation_input" : "activation_input", group,
              f, fm.m, kShardCp, copies);
    }
    w.add(group == TensorGroup::Experts ? "expert_down_input" : "fc2_input", group, f, fm.m,
          kShardCp, copies);
}

[[gnu::always_inline]] inline void hfAttention(auto& w, const ModelSpec& md, const LayerOptions& o,
                                               const HfFormat& f, bool gpt2Style) {
    const std::int64_t qWidth = md.heads * md.headDim;
    // Eager attention keeps K and V at every query head, except where no copy is made.
    // repeat_kv returns them unchanged when n_rep = a/g = 1 (already a heads). For g > 1 its
    // reshape of the expanded (b, g, n_rep, s, hd) view must copy (stride 0 cannot merge with
    // the head stride). For g = 1 that reshape is a stride-0 view (a size-1 dimension merges with
    // anything), and torch.matmul's reshape to bmm's (b·a, ·, ·) batch copies it only when
    // b > 1: at b = 1 bmm saves the view, so K and V stay hd wide (measured: the validation
    // suite's one-KV-head Llama rows). Flash kernels take the g heads as they are.
    const bool eager = o.attention == AttentionKernel::Eager;
    const std::int64_t kvWidth = (eager ? md.heads : md.kvHeads) * md.headDim;
    const std::int64_t atBatch1 = eager && md.kvHeads == 1 && md.heads > 1 ? md.headDim : 0;
    w.add("query", TensorGroup::Attention, qWidth, f.m, kShardCp);
    for (std::string_view id : {std::string_view("key"), std::string_view("value")}) {
        w.add(id, TensorGroup::Attention, kvWidth, f.m, kShardCp);
        w.setWidthAtBatch1(atBatch1);
    }
    if (o.attention == AttentionKernel::Eager) {
        // Llama calls softmax(dtype=float32); GPT-2 keeps the scores' dtype, except that
        // autocast runs softmax in fp32.
        const int softmax = gpt2Style && !f.autocast ? f.m : 4;
        if (gpt2Style) { // the divisor torch.full([], √head_dim) on the device, saved by the div
            w.push({"attention_scale", TensorGroup::Attention, TensorExtent::PerLayer, f.m, 1,
                    kShardNone, 1});
        }
        w.addScores("softmax_output", md.heads, softmax);
        if (o.dropout) {
            w.addScores("attention_dropout_mask", md.heads, 1);
            w.addScores("attention_dropout_output", md.heads, f.m);
        } else if (softmax != f.m) {
            w.addScores("attention_probs", md.heads, f.m); // the cast copy the ·V matmul saves
        }
    } else {
        w.addFlashState(md.heads);
    }
    w.add("proj_input", TensorGroup::Attention, qWidth, f.m, kShardCp); // flash: its output
    if (o.dropout && gpt2Style) {
        w.add("attention_residual_dropout_mask", TensorGroup::Attention, md.dModel, 1, kShardCp);
    }
}

std::vector<SavedTensor> huggingFaceLayer(const ModelSpec& md, const LayerOptions& o, bool moe,
                                          ListSums* sums) {
    const HfFormat f{activationBytes(o.format),
                     residualBytes(Implementation::HuggingFace, o.format), isAutocast(o.format)};
    // GPT-2 and NeoX: LayerNorm, one fused QKV projection, gelu_new, dropout at every site.
    const bool gpt2Style = hfGpt2Style(md);
    const MoeSpec& e = md.moe;
    const std::int64_t perMlp = md.ffnType == FfnType::Gated ? 2 : 1;
    const std::int64_t mlpConsumers = moe ? 1 + perMlp * (e.sharedExperts > 0 ? 1 : 0) : perMlp;
    std::vector<SavedTensor> list;
    list.reserve(listCapacity(o, moe)); // one allocation
    ListWriter w(list, sums);
    hfNorm(w, md, f, "norm1_input", "norm1_normalized", "qkv_input", gpt2Style ? 1 : 3, false);
    hfAttention(w, md, o, f, gpt2Style);
    hfNorm(w, md, f, "norm2_input", "norm2_normalized", moe ? "router_input" : "fc1_input",
           mlpConsumers, md.parallelResidual);
    if (!moe) {
        hfFfn(w, md, f, md.ffn, 1, TensorGroup::Mlp, gpt2Style);
    } else {
        // Mixtral-style: softmax(router_logits, dtype=float) saves its fp32 output; each
        // routed token is copied (index) into its expert, and the expert output is multiplied
        // by its routing weight, which saves it.
        w.add("router_probs", TensorGroup::Router, e.experts, 4, kShardCp);
        if (f.autocast) {
            w.add("expert_input", TensorGroup::Experts, perMlp * md.dModel, 2, kShardCp, e.topK);
        } else {
            w.add("expert_input", TensorGroup::Experts, md.dModel, f.m, kShardCp, e.topK);
        }
        hfFfn(w, md, f, e.expertFfn, e.topK, TensorGroup::Experts, gpt2Style);
        w.add("expert_output", TensorGroup::Experts, md.dModel, f.m, kShardCp, e.topK);
        if (e.sharedExperts > 0) {
            hfFfn(w, md, f, e.sharedExperts * e.sharedFfn, 1, TensorGroup::Mlp, false);
        }
    }
    if (o.dropout && gpt2Style) {
        w.add("mlp_dropout_mask", TensorGroup::Mlp, md.dModel, 1, kShardCp);
    }
    return list;
}

bool hfGpt2Style(const ModelSpec& md) {
    return md.norm == NormType::LayerNorm && md.ffnType == FfnType::Plain;
}

// What the first stage keeps besides its layers (appendEmbeddingSavedTensors()).
void writeEmbedding(auto& w, const ModelSpec& model, const LayerOptions& options) {
    const bool megatron = options.implementation == Implementation::Megatron;
    w.add("token_ids", TensorGroup::Attention, 1, 8, kShardCp); // int64 indices
    if (options.dropout && (megatron || hfGpt2Style(model))) {
        w.add("embedding_dropout_mask", TensorGroup::Attention, model.dModel, 1,
              megatron ? kSpCp : unsigned{kShardCp});
    }
}

// What the last stage keeps after its layers (appendOutputSavedTensors()).
void writeOutput(auto& w, const ModelSpec& model, const LayerOptions& options, LossKind loss) {
    if (options.implementation == Implementation::Megatron) {
        const int m = activationBytes(options.format);
        if (model.finalNorm) {
            w.add("final_norm_input", TensorGroup::Norm, model.dModel, m, kSpCp);
        }
        w.add("head_input", TensorGroup::Norm, model.dModel, m, kSpCp);
        if (loss == LossKind::Standard) {
            // Vocabulary-parallel CE: logits.float(), exp in place, saved as the softmax.
            w.add("cross_entropy_softmax", TensorGroup::Attention, model.vocab, 4, kTpCp);
        }
    } else {
        const HfFormat f{activationBytes(options.format),
                         residualBytes(Implementation::HuggingFace, options.format),
                         isAutocast(options.format)};
        if (model.finalNorm) {
            hfNorm(w, model, f, "final_norm_input", "final_norm_normalized", "head_input", 1,
                   false);
        } else {
            w.add("head_input", TensorGroup::Norm, model.dModel, f.m, kShardCp);
        }
        if (loss == LossKind::Standard) {
            // ForCausalLMLoss: logits.float(), then cross_entropy saves log_softmax's output,
            // and nll_loss keeps the int64 targets (the padded, shifted labels, a new tensor)
            // and its 0-dim fp32 total_weight (measured: tests/validation, hf-v4.39-loss).
            w.add("log_softmax_output", TensorGroup::Attention, model.vocab, 4, kShardCp);
            w.add("loss_targets", TensorGroup::Attention, 1, 8, kShardCp);
            w.push({"loss_total_weight", TensorGroup::Attention, TensorExtent::PerLayer, 4, 1,
                    kShardNone, 1});
        }
    }
    if (loss == LossKind::Fused) {
        // Liger-style: the hidden states' gradient is computed chunk by chunk in the forward
        // and kept for the backward.
        w.add("fused_loss_input_grad", TensorGroup::Attention, model.dModel,
              activationBytes(options.format), kShardCp);
    }
}

} // namespace

std::vector<SavedTensor> embeddingSavedTensors(const ModelSpec& model,
                                               const LayerOptions& options) {
    std::vector<SavedTensor> list;
    list.reserve(2);
    appendEmbeddingSavedTensors(model, options, list);
    return list;
}

void appendEmbeddingSavedTensors(const ModelSpec& model, const LayerOptions& options,
                                 std::vector<SavedTensor>& list) {
    ListWriter w(list);
    writeEmbedding(w, model, options);
}

std::vector<SavedTensor> outputSavedTensors(const ModelSpec& model, const LayerOptions& options,
                                            LossKind loss) {
    std::vector<SavedTensor> list;
    list.reserve(8);
    appendOutputSavedTensors(model, options, loss, list);
    return list;
}

void appendOutputSavedTensors(const ModelSpec& model, const LayerOptions& options, LossKind loss,
                              std::vector<SavedTensor>& list) {
    ListWriter w(list);
    writeOutput(w, model, options, loss);
}

bool writeEndTensors(const ModelSpec& model, const LayerOptions& options, LossKind loss,
                     EndTensors& ends) {
    ListWriter w(ends);
    writeEmbedding(w, model, options);
    ends.embedding = ends.size;
    writeOutput(w, model, options, loss);
    return ends.size <= EndTensors::kCapacity;
}

SavedTensor lossTransient(const ModelSpec& model, const LayerOptions& options, LossKind loss) {
    SavedTensor t{
        "loss_backward", TensorGroup::Attention, TensorExtent::PerToken, 0, 4, kShardCp, 1};
    if (loss == LossKind::Fused) {
        return t;
    }
    if (options.implementation == Implementation::HuggingFace) {
        t.id = "cross_entropy_backward";
        t.width = model.vocab;
        t.bytesPerElement = 8;
    } else if (activationBytes(options.format) != 4) {
        t.id = "logits_16bit";
        t.width = model.vocab;
        t.bytesPerElement = activationBytes(options.format);
        t.shards = kTpCp;
    }
    return t;
}

NumericFormat numericFormat(Precision precision, bool pureBf16) {
    if (pureBf16) {
        return NumericFormat::Bf16;
    }
    switch (precision) {
    case Precision::Fp32:
        return NumericFormat::Fp32;
    case Precision::Fp16Mixed:
        return NumericFormat::Fp16Mixed;
    case Precision::Bf16Mixed:
        return NumericFormat::Bf16Mixed;
    case Precision::Bf16:
        return NumericFormat::Bf16;
    }
    return NumericFormat::Fp32;
}

int activationBytes(NumericFormat format) {
    return format == NumericFormat::Fp32 ? 4 : 2;
}

namespace {

std::vector<SavedTensor> writeLayer(const ModelSpec& model, const LayerOptions& options,
                                    bool moeLayer, ListSums* sums) {
    return options.implementation == Implementation::Megatron
               ? megatronLayer(model, options, moeLayer, sums)
               : huggingFaceLayer(model, options, moeLayer, sums);
}

} // namespace

std::vector<SavedTensor> layerSavedTensors(const ModelSpec& model, const LayerOptions& options,
                                           bool moeLayer) {
    return writeLayer(model, options, moeLayer, nullptr);
}

std::vector<SavedTensor> layerSavedTensors(const ModelSpec& model, const LayerOptions& options,
                                           bool moeLayer, ListSums& sums) {
    return writeLayer(model, options, moeLayer, &sums);
}

SavedTensor checkpointInput(const ModelSpec& model, const LayerOptions& options) {
    // Megatron splits the kept input over the TP ranks under sequence parallelism; HF keeps
    // the residual stream as it is (fp32 under autocast).
    const bool megatron = options.implementation == Implementation::Megatron;
    return {"layer_input",
            TensorGroup::Checkpoint,
            TensorExtent::PerToken,
            model.dModel,
            residualBytes(options.implementation, options.format),
            megatron ? kSpCp : unsigned{kShardCp},
            1};
}

} // namespace lgm
