#pragma once

// The fine-tuning inputs (spec.h's FinetuneSpec) in the detailed accounting. The implementation's
// bytes per parameter (StateBytes) stay the rates; what changes is which parameters they apply to
// and what the optimizer keeps:
//   parameters        weights × trainable (the adapters under LoRA/QLoRA, every weight under full)
//   frozen_weights    the frozen base: 16-bit under LoRA (fp32 under fp32 training), bitsandbytes
//                     NF4 for the layers' linears under QLoRA (finetune.h's nf4Bytes)
//   gradients         gradients × trainable
//   optimizer         the implementation's fp32 master copy (and Megatron's fp32 gradient copy
//                     under fp16) × trainable, plus the optimizer's states of the trainable
//                     tensors (optimizer_states.h); none of the master copy under master none
//   grad_accumulation_fp32  DeepSpeed's fp32 gradient accumulation under bf16 (the HF
//                     implementation under a ZeRO strategy, k > 1); Megatron's fp32 main_grad is
//                     its gradients term already, so it adds nothing there
//   lora_intermediate the adapters' r-wide intermediates of the layers the stage keeps
// Offload (ZeRO-Offload / ZeRO-Infinity) moves the master copy, the fp32 gradient partition and
// the optimizer states, and with optimizer+params the weights, to host terms of their own.
// Every share of a stage is the whole model's figure × the stage's owned elements / Ψ, so a
// single GPU (t = p = 1, DDP) gets the whole model's figure exactly.

#include "detailed_accounting.h"
#include "detailed_states.h"

#include <optional>
#include <vector>

namespace lgm {

// Whether the model states need the fine-tuning pricing: anything but full fine-tuning with
// AdamW and an fp32 master copy, without offload.
bool finetunePriced(const FinetuneSpec& finetune);

// The model-state terms of one GPU under the fine-tuning inputs, and its host terms under
// offload (`host` may be null). A count beyond 64 bits gives a term of INT64_MAX bytes, which the
// caller refuses.
// `figures`, when given, are finetuneFigures(scenario, ...) computed before.
void appendFinetuneStateTerms(const Scenario& scenario, const StateBytes& bytes,
                              const StageShare& share, std::vector<DetailedTerm>& gpu,
                              std::vector<DetailedTerm>* host,
                              const FinetuneModelFigures* figures = nullptr);

// The whole model's figures of the scenario's fine-tuning inputs; nullopt past 64 bits.
std::optional<FinetuneModelFigures> finetuneFigures(const Scenario& scenario,
                                                    const DetailedOptions& options);

// The trainable part of `elements` of the model: all of them under full fine-tuning, the
// adapters' share T/Ψ under LoRA and QLoRA, whose frozen base is 16-bit already, so that HF
// autocast casts (and saves) only the adapters' weights. INT64_MAX when the model is too large.
std::int64_t trainablePart(const Scenario& scenario, std::int64_t elements);

// DeepSpeed's fp32 accumulation buffer (see above); nothing when the set-up keeps none.
void appendAccumulationTerm(const Scenario& scenario, const DetailedOptions& options,
                            const StageShare& share, std::vector<DetailedTerm>& terms,
                            const FinetuneModelFigures* figures = nullptr);

// The adapters' r-wide intermediates a stage holds, in the activations' format: one layer's
// × `keptLayerChunks` (layers not recomputed × in-flight chunks) / v, as the layers' saved
// tensors are counted; 0 under full fine-tuning.
std::int64_t loraIntermediateBytes(const Scenario& scenario, const DetailedOptions& options,
                                   std::int64_t keptLayerChunks);

// The host memory of one GPU's process on pipeline stage `stage` under offload (empty without).
std::vector<DetailedTerm> detailedHostTerms(const Scenario& scenario,
                                            const DetailedOptions& options, std::int64_t stage);

} // namespace lgm
