#include "accounting_comparison.h"

#include "detailed_report.h"

#include <QCoreApplication>

#include <array>
#include <utility>

namespace lgm {

namespace {

std::int64_t sumKind(const StageMemory& m, TermKind kind) {
    std::int64_t total = 0;
    for (const DetailedTerm& t : m.terms) {
        total += t.kind == kind ? t.bytes : 0; // each part of a peak that fits in 64 bits
    }
    return total;
}

std::int64_t termBytes(const StageMemory& m, std::string_view id) {
    for (const DetailedTerm& t : m.terms) {
        if (t.id == id) {
            return t.bytes;
        }
    }
    return 0;
}

struct GroupBytes {
    std::int64_t linear = 0; // norms and the attention block's per-token tensors
    std::int64_t scores = 0; // the attention core: s² scores, softmax, masks (flash: lse, RNG)
    std::int64_t ffn = 0;    // MLP, router and experts
};

// The largest layer's saved tensors by the seed's three terms, as selective recompute keeps
// them (the seed's FFN term is that of a routed layer when the model has any).
GroupBytes groupBytes(const DetailedEstimate& d, bool selective) {
    const std::vector<SavedTensor>& list = d.moeLayer.empty() ? d.denseLayer : d.moeLayer;
    GroupBytes g;
    for (const SavedTensor& t : list) {
        const std::int64_t bytes = savedBytes(t, d.geometry);
        switch (t.group) {
        case TensorGroup::AttentionCore:
            g.scores += selective ? 0 : bytes;
            break;
        case TensorGroup::Mlp:
        case TensorGroup::Router:
        case TensorGroup::Experts:
            g.ffn += bytes;
            break;
        default:
            g.linear += bytes;
        }
    }
    return g;
}

std::vector<AccountingRow> layerRows(const Estimate& e, const DetailedEstimate& d) {
    const Activations& a = e.activations;
    const GroupBytes g = groupBytes(d, e.scenario.training.recompute == Recompute::Selective);
    return {{"layer.attention_linear", a.attentionLinear.bytesPerLayer, g.linear},
            {"layer.attention_scores", a.attentionQuadratic.bytesPerLayer, g.scores},
            {"layer.ffn", a.ffn.bytesPerLayer, g.ffn},
            {"layer.kept", a.bytesPerLayer, d.perLayer()}};
}

std::vector<AccountingRow> gpuRows(const Estimate& e, const DetailedEstimate* d) {
    const PerGpu& p = e.perGpu;
    const StageMemory empty;
    const StageMemory& m = d ? d->busiest : empty;
    const std::int64_t layers = termBytes(m, "layer_activations");
    return {{"gpu.parameters", p.ownParameters, sumKind(m, TermKind::Parameters)},
            {"gpu.gradients", p.ownGradients, sumKind(m, TermKind::Gradients)},
            {"gpu.optimizer", p.optimizer, sumKind(m, TermKind::Optimizer)},
            {"gpu.buffers", p.gatheredParameters + p.gatheredGradients + p.bucketCopy,
             sumKind(m, TermKind::Buffers)},
            {"gpu.layer_activations", p.activations, layers},
            {"gpu.outside_layers", 0, sumKind(m, TermKind::Activations) - layers},
            {"gpu.transient", 0, sumKind(m, TermKind::Transient)},
            {"gpu.overhead", 0, sumKind(m, TermKind::Overhead)},
            {"gpu.peak", p.total, d ? d->peak() : 0}};
}

} // namespace

AccountingComparison compareAccountings(const Estimate& e) {
    AccountingComparison c;
    c.seedPeak = e.perGpu.total;
    if (e.detailed) {
        c.detailed = e.detailed;
    } else {
        DetailedResult r = detailedEstimate(e.scenario, detailedOptions(e.scenario));
        if (r) {
            c.detailed = std::move(r).value();
        } else {
            c.detailedError = r.error().message;
        }
    }
    if (c.detailed) {
        c.layer = layerRows(e, *c.detailed);
    }
    c.gpu = gpuRows(e, c.detailed ? &*c.detailed : nullptr);
    return c;
}

PeakParts peakParts(const Estimate& e) {
    if (!e.detailed) {
        const ModelStates& m = e.modelStates;
        return {m.parameters, m.gradients, m.optimizer, e.activations.bytes, 0};
    }
    const StageMemory& m = e.detailed->busiest;
    return {sumKind(m, TermKind::Parameters), sumKind(m, TermKind::Gradients),
            sumKind(m, TermKind::Optimizer), sumKind(m, TermKind::Activations),
            sumKind(m, TermKind::Buffers) + sumKind(m, TermKind::Transient) +
                sumKind(m, TermKind::Overhead)};
}

std::int64_t currentPeak(const Estimate& e) {
    return e.detailed ? e.detailed->peak() : e.perGpu.total;
}

QString accountingRowLabel(std::string_view id) {
    static constexpr std::array<std::pair<std::string_view, const char*>, 13> kLabels{{
        {"layer.attention_linear",
         QT_TRANSLATE_NOOP("AccountingComparison", "attention, linear in s")},
        {"layer.attention_scores",
         QT_TRANSLATE_NOOP("AccountingComparison", "attention scores, s²")},
        {"layer.ffn", QT_TRANSLATE_NOOP("AccountingComparison", "feed-forward")},
        {"layer.kept", QT_TRANSLATE_NOOP("AccountingComparison", "kept by one layer")},
        {"gpu.parameters", QT_TRANSLATE_NOOP("AccountingComparison", "parameters")},
        {"gpu.gradients", QT_TRANSLATE_NOOP("AccountingComparison", "gradients")},
        {"gpu.optimizer", QT_TRANSLATE_NOOP("AccountingComparison", "optimizer states")},
        {"gpu.buffers", QT_TRANSLATE_NOOP("AccountingComparison", "framework buffers")},
        {"gpu.layer_activations", QT_TRANSLATE_NOOP("AccountingComparison", "layer activations")},
        {"gpu.outside_layers",
         QT_TRANSLATE_NOOP("AccountingComparison", "embedding, logits, loss")},
        {"gpu.transient", QT_TRANSLATE_NOOP("AccountingComparison", "transient at the peak")},
        {"gpu.overhead", QT_TRANSLATE_NOOP("AccountingComparison", "runtime overhead")},
        {"gpu.peak", QT_TRANSLATE_NOOP("AccountingComparison", "peak per GPU")},
    }};
    for (const auto& [key, text] : kLabels) {
        if (key == id) {
            return QCoreApplication::translate("AccountingComparison", text);
        }
    }
    return QString::fromUtf8(id.data(), qsizetype(id.size()));
}

} // namespace lgm
