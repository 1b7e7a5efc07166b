#pragma once

#include "config.h"
#include "detailed_accounting.h"
#include "expected.h"
#include "input_error.h"
#include "memory_terms.h"
#include "parameter_groups.h"
#include "spec.h"

#include <cstdint>
#include <optional>

namespace lgm {

// The count of the described architecture (parameter_groups.h). The four named parts are the
// groups of the same id under the selected count; `embedding` also holds the learned position
// table, as it always has, so that GPT-2's figures keep their meaning.
struct ParameterCounts {
    std::int64_t embedding = 0; // token table (v·d, or OPT's v·e and projections) + positions P·d
    std::int64_t attention = 0; // Q, K, V, O with their biases (and sinks)
    std::int64_t ffn = 0;       // dense FFNs; routed and shared experts are their own groups
    std::int64_t norm = 0;      // every norm, the final one included; 0 in the approx count
    std::int64_t exact = 0;
    std::int64_t approx = 0;
    std::int64_t total = 0;    // exact or approx, whichever the config selects
    std::int64_t perLayer = 0; // the largest transformer layer under the selected count: an FSDP
                               // unit
    std::int64_t active = 0;   // what one token passes through (k of E routed experts), selected
                               // count; equal to total for a dense model
    ParameterGroups groups;    // every group under the selected count
};

struct BytesPerParameter {
    int parameters = 0;
    int gradients = 0;
    int optimizer = 0;
    int total() const { return parameters + gradients + optimizer; }
};

struct ModelStates {
    BytesPerParameter perParameter;
    std::int64_t parameters = 0;
    std::int64_t gradients = 0;
    std::int64_t optimizer = 0;
    std::int64_t total = 0;
};

// One seed activation term (seed_activations.h) at the model's real widths.
struct ActivationPart {
    std::int64_t elementsPerLayer = 0; // an MoE layer's where the model routes (ffn)
    std::int64_t bytesPerLayer = 0;
    std::int64_t bytes = 0; // all L layers
};

struct Activations {
    int bytesPerElement = 0;
    ActivationPart attentionLinear;
    ActivationPart attentionQuadratic;
    ActivationPart ffn;
    std::int64_t bytesPerLayer = 0;
    std::int64_t bytes = 0;
};

// The lecture note's closed form is the textbook model: it stays defined on (d, h, s, b) for
// every architecture. `actual` and the *Actual crossovers use the estimate's real widths.
struct Ratios {
    double actual = 0;        // activation bytes / model-state bytes under the config
    double seedFormula = 0;   // b(s/3d + hs²/24d²)
    double linearTerm = 0;    // b·s/3d
    double quadraticTerm = 0; // b·hs²/24d²
};

struct Crossovers {
    double seq = 0;                // s at which the seed formula equals 1
    double batch = 0;              // b at which the seed formula equals 1
    double quadraticOvertakes = 0; // s = 8d/h
    double seqActual = 0;   // s at which activation bytes (real widths) equal model-state bytes
    double batchActual = 0; // b at which activation bytes equal model-state bytes
};

// Memory of one GPU under the config's strategy.
struct PerGpu {
    std::int64_t shardGroup = 1;    // GPUs that share one copy of the sharded states
    std::int64_t gatheredUnits = 0; // FSDP units held unsharded at the peak
    std::int64_t parameters = 0;    // includes gatheredParameters
    std::int64_t gradients = 0;     // includes gatheredGradients and bucketCopy
    std::int64_t optimizer = 0;
    std::int64_t ownParameters = 0; // this GPU's shard, or the whole replica
    std::int64_t ownGradients = 0;
    std::int64_t gatheredParameters = 0;
    std::int64_t gatheredGradients = 0;
    std::int64_t bucketCopy = 0;
    std::int64_t modelStates = 0;
    std::int64_t activations = 0;
    std::int64_t total = 0;
};

// What the fine-tuning inputs change (finetune_seed.h); under the defaults every parameter is
// trainable and nothing is on the host.
struct FinetuneFigures {
    std::int64_t trainable = 0;       // parameters with gradients and optimizer states
    std::int64_t frozen = 0;          // base parameters without (LoRA, QLoRA)
    double trainableShare = 1;        // trainable / (trainable + frozen)
    std::int64_t frozenBytes = 0;     // the frozen base: 16-bit, or NF4 with its constants
    std::int64_t masterBytes = 0;     // fp32 master copy of the trainable weights (unsharded)
    std::int64_t stateBytes = 0;      // the optimizer's own states (unsharded)
    std::int64_t loraActivations = 0; // the adapters' r-wide intermediates, in activations.bytes
    std::int64_t cpuPerGpu = 0;       // host memory one GPU's process holds (offload)
    std::int64_t cpuPinned = 0;       // of cpuPerGpu, page-locked
    std::int64_t cpuPerNode = 0;      // cpuPerGpu × the processes of one node
};

struct Estimate {
    // Defined out of line, so that an Estimate built in an EstimateResult is not zeroed whole
    // (2 kB, on every slider step) before its fields are set.
    Estimate();
    // The inputs in place, every result at its default until estimate() fills it.
    explicit Estimate(const Config& config);     // scenario = toScenario(config)
    explicit Estimate(const Scenario& scenario); // config = toConfig(scenario)

    Scenario scenario; // every input, as the input table reports them
    Config config;     // the inputs the seed formulas read
    ParameterCounts parameters;
    ModelStates modelStates;
    Activations activations;
    SeedTerms terms;        // the model states and activations above, as named terms
    std::int64_t total = 0; // model states + activations on one GPU without sharding
    Ratios ratio;
    Crossovers crossover;
    PerGpu perGpu;
    std::int64_t globalBatch = 0; // N·b·k sequences per optimizer step
    FinetuneFigures finetune;
    // Under accounting = detailed: what a real training stack keeps (detailed_report.h); the
    // fields above stay the lecture note's figures, for comparison.
    std::optional<DetailedEstimate> detailed;
};

using EstimateResult = Expected<Estimate, InputError>;

// Checks every input against its range and the inputs against each other (input_rules.h).
std::optional<InputError> validate(const Scenario& scenario);
std::optional<InputError> validate(const Config& config);

// The whole memory model for one config; fails with the input to change when the config is
// invalid or a result would not fit in 64 bits.
EstimateResult estimate(const Scenario& scenario);
EstimateResult estimate(const Config& config);

BytesPerParameter bytesPerParameter(Precision precision, bool fp32Gradients);
int activationBytesPerElement(Precision precision);

// Bytes left on a GPU of the given capacity; negative when the configuration does not fit.
std::int64_t headroom(std::int64_t requiredBytes, std::int64_t capacityBytes);

} // namespace lgm
