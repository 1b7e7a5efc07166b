#pragma once

// The architecture families of KEYS.md as structure: what choosing a family sets, which family
// a fully described model belongs to, and the key spellings of the structural choices.

#include "spec.h"

#include <optional>
#include <string_view>

namespace lgm {

// The model with the structural inputs of a family set (norm, FFN type, biases, positions, head,
// norms per layer, residual); shape inputs are kept. gemma gets 2 norms per layer (Gemma 1);
// Gemma-2/3 set norms_per_layer = 4 on top. custom changes nothing.
ModelSpec withFamilyStructure(ModelSpec model, Architecture family);

// The family whose structure the model matches exactly, else Custom: choosing that family again
// cannot change the model.
Architecture matchingFamily(const ModelSpec& model);

// Key spellings (KEYS.md): gpt2, llama, qwen2, gemma, neox, moe, custom; layernorm, rmsnorm,
// none; plain, gated; all, qkv, none, attention; learned, rotary; none, per-head, full.
std::string_view toString(Architecture value);
std::optional<Architecture> architectureFromString(std::string_view text);
std::optional<NormType> normTypeFromString(std::string_view text);
std::optional<FfnType> ffnTypeFromString(std::string_view text);
std::optional<BiasMode> biasModeFromString(std::string_view text);
std::optional<PositionType> positionTypeFromString(std::string_view text);
std::optional<QkNorm> qkNormFromString(std::string_view text);

} // namespace lgm
