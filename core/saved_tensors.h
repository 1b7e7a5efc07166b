#pragma once

// The tensors one transformer layer keeps for its backward pass, as the training stack writes
// them: a list of named entries, each with its size per token (or per b·s² score position, or
// per layer), its bytes per element and the parallel axes that shard it. The detailed
// accounting sums these lists instead of using a closed form, so every byte can be traced to one
// tensor of one implementation.

#include "spec.h"

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace lgm {

// How the weights and activations are stored. Precision lacks pure 16-bit weights (no fp32
// master copy), so the detailed accounting carries its own format.
enum class NumericFormat { Fp32, Fp16Mixed, Bf16Mixed, Bf16 };

NumericFormat numericFormat(Precision precision, bool pureBf16);

// What a tensor's element count scales with.
enum class TensorExtent {
    PerToken, // width elements for each of the s·b positions
    PerScore, // width (heads) elements for each of the b·s² query-key pairs
    PerLayer, // width bytes per layer, whatever the shape (an RNG state)
};

// The parallel axes that divide a tensor. Tp: split over the TP ranks with or without sequence
// parallelism (head or FFN columns). Sp: replicated over the TP ranks unless sequence
// parallelism splits the sequence. Cp: split by context parallelism (the sequence).
enum ShardAxis : unsigned { kShardNone = 0, kShardTp = 1, kShardSp = 2, kShardCp = 4 };

// Which part of the layer keeps the tensor: selective recompute drops AttentionCore.
enum class TensorGroup { Norm, Attention, AttentionCore, Mlp, Router, Experts, Checkpoint };

struct SavedTensor {
    std::string_view id; // stable, snake_case: "qkv_input", "softmax_output", ...
    TensorGroup group = TensorGroup::Attention;
    TensorExtent extent = TensorExtent::PerToken;
    std::int64_t width = 0;  // elements per token, heads per score, or bytes per layer
    int bytesPerElement = 2; // 4 fp32, 2 bf16/fp16, 1 mask
    unsigned shards = kShardNone;
    std::int64_t copies = 1; // top-k: each routed token is kept once per expert it visits
    // > 0: the width at micro-batch 1, where the saved tensor is a view of a narrower one (HF's
    // repeat_kv with one KV head: see hfAttention in saved_tensors.cpp).
    std::int64_t widthAtBatch1 = 0;
    friend bool operator==(const SavedTensor&, const SavedTensor&) = default;
};

// What decides the list besides the architecture.
struct LayerOptions {
    Implementation implementation = Implementation::Megatron;
    AttentionKernel attention = AttentionKernel::Eager;
    NumericFormat format = NumericFormat::Bf16Mixed;
    bool dropout = false; // p > 0: masks and dropout outputs are kept
};

// The saved tensors of one dense (moeLayer false) or MoE layer under no recompute.
std::vector<SavedTensor> layerSavedTensors(const ModelSpec& model, const LayerOptions& options,
                                           bool moeLayer);

// What the first stage keeps besides its layers: the token ids the embedding's backward reads,
// and the embedding dropout mask where the implementation has one.
std::vector<SavedTensor> embeddingSavedTensors(const ModelSpec& model, const LayerOptions& options);
// The same appended to `list` (one estimate keeps every list in one allocation).
void appendEmbeddingSavedTensors(const ModelSpec& model, const LayerOptions& options,
                                 std::vector<SavedTensor>& list);

// What the last stage keeps after its layers: the final norm, the head's input and what the
// loss saves of the logits (nothing vocabulary-sized with a fused loss).
std::vector<SavedTensor> outputSavedTensors(const ModelSpec& model, const LayerOptions& options,
                                            LossKind loss);
void appendOutputSavedTensors(const ModelSpec& model, const LayerOptions& options, LossKind loss,
                              std::vector<SavedTensor>& list);

// The loss's transient at the start of backward, per token, beyond what it saved: HF's dense
// fp32 NLL gradient plus log_softmax's fp32 gradient (8 B per logit; with the 4 B saved, 12);
// Megatron's 16-bit logits (or their 16-bit gradient) beside its fp32 softmax. Width 0 when
// there is none.
SavedTensor lossTransient(const ModelSpec& model, const LayerOptions& options, LossKind loss);

// What one layer keeps under full recompute: its input only.
SavedTensor checkpointInput(const ModelSpec& model, const LayerOptions& options);

// The shape and the parallel layout that turn a list into bytes on one GPU.
struct LayerGeometry {
    std::int64_t seqLen = 1;
    std::int64_t batch = 1;
    std::int64_t tp = 1;
    bool sequenceParallel = false;
    std::int64_t cp = 1;
};

// Bytes of one entry on one GPU for one micro-batch. Shapes whose shards do not divide round
// each tensor up, as a padded shard would.
std::int64_t savedBytes(const SavedTensor& tensor, const LayerGeometry& geometry);

// Sum of the list; selective recompute leaves out the attention core.
std::int64_t layerBytes(const std::vector<SavedTensor>& tensors, const LayerGeometry& geometry,
                        bool dropAttentionCore);

// Both sums at once (no recompute, selective), for the estimate's hot path.
struct LayerBytes {
    std::int64_t none = 0;
    std::int64_t selective = 0;
};
LayerBytes layerBytesBoth(std::span<const SavedTensor> tensors, const LayerGeometry& geometry);

// A list's bytes per token (or per score position) summed by the divisor that applies to them
// under a fixed TP/SP layout: [attention core][scores·4 + tp·2 + cp], plus bytes per layer. Built
// once per set-up, it turns any s and b into the list's bytes with a few multiplications.
__extension__ using WideBytes = __int128;
struct LayerWidths {
    WideBytes perClass[2][8] = {};
    WideBytes constant[2] = {};
    WideBytes batch1[2][8] = {}; // added to perClass at b = 1 (widthAtBatch1 − width)
};
LayerWidths layerWidths(std::span<const SavedTensor> tensors, bool tpSplitsSequence);
LayerBytes layerBytesBoth(const LayerWidths& widths, const LayerGeometry& geometry);

// Activation bytes per element of the matmul outputs (2 for 16-bit formats, 4 for fp32).
int activationBytes(NumericFormat format);

} // namespace lgm
