#pragma once

// The input table's rows for fine-tuning and the optimizer: method, LoRA, optimizer, master
// weights, offload, accumulation; in InputId order (input_table.cpp joins the sections and checks
// the order).

#include "input_rows.h"

namespace lgm::input_rows {

inline constexpr std::array<InputSpec, 8> kFinetuneRows{{
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

} // namespace lgm::input_rows
