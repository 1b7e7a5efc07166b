#pragma once

// The seed's activation terms at a model's real widths. The lecture note stores, per layer and
// token, the attention block's linear tensors (6d: the norm input, Q, K, V, the attention output
// and the block's output), the QKᵀ scores and their softmax (2hs) and the FFN's tensors
// (2d + 2f). Here each takes the width the architecture gives it:
//   attention linear  d + h·hd (Q) + 2·g·hd (K, V) + h·hd (attention output) + d, which is 6d at
//                     g = h, hd = d/h; MLA: Q and K h·(nope + rope) wide, V and the output h·v;
//   FFN               2d + 2f plain, 2d + 3f gated (one more f-wide tensor: the gate);
//   MoE layer         2d + c·(k·f_e + n_s·f_s), c = 2 plain or 3 gated: the layer's input and
//                     output once per token, and the f-wide tensors of the k routed experts the
//                     token passes through and of every shared expert. The router's logits (E per
//                     token) and the dispatch copies are left to the detailed accounting.
// The first n layers of an MoE model are dense layers of width f.

#include "estimate.h"

#include <cstdint>

namespace lgm {

// Elements one token stores in one layer, by term.
struct SeedWidths {
    std::int64_t attentionLinear = 0;
    std::int64_t attentionQuadraticPerToken = 0; // 2h: times s for the s² scores and softmax
    std::int64_t denseFfn = 0;
    std::int64_t moeFfn = 0; // equal to denseFfn for a dense model
    std::int64_t denseLayers = 0;
    std::int64_t moeLayers = 0;
};

// The widths of a model countParameters() counts (so every width fits in 64 bits).
SeedWidths seedWidths(const ModelSpec& model);

// The seed's activation terms of the scenario's s and b at the model's widths. Per layer, the
// FFN term is that of a layer with routed experts when the model has any.
Expected<Activations, InputError> seedActivations(const Scenario& scenario,
                                                  const SeedWidths& widths);

// Where the activation bytes reach the given model-state bytes: in s (b fixed) and in b (s
// fixed). Activations are A·s² + B·s at a fixed b, and linear in b.
void actualCrossovers(Crossovers& crossover, const Scenario& scenario, const SeedWidths& widths,
                      std::int64_t modelStateBytes);

} // namespace lgm
