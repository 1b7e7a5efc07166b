#include "detailed_derivation.h"

#include <QCoreApplication>
#include <QLocale>

#include <array>
#include <utility>

namespace lgm {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("DetailedDerivation", text);
}

QString human(std::int64_t bytes, UnitSystem units) {
    return QString::fromStdString(formatBytes(static_cast<double>(bytes), units));
}

// Exact bytes as digits: the markup takes digits as they are.
QString digits(std::int64_t value) {
    return QString::number(value);
}

DerivationLine bytesLine(const QString& label, std::int64_t bytes, UnitSystem units) {
    return {label, digits(bytes), {}, human(bytes, units)};
}

DerivationStep peakStep(const DetailedEstimate& d, UnitSystem units) {
    const StageMemory& m = d.busiest;
    DerivationStep step{tr("6. As frameworks run it: the busiest GPU at its peak"), {}, {}};
    for (const DetailedTerm& t : m.terms) {
        step.lines.push_back(bytesLine(
            QStringLiteral("%1: %2").arg(detailedTermLabel(t.id), detailedTermFormula(t.formula)),
            t.bytes, units));
    }
    step.lines.push_back({tr("Peak per GPU (per_gpu.peak)"), QStringLiteral("Σ"), digits(m.peak),
                          human(m.peak, units)});
    step.note = tr("Pipeline stage %1 of this layout, %2 layers, %3 micro-batch chunks in "
                   "flight; the peak is at the %4.")
                    .arg(m.stage)
                    .arg(m.layers)
                    .arg(m.inflightChunks)
                    .arg(peakMomentText(m.moment));
    return step;
}

// The parallel degrees that divide a tensor on this GPU (saved_tensors.h: ShardAxis).
std::int64_t divisor(const SavedTensor& t, const LayerGeometry& g) {
    const bool tp = (t.shards & kShardTp) != 0 ||
                    ((t.shards & kShardSp) != 0 && g.sequenceParallel && g.tp > 1);
    return (tp ? g.tp : 1) * ((t.shards & kShardCp) != 0 ? g.cp : 1);
}

DerivationLine tensorLine(const SavedTensor& t, const LayerGeometry& g, UnitSystem units) {
    const std::int64_t bytes = savedBytes(t, g);
    DerivationLine line{
        QString::fromUtf8(t.id.data(), qsizetype(t.id.size())), {}, {}, human(bytes, units)};
    if (t.extent == TensorExtent::PerLayer) {
        line.symbolic = digits(bytes);
        return line;
    }
    const std::int64_t d = divisor(t, g);
    const std::int64_t width = g.batch == 1 && t.widthAtBatch1 > 0 ? t.widthAtBatch1 : t.width;
    const bool scores = t.extent == TensorExtent::PerScore;
    const QString k = t.copies > 1 ? QStringLiteral("k·") : QString();
    line.symbolic = (scores ? QStringLiteral("a·B·b·s^{2}") : k + QStringLiteral("w·B·s·b")) +
                    (d > 1 ? QStringLiteral(" / %1").arg(d) : QString());
    const QString copies = t.copies > 1 ? QStringLiteral("%1 × ").arg(t.copies) : QString();
    line.substituted = scores ? QStringLiteral("%1 × %2 × %3 × %4^{2}")
                                    .arg(width)
                                    .arg(t.bytesPerElement)
                                    .arg(g.batch)
                                    .arg(g.seqLen)
                              : copies + QStringLiteral("%1 × %2 × %3 × %4")
                                             .arg(width)
                                             .arg(t.bytesPerElement)
                                             .arg(g.seqLen)
                                             .arg(g.batch);
    return line;
}

DerivationStep layerStep(const DetailedEstimate& d, UnitSystem units) {
    const bool moe = !d.moeLayer.empty();
    DerivationStep step{moe ? tr("7. One routed layer's saved tensors (one micro-batch, this GPU)")
                            : tr("7. One layer's saved tensors (one micro-batch, this GPU)"),
                        {},
                        {}};
    const std::vector<SavedTensor>& list = moe ? d.moeLayer : d.denseLayer;
    std::int64_t total = 0;
    for (const SavedTensor& t : list) {
        step.lines.push_back(tensorLine(t, d.geometry, units));
        total += savedBytes(t, d.geometry);
    }
    step.lines.push_back({tr("The layer without recompute"), QStringLiteral("Σ"), digits(total),
                          human(total, units)});
    step.note = tr("w: elements per token, B: bytes per element, a: heads, k: copies (top-k); "
                   "divided by the tensor and context parallel degrees that shard it. "
                   "Recompute keeps less: see the peak above.");
    return step;
}

DerivationStep runtimeStep(const Reconciliation& r, UnitSystem units) {
    DerivationStep step{tr("8. From the estimate to what nvidia-smi shows"), {}, {}};
    step.lines.push_back(
        bytesLine(tr("Allocated (torch.cuda.max_memory_allocated)"), r.allocated, units));
    for (const DetailedTerm& t : r.overhead) {
        step.lines.push_back(bytesLine(
            QStringLiteral("+ %1: %2").arg(detailedTermLabel(t.id), detailedTermFormula(t.formula)),
            t.bytes, units));
        if (t.id == "allocator_reserve") {
            step.lines.push_back(
                bytesLine(tr("= Reserved (torch.cuda.max_memory_reserved)"), r.reserved, units));
        }
    }
    step.lines.push_back(bytesLine(tr("= What nvidia-smi shows"), r.nvidiaSmi, units));
    step.note = tr("The CUDA context and NCCL buffers are not seen by "
                   "torch.cuda.memory_allocated; the peak above leaves them out.");
    return step;
}

} // namespace

std::vector<DerivationStep> detailedDerivation(const DetailedEstimate& d, UnitSystem units) {
    return {peakStep(d, units), layerStep(d, units), runtimeStep(d.reconciliation, units)};
}

QString detailedTermLabel(std::string_view id) {
    static constexpr std::array<std::pair<std::string_view, const char*>, 20> kLabels{{
        {"parameters", QT_TRANSLATE_NOOP("DetailedDerivation", "Parameters")},
        {"gradients", QT_TRANSLATE_NOOP("DetailedDerivation", "Gradients")},
        {"optimizer", QT_TRANSLATE_NOOP("DetailedDerivation", "Optimizer states")},
        {"autocast_weight_copies",
         QT_TRANSLATE_NOOP("DetailedDerivation", "Autocast weight copies")},
        {"ddp_bucket_copy", QT_TRANSLATE_NOOP("DetailedDerivation", "DDP bucket copy")},
        {"fsdp_gathered_units", QT_TRANSLATE_NOOP("DetailedDerivation", "FSDP gathered units")},
        {"fsdp_reduce_scatter",
         QT_TRANSLATE_NOOP("DetailedDerivation", "FSDP reduce-scatter buffer")},
        {"zero3_gathered_unit", QT_TRANSLATE_NOOP("DetailedDerivation", "ZeRO-3 gathered layer")},
        {"zero3_prefetch", QT_TRANSLATE_NOOP("DetailedDerivation", "ZeRO-3 prefetch")},
        {"layer_activations", QT_TRANSLATE_NOOP("DetailedDerivation", "Layer activations")},
        {"recompute_one_layer", QT_TRANSLATE_NOOP("DetailedDerivation", "Recompute of one layer")},
        {"recompute_attention_core",
         QT_TRANSLATE_NOOP("DetailedDerivation", "Recompute of one attention core")},
        {"cross_entropy_backward",
         QT_TRANSLATE_NOOP("DetailedDerivation", "Cross-entropy backward")},
        {"logits_16bit", QT_TRANSLATE_NOOP("DetailedDerivation", "16-bit logits")},
        {"loss_backward", QT_TRANSLATE_NOOP("DetailedDerivation", "Loss backward")},
        {"fused_loss_chunk", QT_TRANSLATE_NOOP("DetailedDerivation", "Fused loss chunk")},
        {"allocator_reserve", QT_TRANSLATE_NOOP("DetailedDerivation", "Allocator reserve")},
        {"cuda_context", QT_TRANSLATE_NOOP("DetailedDerivation", "CUDA context")},
        {"nccl_buffers", QT_TRANSLATE_NOOP("DetailedDerivation", "NCCL buffers")},
        {"none", QT_TRANSLATE_NOOP("DetailedDerivation", "No transient")},
    }};
    for (const auto& [key, text] : kLabels) {
        if (key == id) {
            return tr(text);
        }
    }
    return QString::fromUtf8(id.data(), qsizetype(id.size()));
}

QString detailedTermFormula(std::string_view formula) {
    // The formulas are static, NUL-terminated strings (detailed_accounting.h), so their
    // translations are looked up by their own text (context "DetailedFormula").
    const QByteArray source(formula.data(), qsizetype(formula.size()));
    return QCoreApplication::translate("DetailedFormula", source.constData());
}

QString peakMomentText(PeakMoment moment) {
    return moment == PeakMoment::StartOfBackward ? tr("start of backward")
                                                 : tr("recompute in backward");
}

} // namespace lgm
