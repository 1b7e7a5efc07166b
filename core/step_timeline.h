#pragma once

// Predicted memory of the busiest GPU over one training step, phase by phase: forward layer by
// layer (activations growing, FSDP units gathered and freed), the loss, backward layer by layer
// (activations freed, the gathered unit's gradients reduce-scattered), then the optimizer step.
// Each point splits its bytes by kind; the largest point is the estimate's per-GPU peak, so the
// chart and the report never disagree with the accounting they are drawn from.

#include "estimate.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lgm {

enum class MemoryKind {
    Parameters,
    Gradients,
    Optimizer,
    Activations,
    Transients,
    Buffers,
    Overhead,
};
inline constexpr std::size_t kMemoryKindCount = 7;

enum class StepPhase { Forward, Loss, Backward, OptimizerStep };

struct TimelinePoint {
    StepPhase phase = StepPhase::Forward;
    std::int64_t layer = 0; // 1..L in forward and backward, 0 for the loss and the optimizer
    std::array<std::int64_t, kMemoryKindCount> bytes{};

    std::int64_t at(MemoryKind kind) const { return bytes[static_cast<std::size_t>(kind)]; }
    std::int64_t total() const;
};

struct StepTimeline {
    std::vector<TimelinePoint> points; // in step order
    std::size_t peakIndex = 0;         // the first point holding the peak

    std::int64_t peak() const;
};

// The timeline of the seed accounting. Its model states are held the whole step (the gradient
// buffers too: DDP's buckets and a sharded strategy's gradient shard are allocated once), the
// DDP bucket copy is a buffer, and FSDP's gathered units are parameters while a layer runs and,
// in backward, their unsharded gradients until they are reduce-scattered. Activations grow by
// one layer's saved tensors per forward layer and are freed after each layer's backward, so the
// peak is the start of backward: every layer's activations with the last unit's gradients.
// Under the detailed accounting (estimate.detailed set) it is detailedStepTimeline's.
StepTimeline stepTimeline(const Estimate& estimate);

// The timeline of the detailed accounting's busiest GPU: its peak's terms over the step, the
// largest point equal to per_gpu.peak at the moment the accounting names (detailed_timeline.cpp).
StepTimeline detailedStepTimeline(const DetailedEstimate& detailed);

std::string_view memoryKindId(MemoryKind kind); // "parameters", ..., "overhead"
std::string_view stepPhaseId(StepPhase phase);  // "forward", "loss", "backward", "optimizer"

// The timeline as a JSON array, one object per point: phase, layer, each kind's bytes, total.
// `indent` prefixes every line after the first.
std::string timelineJson(const StepTimeline& timeline, const std::string& indent);

// The report JSON with a "timeline" member added last (the object's other members unchanged).
std::string withTimeline(const std::string& reportJson, const StepTimeline& timeline);

} // namespace lgm
