#include "fit_text.h"

#include "estimate.h"

#include <QCoreApplication>
#include <QStringList>

#include <array>
#include <utility>

namespace lgm {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("FitText", text);
}

} // namespace

QString bindingTermText(std::string_view id) {
    // The seed accounting's four terms, then the detailed accounting's peak-level terms.
    static const std::array<std::pair<std::string_view, const char*>, 13> kWords{{
        {"activations",
         QT_TRANSLATE_NOOP("FitText", "activations of all layers, held at the start of "
                                      "backward")},
        {"optimizer", QT_TRANSLATE_NOOP("FitText", "optimizer states")},
        {"gradients", QT_TRANSLATE_NOOP("FitText", "gradients")},
        {"parameters", QT_TRANSLATE_NOOP("FitText", "parameters")},
        {"layer_activations", QT_TRANSLATE_NOOP("FitText", "the layers' saved activations")},
        {"cross_entropy_backward",
         QT_TRANSLATE_NOOP("FitText", "the logits' gradient at the start of backward")},
        {"autocast_weight_copies", QT_TRANSLATE_NOOP("FitText", "autocast's 16-bit weight copies")},
        {"fsdp_gathered_units", QT_TRANSLATE_NOOP("FitText", "gathered parameter units")},
        {"zero3_gathered_unit", QT_TRANSLATE_NOOP("FitText", "gathered parameter units")},
        {"zero3_prefetch", QT_TRANSLATE_NOOP("FitText", "gathered parameter units")},
        {"recompute_one_layer",
         QT_TRANSLATE_NOOP("FitText", "one layer rebuilt while its backward runs")},
        {"frozen_weights", QT_TRANSLATE_NOOP("FitText", "the frozen base weights")},
        {"grad_accumulation_fp32",
         QT_TRANSLATE_NOOP("FitText", "the fp32 gradient-accumulation buffer")},
    }};
    for (const auto& [key, words] : kWords) {
        if (key == id) {
            return tr(words);
        }
    }
    return QString::fromUtf8(id.data(), static_cast<qsizetype>(id.size()));
}

QString bindingText(const FitSetup& s) {
    const QString term = bindingTermText(s.bindingTerm);
    if (s.scenario.parallel.pp <= 1) {
        return term;
    }
    // Only a pipeline needs the estimate again: its first stage holds min(p, m) micro-batches,
    // its last one the logits, and either can bind.
    const EstimateResult e = estimate(s.scenario);
    if (!e || !e.value().detailed) {
        return term;
    }
    return e.value().detailed->busiest.stage == 0 ? tr("%1, first pipeline stage").arg(term)
                                                  : tr("%1, last pipeline stage").arg(term);
}

QString layoutText(const FitSetup& s) {
    const Parallelism& p = s.scenario.parallel;
    QStringList parts;
    if (s.scenario.training.recompute == Recompute::Selective) {
        parts << tr("selective recompute");
    } else if (s.scenario.training.recompute == Recompute::Full) {
        parts << tr("full recompute");
    }
    if (p.tp > 1) {
        parts << tr("t = %1").arg(p.tp);
    }
    if (p.pp > 1) {
        parts << tr("p = %1").arg(p.pp);
    }
    if (s.offload) {
        parts << tr("offload");
    }
    return parts.join(QStringLiteral(", "));
}

} // namespace lgm
