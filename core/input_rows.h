#pragma once

// What the input table's rows are written with: accessors generated from member pointers (so a
// row names its field once), the choices' names in enum order, and the rules for when an input
// applies. Only the row files (input_rows_*.h) and input_table.cpp include it.

#include "input_table.h"

#include <QtGlobal>

#include <array>
#include <cstdint>
#include <string_view>
#include <type_traits>

namespace lgm::input_rows {

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

inline constexpr std::string_view kFamilies[] = {"gpt2", "llama", "qwen2", "gemma",
                                                 "neox", "moe",   "custom"};
inline constexpr std::string_view kFfnTypes[] = {"plain", "gated"};
inline constexpr std::string_view kNorms[] = {"layernorm", "rmsnorm", "none"};
inline constexpr std::string_view kBiases[] = {"all", "qkv", "none", "attention"}; // BiasMode order
inline constexpr std::string_view kPositionTypes[] = {"learned", "rotary"};
inline constexpr std::string_view kQkNorms[] = {"none", "per-head", "full"};
inline constexpr std::string_view kPrecisions[] = {"fp32", "fp16-mixed", "bf16-mixed", "bf16"};
inline constexpr std::string_view kCounts[] = {"exact", "approx"};
inline constexpr std::string_view kOptimizers[] = {"adamw",        "adam8bit",  "sgd",
                                                   "sgd-momentum", "adafactor", "lion"};
inline constexpr std::string_view kMasterWeights[] = {"fp32", "none"};
inline constexpr std::string_view kFinetunes[] = {"full", "lora", "qlora"};
// LoraTarget's bits in order, then PEFT's name for all of them.
inline constexpr std::string_view kLoraTargets[] = {"q",    "k",  "v",    "o",
                                                    "gate", "up", "down", "all-linear"};
inline constexpr std::string_view kOffloads[] = {"none", "optimizer", "optimizer+params"};
inline constexpr std::string_view kAccountings[] = {"seed", "detailed"};
inline constexpr std::string_view kImplementations[] = {"megatron", "huggingface"};
inline constexpr std::string_view kAttentions[] = {"eager", "flash"};
inline constexpr std::string_view kRecomputes[] = {"none", "selective", "full"};
inline constexpr std::string_view kLosses[] = {"standard", "fused"};
inline constexpr std::string_view kStrategies[] = {
    "ddp", "zero1", "zero2", "zero3", "fsdp-full", "fsdp-grad-op", "fsdp-hybrid"};

inline bool always(const Scenario&) {
    return true;
}
inline bool learned(const Scenario& s) {
    return s.model.positionType == PositionType::Learned;
}
inline bool moe(const Scenario& s) {
    return s.model.moe.experts > 1;
}
inline bool sharedExperts(const Scenario& s) {
    return moe(s) && s.model.moe.sharedExperts > 0;
}
inline bool mixed(const Scenario& s) {
    return isMixed(s.training.precision);
}
inline bool hybrid(const Scenario& s) {
    return s.parallel.data == Strategy::FsdpHybrid;
}
inline bool ddp(const Scenario& s) {
    return s.parallel.data == Strategy::Ddp;
}
inline bool adafactor(const Scenario& s) {
    return s.training.finetune.optimizer == Optimizer::Adafactor;
}
inline bool adapters(const Scenario& s) {
    return s.training.finetune.method != FinetuneMethod::Full;
}
// The inputs the lecture note's formulas do not read: only the detailed accounting uses them.
inline bool detailed(const Scenario& s) {
    return s.training.accounting == Accounting::Detailed;
}
inline bool fullRecompute(const Scenario& s) {
    return detailed(s) && s.training.recompute == Recompute::Full;
}
inline bool tensorParallel(const Scenario& s) {
    return detailed(s) && s.parallel.tp > 1;
}
inline bool pipelined(const Scenario& s) {
    return detailed(s) && s.parallel.pp > 1;
}
inline bool expertParallel(const Scenario& s) {
    return detailed(s) && moe(s);
}

// The dropout probability as the table's whole number of thousandths.
inline std::int64_t getDropout(const Scenario& s) {
    const double p = s.training.dropout;
    // 0 (the default, checked on every estimate) without a call into libm.
    return p == 0 ? 0 : static_cast<std::int64_t>(std::llround(p * double(kFractionScale)));
}
inline void setDropout(Scenario& s, std::int64_t v) {
    s.training.dropout = static_cast<double>(v) / double(kFractionScale);
}

using K = InputKind;
using S = Section;
using R = DefaultRule;
using I = InputId;

} // namespace lgm::input_rows
