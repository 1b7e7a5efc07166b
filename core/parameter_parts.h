#pragma once

// The formulas of parameter_groups.cpp: the parameters of one layer's parts and of the tables, in
// checked 64- or 128-bit counts. Internal to the parameter count and split; no other file reads
// them.

#include "parameter_groups.h"
#include "spec.h"

#include <algorithm>
#include <cstdint>

namespace lgm::parameter_parts {

// Every formula below is a template over its number type. Inputs are not validated here (the
// fuzzers call this with anything), so every product and sum is checked: Count is a
// non-negative count in 128 bits that remembers an overflow. estimate() counts on every call (a
// slider's every step), so the counts are first taken in checked 64-bit integers (Count64),
// which cost a third of the 128-bit ones; only where a step leaves 64 bits is the count taken
// again in 128 bits, which then decides whether it fits. No formula subtracts or divides, so a
// count that never leaves 64 bits is the same number in both.
__extension__ using Wide = __int128;

struct Count {
    Wide value = 0;
    bool overflow = false;
};

inline Count operator+(Count a, Count b) {
    Count r;
    r.overflow = a.overflow || b.overflow || __builtin_add_overflow(a.value, b.value, &r.value);
    return r;
}

inline Count operator*(Count a, Count b) {
    Count r;
    r.overflow = a.overflow || b.overflow || __builtin_mul_overflow(a.value, b.value, &r.value);
    return r;
}

struct Count64 {
    std::int64_t value = 0;
    bool overflow = false;
};

// The flags are combined without branches: the compiler keeps them in one register.
inline Count64 operator+(Count64 a, Count64 b) {
    Count64 r;
    const bool o = __builtin_add_overflow(a.value, b.value, &r.value);
    r.overflow = a.overflow | b.overflow | o;
    return r;
}

inline Count64 operator*(Count64 a, Count64 b) {
    Count64 r;
    const bool o = __builtin_mul_overflow(a.value, b.value, &r.value);
    r.overflow = a.overflow | b.overflow | o;
    return r;
}

template <typename N> N c(std::int64_t n) {
    return N{n, false};
}

inline bool overflowed(Count n) {
    return n.overflow;
}
inline bool overflowed(Count64 n) {
    return n.overflow;
}
inline Wide valueOf(Count n) {
    return n.value;
}
inline std::int64_t valueOf(Count64 n) {
    return n.value;
}

// Parameters of one norm over a vector of the given width.
template <typename N> struct Widths { N q, kv; };

// h·hd and g·hd (d and d for unroundedHeads()), in N: the fuzzers' products overflow 64 bits.
template <typename N> Widths<N> widthsOf(const ModelSpec& m) {
    if (unroundedHeads(m)) {
        return {c<N>(m.dModel), c<N>(m.dModel)};
    }
    return {c<N>(m.heads) * c<N>(m.headDim), c<N>(m.kvHeads) * c<N>(m.headDim)};
}

template <typename N> N normParameters(NormType type, N width) {
    switch (type) {
    case NormType::LayerNorm:
        return c<N>(2) * width; // gain and bias
    case NormType::RmsNorm:
        return width; // gain
    case NormType::NonParametric:
        break;
    }
    return c<N>(0);
}

// Parameters split by how tensor parallelism divides them: column- and row-parallel matrices,
// column-parallel biases and per-head vectors over the TP ranks; row-parallel output biases
// (added after the all-reduce), MLA's down projections and every norm on every rank.
template <typename N> struct Split {
    N tp{}, replicated{}; // value-initialised: 0 for Wide too
    N total() const { return tp + replicated; }
};

template <typename N> Split<N> operator+(Split<N> a, Split<N> b) {
    return {a.tp + b.tp, a.replicated + b.replicated};
}

template <typename N> Split<N> operator*(N n, Split<N> s) {
    return {n * s.tp, n * s.replicated};
}

// The parts of one transformer layer, each with (exact) or without (approx) its small vectors.
template <typename N> struct LayerParts {
    Split<N> attention, ffn, shared;
    N qkNorm{}, experts{}, expertsActive{}, router{}, sharedGate{}, norms{};
    N sum{}; // every part, summed once by layerParts() over the parts the layer has
    N total() const { return sum; }
};

// MLA: Q from d (or through a c_q latent and its norm), K and V through the c_kv latent and its
// norm, K's shared rotary part straight from d, and O from the heads' V. The down projections
// and latent norms are duplicated on every TP rank (Megatron's MLA), the up projections split.
template <typename N> Split<N> latentAttentionParameters(const ModelSpec& m, bool exact) {
    const MlaSpec& a = m.mla;
    const N d = c<N>(m.dModel), h = c<N>(m.heads),
            qHead = c<N>(a.qkNopeHeadDim) + c<N>(a.qkRopeHeadDim);
    const N kvLatent = c<N>(a.kvLoraRank);
    Split<N> q{d * h * qHead, c<N>(0)};
    if (a.qLoraRank > 0) {
        const N qLatent = c<N>(a.qLoraRank);
        q = {qLatent * h * qHead,
             d * qLatent + (exact ? normParameters(m.norm, qLatent) : c<N>(0))};
    }
    const Split<N> kv{kvLatent * h * (c<N>(a.qkNopeHeadDim) + c<N>(a.vHeadDim)),
                      d * (kvLatent + c<N>(a.qkRopeHeadDim)) +
                          (exact ? normParameters(m.norm, kvLatent) : c<N>(0))};
    return q + kv + Split<N>{h * c<N>(a.vHeadDim) * d, c<N>(0)};
}

// Inlined into each layer's parts, where `exact` is a constant.
template <typename N>
[[gnu::always_inline]] inline Split<N> attentionParameters(const ModelSpec& m, bool exact) {
    if (m.mla.kvLoraRank > 0) {
        return latentAttentionParameters<N>(m, exact);
    }
    const Widths<N> w = widthsOf<N>(m);
    const N d = c<N>(m.dModel), q = w.q, kv = w.kv;
    // Q and O are d × h·hd, K and V are d × g·hd.
    Split<N> n{c<N>(2) * d * q + c<N>(2) * d * kv, c<N>(0)};
    if (!exact) {
        return n;
    }
    if (m.bias == BiasMode::All || m.bias == BiasMode::Attention) {
        n = n + Split<N>{q + c<N>(2) * kv, d};
    } else if (m.bias == BiasMode::QkvOnly) {
        n = n + Split<N>{q + c<N>(2) * kv, c<N>(0)};
    }
    if (m.attentionSinks) {
        n = n + Split<N>{c<N>(m.heads), c<N>(0)}; // one learned logit per head
    }
    return n;
}

// One FFN of width f: 2 matrices (plain) or 3 (gated), with their biases under BiasMode::All.
template <typename N> Split<N> ffnParameters(const ModelSpec& m, std::int64_t width, bool exact) {
    const N d = c<N>(m.dModel), f = c<N>(width);
    const bool gated = m.ffnType == FfnType::Gated;
    Split<N> n{c<N>(gated ? 3 : 2) * d * f, c<N>(0)};
    if (exact && m.bias == BiasMode::All) {
        n = n + Split<N>{c<N>(gated ? 2 : 1) * f, d};
    }
    return n;
}

template <typename N> N qkNormParameters(const ModelSpec& m) {
    switch (m.qkNorm) {
    case QkNorm::PerHead: // one norm over head_dim for Q and one for K, shared by the heads
        return c<N>(2) * normParameters(m.norm, c<N>(m.headDim));
    case QkNorm::Full: // norms over all of Q (h·hd) and all of K (g·hd)
        return normParameters(m.norm, c<N>(m.heads) * c<N>(m.headDim)) +
               normParameters(m.norm, c<N>(m.kvHeads) * c<N>(m.headDim));
    case QkNorm::None:
        break;
    }
    return c<N>(0);
}

// Inlined into each count, so that the approx total drops what it does not read and no part is
// returned through memory (a slider's every step counts twice).
template <typename N>
[[gnu::always_inline]] inline LayerParts<N> layerParts(const ModelSpec& m, bool moeLayer,
                                                       bool exact) {
    LayerParts<N> p;
    p.attention = attentionParameters<N>(m, exact);
    if (exact) {
        p.qkNorm = qkNormParameters<N>(m);
        p.norms = c<N>(m.normsPerLayer) * normParameters(m.norm, c<N>(m.dModel));
    }
    // Zero parts are left out of the sum: the same value, and no overflow either way.
    const N common = p.attention.total() + p.qkNorm + p.norms;
    if (!moeLayer) {
        p.ffn = ffnParameters<N>(m, m.ffn, exact);
        p.sum = common + p.ffn.total();
        return p;
    }
    const MoeSpec& e = m.moe;
    const N oneExpert = ffnParameters<N>(m, e.expertFfn, exact).total();
    p.experts = c<N>(e.experts) * oneExpert;
    p.expertsActive = c<N>(std::min(e.topK, e.experts)) * oneExpert;
    p.shared = c<N>(e.sharedExperts) * ffnParameters<N>(m, e.sharedFfn, exact);
    if (e.sharedExperts > 0 && e.sharedGate) {
        p.sharedGate = c<N>(m.dModel); // a d → 1 gate without bias
    }
    p.router = c<N>(m.dModel) * c<N>(e.experts) + c<N>(exact && e.routerBias ? e.experts : 0);
    p.sum = common + p.experts + p.shared.total() + p.sharedGate + p.router;
    return p;
}

} // namespace lgm::parameter_parts
