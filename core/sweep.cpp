#include "sweep.h"

#include "finetune_seed.h"
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

namespace {

Var variableOf(SweepAxis axis) {
    return axis == SweepAxis::Batch ? Var::b : Var::s;
}

using Quadratic = std::array<double, 3>; // c0 + c1·x + c2·x²

// The term's bytes as a polynomial in the axis' variable: its own formula's coefficients.
Quadratic bytesIn(const SeedTerm& t, Var v, const VarValues<double>& values) {
    const double now = static_cast<double>(t.elements);
    const Quadratic c = coefficientsIn(*t.formula, v, now, values);
    const double scale = static_cast<double>(t.bytesPerElement) * static_cast<double>(t.layers);
    return {scale * c[0], scale * c[1], scale * c[2]};
}

std::vector<double> curveOf(const Quadratic& c, std::span<const double> xs) {
    std::vector<double> out(xs.size());
    for (std::size_t i = 0; i < xs.size(); ++i) {
        out[i] = c[0] + xs[i] * (c[1] + xs[i] * c[2]);
    }
    return out;
}

void addTo(Quadratic& sum, const Quadratic& c) {
    for (std::size_t i = 0; i < sum.size(); ++i) {
        sum[i] += c[i];
    }
}

Sweep polynomialSweep(const Estimate& base, SweepAxis axis, std::span<const double> xs,
                      SweepDetail detail) {
    const VarValues<double> values = variablesOf<double>(base.scenario, base.parameters.total);
    const Var v = variableOf(axis);
    Sweep out;
    out.axis = axis;
    out.x.assign(xs.begin(), xs.end());
    Quadratic states{}, activations{};
    for (const SeedTerm& t : base.terms) {
        const Quadratic c = bytesIn(t, v, values);
        addTo(t.kind() == TermKind::Activations ? activations : states, c);
        if (detail == SweepDetail::Terms) {
            out.terms.push_back({t.info, curveOf(c, xs)});
        }
    }
    // Under fine-tuning the model states are what the estimate priced (trainable and frozen
    // parts, the optimizer chosen), not the seed terms' kΨ, and the adapters' r-wide
    // intermediates (linear in b and in s) add to the activations. Neither changes anything for
    // full fine-tuning with AdamW.
    states = {static_cast<double>(base.modelStates.total), 0, 0};
    const double now = v == Var::s ? values[static_cast<std::size_t>(Var::s)]
                                   : values[static_cast<std::size_t>(Var::b)];
    if (base.finetune.loraActivations > 0 && now > 0) {
        activations[1] += static_cast<double>(base.finetune.loraActivations) / now;
    }
    out.modelStates = curveOf(states, xs);
    out.activations = curveOf(activations, xs);
    out.total.resize(xs.size());
    for (std::size_t i = 0; i < xs.size(); ++i) {
        out.total[i] = out.modelStates[i] + out.activations[i];
    }
    return out;
}

std::optional<PerGpu> toOptional(Expected<PerGpu, InputError> g) {
    return g ? std::optional<PerGpu>(g.value()) : std::nullopt;
}

Sweep gpuSweep(const Estimate& base, std::span<const double> xs) {
    Sweep out;
    out.axis = SweepAxis::Gpus;
    Config c = base.config;
    Scenario layout = base.scenario; // the whole model: its rules, not a GPT-2 of its widths
    layout.parallel.data = c.strategy;
    const bool seedRates = keepsSeedRates(base.scenario.training.finetune);
    for (const double x : xs) {
        c.gpus = static_cast<std::int64_t>(x);
        layout.parallel.gpus = c.gpus;
        if (validate(layout)) {
            continue; // fsdp-hybrid where G does not divide N
        }
        // Fine-tuning prices the states per trainable parameter: as estimate() does at this N.
        const auto g =
            seedRates ? toOptional(perGpuMemory(c, base.parameters, base.modelStates.perParameter,
                                                base.activations.bytes))
                      : finetunedPerGpu(base, c.strategy, c.gpus);
        if (g) {
            out.x.push_back(x);
            out.total.push_back(static_cast<double>(g->total));
        }
    }
    return out;
}

std::vector<double> takeCurve(Sweep& sweep, std::string_view id) {
    for (TermCurve& curve : sweep.terms) {
        if (curve.term->id == id) {
            return std::move(curve.bytes);
        }
    }
    return std::vector<double>(sweep.x.size(), 0.0);
}

} // namespace

const TermCurve* Sweep::find(std::string_view id) const {
    for (const TermCurve& curve : terms) {
        if (curve.term->id == id) {
            return &curve;
        }
    }
    return nullptr;
}

Sweep sweep(const Estimate& base, SweepAxis axis, std::span<const double> xs, SweepDetail detail) {
    return axis == SweepAxis::Gpus ? gpuSweep(base, xs) : polynomialSweep(base, axis, xs, detail);
}

std::vector<Variant> variants(const Scenario& base, InputId choice) {
    const InputSpec& row = inputSpec(choice);
    std::vector<Variant> out;
    out.reserve(row.choices.size());
    for (std::size_t k = 0; k < row.choices.size(); ++k) {
        Scenario s = base;
        row.set(s, static_cast<std::int64_t>(k));
        EstimateResult r = estimate(s);
        out.push_back({static_cast<std::int64_t>(k),
                       r ? std::optional<Estimate>(std::move(r.value())) : std::nullopt});
    }
    return out;
}

SeqSweep sweepSeq(const Estimate& base, double lo, double hi, int points) {
    const Config& c = base.config;
    const double b = c.batch, d = c.dModel, h = c.heads;
    SeqSweep out;
    out.seq = logSpace(lo, hi, points);
    Sweep all = sweep(base, SweepAxis::Seq, out.seq);
    out.modelStates = std::move(all.modelStates);
    out.activations = std::move(all.activations);
    out.attentionLinear = takeCurve(all, "activations.attention_linear");
    out.attentionQuadratic = takeCurve(all, "activations.attention_quadratic");
    out.ffn = takeCurve(all, "activations.ffn");
    // An MoE model's first dense layers: one FFN band with its MoE layers.
    if (const TermCurve* dense = all.find("activations.ffn_dense")) {
        for (std::size_t i = 0; i < out.ffn.size(); ++i) {
            out.ffn[i] += dense->bytes[i];
        }
    }
    out.total = std::move(all.total);
    const auto n = out.seq.size();
    for (auto* v : {&out.seedRatio, &out.linearTerm, &out.quadraticTerm}) {
        v->resize(n);
    }
    // The seed's closed form stays the lecture note's, on (b, s, d, h).
    for (std::size_t i = 0; i < n; ++i) {
        const double s = out.seq[i];
        out.linearTerm[i] = formula::seedLinearTerm(b, s, d);
        out.quadraticTerm[i] = formula::seedQuadraticTerm(b, h, s, d);
        out.seedRatio[i] = out.linearTerm[i] + out.quadraticTerm[i];
    }
    return out;
}

BatchSweep sweepBatch(const Estimate& base, double lo, double hi, int points) {
    BatchSweep out;
    out.batch = logSpace(lo, hi, points);
    Sweep all = sweep(base, SweepAxis::Batch, out.batch, SweepDetail::SumsOnly);
    out.modelStates = std::move(all.modelStates);
    out.activations = std::move(all.activations);
    out.total = std::move(all.total);
    return out;
}

static std::vector<double> powersOfTwo(std::int64_t max) {
    std::vector<double> out;
    for (std::int64_t n = 1; n <= max; n *= 2) {
        out.push_back(static_cast<double>(n));
    }
    return out;
}

GpuSweep sweepGpus(const Estimate& base, std::int64_t maxGpus) {
    GpuSweep out;
    // The model, the micro-batch and so the activations are the same for every strategy and N.
    Estimate e = base;
    const std::vector<double> xs = powersOfTwo(maxGpus);
    for (std::size_t k = 0; k < out.size(); ++k) {
        StrategyCurve& curve = out[k];
        curve.strategy = kAllStrategies[k];
        e.config.strategy = curve.strategy;
        Sweep s = sweep(e, SweepAxis::Gpus, xs);
        curve.gpus = std::move(s.x);
        curve.total = std::move(s.total);
    }
    return out;
}

GpuSweep sweepGpus(const Config& base, std::int64_t maxGpus) {
    Config c = base;
    c.strategy = Strategy::Ddp; // valid whatever N: the curves set N and the strategy
    c.gpus = 1;
    const EstimateResult single = estimate(c);
    return single ? sweepGpus(*single, maxGpus) : GpuSweep{};
}

} // namespace lgm
