#include "detailed_sweep.h"

#include "detailed_report.h"
#include "sweep.h"

#include <algorithm>
#include <cmath>
#include <optional>

namespace lgm {

namespace {

struct PeakParts {
    double states = 0;
    double layers = 0;
    double activations = 0; // every activation and transient term
    double peak = 0;
};

PeakParts parts(const DetailedEstimate& d) {
    PeakParts p;
    for (const DetailedTerm& t : d.busiest.terms) {
        const auto bytes = static_cast<double>(t.bytes);
        switch (t.kind) {
        case TermKind::Parameters:
        case TermKind::Gradients:
        case TermKind::Optimizer:
        case TermKind::Buffers:
            p.states += bytes;
            break;
        case TermKind::Activations:
        case TermKind::Transient:
            p.activations += bytes;
            p.layers += t.id == "layer_activations" ? bytes : 0;
            break;
        case TermKind::Overhead:
            break;
        }
    }
    p.peak = static_cast<double>(d.peak());
    return p;
}

std::optional<DetailedPlan> plan(const Scenario& sc) {
    DetailedPlanResult r = planDetailed(sc, detailedOptions(sc));
    if (!r) {
        return std::nullopt;
    }
    return std::move(r).value();
}

} // namespace

DetailedSeqSweep sweepSeqDetailed(const Scenario& base, double lo, double hi, int points) {
    DetailedSeqSweep out;
    Scenario other = base;
    other.training.attention = base.training.attention == AttentionKernel::Eager
                                   ? AttentionKernel::Flash
                                   : AttentionKernel::Eager;
    out.otherKernel = other.training.attention;
    const std::optional<DetailedPlan> current = plan(base);
    const std::optional<DetailedPlan> alternative = plan(other);
    if (!current || !alternative) {
        return out;
    }
    Scenario sc = base;
    // The scenario's own s is a point of its own, so the chart's "now" sits on the curve.
    std::vector<double> seqs = logSpace(lo, hi, points);
    const auto now = static_cast<double>(base.training.seqLen);
    if (now > lo && now < hi) {
        seqs.insert(std::upper_bound(seqs.begin(), seqs.end(), now), now);
    }
    for (double s : seqs) {
        sc.training.seqLen = std::max<std::int64_t>(1, std::llround(s));
        other.training.seqLen = sc.training.seqLen;
        const DetailedResult a = detailedEstimate(*current, sc);
        const DetailedResult b = detailedEstimate(*alternative, other);
        if (!a || !b) {
            continue; // s not divisible by the degrees that split it, or beyond 64-bit bytes
        }
        const PeakParts p = parts(a.value());
        out.seq.push_back(static_cast<double>(sc.training.seqLen));
        out.modelStates.push_back(p.states);
        out.layerActivations.push_back(p.layers);
        out.activations.push_back(p.activations);
        out.peak.push_back(p.peak);
        out.otherKernelPeak.push_back(static_cast<double>(b.value().peak()));
    }
    return out;
}

DetailedBatchSweep sweepBatchDetailed(const Scenario& base, std::int64_t lo, std::int64_t hi,
                                      int points) {
    DetailedBatchSweep out;
    const std::optional<DetailedPlan> current = plan(base);
    if (!current || lo < 1 || hi < lo || points < 2) {
        return out;
    }
    std::vector<std::int64_t> batches;
    for (int i = 0; i < points; ++i) {
        batches.push_back(lo + std::llround(double(hi - lo) * i / (points - 1)));
    }
    batches.push_back(base.training.batch);
    std::sort(batches.begin(), batches.end());
    batches.erase(std::unique(batches.begin(), batches.end()), batches.end());
    Scenario sc = base;
    for (std::int64_t b : batches) {
        if (b < lo || b > hi) {
            continue;
        }
        sc.training.batch = b;
        const DetailedResult r = detailedEstimate(*current, sc);
        if (!r) {
            continue;
        }
        const PeakParts p = parts(r.value());
        out.batch.push_back(static_cast<double>(b));
        out.modelStates.push_back(p.states);
        out.activations.push_back(p.activations);
        out.peak.push_back(p.peak);
    }
    return out;
}

std::vector<DetailedStrategyCurve> sweepGpusDetailed(const Scenario& base, std::int64_t maxGpus) {
    std::vector<DetailedStrategyCurve> out;
    const Parallelism& p = base.parallel;
    const std::int64_t model = p.tp * p.pp * p.cp;
    for (Strategy strategy : kAllStrategies) {
        DetailedStrategyCurve curve;
        curve.strategy = strategy;
        Scenario sc = base;
        sc.parallel.data = strategy;
        const std::optional<DetailedPlan> pl = plan(sc);
        for (std::int64_t n = model; pl && n <= maxGpus && n > 0; n *= 2) {
            if (strategy == Strategy::FsdpHybrid && (p.gpusPerNode < 1 || n % p.gpusPerNode != 0)) {
                continue;
            }
            sc.parallel.gpus = n;
            const DetailedResult r = detailedEstimate(*pl, sc);
            if (r) {
                curve.gpus.push_back(static_cast<double>(n));
                curve.peak.push_back(static_cast<double>(r.value().peak()));
            }
        }
        out.push_back(std::move(curve));
    }
    return out;
}

} // namespace lgm
