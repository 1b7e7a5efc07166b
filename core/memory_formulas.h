#pragma once

// The seed's formulas, written once and instantiated for exact integers (estimates) and doubles
// (log-spaced sweeps for the charts).

namespace lgm::formula {

// Parameters, approximate: attention 4d² and feed-forward 2df per layer (12Ld² when f = 4d).
template <typename N> constexpr N approxAttentionParameters(N L, N d) { return L * 4 * d * d; }
template <typename N> constexpr N approxFfnParameters(N L, N d, N f) { return L * 2 * d * f; }

// Parameters, exact GPT-2 layout. Per layer: W_Q, W_K, W_V, W_O with biases; the two FFN matrices
// with biases; two LayerNorms (gain and bias each). The LM head is tied to the token embedding.
template <typename N> constexpr N exactAttentionParameters(N L, N d) { return L * (4 * d * d + 4 * d); }
template <typename N> constexpr N exactFfnParameters(N L, N d, N f) { return L * (2 * d * f + f + d); }
template <typename N> constexpr N exactNormParameters(N L, N d) { return L * 4 * d + 2 * d; }
template <typename N> constexpr N embeddingParameters(N v, N P, N d) { return v * d + P * d; }

// Activations stored by one layer's forward pass, in elements.
// Q, K, V, attention output and the LayerNorm input: each b·s·d.
template <typename N> constexpr N attentionLinearElements(N b, N s, N d) { return 6 * b * s * d; }
// QKᵀ and its softmax: each b·h·s².
template <typename N> constexpr N attentionQuadraticElements(N b, N h, N s) {
    return 2 * b * h * s * s;
}
// Inputs of the two FFN matrices (d and f wide) and of the activation and dropout (f and d wide);
// the seed's 10bsd at f = 4d.
template <typename N> constexpr N ffnElements(N b, N s, N d, N f) { return b * s * (2 * d + 2 * f); }

// The seed's closed form of activations over model states, b(s/3d + hs²/24d²), as its two terms.
template <typename N> constexpr N seedLinearTerm(N b, N s, N d) { return b * s / (3 * d); }
template <typename N> constexpr N seedQuadraticTerm(N b, N h, N s, N d) {
    return b * h * s * s / (24 * d * d);
}

} // namespace lgm::formula
