#pragma once

// Every weight tensor of a model as a shape and a multiplicity, so that what depends on the
// tensor and not only on the parameter count can be counted exactly: LoRA adapters (per adapted
// matrix), NF4 blocks (per quantized tensor), 8-bit Adam blocks and its minimum size, Adafactor's
// factored moments (per matrix). The numbers of elements add up to countParameters()'s exact
// total.

#include "spec.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace lgm {

// What a tensor is, and which LoRA target name selects it (PEFT's q_proj ... down_proj).
enum class WeightRole {
    Embedding, // token table (and OPT-350m's projections), stays 16-bit under QLoRA
    Positions, // learned position table
    Head,      // untied LM head, stays 16-bit under QLoRA
    Vector,    // norms, biases, attention sinks: 1-D, never quantized, never LoRA-adapted
    Query,     // Q projection (MLA: q_proj, or q_a_proj and q_b_proj)
    Key,       // K projection (MLA: kv_a_proj_with_mqa and kv_b_proj, shared with Value)
    Value,     // V projection
    Output,    // O projection
    Gate,      // gate_proj of a gated FFN (dense, routed or shared expert)
    Up,        // up_proj / fc1 / c_fc
    Down,      // down_proj / fc2 / c_proj
    Router,    // d × E router, d × 1 shared-expert gate
};

struct WeightTensor {
    WeightRole role = WeightRole::Vector;
    std::int64_t dIn = 0;   // columns (input width); 0 for a 1-D tensor
    std::int64_t dOut = 0;  // rows (output width), or the length of a 1-D tensor
    std::int64_t count = 1; // identical tensors in the whole model (layers × experts ...)
    bool expert = false;    // a routed expert's matrix

    std::int64_t elements() const { return dIn > 0 ? dIn * dOut : dOut; }
    bool isMatrix() const { return dIn > 0; }
    friend bool operator==(const WeightTensor&, const WeightTensor&) = default;
};

// nullopt when an input is negative or an element count would not fit in 63 bits.
std::optional<std::vector<WeightTensor>> weightTensors(const ModelSpec& model);

// Sum of elements × count, or nullopt on overflow.
std::optional<std::int64_t> totalElements(const std::vector<WeightTensor>& tensors);

} // namespace lgm
