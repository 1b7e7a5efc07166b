#pragma once

// What the optimizer keeps for each trainable tensor, in bytes, from the rules of the code that
// allocates it (the README's "Fine-tuning and optimizers (core)" names each source):
//   AdamW (torch.optim.AdamW)      exp_avg and exp_avg_sq, zeros_like(p): 2 × state width
//   8-bit Adam (bitsandbytes)      tensors of ≥ min_8bit_size (4096) elements: uint8 state1 and
//                                  state2 + one fp32 absmax each per block (256 elements since
//                                  bitsandbytes 0.44.0, 2048 before); smaller ones: two fp32 states
//   SGD                            nothing
//   SGD with momentum              momentum_buffer: 1 × state width
//   Lion (lion-pytorch)            exp_avg: 1 × state width
//   Adafactor (transformers)       matrices: exp_avg_sq_row (rows) + exp_avg_sq_col (cols), fp32;
//                                  1-D tensors: exp_avg_sq (fp32); exp_avg only with beta1 set
// The state width is 4 bytes when the optimizer steps fp32 weights (fp32 training or fp32 master
// weights) and 2 when it steps 16-bit weights (pure bf16 training, no master copy).

#include "finetune_kinds.h"
#include "weight_tensors.h"

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace lgm {

inline constexpr Optimizer kAllOptimizers[] = {Optimizer::AdamW,     Optimizer::Adam8bit,
                                               Optimizer::Sgd,       Optimizer::SgdMomentum,
                                               Optimizer::Adafactor, Optimizer::Lion};

std::string_view toString(Optimizer o);     // adamw, adam8bit, sgd, sgd-momentum, adafactor, lion
std::string_view toString(MasterWeights m); // fp32, none
std::optional<Optimizer> optimizerFromString(std::string_view text);
std::optional<MasterWeights> masterWeightsFromString(std::string_view text);

struct OptimizerOptions {
    Optimizer kind = Optimizer::AdamW;
    std::int64_t stateWidth = 4;       // bytes of one fp32/16-bit state element
    std::int64_t blockSize8bit = 256;  // bitsandbytes ≥ 0.44.0; 2048 before
    std::int64_t min8bitSize = 4096;   // bitsandbytes' min_8bit_size
    bool adafactorFirstMoment = false; // beta1 given: an fp32 exp_avg as well
    friend bool operator==(const OptimizerOptions&, const OptimizerOptions&) = default;
};

// The state of one tensor of `elements` elements, of shape rows × cols for a matrix (cols = 0
// for a 1-D tensor). nullopt on overflow or a negative size.
std::optional<std::int64_t> optimizerStateBytes(std::int64_t rows, std::int64_t cols,
                                                const OptimizerOptions& options);

// Every trainable tensor's state, each times its multiplicity.
std::optional<std::int64_t> optimizerStateBytes(const std::vector<WeightTensor>& tensors,
                                                const OptimizerOptions& options);

// The optimizer's name for people ("8-bit Adam"), untranslated: translate it in context
// "Optimizers".
const char* optimizerLabel(Optimizer o);

// A one-line formula for the report, e.g. "8 B × trainable (fp32 m and v)".
std::string_view optimizerFormula(Optimizer o);

} // namespace lgm
