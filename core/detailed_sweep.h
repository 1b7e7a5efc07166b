#pragma once

// The detailed accounting along the chart axes. A sweep builds the detailed plan once
// (detailed_accounting.h: DetailedPlan) and evaluates it at every point, so a chart costs a few
// multiplications per point. Bytes are doubles: the curves are for drawing.

#include "estimate.h"

#include <vector>

namespace lgm {

// The busiest GPU's peak as the context length s varies, with the same scenario under the
// other attention kernel beside it (flash for eager, eager for flash): the s² scores that
// FlashAttention never keeps show as the gap between the two.
struct DetailedSeqSweep {
    std::vector<double> seq;
    std::vector<double> modelStates;      // parameters, gradients, optimizer and buffers
    std::vector<double> layerActivations; // the layers' saved tensors at the peak
    std::vector<double> activations;      // + embedding, logits, loss and the transient
    std::vector<double> peak;             // per_gpu.peak
    std::vector<double> otherKernelPeak;  // per_gpu.peak under the other kernel
    AttentionKernel otherKernel = AttentionKernel::Flash;
};

// s from lo to hi on a log axis (points >= 2) and the scenario's own s; leaves out an s the
// layout cannot split or whose bytes do not fit in 64 bits. Empty when the scenario's layout
// does not fit the model.
DetailedSeqSweep sweepSeqDetailed(const Scenario& base, double lo, double hi, int points);

// The busiest GPU's peak as the micro-batch b varies: the activations and transients grow with
// b, the model states and buffers stay.
struct DetailedBatchSweep {
    std::vector<double> batch;
    std::vector<double> modelStates; // parameters, gradients, optimizer and buffers
    std::vector<double> activations; // every activation and transient term at the peak
    std::vector<double> peak;        // per_gpu.peak
};

// Whole b from lo to hi, evenly spaced (points >= 2), and the scenario's own b; leaves out a b
// whose bytes do not fit in 64 bits. Empty when the scenario's layout does not fit the model.
DetailedBatchSweep sweepBatchDetailed(const Scenario& base, std::int64_t lo, std::int64_t hi,
                                      int points);

// The busiest GPU's peak of one data-parallel strategy against the GPU count N, the TP, PP and
// CP layout held: N = t·p·c, 2·t·p·c, 4·t·p·c, … up to maxGpus (fsdp-hybrid only where its
// group divides N).
struct DetailedStrategyCurve {
    Strategy strategy = Strategy::Ddp;
    std::vector<double> gpus;
    std::vector<double> peak;
};

std::vector<DetailedStrategyCurve> sweepGpusDetailed(const Scenario& base, std::int64_t maxGpus);

} // namespace lgm
