#include "sweep.h"

#include "memory_formulas.h"
#include "per_gpu.h"

#include <cmath>

namespace lgm {

std::vector<double> logSpace(double lo, double hi, int n) {
    std::vector<double> out(static_cast<std::size_t>(n));
    const double a = std::log(lo);
    const double step = (std::log(hi) - a) / (n - 1);
    for (int i = 0; i < n; ++i) {
        out[static_cast<std::size_t>(i)] = std::exp(a + step * i);
    }
    out.front() = lo;
    out.back() = hi;
    return out;
}

SeqSweep sweepSeq(const Estimate& base, double lo, double hi, int points) {
    const Config& c = base.config;
    const double b = c.batch, d = c.dModel, h = c.heads, f = c.ffn;
    const double perElement = static_cast<double>(base.activations.bytesPerElement) * c.layers;
    const double states = static_cast<double>(base.modelStates.total);
    const auto n = static_cast<std::size_t>(points);
    SeqSweep out;
    out.seq = logSpace(lo, hi, points);
    for (auto* v :
         {&out.modelStates, &out.attentionLinear, &out.attentionQuadratic, &out.ffn,
          &out.activations, &out.total, &out.seedRatio, &out.linearTerm, &out.quadraticTerm}) {
        v->resize(n);
    }
    for (std::size_t i = 0; i < n; ++i) {
        const double s = out.seq[i];
        out.modelStates[i] = states;
        out.attentionLinear[i] = perElement * formula::attentionLinearElements(b, s, d);
        out.attentionQuadratic[i] = perElement * formula::attentionQuadraticElements(b, h, s);
        out.ffn[i] = perElement * formula::ffnElements(b, s, d, f);
        out.activations[i] = out.attentionLinear[i] + out.attentionQuadratic[i] + out.ffn[i];
        out.total[i] = states + out.activations[i];
        out.linearTerm[i] = formula::seedLinearTerm(b, s, d);
        out.quadraticTerm[i] = formula::seedQuadraticTerm(b, h, s, d);
        out.seedRatio[i] = out.linearTerm[i] + out.quadraticTerm[i];
    }
    return out;
}

BatchSweep sweepBatch(const Estimate& base, double lo, double hi, int points) {
    // Activations are linear in b, so one sequence's bytes scale the whole curve.
    const double perSequence = static_cast<double>(base.activations.bytes) / base.config.batch;
    const double states = static_cast<double>(base.modelStates.total);
    BatchSweep out;
    out.batch = logSpace(lo, hi, points);
    const auto n = out.batch.size();
    out.modelStates.assign(n, states);
    out.activations.resize(n);
    out.total.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        out.activations[i] = perSequence * out.batch[i];
        out.total[i] = states + out.activations[i];
    }
    return out;
}

GpuSweep sweepGpus(const Config& base, std::int64_t maxGpus) {
    GpuSweep out;
    Config c = base;
    c.strategy = Strategy::Ddp; // the model and the micro-batch are the same for every strategy
    c.gpus = 1;
    const EstimateResult single = estimate(c);
    if (!single) {
        return out;
    }
    const BytesPerParameter bpp = single->modelStates.perParameter;
    for (std::size_t k = 0; k < out.size(); ++k) {
        StrategyCurve& curve = out[k];
        curve.strategy = kAllStrategies[k];
        c.strategy = curve.strategy;
        for (std::int64_t n = 1; n <= maxGpus; n *= 2) {
            c.gpus = n;
            if (validate(c)) {
                continue; // fsdp-hybrid where G does not divide N
            }
            const auto g = perGpuMemory(c, single->parameters, bpp, single->activations.bytes);
            if (g) {
                curve.gpus.push_back(static_cast<double>(n));
                curve.total.push_back(static_cast<double>(g->total));
            }
        }
    }
    return out;
}

} // namespace lgm
