#pragma once

// Fine-tuning methods: full, LoRA and QLoRA. What is trainable (the adapters' r·(d_in + d_out)
// per adapted matrix, from the model's real shapes), what stays frozen and in which format
// (16-bit, or bitsandbytes NF4 with its per-block constants), and what the adapters' backward
// keeps of the activations.

#include "finetune_kinds.h"
#include "weight_tensors.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lgm {

std::string_view toString(FinetuneMethod m); // full, lora, qlora
std::optional<FinetuneMethod> finetuneMethodFromString(std::string_view text);

// "q,v", "q,k,v,o,gate,up,down" or "all-linear"; nullopt for an empty list or an unknown name.
std::optional<unsigned> loraTargetsFromString(std::string_view text);
std::string loraTargetsToString(unsigned targets); // "all-linear" when every target is chosen

struct LoraSettings {
    std::int64_t rank = 8;              // r
    unsigned targets = kLoraQ | kLoraV; // PEFT's default for Llama
    // GPT-2's c_attn and NeoX's query_key_value hold Q, K and V in one d × (h + 2g)·hd matrix,
    // which PEFT adapts as one when any of q, k, v is chosen.
    bool fusedQkv = false;
    friend bool operator==(const LoraSettings&, const LoraSettings&) = default;
};

// The fused-QKV default of an architecture (GPT-2 and NeoX: true).
bool fusedQkvByDefault(Architecture family);

// The base matrices LoRA adapts (routed and shared experts' gate/up/down included), each with
// its multiplicity; nullopt on a bad model.
std::optional<std::vector<WeightTensor>> adaptedMatrices(const ModelSpec& model,
                                                         const LoraSettings& lora);

// The adapters as tensors: A (r × d_in) and B (d_out × r) for every adapted matrix.
std::optional<std::vector<WeightTensor>> loraTensors(const ModelSpec& model,
                                                     const LoraSettings& lora);

// Σ r·(d_in + d_out) over the adapted matrices.
std::optional<std::int64_t> loraTrainableParameters(const ModelSpec& model,
                                                    const LoraSettings& lora);

// bitsandbytes' 4-bit storage of one tensor of n elements (quantize_4bit, QuantState).
struct Nf4Options {
    std::int64_t blockSize = 64; // quantize_4bit's default
    bool doubleQuant = true;     // compress_statistics (QLoRA's double quantization)
    friend bool operator==(const Nf4Options&, const Nf4Options&) = default;
};
// packed data ⌊(n + 1)/2⌋ + the 16-entry fp32 code (64), and then
//   double quant: uint8 absmax ⌈n/B⌉ + fp32 nested absmax 4·⌈⌈n/B⌉/256⌉ + the nested 256-entry
//                 fp32 code copied per tensor (1024) + the fp32 offset (4)
//   otherwise:    fp32 absmax 4·⌈n/B⌉
std::optional<std::int64_t> nf4Bytes(std::int64_t elements, const Nf4Options& options);

// Whether QLoRA quantizes this tensor: every linear of the layers (attention, FFN, experts,
// routers); embeddings, position tables, the LM head and every 1-D tensor stay 16-bit.
bool quantizedUnderQlora(const WeightTensor& t);

// The frozen base weights' bytes: nothing under full fine-tuning; every base tensor at
// `width` bytes under LoRA; under QLoRA the quantized tensors in NF4 and the rest at `width`.
std::optional<std::int64_t> frozenWeightBytes(const ModelSpec& model, FinetuneMethod method,
                                              std::int64_t width, const Nf4Options& nf4 = {});

// What the adapters' backward keeps for one micro-batch of `tokens` tokens in one GPU, at
// `width` bytes an element. The frozen base matrices keep no input for a weight gradient; each
// adapter keeps its input (shared by the matrices that read the same tensor: Q/K/V, gate/up;
// with LoRA dropout each adapter keeps its own dropped copy and a 1-byte mask) and its r-wide
// intermediate. Routed experts see topK of every token.
struct AdapterActivations {
    std::int64_t inputs = 0;       // "lora_inputs"
    std::int64_t intermediate = 0; // "lora_intermediate"
};
std::optional<AdapterActivations> adapterActivationBytes(const ModelSpec& model,
                                                         const LoraSettings& lora,
                                                         std::int64_t tokens, std::int64_t width,
                                                         bool dropout = false);

} // namespace lgm
