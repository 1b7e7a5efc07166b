#include "parameter_formula.h"

#include "memory_terms.h"

#include "parameter_groups.h"

#include <QCoreApplication>
#include <QLocale>
#include <QStringList>

#include <algorithm>

namespace lgm {

namespace {

__extension__ using Wide = __int128;

QString tr(const char* text) {
    return QCoreApplication::translate("ParameterFormula", text);
}

QString n(std::int64_t value) {
    return QLocale().toString(static_cast<qlonglong>(value));
}

// A sum of terms written twice, with symbols and with numbers, and evaluated.
struct Sum {
    QString symbolic, substituted;
    Wide value = 0;
    void add(const QString& symbol, const QString& numbers, Wide v) {
        const bool first = symbolic.isEmpty();
        symbolic += (first ? QString() : QStringLiteral(" + ")) + symbol;
        substituted += (first ? QString() : QStringLiteral(" + ")) + numbers;
        value += v;
    }
    bool empty() const { return symbolic.isEmpty(); }
};

// The per-layer sum `inner` taken `times` times: "L·(…)".
Sum times(const QString& symbol, std::int64_t count, const Sum& inner) {
    const bool single = !inner.symbolic.contains(u'+');
    const auto wrap = [single](const QString& s) {
        return single ? s : QStringLiteral("(") + s + QStringLiteral(")");
    };
    Sum out;
    out.symbolic = symbol + QStringLiteral("·") + wrap(inner.symbolic);
    out.substituted = n(count) + QStringLiteral("·") + wrap(inner.substituted);
    out.value = Wide(count) * inner.value;
    return out;
}

// Parameters of one norm over a width, as "c·width": LayerNorm has gain and bias, RMSNorm a
// gain, a non-parametric norm none.
int normFactor(NormType type) {
    return type == NormType::LayerNorm ? 2 : type == NormType::RmsNorm ? 1 : 0;
}

QString factor(int k, const QString& rest) {
    return k == 1 ? rest : QString::number(k) + rest;
}

Sum attention(const ModelSpec& m, bool exact) {
    const std::int64_t d = m.dModel, h = m.heads, g = m.kvHeads, hd = m.headDim;
    Sum s;
    if (unroundedHeads(m)) {
        // h does not divide d: the seed's Q, K, V and O of d × d (parameter_groups.h).
        s.add(QStringLiteral("4d^{2}"), QStringLiteral("4·%1^{2}").arg(n(d)), Wide(4) * d * d);
        if (exact && m.bias != BiasMode::None) {
            s.add(QStringLiteral("3d"), QStringLiteral("3·%1").arg(n(d)), Wide(3) * d);
        }
        if (exact && (m.bias == BiasMode::All || m.bias == BiasMode::Attention)) {
            s.add(QStringLiteral("d"), n(d), d);
        }
        return s;
    }
    s.add(QStringLiteral("2d·h·d_{h}"), QStringLiteral("2·%1·%2·%3").arg(n(d), n(h), n(hd)),
          Wide(2) * d * h * hd);
    s.add(QStringLiteral("2d·g·d_{h}"), QStringLiteral("2·%1·%2·%3").arg(n(d), n(g), n(hd)),
          Wide(2) * d * g * hd);
    if (!exact) {
        return s;
    }
    if (m.bias != BiasMode::None) {
        s.add(QStringLiteral("h·d_{h} + 2g·d_{h}"),
              QStringLiteral("%1·%2 + 2·%3·%2").arg(n(h), n(hd), n(g)),
              Wide(h) * hd + Wide(2) * g * hd);
    }
    if (m.bias == BiasMode::All || m.bias == BiasMode::Attention) {
        s.add(QStringLiteral("d"), n(d), d);
    }
    if (m.attentionSinks) {
        s.add(QStringLiteral("h"), n(h), h);
    }
    return s;
}

// One FFN of width `width` (symbol f, f_{e}, f_{s}).
Sum ffn(const ModelSpec& m, const QString& f, std::int64_t width, bool exact) {
    const bool gated = m.ffnType == FfnType::Gated;
    const int matrices = gated ? 3 : 2;
    Sum s;
    s.add(QStringLiteral("%1d·%2").arg(matrices).arg(f),
          QStringLiteral("%1·%2·%3").arg(matrices).arg(n(m.dModel), n(width)),
          Wide(matrices) * m.dModel * width);
    if (exact && m.bias == BiasMode::All) {
        s.add(factor(gated ? 2 : 1, f) + QStringLiteral(" + d"),
              (gated ? QStringLiteral("2·") : QString()) + n(width) + QStringLiteral(" + ") +
                  n(m.dModel),
              Wide(gated ? 2 : 1) * width + m.dModel);
    }
    return s;
}

struct Builder {
    std::vector<ParameterFormulaLine> lines;
    const ParameterCount& count;

    std::int64_t groupTotal(std::string_view id) const {
        for (const ParameterGroup& g : count.groups) {
            if (g.id == id) {
                return g.total;
            }
        }
        return 0;
    }
    void add(const char* id, const QString& label, const Sum& sum) {
        lines.push_back({QString::fromLatin1(id), label, sum.symbolic, sum.substituted,
                         static_cast<std::int64_t>(sum.value), groupTotal(id)});
    }
};

void addTables(Builder& out, const ModelSpec& m) {
    Sum embedding;
    if (m.embeddingProjection > 0) {
        const std::int64_t e = m.embeddingProjection;
        embedding.add(QStringLiteral("v·e + 2e·d"),
                      QStringLiteral("%1·%2 + 2·%2·%3").arg(n(m.vocab), n(e), n(m.dModel)),
                      Wide(m.vocab) * e + Wide(2) * e * m.dModel);
    } else {
        embedding.add(QStringLiteral("v·d"), QStringLiteral("%1·%2").arg(n(m.vocab), n(m.dModel)),
                      Wide(m.vocab) * m.dModel);
    }
    out.add("embedding", tr("Token embedding"), embedding);
    if (m.positionType == PositionType::Learned) {
        Sum positions;
        positions.add(QStringLiteral("P·d"),
                      QStringLiteral("%1·%2").arg(n(m.positions), n(m.dModel)),
                      Wide(m.positions) * m.dModel);
        out.add("positions", tr("Position table"), positions);
    }
}

void addLayers(Builder& out, const ModelSpec& m, bool exact) {
    const bool moe = m.moe.experts > 1;
    const std::int64_t dense = moe ? std::min(m.moe.firstDenseLayers, m.layers) : m.layers;
    const std::int64_t sparse = m.layers - dense;
    const QString layers = QStringLiteral("L");
    out.add("attention", tr("Attention Q, K, V, O"), times(layers, m.layers, attention(m, exact)));
    if (exact && m.qkNorm != QkNorm::None) {
        const int k = normFactor(m.norm);
        Sum qk;
        if (m.qkNorm == QkNorm::PerHead) {
            qk.add(factor(2 * k, QStringLiteral("d_{h}")),
                   QStringLiteral("%1·%2").arg(2 * k).arg(n(m.headDim)), Wide(2 * k) * m.headDim);
        } else {
            qk.add(factor(k, QStringLiteral("(h + g)·d_{h}")),
                   QStringLiteral("%1·(%2 + %3)·%4")
                       .arg(k)
                       .arg(n(m.heads), n(m.kvHeads), n(m.headDim)),
                   Wide(k) * (m.heads + m.kvHeads) * m.headDim);
        }
        out.add("qk_norm", tr("QK-norm"), times(layers, m.layers, qk));
    }
    if (dense > 0) {
        out.add("ffn", tr("Feed-forward"),
                times(moe ? QStringLiteral("L_{\\dense}") : layers, dense,
                      ffn(m, QStringLiteral("f"), m.ffn, exact)));
    }
    if (!moe) {
        return;
    }
    const MoeSpec& e = m.moe;
    const QString moeLayers = QStringLiteral("L_{\\moe}");
    const Sum expert = ffn(m, QStringLiteral("f_{e}"), e.expertFfn, exact);
    out.add("experts", tr("Routed experts"),
            times(moeLayers, sparse, times(QStringLiteral("E"), e.experts, expert)));
    if (e.sharedExperts > 0) {
        Sum shared = times(QStringLiteral("S"), e.sharedExperts,
                           ffn(m, QStringLiteral("f_{s}"), e.sharedFfn, exact));
        if (e.sharedGate) {
            shared.add(QStringLiteral("d"), n(m.dModel), m.dModel);
        }
        out.add("shared_experts", tr("Shared experts"), times(moeLayers, sparse, shared));
    }
    Sum router;
    router.add(QStringLiteral("d·E"), QStringLiteral("%1·%2").arg(n(m.dModel), n(e.experts)),
               Wide(m.dModel) * e.experts);
    if (exact && e.routerBias) {
        router.add(QStringLiteral("E"), n(e.experts), e.experts);
    }
    out.add("router", tr("Router"), times(moeLayers, sparse, router));
}

void addNormsAndHead(Builder& out, const ModelSpec& m) {
    const int k = normFactor(m.norm);
    Sum norms;
    norms.add(QStringLiteral("L·%1d").arg(m.normsPerLayer * k),
              QStringLiteral("%1·%2·%3").arg(n(m.layers)).arg(m.normsPerLayer * k).arg(n(m.dModel)),
              Wide(m.layers) * m.normsPerLayer * k * m.dModel);
    if (m.finalNorm) {
        norms.add(factor(k, QStringLiteral("d")), QStringLiteral("%1·%2").arg(k).arg(n(m.dModel)),
                  Wide(k) * m.dModel);
    }
    out.add("norm", tr("Norms"), norms);
    if (!m.tiedHead) {
        const std::int64_t width = m.embeddingProjection > 0 ? m.embeddingProjection : m.dModel;
        Sum head;
        head.add(m.embeddingProjection > 0 ? QStringLiteral("v·e") : QStringLiteral("v·d"),
                 QStringLiteral("%1·%2").arg(n(m.vocab), n(width)), Wide(m.vocab) * width);
        out.add("head", tr("LM head (untied)"), head);
    }
}

} // namespace

std::vector<ParameterFormulaLine> parameterFormula(const ModelSpec& model, CountMode mode) {
    const auto count = countParameters(model, mode);
    if (!count) {
        return {};
    }
    const bool exact = mode == CountMode::Exact;
    Builder out{{}, *count};
    if (exact) {
        addTables(out, model);
    }
    addLayers(out, model, exact);
    if (exact) {
        addNormsAndHead(out, model);
    }
    // Multi-head latent attention is counted, not written out: its eight projections would
    // not read as one line.
    if (model.mla.kvLoraRank > 0) {
        for (ParameterFormulaLine& line : out.lines) {
            if (line.id == QLatin1String("attention")) {
                line.symbolic = QStringLiteral("L·Ψ_{\\MLA}");
                line.substituted.clear();
                line.value = line.count;
            }
        }
    }
    return out.lines;
}

QString lectureNoteApproxFormula(const ModelSpec& m) {
    const bool multiHead = m.kvHeads == m.heads &&
                           (m.heads * m.headDim == m.dModel || unroundedHeads(m)) &&
                           m.mla.kvLoraRank == 0 && m.embeddingProjection == 0;
    if (!multiHead || m.ffnType != FfnType::Plain || m.moe.experts > 1) {
        return {};
    }
    return m.ffn == 4 * m.dModel ? QStringLiteral("12Ld²") : QStringLiteral("L(4d² + 2df)");
}

QString approxCountFormula(const ModelSpec& m) {
    if (QString seed = lectureNoteApproxFormula(m); !seed.isEmpty()) {
        return seed;
    }
    QStringList parts;
    for (const ParameterFormulaLine& line : parameterFormula(m, CountMode::Approx)) {
        parts << plainText(line.symbolic);
    }
    return parts.join(QStringLiteral(" + "));
}

DerivationStep parameterFormulaStep(const ModelSpec& model, CountMode mode) {
    DerivationStep step{tr("Parameters of this architecture, by group"), {}, {}};
    const auto count = countParameters(model, mode);
    if (!count) {
        return step;
    }
    for (const ParameterFormulaLine& line : parameterFormula(model, mode)) {
        step.lines.push_back({line.label, line.symbolic, line.substituted, n(line.count)});
    }
    step.lines.push_back({tr("Total"), QStringLiteral("Ψ"), QString(), n(count->total)});
    if (count->active != count->total) {
        step.lines.push_back({tr("Active per token (k of E routed experts)"),
                              QStringLiteral("Ψ_{\\active}"), QString(), n(count->active)});
    }
    step.note = tr("d_h is the head width, g the key/value heads; the symbols are those of the "
                   "input table.");
    return step;
}

} // namespace lgm
