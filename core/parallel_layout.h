#pragma once

// How a TP × PP × CP (× EP) layout places the layers on GPUs, and how many micro-batches'
// activations each pipeline stage holds at once under 1F1B and interleaved 1F1B.

#include "spec.h"

#include <cstdint>
#include <optional>
#include <string>

namespace lgm {

// One sentence naming the inputs and the numbers that do not fit together.
struct LayoutError {
    std::string message;
    friend bool operator==(const LayoutError&, const LayoutError&) = default;
};

std::optional<LayoutError> validateLayout(const ModelSpec& model, const TrainingSetup& training,
                                          const Parallelism& parallel);

struct PipelineStage {
    std::int64_t index = 0;
    std::int64_t denseLayers = 0; // layers of this stage, over all its virtual chunks
    std::int64_t moeLayers = 0;
    // Chunk-micro-batches whose activations are held at once. 1F1B: min(p − i, m) of one chunk
    // of L/p layers. Interleaved (v chunks of L/(p·v) layers): Megatron's warm-up count
    // 2(p − i − 1) + (v − 1)·p, plus the one in steady state, at most m·v; on stage 0 this is
    // p·v + p − 1, i.e. L/p layers × p micro-batches × (1 + (p − 1)/(p·v)).
    std::int64_t inflightChunks = 1;
    std::int64_t inflightMicrobatches = 1; // what the embedding (stage 0) keeps: min(p, m)
    bool first = true;
    bool last = true;
};

// Layer i (0-based) routes to experts.
bool isMoeLayer(const ModelSpec& model, std::int64_t layer);

PipelineStage pipelineStage(const ModelSpec& model, const Parallelism& parallel,
                            std::int64_t stage);

// The data-parallel shard group of a strategy: N/(t·p·c), or the GPUs of one node that are not
// taken by TP and CP for fsdp-hybrid.
std::int64_t dataShardGroup(const Parallelism& parallel);

// The data-parallel group of the routed experts: N/(t·p·e) (expert TP = t).
std::int64_t expertShardGroup(const Parallelism& parallel);

} // namespace lgm
