#include "estimate_text.h"

#include "detailed_finetune.h"
#include "detailed_report.h"
#include "input_table.h"
#include "parameter_formula.h"
#include "units.h"

#include <QLocale>
#include <QStringList>

#include <algorithm>
#include <vector>

namespace lgm::cli {

namespace {

constexpr int kLabelWidth = 44;
constexpr int kColumnWidth = 16;

// Columns on a terminal: Chinese characters and full-width punctuation take two cells.
qsizetype displayWidth(const QString& text) {
    qsizetype width = 0;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        const bool wide = (u >= 0x1100 && u <= 0x115F) || (u >= 0x2E80 && u <= 0xA4CF) ||
                          (u >= 0xAC00 && u <= 0xD7A3) || (u >= 0xF900 && u <= 0xFAFF) ||
                          (u >= 0xFE30 && u <= 0xFE4F) || (u >= 0xFF00 && u <= 0xFF60) ||
                          (u >= 0xFFE0 && u <= 0xFFE6);
        width += wide ? 2 : 1;
    }
    return width;
}

QString padRight(const QString& text, qsizetype width) {
    return text + QString(std::max<qsizetype>(0, width - displayWidth(text)), u' ');
}

QString padLeft(const QString& text, qsizetype width) {
    return QString(std::max<qsizetype>(0, width - displayWidth(text)), u' ') + text;
}

// Rows of a label and right-aligned columns, the first row being the heading. The label column
// widens to its longest label, so a long formula (a GQA model's attention terms) never pushes its
// row's figures out of their columns.
class Table {
public:
    explicit Table(QStringList heading) { m_rows.push_back({std::move(heading), QString()}); }
    void row(const QStringList& cells) { m_rows.push_back({cells, QStringLiteral("  ")}); }
    QString text() const {
        qsizetype labelWidth = kLabelWidth;
        for (const Row& r : m_rows) {
            if (r.cells.size() > 1) {
                labelWidth = std::max(labelWidth, displayWidth(r.indent + r.cells.value(0)) + 2);
            }
        }
        QStringList lines;
        for (const Row& r : m_rows) {
            lines << line(r, labelWidth);
        }
        return lines.join(u'\n') + u'\n';
    }

private:
    struct Row {
        QStringList cells;
        QString indent;
    };
    static QString line(const Row& r, qsizetype labelWidth) {
        QString out = padRight(r.indent + r.cells.value(0), labelWidth);
        for (qsizetype i = 1; i < r.cells.size(); ++i) {
            out += padLeft(r.cells.at(i), kColumnWidth);
        }
        while (out.endsWith(u' ')) {
            out.chop(1);
        }
        return out;
    }
    std::vector<Row> m_rows;
};

QString count(std::int64_t value) {
    return QLocale(QLocale::English).toString(qlonglong{value});
}

QString gib(std::int64_t bytes) {
    return QString::fromStdString(formatNumber(bytesToGiga(double(bytes), UnitSystem::Binary)));
}

QString number(double value) {
    return QString::fromStdString(formatNumber(value));
}

// Shares are for reading only; the figures themselves come from the core.
QString share(std::int64_t part, std::int64_t total) {
    return total > 0 ? QString::number(100.0 * double(part) / double(total), 'f', 1) + u'%'
                     : QStringLiteral("-");
}

} // namespace

QString TextReport::render(const Estimate& e) {
    return heading(e.config) + parameters(e) + modelStates(e) + activations(e) + ratios(e) +
           perGpu(e) + finetune(e) + detailed(e);
}

// Shown only when a fine-tuning input leaves its default, so the seed's report stays as it was.
QString TextReport::finetune(const Estimate& e) {
    const FinetuneSpec& f = e.scenario.training.finetune;
    if (f == FinetuneSpec{}) {
        return {};
    }
    const FinetuneFigures& t = e.finetune;
    const auto name = [&](InputId id) {
        const InputSpec& row = inputSpec(id);
        const std::int64_t value = row.get(e.scenario);
        return QString::fromStdString(row.kind == InputKind::Flags
                                          ? flagsText(row, value)
                                          : std::string(choiceName(row, value)));
    };
    QString method = name(InputId::Finetune);
    if (f.method != FinetuneMethod::Full) {
        method += QStringLiteral(" r=%1 %2").arg(f.loraRank).arg(name(InputId::LoraTargets));
    }
    Table tune({tr("Fine-tuning: %1, %2").arg(method, name(InputId::Optimizer)), tr("count"),
                tr("share")});
    tune.row({tr("trainable parameters"), count(t.trainable),
              share(t.trainable, t.trainable + t.frozen)});
    tune.row({tr("frozen parameters"), count(t.frozen), share(t.frozen, t.trainable + t.frozen)});
    Table host({tr("CPU memory (offload: %1)").arg(name(InputId::Offload)), QString(), tr("GiB")});
    host.row({tr("per GPU"), QString(), gib(t.cpuPerGpu)});
    host.row({tr("  of which pinned"), QString(), gib(t.cpuPinned)});
    host.row({tr("per node"), QString(), gib(t.cpuPerNode)});
    return u'\n' + tune.text() + u'\n' + host.text();
}

QString TextReport::heading(const Config& c) {
    QString out;
    out += tr("Model: v=%1 d=%2 L=%3 h=%4 f=%5 s=%6 b=%7 P=%8")
               .arg(c.vocab)
               .arg(c.dModel)
               .arg(c.layers)
               .arg(c.heads)
               .arg(c.ffn)
               .arg(c.seqLen)
               .arg(c.batch)
               .arg(c.positions);
    out += u'\n';
    const QString countName =
        c.count == CountMode::Exact ? tr("exact parameter count") : tr("approx parameter count");
    out +=
        tr("Precision: %1%2, %3")
            .arg(QString::fromLatin1(toString(c.precision)),
                 isMixed(c.precision) && c.fp32Gradients ? tr(" with fp32 gradients") : QString(),
                 countName);
    return out + QStringLiteral("\n\n");
}

// The seed's four shares first (GPT-2's table as it always was), then the groups other
// architectures add, so that the shares of every model sum to its total.
QString TextReport::parameters(const Estimate& e) {
    const ParameterCounts& p = e.parameters;
    const ParameterGroups& g = p.groups;
    Table params({tr("Parameters"), tr("count"), tr("share")});
    params.row(
        {tr("embedding (token + position)"), count(p.embedding), share(p.embedding, p.total)});
    params.row({tr("attention"), count(p.attention), share(p.attention, p.total)});
    params.row({tr("feed-forward"), count(p.ffn), share(p.ffn, p.total)});
    params.row({normLabel(e.scenario.model.norm), count(p.norm), share(p.norm, p.total)});
    const std::pair<GroupId, const char*> extra[] = {
        {GroupId::QkNorm, QT_TR_NOOP("QK-norm")},
        {GroupId::Experts, QT_TR_NOOP("routed experts")},
        {GroupId::SharedExperts, QT_TR_NOOP("shared experts")},
        {GroupId::Router, QT_TR_NOOP("router")},
        {GroupId::Head, QT_TR_NOOP("LM head (untied)")}};
    for (const auto& [id, label] : extra) {
        if (g.totalOf(id) > 0) {
            params.row({tr(label), count(g.totalOf(id)), share(g.totalOf(id), p.total)});
        }
    }
    params.row({tr("total Ψ"), count(p.total), share(p.total, p.total)});
    if (p.active != p.total) {
        params.row({tr("active per token"), count(p.active), share(p.active, p.total)});
    }
    params.row({tr("exact count"), count(p.exact)});
    params.row({tr("approx count %1").arg(approxCountFormula(e.scenario.model)), count(p.approx)});
    return params.text() + u'\n';
}

QString TextReport::normLabel(NormType norm) {
    switch (norm) {
    case NormType::RmsNorm:
        return tr("RMSNorm");
    case NormType::NonParametric:
        return tr("norms (no parameters)");
    case NormType::LayerNorm:
        break;
    }
    return tr("LayerNorm");
}

QString TextReport::modelStates(const Estimate& e) {
    const ModelStates& m = e.modelStates;
    Table states({tr("Model states"), tr("bytes/param"), tr("GiB")});
    for (const SeedTerm& t : e.terms) {
        if (t.kind() != TermKind::Activations) {
            states.row({tr(t.info->shortLabel), QString::number(t.bytesPerElement), gib(t.bytes)});
        }
    }
    states.row({tr("total"), QString::number(m.perParameter.total()), gib(m.total)});
    return states.text() + u'\n';
}

QString TextReport::activations(const Estimate& e) {
    const Activations& a = e.activations;
    Table acts({tr("Activations (%1 bytes/element)").arg(a.bytesPerElement), tr("GiB per layer"),
                tr("GiB, %1 layers").arg(e.config.layers)});
    for (const SeedTerm& t : e.terms) {
        if (t.kind() == TermKind::Activations) {
            acts.row({tr(t.info->shortLabel) + u' ' + plainText(symbolic(*t.formula)),
                      gib(t.bytesPerLayer), gib(t.bytes)});
        }
    }
    acts.row({tr("total"), gib(a.bytesPerLayer), gib(a.bytes)});
    Table total({tr("Total, one GPU without sharding"), QString(), tr("GiB")});
    total.row({tr("model states + activations"), QString(), gib(e.total)});
    return acts.text() + u'\n' + total.text() + u'\n';
}

QString TextReport::ratios(const Estimate& e) {
    const Config& c = e.config;
    Table ratio({tr("Activations / model states"), QString(), tr("ratio")});
    ratio.row({tr("actual"), QString(), number(e.ratio.actual)});
    ratio.row({tr("seed formula b(s/3d + hs²/24d²)"), QString(), number(e.ratio.seedFormula)});
    ratio.row({tr("  linear term bs/3d"), QString(), number(e.ratio.linearTerm)});
    ratio.row({tr("  quadratic term bhs²/24d²"), QString(), number(e.ratio.quadraticTerm)});
    Table cross({tr("Crossovers"), QString(), tr("value")});
    cross.row(
        {tr("s* (seed formula = 1 at b = %1)").arg(c.batch), QString(), number(e.crossover.seq)});
    cross.row({tr("b* (seed formula = 1 at s = %1)").arg(c.seqLen), QString(),
               number(e.crossover.batch)});
    cross.row({tr("s = 8d/h (quadratic term overtakes linear)"), QString(),
               number(e.crossover.quadraticOvertakes)});
    cross.row({tr("s where activations = model states"), QString(), number(e.crossover.seqActual)});
    return ratio.text() + u'\n' + cross.text() + u'\n';
}

QString TextReport::perGpu(const Estimate& e) {
    const Config& c = e.config;
    const PerGpu& g = e.perGpu;
    Table gpu({tr("Per GPU: %1, N = %2, global batch %3")
                   .arg(QString::fromLatin1(toString(c.strategy)))
                   .arg(c.gpus)
                   .arg(e.globalBatch),
               QString(), tr("GiB")});
    gpu.row({tr("parameters"), QString(), gib(g.parameters)});
    gpu.row({tr("gradients"), QString(), gib(g.gradients)});
    gpu.row({tr("optimizer"), QString(), gib(g.optimizer)});
    gpu.row({tr("model states"), QString(), gib(g.modelStates)});
    gpu.row({tr("activations (local batch, not sharded)"), QString(), gib(g.activations)});
    gpu.row({tr("total"), QString(), gib(g.total)});
    gpu.row({tr("shard group (GPUs)"), QString(), QString::number(g.shardGroup)});
    if (g.gatheredUnits > 0) {
        gpu.row({tr("  gathered FSDP units (layer + prefetch)"), QString(),
                 QString::number(g.gatheredUnits)});
        gpu.row({tr("  of which gathered parameters"), QString(), gib(g.gatheredParameters)});
        gpu.row({tr("  of which gathered gradients"), QString(), gib(g.gatheredGradients)});
    }
    if (g.bucketCopy > 0) {
        gpu.row({tr("  of which DDP gradient-bucket copy"), QString(), gib(g.bucketCopy)});
    }
    return gpu.text();
}

QString TextReport::detailed(const Estimate& e) {
    if (!e.detailed) {
        return {};
    }
    const DetailedEstimate& d = *e.detailed;
    const StageMemory& m = d.busiest;
    const QString moment = m.moment == PeakMoment::StartOfBackward
                               ? tr("the start of backward")
                               : tr("one layer's recompute in backward");
    Table peak(
        {tr("Detailed peak, stage %1, at %2").arg(m.stage).arg(moment), tr("kind"), tr("GiB")});
    for (const DetailedTerm& t : m.terms) {
        peak.row({QString::fromLatin1(t.id.data(), qsizetype(t.id.size())),
                  QString::fromLatin1(toString(t.kind).data(), qsizetype(toString(t.kind).size())),
                  gib(t.bytes)});
    }
    peak.row({tr("peak per GPU"), QString(), gib(d.peak())});
    peak.row({tr("  one layer, one micro-batch"), QString(), gib(d.perLayer())});
    peak.row({tr("  the stage's layers, %1 in-flight chunks").arg(m.inflightChunks), QString(),
              gib(d.activationLayers())});
    peak.row({tr("  lecture note's per-GPU total"), QString(), gib(e.perGpu.total)});
    const std::vector<DetailedTerm> host =
        detailedHostTerms(e.scenario, detailedOptions(e.scenario), m.stage);
    if (!host.empty()) {
        std::int64_t total = 0;
        for (const DetailedTerm& t : host) {
            peak.row(
                {tr("host: %1").arg(QString::fromLatin1(t.id.data(), qsizetype(t.id.size()))),
                 QString::fromLatin1(toString(t.kind).data(), qsizetype(toString(t.kind).size())),
                 gib(t.bytes)});
            total += t.bytes;
        }
        peak.row({tr("CPU memory per GPU (offload)"), QString(), gib(total)});
    }
    const Reconciliation& r = d.reconciliation;
    Table runtime({tr("Runtime, not seen by torch.cuda.memory_allocated"), QString(), tr("GiB")});
    runtime.row({tr("allocated (the estimate)"), QString(), gib(r.allocated)});
    runtime.row({tr("+ allocator reserve (+10%)"), QString(), gib(r.overhead[0].bytes)});
    runtime.row({tr("= reserved"), QString(), gib(r.reserved)});
    runtime.row({tr("+ CUDA context"), QString(), gib(r.overhead[1].bytes)});
    runtime.row({tr("+ NCCL buffers"), QString(), gib(r.overhead[2].bytes)});
    runtime.row({tr("= what nvidia-smi shows"), QString(), gib(r.nvidiaSmi)});
    return u'\n' + peak.text() + u'\n' + runtime.text();
}

} // namespace lgm::cli
