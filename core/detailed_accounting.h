#pragma once

// The detailed accounting: what a real training stack keeps on its busiest GPU at its peak,
// term by term. The layers' saved tensors come from saved_tensors.h, their placement from
// parallel_layout.h; this adds the model states per implementation, the parts outside the
// layers, the loss and recompute transients, the framework buffers and the runtime overhead
// that torch.cuda.memory_allocated does not see.

#include "expected.h"
#include "memory_terms.h"
#include "parallel_layout.h"
#include "parameter_groups.h"
#include "saved_tensors.h"
#include "spec.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lgm {

std::string_view toString(TermKind kind);

// One named part of the peak. Ids are stable snake_case ("parameters", "layer_activations",
// "cross_entropy_backward", "fsdp_gathered_units", "cuda_context", ...).
// Ids and formulas are static strings, so a term list costs no string allocation.
struct DetailedTerm {
    std::string_view id;
    TermKind kind = TermKind::Activations;
    std::int64_t bytes = 0;
    std::string_view formula; // short, symbolic: "2sbh per layer × L/p"
    friend bool operator==(const DetailedTerm&, const DetailedTerm&) = default;
};

inline constexpr std::int64_t kMiB = 1024 * 1024;

// Memory outside PyTorch's allocator counters, each line editable.
struct RuntimeOverhead {
    std::int64_t cudaContextBytes = 500 * kMiB; // per process (one per GPU)
    // NCCL_BUFFSIZE (4 MiB, the Simple protocol's FIFO per channel per peer) × 2 ring peers ×
    // 32 channels; measured figures range from 0.1 to 1.6 GB per communicator.
    std::int64_t ncclBytesPerCommunicator = 256 * kMiB;
    double allocatorReserve = 0.10; // reserved − allocated, as a fraction of allocated
    bool counted = false;           // whether per_gpu.peak includes these lines
    friend bool operator==(const RuntimeOverhead&, const RuntimeOverhead&) = default;
};

struct DetailedOptions {
    bool pureBf16 = false; // 16-bit weights, no fp32 master copy (proposed Precision::Bf16)
    RuntimeOverhead overhead;
    std::int64_t zero3PrefetchElements = 50'000'000; // DeepSpeed stage3_prefetch_bucket_size
    friend bool operator==(const DetailedOptions&, const DetailedOptions&) = default;
};

// Bytes per parameter the implementation keeps, and what autocast adds while the step runs.
struct StateBytes {
    int weights = 4;
    int gradients = 4;
    int optimizer = 8;
    int autocastCopy = 0;  // HF autocast: the bf16 cast of each matmul weight, saved for backward
    int unitWeights = 4;   // an FSDP/ZeRO-3 unit while gathered
    int unitGradients = 4; // its unsharded gradient before reduce-scatter
    friend bool operator==(const StateBytes&, const StateBytes&) = default;
};

StateBytes stateBytes(Implementation implementation, NumericFormat format, bool fp32Gradients);

// HF with a mixed precision under an FSDP strategy runs FSDP's mixed-precision policy
// (param_dtype = reduce_dtype = 16-bit, as accelerate sets it): fp32 sharded states, 16-bit
// gathered units and gradients, 16-bit activations, and nothing left for autocast to cast.
bool fsdpMixedPrecision(const Scenario& scenario);

// The bytes per parameter of a scenario (the format above, FSDP's policy applied).
StateBytes scenarioStateBytes(const Scenario& scenario, const DetailedOptions& options);

// The format the layers' saved tensors are written in.
NumericFormat activationFormat(const Scenario& scenario, const DetailedOptions& options);

enum class PeakMoment {
    StartOfBackward,     // every micro-batch in flight saved, the loss's backward running
    RecomputeInBackward, // one layer's activations rebuilt while its backward runs
};

std::string_view toString(PeakMoment moment);

struct StageMemory {
    std::int64_t stage = 0;
    std::int64_t layers = 0;
    std::int64_t inflightChunks = 1;
    std::int64_t perLayer = 0;         // the largest layer's kept bytes, one micro-batch
    std::int64_t activationLayers = 0; // all its layers, all in-flight micro-batches
    PeakMoment moment = PeakMoment::StartOfBackward;
    std::vector<DetailedTerm> terms; // what the peak is made of
    std::int64_t peak = 0;
};

// estimate → torch.cuda.max_memory_allocated → max_memory_reserved → nvidia-smi.
struct Reconciliation {
    std::int64_t allocated = 0;
    std::int64_t reserved = 0;
    std::int64_t nvidiaSmi = 0;
    std::array<DetailedTerm, 3> overhead; // allocator_reserve, cuda_context, nccl_buffers
};

struct DetailedEstimate {
    std::vector<SavedTensor> denseLayer; // the lists, under no recompute
    std::vector<SavedTensor> moeLayer;   // empty for a dense model
    LayerGeometry geometry;              // what turns the lists into bytes on one GPU
    StageMemory busiest;                 // the GPU with the largest peak
    std::int64_t firstStagePeak = 0;
    std::int64_t lastStagePeak = 0;
    Reconciliation reconciliation;

    std::int64_t perLayer() const { return busiest.perLayer; } // activations.per_layer
    std::int64_t activationLayers() const {
        return busiest.activationLayers;
    }                                                  // per_gpu.activation_layers
    std::int64_t peak() const { return busiest.peak; } // per_gpu.peak
};

using DetailedResult = Expected<DetailedEstimate, LayoutError>;

// One layer's saved tensors as terms (one micro-batch, one GPU), for a per-tensor breakdown;
// selective recompute leaves out the attention core. The bytes sum to layerBytes().
std::vector<DetailedTerm> savedTensorTerms(const std::vector<SavedTensor>& tensors,
                                           const LayerGeometry& geometry, bool dropAttentionCore);

DetailedResult detailedEstimate(const Scenario& scenario, const DetailedOptions& options = {});

// The whole model's figures that a fine-tuned stage's model states are shares of (detailed_
// finetune.h): they depend on neither s, b, N nor the accumulation steps, so a plan holds them.
struct FinetuneModelFigures {
    WideBytes total = 0;     // Ψ
    WideBytes trainable = 0; // T
    WideBytes frozen = 0;    // bytes of the frozen base
    WideBytes states = 0;    // the optimizer's states of the trainable tensors
    WideBytes largest = 0;   // elements of the largest trainable tensor
};

// What a detailed estimate reads besides s, b and N, built once per model and set-up: the
// parameters' placement and every saved-tensor list. A slider or chart sweep over s, b or N
// reuses it, so each point costs only the layout check and a few multiplications per list.
struct DetailedPlan {
    Scenario scenario; // the set-up it was built for
    DetailedOptions options;
    ParameterSplit parameters;
    LayerOptions layer;
    std::vector<SavedTensor> dense, moe, embedding, output;
    LayerWidths denseWidths, moeWidths; // the two layer lists summed for the plan's TP/SP
    SavedTensor checkpoint;
    SavedTensor lossTransient;
    // Under the fine-tuning pricing (or DeepSpeed's fp32 accumulation): its figures, computed
    // once instead of at every b of a fit search; empty otherwise or past 64 bits.
    std::optional<FinetuneModelFigures> finetune;
};

using DetailedPlanResult = Expected<DetailedPlan, LayoutError>;

DetailedPlanResult planDetailed(const Scenario& scenario, const DetailedOptions& options = {});
// The same plan with its fine-tuning figures given: `figures`, when not null, must be
// finetuneFigures(scenario, options), e.g. computed once for layouts that differ only in what the
// figures do not read (t, p, recompute).
DetailedPlanResult planDetailed(const Scenario& scenario, const DetailedOptions& options,
                                const std::optional<FinetuneModelFigures>* figures);

// Whether the plan serves the scenario: the same model, set-up and layout but for s, b and N.
bool planServes(const DetailedPlan& plan, const Scenario& scenario,
                const DetailedOptions& options = {});

// The same result as detailedEstimate(scenario, plan.options) when planServes() holds.
DetailedResult detailedEstimate(const DetailedPlan& plan, const Scenario& scenario);

// The busiest GPU of detailedEstimate(plan, scenario), without copying the layer lists: what a
// search over thousands of set-ups reads. The same peak and terms, to the byte.
Expected<StageMemory, LayoutError> busiestStage(const DetailedPlan& plan, const Scenario& scenario);

} // namespace lgm
