#include "memory_terms.h"

#include <QLocale>
#include <QStringList>
#include <QtGlobal>

#include <algorithm>
#include <utility>
#include <vector>

namespace lgm {

namespace {

using enum Var;

// Model states: the bytes per parameter times Ψ.
constexpr Formula kPsi = formulaOf(monomial(1, {psi}));
// Q, K, V, the attention output and the LayerNorm input, each b·s·d at multi-head attention.
constexpr Formula kLinearMultiHead = formulaOf(monomial(6, {b, s, d}));
// The real widths: d (norm input) + h·d_head (Q) + 2g·d_head (K, V) + h·d_head (output) + d.
constexpr Formula kLinearWidths =
    formulaOf(monomial(1, {b, s}), {monomial(2, {d}), monomial(2, {h, hd}), monomial(2, {g, hd})});
// QKᵀ and its softmax, b·h·s² each.
constexpr Formula kQuadratic = formulaOf(monomial(2, {b, h, s, s}));
// The inputs of the two FFN matrices (d and f wide), of the activation and of the dropout.
constexpr Formula kFfnSeed = formulaOf(monomial(10, {b, s, d}));
constexpr Formula kFfnPlain = formulaOf(monomial(1, {b, s}), {monomial(2, {d}), monomial(2, {f})});
// A gated FFN keeps the gate's f-wide output too.
constexpr Formula kFfnGated = formulaOf(monomial(1, {b, s}), {monomial(2, {d}), monomial(3, {f})});
// MLA: Q and K h·d_qk wide, V and the attention output h·d_v.
constexpr Formula kLinearMla =
    formulaOf(monomial(1, {b, s}), {monomial(2, {d}), monomial(2, {h, dqk}), monomial(2, {h, dv})});
// An MoE layer: its input and output, and the f-wide tensors of the k routed experts a token
// passes through and of the shared experts; 2 or 3 such tensors per expert, plain or gated.
constexpr Formula kMoePlain =
    formulaOf(monomial(1, {b, s}), {monomial(2, {d}), monomial(2, {k, fe})});
constexpr Formula kMoeGated =
    formulaOf(monomial(1, {b, s}), {monomial(2, {d}), monomial(3, {k, fe})});
constexpr Formula kMoePlainShared =
    formulaOf(monomial(1, {b, s}), {monomial(2, {d}), monomial(2, {k, fe}), monomial(2, {ns, fs})});
constexpr Formula kMoeGatedShared =
    formulaOf(monomial(1, {b, s}), {monomial(2, {d}), monomial(3, {k, fe}), monomial(3, {ns, fs})});

constexpr std::array<const char*, kVarCount> kSymbols{
    "b", "s", "d",     "h",     "g",     "d_{\\head}", "f",    "L",
    "Ψ", "k", "f_{e}", "n_{s}", "f_{s}", "d_{qk}",     "d_{v}"};

// A symbol written as one letter joins its neighbours without a dot ("bsd", "3kf_{e}" is
// written "3k·f_{e}").
bool isLetter(Var v) {
    return v != hd && v != fe && v != ns && v != fs && v != dqk && v != dv;
}

// Digits grouped by thousands with commas, whatever the UI language: the notation of the seed.
QString grouped(std::int64_t value) {
    QLocale c = QLocale::c();
    c.setNumberOptions(QLocale::DefaultNumberOptions);
    return c.toString(static_cast<qlonglong>(value));
}

// Runs of one variable, as (variable, power) pairs.
template <typename F> void forEachPower(const Monomial& m, F&& visit) {
    for (std::uint8_t i = 0; i < m.degree;) {
        std::uint8_t j = i;
        while (j < m.degree && m.factors[j] == m.factors[i]) {
            ++j;
        }
        visit(m.factors[i], j - i);
        i = j;
    }
}

QString power(const QString& base, int p) {
    return p == 1 ? base : QStringLiteral("%1^{%2}").arg(base).arg(p);
}

QString symbolicOf(const Monomial& m) {
    QString out = m.coefficient != 1 || m.degree == 0 ? QString::number(m.coefficient) : QString();
    bool previousLetter = true;
    forEachPower(m, [&](Var v, int p) {
        const bool letter = isLetter(v);
        if (!out.isEmpty() && !(letter && previousLetter)) {
            out += QStringLiteral("·");
        }
        out += power(QString::fromUtf8(kSymbols[static_cast<std::size_t>(v)]), p);
        previousLetter = letter;
    });
    return out;
}

QString substitutedOf(const Monomial& m, const VarValues<std::int64_t>& x) {
    QStringList parts;
    if (m.coefficient != 1 || m.degree == 0) {
        parts << QString::number(m.coefficient);
    }
    forEachPower(m,
                 [&](Var v, int p) { parts << power(grouped(x[static_cast<std::size_t>(v)]), p); });
    return parts.join(QStringLiteral("·"));
}

bool isOne(const Monomial& m) {
    return m.degree == 0 && m.coefficient == 1;
}

template <typename Render> QString render(const Formula& f, Render&& of, const QString& times) {
    QStringList sum;
    for (std::uint8_t i = 0; i < f.terms; ++i) {
        sum << of(f.sum[i]);
    }
    const QString joined = sum.join(QStringLiteral(" + "));
    if (isOne(f.factor)) {
        return joined;
    }
    return of(f.factor) + (f.terms > 1 ? times + u'(' + joined + u')' : times + joined);
}

// Where the model's attention is d wide: multi-head attention at the default d_head = d/h
// (rounded down where h does not divide d: the lecture note's 6d whatever h).
bool multiHead(const ModelSpec& m) {
    const std::int64_t defaultHeadDim =
        m.heads > 0 ? std::max<std::int64_t>(1, m.dModel / m.heads) : 1;
    return m.kvHeads == m.heads && m.headDim == defaultHeadDim;
}

// exactValue of one constant formula with its loops unrolled at compile time: an estimate
// evaluates six formulas, and the generic loop would cost it a third of its time.
template <const Formula& F, int T> constexpr const Monomial& monomialAt() {
    if constexpr (T < 0) {
        return F.factor;
    } else {
        return F.sum[T];
    }
}

template <const Formula& F, int T, std::size_t... I>
std::int64_t unrolledProduct(const VarValues<std::int64_t>& x, bool& overflow,
                             std::index_sequence<I...>) {
    constexpr const Monomial& m = monomialAt<F, T>();
    std::int64_t out = m.coefficient;
    ((overflow |= __builtin_mul_overflow(out, x[static_cast<std::size_t>(m.factors[I])], &out)),
     ...);
    return out;
}

template <const Formula& F, int T>
std::int64_t unrolledProduct(const VarValues<std::int64_t>& x, bool& overflow) {
    return unrolledProduct<F, T>(x, overflow,
                                 std::make_index_sequence<monomialAt<F, T>().degree>{});
}

template <const Formula& F, std::size_t... T>
bool unrolledValue(const VarValues<std::int64_t>& x, std::int64_t& out, std::index_sequence<T...>) {
    bool overflow = false;
    std::int64_t sum = 0;
    ((overflow |= __builtin_add_overflow(sum, unrolledProduct<F, int(T)>(x, overflow), &sum)), ...);
    if constexpr (F.factor.degree > 0 || F.factor.coefficient != 1) {
        overflow |= __builtin_mul_overflow(unrolledProduct<F, -1>(x, overflow), sum, &sum);
    }
    out = sum;
    return !overflow;
}

template <const Formula& F>
bool compiledExact(const VarValues<std::int64_t>& x, std::int64_t& out) {
    return unrolledValue<F>(x, out, std::make_index_sequence<F.terms>{});
}

// The numbers of appendEvaluatedSeedTerms(), put in as each term is added: evaluateTerms()'s
// steps in its order.
struct Evaluation {
    const VarValues<std::int64_t>& values;
    PowerSums& sums;
    std::int64_t activations = 0;
    bool fits = true;
};

// The powers are the formula's, known here: two adds for a seed term.
template <const Formula& F> void addPowers(PowerSums& sums, std::int64_t bytes) {
    constexpr auto sp = static_cast<unsigned>(F.sPower), bp = static_cast<unsigned>(F.bPower);
    if constexpr (sp <= 2) {
        sums.bySeq[sp] += bytes;
    } else {
        sums.mixed = true;
    }
    if constexpr (bp <= 2) {
        sums.byBatch[bp] += bytes;
    } else {
        sums.mixed = true;
    }
}

// The terms' list and, where given, the evaluation: null for seedTerms()' unevaluated terms.
struct TermSink {
    SeedTerms& terms;
    Evaluation* evaluation = nullptr;
};

template <const Formula& F>
void addTerm(TermSink sink, const TermInfo& info, int bytes, std::int64_t layers) {
    SeedTerm& t = sink.terms.add(info, F, &compiledExact<F>, bytes, layers);
    Evaluation* ev = sink.evaluation;
    if (ev == nullptr || !ev->fits) {
        return;
    }
    ev->fits = compiledExact<F>(ev->values, t.elements) &&
               !__builtin_mul_overflow(t.elements, t.bytesPerElement, &t.bytesPerLayer) &&
               !__builtin_mul_overflow(t.bytesPerLayer, t.layers, &t.bytes);
    if (ev->fits && info.kind == TermKind::Activations) {
        // the sum overflows though each term fits; each power's sum is at most that sum, so it
        // fits wherever the sum does and is not kept where it does not
        ev->fits = !__builtin_add_overflow(ev->activations, t.bytes, &ev->activations);
        if (ev->fits) {
            addPowers<F>(ev->sums, t.bytes);
        }
    }
}

using K = TermKind;
constexpr TermInfo kParameters32{"model_states.parameters", K::Parameters,
                                 QT_TRANSLATE_NOOP("Derivation", "Parameters, fp32"),
                                 QT_TRANSLATE_NOOP("TextReport", "parameters")};
constexpr TermInfo kParameters16{"model_states.parameters", K::Parameters,
                                 QT_TRANSLATE_NOOP("Derivation", "Parameters, 16-bit"),
                                 kParameters32.shortLabel};
constexpr TermInfo kGradients32{"model_states.gradients", K::Gradients,
                                QT_TRANSLATE_NOOP("Derivation", "Gradients, fp32"),
                                QT_TRANSLATE_NOOP("TextReport", "gradients")};
constexpr TermInfo kGradients16{"model_states.gradients", K::Gradients,
                                QT_TRANSLATE_NOOP("Derivation", "Gradients, 16-bit"),
                                kGradients32.shortLabel};
constexpr TermInfo kAdam{"model_states.optimizer", K::Optimizer,
                         QT_TRANSLATE_NOOP("Derivation", "Adam: momentum and variance"),
                         QT_TRANSLATE_NOOP("TextReport", "optimizer (Adam)")};
constexpr TermInfo kAdamBf16{"model_states.optimizer", K::Optimizer,
                             QT_TRANSLATE_NOOP("Derivation", "Adam: bf16 momentum and variance"),
                             kAdam.shortLabel};
constexpr TermInfo kAdamMaster{
    "model_states.optimizer", K::Optimizer,
    QT_TRANSLATE_NOOP("Derivation", "Adam: fp32 master copy, momentum and variance"),
    kAdam.shortLabel};
constexpr TermInfo kAttentionLinear{
    "activations.attention_linear", K::Activations,
    QT_TRANSLATE_NOOP("Derivation", "Attention, linear part: Q, K, V, output, LayerNorm"),
    QT_TRANSLATE_NOOP("TextReport", "attention, linear")};
constexpr TermInfo kAttentionQuadratic{
    "activations.attention_quadratic", K::Activations,
    QT_TRANSLATE_NOOP("Derivation", "Attention, quadratic part: QKᵀ and softmax"),
    QT_TRANSLATE_NOOP("TextReport", "attention, quadratic")};
constexpr TermInfo kFfn{"activations.ffn", K::Activations,
                        QT_TRANSLATE_NOOP("Derivation", "Feed-forward"),
                        QT_TRANSLATE_NOOP("TextReport", "feed-forward")};
constexpr TermInfo kFfnMoe{
    "activations.ffn", K::Activations,
    QT_TRANSLATE_NOOP("Derivation", "Feed-forward of an MoE layer: the routed experts a token "
                                    "passes through and the shared experts"),
    QT_TRANSLATE_NOOP("TextReport", "feed-forward, MoE layers")};
constexpr TermInfo kFfnDense{
    "activations.ffn_dense", K::Activations,
    QT_TRANSLATE_NOOP("Derivation", "Feed-forward of the first dense layers"),
    QT_TRANSLATE_NOOP("TextReport", "feed-forward, dense layers"), "activations.ffn"};

} // namespace

std::optional<std::int64_t> exactValue(const Formula& f, const VarValues<std::int64_t>& x) {
    bool overflow = false;
    const auto product = [&](const Monomial& m) {
        std::int64_t out = m.coefficient;
        for (std::uint8_t i = 0; i < m.degree; ++i) {
            overflow |=
                __builtin_mul_overflow(out, x[static_cast<std::size_t>(m.factors[i])], &out);
        }
        return out;
    };
    std::int64_t sum = 0;
    for (std::uint8_t i = 0; i < f.terms; ++i) {
        overflow |= __builtin_add_overflow(sum, product(f.sum[i]), &sum);
    }
    if (!isOne(f.factor)) {
        overflow |= __builtin_mul_overflow(product(f.factor), sum, &sum);
    }
    return overflow ? std::nullopt : std::optional<std::int64_t>(sum);
}

std::array<double, 3> coefficientsIn(const Formula& f, Var x, double valueNow,
                                     const VarValues<double>& values) {
    const int p = x == Var::s ? f.sPower : x == Var::b ? f.bPower : -1;
    if (p < 0 || p > 2) {
        return coefficientsIn(f, x, values);
    }
    const double at = values[static_cast<std::size_t>(x)];
    std::array<double, 3> out{};
    out[static_cast<std::size_t>(p)] = p == 0   ? valueNow
                                       : p == 1 ? valueNow / at
                                                : valueNow / (at * at);
    return out;
}

std::array<double, 3> coefficientsIn(const Formula& f, Var x, const VarValues<double>& values) {
    const auto split = [&](const Monomial& m, int& p) {
        double v = static_cast<double>(m.coefficient);
        p = 0;
        for (std::uint8_t i = 0; i < m.degree; ++i) {
            if (m.factors[i] == x) {
                ++p;
            } else {
                v *= values[static_cast<std::size_t>(m.factors[i])];
            }
        }
        return v;
    };
    std::array<double, 3> out{};
    int pf = 0;
    const double factor = split(f.factor, pf);
    for (std::uint8_t i = 0; i < f.terms; ++i) {
        int p = 0;
        const double v = split(f.sum[i], p);
        out[static_cast<std::size_t>(qMin(pf + p, 2))] += factor * v;
    }
    return out;
}

QString symbolic(const Formula& f) {
    return render(f, symbolicOf, QString());
}

QString substituted(const Formula& f, const VarValues<std::int64_t>& values) {
    return render(
        f, [&](const Monomial& m) { return substitutedOf(m, values); }, QStringLiteral("·"));
}

QString symbolicSum(std::span<const Formula* const> formulas) {
    std::vector<Monomial> merged;
    QStringList joined;
    bool single = true;
    for (const Formula* f : formulas) {
        joined << symbolic(*f);
        single = single && f->terms == 1 && isOne(f->factor);
        if (!single) {
            continue;
        }
        const Monomial& m = f->sum[0];
        const auto like = std::find_if(merged.begin(), merged.end(), [&](const Monomial& n) {
            return n.degree == m.degree && n.factors == m.factors;
        });
        if (like != merged.end()) {
            like->coefficient += m.coefficient;
        } else {
            merged.push_back(m);
        }
    }
    if (!single) {
        return joined.join(QStringLiteral(" + "));
    }
    QStringList out;
    for (const Monomial& m : merged) {
        out << symbolicOf(m);
    }
    return out.join(QStringLiteral(" + "));
}

QString plainText(const QString& markup) {
    static const QString superscripts = QStringLiteral("⁰¹²³⁴⁵⁶⁷⁸⁹");
    QString out;
    bool superscript = false;
    for (qsizetype i = 0; i < markup.size(); ++i) {
        const QChar ch = markup[i];
        if ((ch == u'^' || ch == u'_') && i + 1 < markup.size() && markup[i + 1] == u'{') {
            superscript = ch == u'^';
            out += superscript ? QString() : QStringLiteral("_");
            ++i;
        } else if (ch == u'}') {
            superscript = false;
        } else if (ch != u'\\') {
            out += superscript && ch.isDigit() ? superscripts[ch.digitValue()] : ch;
        }
    }
    return out;
}

const SeedTerm* SeedTerms::find(std::string_view id) const {
    for (const SeedTerm& t : *this) {
        if (t.id() == id) {
            return &t;
        }
    }
    return nullptr;
}

QString termFormulaText(const SeedTerms& terms, std::string_view reportKey) {
    std::array<const Formula*, SeedTerms::kCapacity> formulas{};
    std::size_t n = 0;
    for (const SeedTerm& t : terms) {
        if (t.info->reportKey() == reportKey) {
            formulas[n++] = t.formula;
        }
    }
    return n == 0 ? QString() : plainText(symbolicSum(std::span(formulas.data(), n)));
}

std::int64_t SeedTerms::bytesOf(TermKind kind) const {
    std::int64_t sum = 0;
    for (const SeedTerm& t : *this) {
        sum += t.kind() == kind ? t.bytes : 0;
    }
    return sum;
}

SeedTerms seedTerms(const ModelSpec& model, int parameterBytes, int gradientBytes,
                    int optimizerBytes, int activationBytes) {
    SeedTerms terms;
    appendSeedTerms(terms, model, parameterBytes, gradientBytes, optimizerBytes, activationBytes);
    return terms;
}

namespace {

void addAttentionLinear(TermSink terms, const ModelSpec& m, int bytes) {
    if (m.mla.kvLoraRank > 0) {
        addTerm<kLinearMla>(terms, kAttentionLinear, bytes, m.layers);
    } else if (multiHead(m)) {
        addTerm<kLinearMultiHead>(terms, kAttentionLinear, bytes, m.layers);
    } else {
        addTerm<kLinearWidths>(terms, kAttentionLinear, bytes, m.layers);
    }
}

void addDenseFfn(TermSink terms, const ModelSpec& m, const TermInfo& info, int bytes,
                 std::int64_t layers) {
    if (m.ffnType == FfnType::Gated) {
        addTerm<kFfnGated>(terms, info, bytes, layers);
    } else if (m.ffn == 4 * m.dModel) {
        addTerm<kFfnSeed>(terms, info, bytes, layers);
    } else {
        addTerm<kFfnPlain>(terms, info, bytes, layers);
    }
}

void addMoeFfn(TermSink terms, const ModelSpec& m, int bytes, std::int64_t layers) {
    const bool gated = m.ffnType == FfnType::Gated;
    const bool shared = m.moe.sharedExperts > 0;
    if (shared && gated) {
        addTerm<kMoeGatedShared>(terms, kFfnMoe, bytes, layers);
    } else if (shared) {
        addTerm<kMoePlainShared>(terms, kFfnMoe, bytes, layers);
    } else if (gated) {
        addTerm<kMoeGated>(terms, kFfnMoe, bytes, layers);
    } else {
        addTerm<kMoePlain>(terms, kFfnMoe, bytes, layers);
    }
}

void appendTerms(TermSink terms, const ModelSpec& model, int parameterBytes, int gradientBytes,
                 int optimizerBytes, int activationBytes) {
    addTerm<kPsi>(terms, parameterBytes == 2 ? kParameters16 : kParameters32, parameterBytes, 1);
    addTerm<kPsi>(terms, gradientBytes == 4 ? kGradients32 : kGradients16, gradientBytes, 1);
    // 12 bytes: mixed precision's fp32 master copy too; 4: pure bf16's two moments.
    addTerm<kPsi>(terms,
                  optimizerBytes == 12  ? kAdamMaster
                  : optimizerBytes == 4 ? kAdamBf16
                                        : kAdam,
                  optimizerBytes, 1);
    const std::int64_t L = model.layers;
    addAttentionLinear(terms, model, activationBytes);
    addTerm<kQuadratic>(terms, kAttentionQuadratic, activationBytes, L);
    const std::int64_t dense = model.moe.experts > 1 ? std::min(model.moe.firstDenseLayers, L) : L;
    if (dense == L) {
        addDenseFfn(terms, model, kFfn, activationBytes, L);
        return;
    }
    addMoeFfn(terms, model, activationBytes, L - dense);
    if (dense > 0) {
        addDenseFfn(terms, model, kFfnDense, activationBytes, dense);
    }
}

InputError activationsTooLarge() {
    return InputError{ErrorKind::Unrepresentable,
                      Field::SeqLen,
                      {Field::Batch, Field::Heads, Field::Layers, Field::DModel},
                      "activations"};
}

} // namespace

void appendSeedTerms(SeedTerms& terms, const ModelSpec& model, int parameterBytes,
                     int gradientBytes, int optimizerBytes, int activationBytes) {
    appendTerms({terms}, model, parameterBytes, gradientBytes, optimizerBytes, activationBytes);
}

std::optional<InputError> appendEvaluatedSeedTerms(SeedTerms& terms, const ModelSpec& model,
                                                   int parameterBytes, int gradientBytes,
                                                   int optimizerBytes, int activationBytes,
                                                   const VarValues<std::int64_t>& values,
                                                   PowerSums& sums) {
    Evaluation evaluation{values, sums};
    appendTerms({terms, &evaluation}, model, parameterBytes, gradientBytes, optimizerBytes,
                activationBytes);
    if (!evaluation.fits) {
        return activationsTooLarge();
    }
    return std::nullopt;
}

std::optional<InputError> evaluateTerms(SeedTerms& terms, const VarValues<std::int64_t>& values) {
    // Every input is bounded and at least 1, so a step that overflows means a total that does.
    std::int64_t activations = 0;
    bool fits = true;
    for (SeedTerm& t : terms) {
        fits = t.exact(values, t.elements) &&
               !__builtin_mul_overflow(t.elements, t.bytesPerElement, &t.bytesPerLayer) &&
               !__builtin_mul_overflow(t.bytesPerLayer, t.layers, &t.bytes);
        if (!fits) {
            break;
        }
        if (t.kind() == TermKind::Activations &&
            __builtin_add_overflow(activations, t.bytes, &activations)) {
            fits = false; // the sum overflows though each term fits
            break;
        }
    }
    if (!fits) {
        return activationsTooLarge();
    }
    return std::nullopt;
}

} // namespace lgm
