#include "seed_activations.h"

#include "parameter_groups.h"
#include "seed_ratio.h"

#include <algorithm>
#include <limits>

namespace lgm {

namespace {

// Every width below 2^63 and b·s below 2^50 keep each product below 2^127.
__extension__ using Wide = __int128;
constexpr Wide kMaxReported = std::numeric_limits<std::int64_t>::max();

std::int64_t attentionLinearWidth(const ModelSpec& m) {
    const Wide d = m.dModel, h = m.heads;
    if (m.mla.kvLoraRank > 0) {
        const Wide qk = h * (Wide{m.mla.qkNopeHeadDim} + m.mla.qkRopeHeadDim);
        const Wide v = h * m.mla.vHeadDim;
        return static_cast<std::int64_t>(d + qk + qk + v + v + d);
    }
    if (unroundedHeads(m)) {
        return 6 * m.dModel; // the lecture note's 6d whatever h
    }
    const Wide q = h * m.headDim, kv = Wide{m.kvHeads} * m.headDim;
    return static_cast<std::int64_t>(d + q + 2 * kv + q + d);
}

Wide tensorsPerWidth(const ModelSpec& m) {
    return m.ffnType == FfnType::Gated ? 3 : 2;
}

ActivationPart partOf(Wide elementsPerLayer, Wide bytes, int bytesPerElement) {
    ActivationPart part;
    part.elementsPerLayer = static_cast<std::int64_t>(elementsPerLayer);
    part.bytesPerLayer = static_cast<std::int64_t>(elementsPerLayer * bytesPerElement);
    part.bytes = static_cast<std::int64_t>(bytes);
    return part;
}

} // namespace

SeedWidths seedWidths(const ModelSpec& m) {
    SeedWidths w;
    const bool moe = m.moe.experts > 1;
    w.denseLayers = moe ? std::min(m.moe.firstDenseLayers, m.layers) : m.layers;
    w.moeLayers = m.layers - w.denseLayers;
    w.attentionLinear = attentionLinearWidth(m);
    w.attentionQuadraticPerToken = 2 * m.heads;
    const Wide c = tensorsPerWidth(m), d = m.dModel;
    w.denseFfn = static_cast<std::int64_t>(2 * d + c * m.ffn);
    w.moeFfn = w.denseFfn;
    if (moe) {
        const Wide routed = Wide{std::min(m.moe.topK, m.moe.experts)} * m.moe.expertFfn;
        const Wide shared = Wide{m.moe.sharedExperts} * m.moe.sharedFfn;
        w.moeFfn = static_cast<std::int64_t>(2 * d + c * (routed + shared));
    }
    return w;
}

Expected<Activations, InputError> seedActivations(const Scenario& sc, const SeedWidths& w) {
    const Wide bs = Wide{sc.training.batch} * sc.training.seqLen, s = sc.training.seqLen;
    const Wide L = sc.model.layers;
    const int e = activationBytesPerElement(sc.training.precision);
    const Wide linear = bs * w.attentionLinear;
    const Wide quadratic = bs * s * w.attentionQuadraticPerToken;
    const Wide ffnLayer = bs * (w.moeLayers > 0 ? w.moeFfn : w.denseFfn);
    const Wide ffnAll = bs * (Wide{w.denseLayers} * w.denseFfn + Wide{w.moeLayers} * w.moeFfn);
    if ((L * (linear + quadratic) + ffnAll) * e > kMaxReported) {
        return InputError{ErrorKind::Unrepresentable,
                          Field::SeqLen,
                          {Field::Batch, Field::Heads, Field::Layers, Field::DModel},
                          "activations"};
    }
    Activations a;
    a.bytesPerElement = e;
    a.attentionLinear = partOf(linear, linear * e * L, e);
    a.attentionQuadratic = partOf(quadratic, quadratic * e * L, e);
    a.ffn = partOf(ffnLayer, ffnAll * e, e);
    a.bytesPerLayer =
        a.attentionLinear.bytesPerLayer + a.attentionQuadratic.bytesPerLayer + a.ffn.bytesPerLayer;
    a.bytes = a.attentionLinear.bytes + a.attentionQuadratic.bytes + a.ffn.bytes;
    return a;
}

void actualCrossovers(Crossovers& x, const Scenario& sc, const SeedWidths& w,
                      std::int64_t modelStateBytes) {
    const Wide b = sc.training.batch, s = sc.training.seqLen, L = sc.model.layers;
    const Wide e = activationBytesPerElement(sc.training.precision);
    // Bytes per token summed over the layers: linear in s, and the quadratic term's coefficient.
    const Wide linearPerToken = e * (L * w.attentionLinear + Wide{w.denseLayers} * w.denseFfn +
                                     Wide{w.moeLayers} * w.moeFfn);
    const Wide quadraticPerToken = e * L * w.attentionQuadraticPerToken;
    const double states = static_cast<double>(modelStateBytes);
    x.seqActual = positiveRoot(static_cast<double>(b * quadraticPerToken),
                               static_cast<double>(b * linearPerToken), states);
    x.batchActual = states / static_cast<double>(s * linearPerToken + s * s * quadraticPerToken);
}

} // namespace lgm
