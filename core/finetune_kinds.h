#pragma once

// The kinds a fine-tuning set-up is chosen from, apart from the modules that count them, so the
// value types of spec.h can hold them: the optimizer and its master copy (optimizer_states.h),
// the fine-tuning method and LoRA's target matrices (finetune.h), and what ZeRO-Offload moves to
// the host (finetune_terms.h).

namespace lgm {

enum class Optimizer { AdamW, Adam8bit, Sgd, SgdMomentum, Adafactor, Lion };
enum class MasterWeights { Fp32, None };
enum class FinetuneMethod { Full, Lora, Qlora };
enum class Offload { None, Optimizer, OptimizerParams };

// PEFT target names: q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj.
enum LoraTarget : unsigned {
    kLoraQ = 1u << 0,
    kLoraK = 1u << 1,
    kLoraV = 1u << 2,
    kLoraO = 1u << 3,
    kLoraGate = 1u << 4,
    kLoraUp = 1u << 5,
    kLoraDown = 1u << 6,
    kLoraAllLinear = 0x7Fu, // PEFT's "all-linear": every linear but the LM head
};

} // namespace lgm
