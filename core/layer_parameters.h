#pragma once

// Parameters of one layer and of the parts outside the layers, split by how a parallel layout
// divides them: over the TP ranks (attention and FFN matrices, vocabulary rows), not at all
// (norms, the router, a learned position table) or over the expert-parallel ranks (routed
// experts). The detailed accounting places these on pipeline stages and shards.

#include "spec.h"

#include <cstdint>

namespace lgm {

struct ShardedCount {
    std::int64_t tp = 0;         // divided by t
    std::int64_t replicated = 0; // the same on every TP rank
    std::int64_t experts = 0;    // routed experts: divided by e·t
    std::int64_t total() const { return tp + replicated + experts; }
    friend bool operator==(const ShardedCount&, const ShardedCount&) = default;
};

struct LayerParameters {
    ShardedCount dense;         // a layer with a dense FFN
    ShardedCount moe;           // a layer with routed experts (equal to dense for a dense model)
    std::int64_t embedding = 0; // token table v·d, vocabulary-parallel
    std::int64_t positions = 0; // learned position table P·d, replicated
    std::int64_t head = 0;      // untied LM head v·d, vocabulary-parallel; 0 when tied
    std::int64_t finalNorm = 0;
    std::int64_t moeLayers = 0;                    // how many of the L layers route to experts
    std::int64_t total(std::int64_t layers) const; // the whole model of L layers
};

// Approx keeps only the layers' weight matrices: 12Ld² for GPT-2 at f = 4d, as Korthikanti et
// al. count the 22B-1T models (no vocabulary, no norms, no biases).
LayerParameters layerParameters(const ModelSpec& model, CountMode mode);

// Layer i (0-based) routes to experts.
bool isMoeLayer(const ModelSpec& model, std::int64_t layer);

} // namespace lgm
