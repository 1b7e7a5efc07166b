#pragma once

// The model-state memory of a fine-tuning or training set-up as named terms on the GPU and the
// CPU: trainable and frozen weights, gradients, master weights, optimizer states, the fp32
// accumulation buffer, ZeRO-Offload / ZeRO-Infinity CPU copies and their pinned staging buffers,
// and the LoRA adapters' saved activations. The term list of the detailed accounting adopts them
// by id.

#include "config.h"
#include "detailed_accounting.h"
#include "expected.h"
#include "finetune.h"
#include "optimizer_states.h"
#include "spec.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lgm {

std::string_view toString(Offload o); // none, optimizer, optimizer+params
std::optional<Offload> offloadFromString(std::string_view text);

// TermKind is the detailed accounting's (detailed_accounting.h), so the terms drop into its list.
enum class MemorySide { Gpu, Cpu };

struct MemoryTerm {
    std::string_view id;
    TermKind kind = TermKind::Parameters;
    MemorySide side = MemorySide::Gpu;
    std::int64_t bytes = 0;   // per GPU (CPU terms: the host memory one GPU's process holds)
    std::string_view formula; // short, for the report
    bool pinned = false;      // page-locked host memory
};

struct FinetuneSetup {
    FinetuneMethod method = FinetuneMethod::Full;
    LoraSettings lora;
    bool loraDropout = false;
    Nf4Options nf4;
    OptimizerOptions optimizer; // stateWidth is derived from precision and master
    MasterWeights master = MasterWeights::Fp32;
    Offload offload = Offload::None;
    int zeroStage = 0;                             // DeepSpeed ZeRO 0–3 (what is sharded over dp)
    std::int64_t dataParallel = 1;                 // ranks the states are sharded over
    std::int64_t gpusPerNode = 8;                  // processes sharing one host's memory
    std::int64_t gradAccumulation = 1;             // k micro-batches per optimizer step
    bool fp32AccumulationBuffer = false;           // Megatron main_grad / DeepSpeed bf16 fp32 grads
    std::int64_t reduceBucketElements = 500000000; // DeepSpeed reduce_bucket_size default
    friend bool operator==(const FinetuneSetup&, const FinetuneSetup&) = default;
};

struct FinetuneEstimate {
    std::int64_t trainable = 0;   // parameters with gradients and optimizer states
    std::int64_t frozen = 0;      // base parameters without
    std::int64_t globalBatch = 0; // dp · b · k sequences per optimizer step
    std::vector<MemoryTerm> terms;
    std::int64_t gpuBytes = 0;        // per GPU
    std::int64_t cpuBytesPerGpu = 0;  // host memory for one GPU's process
    std::int64_t cpuBytesPerNode = 0; // × min(gpusPerNode, dp)
};

// One sentence naming the input at fault and its valid range.
struct FinetuneError {
    std::string message;
};

Expected<FinetuneEstimate, FinetuneError>
estimateFinetune(const ModelSpec& model, const TrainingSetup& training, const FinetuneSetup& setup);

} // namespace lgm
