#pragma once

// "Lecture note vs frameworks": the two accountings side by side, term by term. Whichever one
// the scenario selects, both are computed here, so the app shows the other one's peak beside
// the current one and where they differ; the difference is the teaching point (the s² scores
// FlashAttention never keeps, the logits and loss the lecture note leaves out, ...).

#include "detailed_accounting.h"
#include "estimate.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lgm {

// One term in both accountings. Ids are stable snake_case: the per-layer rows
// "layer.attention_linear", "layer.attention_scores", "layer.ffn", "layer.kept" (one layer, one
// micro-batch, one GPU) and the per-GPU rows "gpu.parameters", "gpu.gradients",
// "gpu.optimizer", "gpu.buffers", "gpu.layer_activations", "gpu.outside_layers",
// "gpu.transient", "gpu.overhead" and "gpu.peak" (the busiest GPU at its peak).
struct AccountingRow {
    std::string_view id;
    std::int64_t seed = 0;
    std::int64_t detailed = 0;
    std::int64_t difference() const { return detailed - seed; }
    friend bool operator==(const AccountingRow&, const AccountingRow&) = default;
};

struct AccountingComparison {
    std::int64_t seedPeak = 0;                // per_gpu.total of the lecture note
    std::optional<DetailedEstimate> detailed; // absent when the layout does not fit the model
    std::string detailedError;                // why it is absent
    std::vector<AccountingRow> layer;         // one layer; empty without a detailed result
    std::vector<AccountingRow> gpu;           // the per-GPU terms, "gpu.peak" last
    std::optional<std::int64_t> detailedPeak() const {
        return detailed ? std::optional<std::int64_t>(detailed->peak()) : std::nullopt;
    }
};

// Both accountings of the estimate's scenario: its own detailed result when it has one, else
// the detailed accounting run for the same scenario. Every per-GPU column sums to its peak.
AccountingComparison compareAccountings(const Estimate& estimate);

// The peak per GPU under the scenario's accounting (seed: per_gpu.total; detailed:
// per_gpu.peak).
std::int64_t currentPeak(const Estimate& estimate);

// The breakdown charts' parts of one estimate. Under the lecture note they are its table: the
// whole model's states and the activations, `other` zero. Under the detailed accounting they
// are the busiest GPU's peak by kind, `other` holding the buffers, the transients and the
// runtime lines the peak counts; the parts then sum to per_gpu.peak.
struct PeakParts {
    std::int64_t parameters = 0; // a frozen base included
    std::int64_t gradients = 0;
    std::int64_t optimizer = 0;
    std::int64_t activations = 0;
    std::int64_t other = 0;
    std::int64_t total() const { return parameters + gradients + optimizer + activations + other; }
    friend bool operator==(const PeakParts&, const PeakParts&) = default;
};

PeakParts peakParts(const Estimate& estimate);

// A row's name in the current language ("attention scores, s²").
QString accountingRowLabel(std::string_view id);

} // namespace lgm
