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

// The same count split by how a parallel layout divides it, from the same per-matrix shapes:
// over the TP ranks (Q/K/V/O and FFN matrices, column-parallel biases, per-head sinks, vocabulary
// rows), not at all (norms, row-parallel output biases, MLA's down projections, the router, the
// shared-expert gate, a learned position table) or over the expert-parallel ranks (routed
// experts, with their biases).
struct ShardedCount {
    std::int64_t tp = 0;         // divided by t
    std::int64_t replicated = 0; // the same on every TP rank
    std::int64_t experts = 0;    // routed experts: divided by e·t
    std::int64_t total() const { return tp + replicated + experts; }
    friend bool operator==(const ShardedCount&, const ShardedCount&) = default;
};

struct ParameterSplit {
    ShardedCount dense; // one layer with a dense FFN
    ShardedCount moe;   // one layer with routed experts (equal to dense for a dense model)
    std::int64_t denseLayers = 0;
    std::int64_t moeLayers = 0;  // how many of the L layers route to experts
    std::int64_t embedding = 0;  // token table v·d (v·e when projected), vocabulary-parallel
    std::int64_t projection = 0; // OPT's project_in (first stage) and project_out (last): e·d each
    std::int64_t positions = 0;  // learned position table P·d, replicated
    std::int64_t head = 0;       // untied LM head v·d (v·e), vocabulary-parallel; 0 when tied
    std::int64_t finalNorm = 0;
    std::int64_t total() const; // the whole model, every part placed once
    friend bool operator==(const ParameterSplit&, const ParameterSplit&) = default;
};

// nullopt exactly when countParameters() is. Approx keeps only the layers' weight matrices
// (12Ld² for GPT-2 at f = 4d, as Korthikanti et al. count the 22B-1T models: no vocabulary, no
// norms, no biases).
std::optional<ParameterSplit> splitParameters(const ModelSpec& model, CountMode mode);

} // namespace lgm
