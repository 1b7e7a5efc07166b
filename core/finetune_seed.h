#pragma once

// The fine-tuning inputs (spec.h's FinetuneSpec) in the seed accounting. The seed prices every
// parameter at one byte rate (4 + 4 + 8 in fp32, 2 + 2 + 12 mixed); here the three model states
// are priced by what each holds:
//   weights     w × trainable + the frozen base (w × frozen under LoRA, NF4 under QLoRA)
//   gradients   g × trainable
//   optimizer   4 × trainable for the fp32 master copy (mixed precision, master fp32) + the
//               optimizer's states of the trainable tensors (optimizer_states.h)
// and sharded by the strategy's rule as the seed shards them. Offload moves the optimizer step
// to the host (ZeRO-Offload), and with optimizer+params the weights too (ZeRO-Infinity); the
// host's bytes are a column of their own. The adapters' r-wide intermediates join the
// activations; their inputs are the tensors the seed already keeps for every linear.
// Under the defaults (AdamW, full, no offload, k = 1) every seed figure is left as it was.

#include "estimate.h"

#include <optional>

namespace lgm {

// Rewrites e's model states, per-GPU memory, activations, ratio and global batch for
// e.scenario's fine-tuning inputs, and fills e.finetune.
std::optional<InputError> applyFinetune(Estimate& e);

// True when the fine-tuning inputs leave the seed's per-GPU figures as they are (AdamW, full
// fine-tuning, an fp32 master copy, no offload): applyFinetune changes no byte of perGpu.
bool keepsSeedRates(const FinetuneSpec& f);

// The per-GPU memory of `finetuned` (an estimate applyFinetune has rewritten) on another GPU
// count and strategy, priced as estimate() prices it there; nullopt where the figures do not fit
// in 64 bits. The layout's validity (fsdp-hybrid's G | N) is the caller's to check.
std::optional<PerGpu> finetunedPerGpu(const Estimate& finetuned, Strategy strategy,
                                      std::int64_t gpus);

} // namespace lgm
