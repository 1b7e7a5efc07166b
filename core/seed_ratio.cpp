#include "seed_ratio.h"

#include "memory_formulas.h"

#include <array>

#include <cmath>

namespace lgm {

Ratios seedRatio(const Config& c) {
    const double b = c.batch, s = c.seqLen, d = c.dModel, h = c.heads;
    Ratios r;
    r.linearTerm = formula::seedLinearTerm(b, s, d);
    r.quadraticTerm = formula::seedQuadraticTerm(b, h, s, d);
    r.seedFormula = r.linearTerm + r.quadraticTerm;
    return r;
}

namespace {

// Inlined where an estimate takes its two roots.
[[gnu::always_inline]] inline double rootOf(double a, double b, double c) {
    return 2 * c / (b + std::sqrt(b * b + 4 * a * c));
}

} // namespace

double positiveRoot(double a, double b, double c) {
    return rootOf(a, b, c);
}

namespace {

// The activation bytes as c0 + c1·x + c2·x², in s and in b. A term homogeneous in x (every
// seed term is, in s and in b) is its bytes now over x^p; any other is expanded. Bytes are summed
// exactly by power first, so each coefficient is one division.
struct Polynomials {
    std::array<double, 3> s{}, b{};
};

void addExpanded(std::array<double, 3>& sum, const SeedTerm& t, Var x,
                 const VarValues<double>& values) {
    const std::array<double, 3> c = coefficientsIn(*t.formula, x, values);
    const double scale = static_cast<double>(t.bytesPerElement) * static_cast<double>(t.layers);
    for (std::size_t i = 0; i < c.size(); ++i) {
        sum[i] += scale * c[i];
    }
}

bool homogeneous(int power) {
    return power >= 0 && power <= 2;
}

// The activation terms' bytes by power of s and of b (the terms' formulas' powers).
PowerSums powerSums(const SeedTerms& terms) {
    PowerSums sums;
    for (const SeedTerm& t : terms) {
        if (t.kind() != TermKind::Activations) {
            continue;
        }
        // -1 (not homogeneous) is above 2 as unsigned: one compare for both bounds.
        const auto sp = static_cast<unsigned>(t.formula->sPower);
        const auto bp = static_cast<unsigned>(t.formula->bPower);
        if (sp <= 2) {
            sums.bySeq[sp] += t.bytes;
        }
        if (bp <= 2) {
            sums.byBatch[bp] += t.bytes;
        }
        sums.mixed = sums.mixed || sp > 2 || bp > 2;
    }
    return sums;
}

// `values()` gives the variables; it is called only where a term must be expanded (no seed term
// needs it, and building them costs an estimate a few per cent).
template <typename Values>
Polynomials activationBytes(const SeedTerms& terms, const PowerSums& sums, double s, double b,
                            Values&& values) {
    const auto& bySeq = sums.bySeq;
    const auto& byBatch = sums.byBatch;
    Polynomials out{{double(bySeq[0]), double(bySeq[1]) / s, double(bySeq[2]) / (s * s)},
                    {double(byBatch[0]), double(byBatch[1]) / b, double(byBatch[2]) / (b * b)}};
    if (!sums.mixed) {
        return out;
    }
    const VarValues<double> all = values();
    for (const SeedTerm& t : terms) {
        if (t.kind() == TermKind::Activations) {
            if (!homogeneous(t.formula->sPower)) {
                addExpanded(out.s, t, Var::s, all);
            }
            if (!homogeneous(t.formula->bPower)) {
                addExpanded(out.b, t, Var::b, all);
            }
        }
    }
    return out;
}

// Where c0 + c1·x + c2·x² reaches the target (c1 > 0).
double reach(const std::array<double, 3>& c, double target) {
    return c[2] == 0 ? (target - c[0]) / c[1] : rootOf(c[2], c[1], target - c[0]);
}

} // namespace

namespace {

template <typename Values>
Crossovers crossoversWith(const Config& c, const SeedTerms& terms, const PowerSums& sums, double s,
                          double b, Values&& values, std::int64_t modelStateBytes) {
    const double d = c.dModel, h = c.heads;
    const double batch = c.batch, seq = c.seqLen;
    Crossovers x;
    // Both terms are polynomials in s without a constant, so their value at s = 1 gives the
    // coefficients: linear term = (b/3d)·s, quadratic term = (bh/24d²)·s².
    x.seq = rootOf(formula::seedQuadraticTerm(batch, h, 1.0, d),
                   formula::seedLinearTerm(batch, 1.0, d), 1.0);
    x.batch =
        1.0 / (formula::seedLinearTerm(1.0, seq, d) + formula::seedQuadraticTerm(1.0, h, seq, d));
    x.quadraticOvertakes = 8 * d / h;
    const double states = static_cast<double>(modelStateBytes);
    const Polynomials activations = activationBytes(terms, sums, s, b, values);
    x.seqActual = reach(activations.s, states);
    x.batchActual = reach(activations.b, states);
    return x;
}

} // namespace

Crossovers crossovers(const Config& c, const SeedTerms& terms, const VarValues<double>& values,
                      std::int64_t modelStateBytes) {
    return crossoversWith(
        c, terms, powerSums(terms), values[static_cast<std::size_t>(Var::s)],
        values[static_cast<std::size_t>(Var::b)], [&] { return values; }, modelStateBytes);
}

Crossovers crossovers(const Config& c, const SeedTerms& terms, const PowerSums& sums,
                      const Scenario& scenario, std::int64_t psi, std::int64_t modelStateBytes) {
    return crossoversWith(
        c, terms, sums, double(scenario.training.seqLen), double(scenario.training.batch),
        [&] { return variablesOf<double>(scenario, psi); }, modelStateBytes);
}

} // namespace lgm
