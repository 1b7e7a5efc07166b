#pragma once

// Parameter counting for every architecture a ModelSpec describes, as named groups. The exact
// count follows the described architecture; the approx count keeps only the layers' weight
// matrices (the seed's 12Ld² for GPT-2 at f = 4d).

#include "spec.h"

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace lgm {

// One group of parameters. Ids are stable and used as report keys (parameters.<id>):
// "embedding" (token table), "positions" (learned table), "attention" (Q, K, V, O with their
// biases), "qk_norm", "ffn" (dense FFNs), "experts" (routed), "shared_experts", "router",
// "norm" (every norm, the final one included) and "head" (untied LM head).
struct ParameterGroup {
    std::string_view id;
    std::int64_t total = 0;  // every layer
    std::int64_t active = 0; // what one token passes through (routed: k of E experts)
    friend bool operator==(const ParameterGroup&, const ParameterGroup&) = default;
};

struct ParameterCount {
    std::vector<ParameterGroup> groups; // only groups the architecture has, in the order above
    std::int64_t total = 0;
    std::int64_t active = 0;
    std::int64_t largestLayer = 0; // the largest transformer layer: one FSDP unit
    friend bool operator==(const ParameterCount&, const ParameterCount&) = default;
};

// nullopt when a count would not fit in 63 bits; callers turn that into an InputError naming the
// model inputs.
std::optional<ParameterCount> countParameters(const ModelSpec& model, CountMode mode);

} // namespace lgm
