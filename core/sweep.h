#pragma once

#include "estimate.h"

#include <array>
#include <vector>

namespace lgm {

// n points from lo to hi, evenly spaced on a log axis (n >= 2, 0 < lo < hi).
std::vector<double> logSpace(double lo, double hi, int n);

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

SeqSweep sweepSeq(const Estimate& base, double lo, double hi, int points);
BatchSweep sweepBatch(const Estimate& base, double lo, double hi, int points);
// N = 1, 2, 4, … up to maxGpus.
GpuSweep sweepGpus(const Config& base, std::int64_t maxGpus);

} // namespace lgm
