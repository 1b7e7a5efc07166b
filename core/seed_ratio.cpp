#include "seed_ratio.h"

#include "memory_formulas.h"

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

Crossovers crossovers(const Config& c, std::int64_t modelStateBytes) {
    const double b = c.batch, d = c.dModel, h = c.heads, f = c.ffn, L = c.layers;
    Crossovers x;
    // Both terms are polynomials in s without a constant, so their value at s = 1 gives the
    // coefficients: linear term = (b/3d)·s, quadratic term = (bh/24d²)·s².
    x.seq = positiveRoot(formula::seedQuadraticTerm(b, h, 1.0, d),
                         formula::seedLinearTerm(b, 1.0, d), 1.0);
    const double s = c.seqLen;
    x.batch = 1.0 / (formula::seedLinearTerm(1.0, s, d) + formula::seedQuadraticTerm(1.0, h, s, d));
    x.quadraticOvertakes = 8 * d / h;
    const double bytes = activationBytesPerElement(c.precision) * L;
    const double quadratic = bytes * formula::attentionQuadraticElements(b, h, 1.0);
    const double linear =
        bytes * (formula::attentionLinearElements(b, 1.0, d) + formula::ffnElements(b, 1.0, d, f));
    x.seqActual = positiveRoot(quadratic, linear, static_cast<double>(modelStateBytes));
    // Activations are linear in b: one sequence's bytes at the config's s set the slope.
    const double perSequence = bytes * (formula::attentionLinearElements(1.0, s, d) +
                                        formula::attentionQuadraticElements(1.0, h, s) +
                                        formula::ffnElements(1.0, s, d, f));
    x.batchActual = static_cast<double>(modelStateBytes) / perSequence;
    return x;
}

} // namespace lgm
