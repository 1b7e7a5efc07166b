#pragma once

#include "estimate.h"
#include "input_table.h"

#include <array>
#include <optional>
#include <span>
#include <vector>

namespace lgm {

// n points from lo to hi, evenly spaced on a log axis (n >= 2, 0 < lo < hi).
std::vector<double> logSpace(double lo, double hi, int n);

// The input a chart puts on its x axis.
enum class SweepAxis { Seq, Batch, Gpus };

// Bytes of one of the estimate's terms along the axis.
struct TermCurve {
    const TermInfo* term = nullptr;
    std::vector<double> bytes;
};

// Memory along one input, everything else held fixed. Bytes are doubles: the curves are for
// drawing. Seq and Batch: one curve per term of the estimate (the position table keeps its P
// rows), each the term's own formula evaluated as a polynomial in s or b. Gpus: the per-GPU
// total of the estimate's strategy, at the points where the layout is valid (fsdp-hybrid only
// where G divides N); `x` keeps those points only and `terms` is empty.
struct Sweep {
    SweepAxis axis = SweepAxis::Seq;
    std::vector<double> x;
    std::vector<TermCurve> terms;    // empty when only the sums were asked for
    std::vector<double> modelStates; // Seq and Batch: the model-state terms together
    std::vector<double> activations; // Seq and Batch: the activation terms together
    std::vector<double> total;

    // The curve of one term id, or nullptr.
    const TermCurve* find(std::string_view id) const;
};

enum class SweepDetail { Terms, SumsOnly };

Sweep sweep(const Estimate& base, SweepAxis axis, std::span<const double> xs,
            SweepDetail detail = SweepDetail::Terms);

// One estimate for every value of a choice input (every precision, every strategy), the rest
// of the scenario held fixed; empty where that value makes the scenario invalid.
struct Variant {
    std::int64_t value = 0; // the choice's index (choiceName gives its name)
    std::optional<Estimate> estimate;
};

std::vector<Variant> variants(const Scenario& base, InputId choice);

// Memory and the seed ratio as the context length s varies, the model held fixed (the
// position table keeps the config's P rows). Bytes are doubles: the curves are for drawing.
struct SeqSweep {
    std::vector<double> seq;
    std::vector<double> modelStates;
    std::vector<double> attentionLinear;
    std::vector<double> attentionQuadratic;
    std::vector<double> ffn;
    std::vector<double> activations;
    std::vector<double> total;
    std::vector<double> seedRatio;
    std::vector<double> linearTerm;
    std::vector<double> quadraticTerm;
};

struct BatchSweep {
    std::vector<double> batch;
    std::vector<double> modelStates;
    std::vector<double> activations;
    std::vector<double> total;
};

// Per-GPU total of one strategy against the GPU count; fsdp-hybrid only where G divides N.
struct StrategyCurve {
    Strategy strategy = Strategy::Ddp;
    std::vector<double> gpus;
    std::vector<double> total;
};

using GpuSweep = std::array<StrategyCurve, std::size(kAllStrategies)>;

// The fixed series of the memory-vs-s, ratio and memory-vs-b charts, from sweep().
SeqSweep sweepSeq(const Estimate& base, double lo, double hi, int points);
BatchSweep sweepBatch(const Estimate& base, double lo, double hi, int points);
// N = 1, 2, 4, … up to maxGpus, for the estimate's model and micro-batch.
GpuSweep sweepGpus(const Estimate& base, std::int64_t maxGpus);
// The same for the config's GPT-2-family model.
GpuSweep sweepGpus(const Config& base, std::int64_t maxGpus);

} // namespace lgm
