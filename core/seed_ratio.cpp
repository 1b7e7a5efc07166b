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

double positiveRoot(double a, double b, double c) {
    return 2 * c / (b + std::sqrt(b * b + 4 * a * c));
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

Polynomials activationBytes(const SeedTerms& terms, const VarValues<double>& values) {
    std::array<std::int64_t, 3> bySeq{}, byBatch{};
    bool expand = false;
    for (const SeedTerm& t : terms) {
        if (t.kind() == TermKind::Activations) {
            const Formula& f = *t.formula;
            expand = expand || !homogeneous(f.sPower) || !homogeneous(f.bPower);
            bySeq[static_cast<std::size_t>(homogeneous(f.sPower) ? f.sPower : 0)] +=
                homogeneous(f.sPower) ? t.bytes : 0;
            byBatch[static_cast<std::size_t>(homogeneous(f.bPower) ? f.bPower : 0)] +=
                homogeneous(f.bPower) ? t.bytes : 0;
        }
    }
    const double s = values[static_cast<std::size_t>(Var::s)];
    const double b = values[static_cast<std::size_t>(Var::b)];
    Polynomials out{{double(bySeq[0]), double(bySeq[1]) / s, double(bySeq[2]) / (s * s)},
                    {double(byBatch[0]), double(byBatch[1]) / b, double(byBatch[2]) / (b * b)}};
    if (!expand) {
        return out;
    }
    for (const SeedTerm& t : terms) {
        if (t.kind() == TermKind::Activations) {
            if (!homogeneous(t.formula->sPower)) {
                addExpanded(out.s, t, Var::s, values);
            }
            if (!homogeneous(t.formula->bPower)) {
                addExpanded(out.b, t, Var::b, values);
            }
        }
    }
    return out;
}

// Where c0 + c1·x + c2·x² reaches the target (c1 > 0).
double reach(const std::array<double, 3>& c, double target) {
    return c[2] == 0 ? (target - c[0]) / c[1] : positiveRoot(c[2], c[1], target - c[0]);
}

} // namespace

Crossovers crossovers(const Config& c, const SeedTerms& terms, const VarValues<double>& values,
                      std::int64_t modelStateBytes) {
    const double b = c.batch, d = c.dModel, h = c.heads;
    Crossovers x;
    // Both terms are polynomials in s without a constant, so their value at s = 1 gives the
    // coefficients: linear term = (b/3d)·s, quadratic term = (bh/24d²)·s².
    x.seq = positiveRoot(formula::seedQuadraticTerm(b, h, 1.0, d),
                         formula::seedLinearTerm(b, 1.0, d), 1.0);
    const double s = c.seqLen;
    x.batch = 1.0 / (formula::seedLinearTerm(1.0, s, d) + formula::seedQuadraticTerm(1.0, h, s, d));
    x.quadraticOvertakes = 8 * d / h;
    const double states = static_cast<double>(modelStateBytes);
    const Polynomials activations = activationBytes(terms, values);
    x.seqActual = reach(activations.s, states);
    x.batchActual = reach(activations.b, states);
    return x;
}

} // namespace lgm
