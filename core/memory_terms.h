#pragma once

// The seed accounting as a list of named memory terms. Each term's formula is a small value
// (a factor times a sum of monomials over the derivation's symbols) written once: the same
// object gives the exact integer of an estimate, the double of a chart sweep, the polynomial's
// coefficients in one variable (crossovers, sweeps) and the derivation's text.

#include "expected.h"
#include "input_error.h"
#include "spec.h"

#include <QString>

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace lgm {

// The kinds of memory, shared by the seed terms and the detailed accounting.
enum class TermKind { Parameters, Gradients, Optimizer, Activations, Transient, Buffers, Overhead };

// The variables a formula reads, by their derivation symbols: b, s, d, h, g (KV heads),
// d_head, f, L, Ψ (the parameter count of the selected count); for MoE layers k (the routed
// experts a token passes through), f_e (their width), n_s and f_s (the shared experts' count
// and width); for MLA d_qk (Q's and K's head width, nope + rope) and d_v (V's).
enum class Var : std::uint8_t { b, s, d, h, g, hd, f, L, psi, k, fe, ns, fs, dqk, dv, count_ };
inline constexpr std::size_t kVarCount = static_cast<std::size_t>(Var::count_);

template <typename N> using VarValues = std::array<N, kVarCount>;

// coefficient · the product of its factors (a repeated factor is a power).
struct Monomial {
    std::int64_t coefficient = 1;
    std::array<Var, 5> factors{};
    std::uint8_t degree = 0;
};

constexpr Monomial monomial(std::int64_t coefficient, std::initializer_list<Var> factors) {
    Monomial m;
    m.coefficient = coefficient;
    for (Var v : factors) {
        m.factors[m.degree++] = v;
    }
    return m;
}

constexpr int powerOf(const Monomial& m, Var x) {
    int p = 0;
    for (std::uint8_t i = 0; i < m.degree; ++i) {
        p += m.factors[i] == x ? 1 : 0;
    }
    return p;
}

// factor · (sum[0] + sum[1] + …), written "bs(2d + 2f)"; a formula of one monomial has the
// empty factor and is written "6bsd".
struct Formula {
    Monomial factor;
    std::array<Monomial, 3> sum{};
    std::uint8_t terms = 0;
    // The power of s and of b in every monomial, or -1 where the monomials differ; a formula
    // homogeneous in x is its value at x times (x/x_now)^p, so sweeps and crossovers need no
    // expansion.
    std::int8_t sPower = -1;
    std::int8_t bPower = -1;
};

namespace detail {
constexpr std::int8_t homogeneousPower(const Formula& f, Var x) {
    const int p = powerOf(f.sum[0], x);
    for (std::uint8_t i = 1; i < f.terms; ++i) {
        if (powerOf(f.sum[i], x) != p) {
            return -1;
        }
    }
    return static_cast<std::int8_t>(p + powerOf(f.factor, x));
}
constexpr Formula withPowers(Formula f) {
    f.sPower = homogeneousPower(f, Var::s);
    f.bPower = homogeneousPower(f, Var::b);
    return f;
}
} // namespace detail

constexpr Formula formulaOf(Monomial single) {
    Formula f;
    f.sum[0] = single;
    f.terms = 1;
    return detail::withPowers(f);
}

constexpr Formula formulaOf(Monomial factor, std::initializer_list<Monomial> sum) {
    Formula f;
    f.factor = factor;
    for (const Monomial& m : sum) {
        f.sum[f.terms++] = m;
    }
    return detail::withPowers(f);
}

template <typename N> constexpr N evaluate(const Monomial& m, const VarValues<N>& x) {
    N out = static_cast<N>(m.coefficient);
    for (std::uint8_t i = 0; i < m.degree; ++i) {
        out *= x[static_cast<std::size_t>(m.factors[i])];
    }
    return out;
}

template <typename N> constexpr N evaluate(const Formula& f, const VarValues<N>& x) {
    N sum = evaluate(f.sum[0], x);
    for (std::uint8_t i = 1; i < f.terms; ++i) {
        sum += evaluate(f.sum[i], x);
    }
    return evaluate(f.factor, x) * sum;
}

// The exact value, or nothing when it (or a step on the way) does not fit in 64 bits. Every
// variable is at least 0 and every coefficient positive, so no step exceeds the value.
std::optional<std::int64_t> exactValue(const Formula& f, const VarValues<std::int64_t>& x);

// The formula as c0 + c1·x + c2·x² in one variable, the others at their values. Every seed
// formula is of degree ≤ 2 in b and in s.
std::array<double, 3> coefficientsIn(const Formula& f, Var x, const VarValues<double>& values);
// The same from the formula's value at the current x, for a formula homogeneous in x (b or s);
// any other formula is expanded by coefficientsIn.
std::array<double, 3> coefficientsIn(const Formula& f, Var x, double valueNow,
                                     const VarValues<double>& values);

// The derivation markup (core/derivation.h): "2bhs^{2}", "bs(2d + 2f)".
QString symbolic(const Formula& f);
// The numbers put in: "2·8·12·1,024^{2}", "8·1,024·(2·768 + 2·3,072)".
QString substituted(const Formula& f, const VarValues<std::int64_t>& values);
// A sum of formulas: like monomials merged when every formula is one monomial ("6bsd" and
// "10bsd" give "16bsd"), else the formulas joined ("6bsd + 2bhs^{2} + bs(2d + 2f)").
QString symbolicSum(std::span<const Formula* const> formulas);
// Markup as plain text for a terminal: "2bhs²", "d_head".
QString plainText(const QString& markup);

// What a term is, fixed for the term: its report key, kind and labels.
struct TermInfo {
    std::string_view id; // the report key, "activations.ffn"
    TermKind kind = TermKind::Activations;
    const char* label = nullptr;      // the derivation's label, context "Derivation"
    const char* shortLabel = nullptr; // a report row or legend, context "TextReport"
    // The report key whose bytes this term adds to, where it is not its id: an MoE model's first
    // dense layers add to activations.ffn, which the report keeps as every layer's FFN.
    std::string_view reportedIn = {};

    std::string_view reportKey() const { return reportedIn.empty() ? id : reportedIn; }
};

// A formula's exact value as generated code (compiledExact in memory_terms.cpp): false when it
// does not fit in 64 bits.
using ExactFunction = bool (*)(const VarValues<std::int64_t>&, std::int64_t&);

// One named contribution to the memory of one GPU without sharding. Built by seedTerms() (no
// member initialisers: a list's unused slots cost nothing).
struct SeedTerm {
    const TermInfo* info;
    const Formula* formula; // elements per layer, or Ψ for a model state
    ExactFunction exact;    // the same formula's exactValue, unrolled
    std::int64_t bytesPerElement;
    std::int64_t layers;        // L for activations, 1 for model states
    std::int64_t elements;      // the formula's value (per layer)
    std::int64_t bytesPerLayer; // elements · bytesPerElement
    std::int64_t bytes;         // bytesPerLayer · layers

    std::string_view id() const { return info->id; }
    TermKind kind() const { return info->kind; }
};

// A short fixed-capacity list: an estimate allocates nothing.
class SeedTerms {
public:
    // The three model states, attention's two parts and the FFN, and the FFN of an MoE model's
    // first dense layers.
    static constexpr std::size_t kCapacity = 7;
    SeedTerms() {} // the unused slots stay unwritten: an estimate fills six or seven
    void add(const SeedTerm& term) { m_items[m_size++] = term; }
    // The same, written in its slot: no term is built elsewhere and copied (an estimate's six).
    SeedTerm& add(const TermInfo& info, const Formula& formula, ExactFunction exact,
                  std::int64_t bytesPerElement, std::int64_t layers) {
        SeedTerm& t = m_items[m_size++];
        t = {&info, &formula, exact, bytesPerElement, layers, 0, 0, 0};
        return t;
    }
    const SeedTerm* begin() const { return m_items.data(); }
    const SeedTerm* end() const { return m_items.data() + m_size; }
    SeedTerm* begin() { return m_items.data(); }
    SeedTerm* end() { return m_items.data() + m_size; }
    std::size_t size() const { return m_size; }
    const SeedTerm* find(std::string_view id) const;
    std::int64_t bytesOf(TermKind kind) const;

private:
    std::array<SeedTerm, kCapacity> m_items;
    std::size_t m_size = 0;
};

// The per-layer formula of the terms that add to one report key, as plain text for a legend or a
// summary row: "6bsd" for GPT-2, "bs(2d + 2h·d_head + 2g·d_head)" under GQA; an MoE model's dense
// and MoE FFNs joined. Empty when no term reports into the key.
QString termFormulaText(const SeedTerms& terms, std::string_view reportKey);

// The variables of a scenario; psi is the selected parameter count.
template <typename N> VarValues<N> variablesOf(const Scenario& s, std::int64_t psi) {
    const ModelSpec& m = s.model;
    const MoeSpec& e = m.moe;
    return {N(s.training.batch),
            N(s.training.seqLen),
            N(m.dModel),
            N(m.heads),
            N(m.kvHeads),
            N(m.headDim),
            N(m.ffn),
            N(m.layers),
            N(psi),
            N(e.topK < e.experts ? e.topK : e.experts),
            N(e.expertFfn),
            N(e.sharedExperts),
            N(e.sharedFfn),
            N(m.mla.qkNopeHeadDim + m.mla.qkRopeHeadDim),
            N(m.mla.vHeadDim)};
}

// The seed's terms in report order: the three model states at the given bytes per parameter,
// then the activations at e bytes per element, each per layer times its layers. The lecture
// note stores, per layer and token, the attention block's linear tensors (6d: the norm input,
// Q, K, V, the attention output and the block's output), the QKᵀ scores and their softmax (2hs)
// and the FFN's tensors (2d + 2f). Here each takes the width the architecture gives it:
//   attention linear  bs(2d + 2h·d_head + 2g·d_head), which is 6bsd at g = h, d_head = d/h (and
//                     taken as 6bsd wherever h does not divide d, as the count does); MLA:
//                     bs(2d + 2h·d_qk + 2h·d_v), Q and K h·d_qk wide, V and the output h·d_v;
//   attention scores  2bhs²;
//   FFN               bs(2d + 2f) plain (10bsd at f = 4d), bs(2d + 3f) gated (the gate's f-wide
//                     output too);
//   MoE layer         bs(2d + c·k·f_e + c·n_s·f_s), c = 2 plain or 3 gated: the layer's input
//                     and output once per token, and the f-wide tensors of the k routed experts
//                     the token passes through and of every shared expert. The router's logits
//                     and the dispatch copies are left to the detailed accounting.
// An MoE model's FFN term (activations.ffn) covers its MoE layers; its first n dense layers are
// a term of their own (activations.ffn_dense) of width f. Unevaluated.
SeedTerms seedTerms(const ModelSpec& model, int parameterBytes, int gradientBytes,
                    int optimizerBytes, int activationBytes);
// The same, appended to a list in place (an estimate's).
void appendSeedTerms(SeedTerms& terms, const ModelSpec& model, int parameterBytes,
                     int gradientBytes, int optimizerBytes, int activationBytes);

// Puts the numbers in; fails when a total would not fit in 64 bits.
std::optional<InputError> evaluateTerms(SeedTerms& terms, const VarValues<std::int64_t>& values);
// appendSeedTerms() and evaluateTerms() in one pass, as an estimate builds them: each formula is
// evaluated as it is added, without a call through its `exact`.
// The activation terms' bytes summed by their power of s and of b, as they are evaluated: a
// formula homogeneous in x is its bytes now times (x/x_now)^p, so the crossovers need no pass of
// their own. `mixed` where some term is not homogeneous in s or in b (no seed term), whose bytes
// are then left out and which must be expanded.
struct PowerSums {
    std::array<std::int64_t, 3> bySeq{};
    std::array<std::int64_t, 3> byBatch{};
    bool mixed = false;
};
std::optional<InputError> appendEvaluatedSeedTerms(SeedTerms& terms, const ModelSpec& model,
                                                   int parameterBytes, int gradientBytes,
                                                   int optimizerBytes, int activationBytes,
                                                   const VarValues<std::int64_t>& values,
                                                   PowerSums& sums);

} // namespace lgm
