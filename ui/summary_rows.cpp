#include "number_text.h"
#include "summary_panel.h"

#include "accounting_comparison.h"
#include "finetune_seed.h"
#include "optimizer_states.h"
#include "parameter_formula.h"
#include "parameter_groups.h"
#include "summary_accounting.h"

#include <QCoreApplication>
#include <QLocale>

#include <algorithm>
#include <cmath>

// The summary's rows, built from the estimate: the parameters and their shares, the model states
// and activations, the ratios, the per-GPU figures and the verdict on the chosen GPU, and the
// two accountings' peaks. The widget that shows them is summary_panel.cpp.

namespace lgm::ui {

namespace {

struct Text {
    Q_DECLARE_TR_FUNCTIONS(lgm::ui::SummaryPanel)
};

QString bytes(double b, UnitSystem units) {
    return QString::fromStdString(formatBytes(b, units));
}
QString count(double c) {
    return QString::fromStdString(formatCount(c));
}
QString number(double x) {
    return numberText(x);
}
QString share(std::int64_t part, std::int64_t whole) {
    return whole > 0
               ? QStringLiteral("%1 %").arg(
                     100.0 * static_cast<double>(part) / static_cast<double>(whole), 0, 'f', 1)
               : QStringLiteral("–");
}

// The summary is a narrow dock beside the charts: a formula goes into a label only while it is
// short ("6bsd", "12Ld²"); a longer one (GQA's widths, Llama's matrices) would widen the dock past
// a 1280×720 screen. The Formulas tab and the text report show it whole.
bool fitsALabel(const QString& formula) {
    return !formula.isEmpty() && formula.size() <= 14;
}

QString activationLabel(const QString& formula, const QString& longName) {
    return fitsALabel(formula) ? Text::tr("attention %1").arg(formula) : longName;
}

class Builder {
public:
    explicit Builder(UnitSystem units) : m_units(units) {}
    void heading(const QString& label) {
        SummaryRow r;
        r.label = label;
        r.heading = true;
        rows.append(std::move(r));
    }
    void bytesRow(const QString& key, const QString& label, std::int64_t b) {
        const auto d = static_cast<double>(b);
        row(key, label, bytes(d, m_units), d);
        rows.back().bytes = true;
    }
    void row(const QString& key, const QString& label, const QString& value, double raw) {
        SummaryRow r;
        r.key = key;
        r.label = label;
        r.value = value;
        r.raw = raw;
        rows.append(std::move(r));
    }
    QList<SummaryRow> rows;

private:
    UnitSystem m_units;
};

// The architecture's own groups (parameter_groups.h): what one token passes through, and the
// parts the seed's three shares leave out (routed experts, an untied head).
void addGroups(Builder& out, const Estimate& e) {
    const auto groups = countParameters(e.scenario.model, e.scenario.training.count);
    if (!groups) {
        return;
    }
    std::int64_t experts = 0;
    std::int64_t head = 0;
    for (const ParameterGroup& g : groups->groups) {
        if (g.id == "experts" || g.id == "shared_experts" || g.id == "router") {
            experts += g.total;
        } else if (g.id == "head") {
            head += g.total;
        }
    }
    out.row(
        QStringLiteral("parameters.active"), Text::tr("active per token"),
        QStringLiteral("%1 (%2)").arg(QLocale().toString(groups->active), count(groups->active)),
        static_cast<double>(groups->active));
    if (experts > 0) {
        out.row(QStringLiteral("share.experts"), Text::tr("experts share"),
                share(experts, groups->total), static_cast<double>(experts));
    }
    if (head > 0) {
        out.row(QStringLiteral("share.head"), Text::tr("LM head share"), share(head, groups->total),
                static_cast<double>(head));
    }
}

// Under LoRA or QLoRA: the adapters' parameters and the frozen base, with the trainable share.
void addTrainable(Builder& out, const Estimate& e) {
    const FinetuneFigures& f = e.finetune;
    if (f.frozen == 0) {
        return;
    }
    out.row(QStringLiteral("parameters.trainable"), Text::tr("trainable (adapters)"),
            QStringLiteral("%1 (%2)").arg(QLocale().toString(f.trainable), count(f.trainable)),
            static_cast<double>(f.trainable));
    out.row(QStringLiteral("parameters.frozen"), Text::tr("frozen base"),
            QStringLiteral("%1 (%2)").arg(QLocale().toString(f.frozen), count(f.frozen)),
            static_cast<double>(f.frozen));
    out.row(QStringLiteral("parameters.trainable_share"), Text::tr("trainable share"),
            share(f.trainable, f.trainable + f.frozen), f.trainableShare);
}

// Under offload: what the host keeps beside the GPU (ZeRO-Offload / ZeRO-Infinity).
void addHost(Builder& out, const Estimate& e) {
    const FinetuneFigures& f = e.finetune;
    if (e.scenario.training.finetune.offload == Offload::None) {
        return;
    }
    out.bytesRow(QStringLiteral("cpu.per_gpu"), Text::tr("CPU memory per GPU"), f.cpuPerGpu);
    out.bytesRow(QStringLiteral("cpu.pinned_per_gpu"), Text::tr("of which pinned"), f.cpuPinned);
    out.bytesRow(QStringLiteral("cpu.per_node"), Text::tr("CPU memory per node"), f.cpuPerNode);
}

void addParameters(Builder& out, const Estimate& e) {
    const ParameterCounts& p = e.parameters;
    out.heading(Text::tr("Parameters Ψ"));
    out.row(QStringLiteral("parameters.exact"), Text::tr("exact"),
            QStringLiteral("%1 (%2)").arg(QLocale().toString(p.exact), count(p.exact)),
            static_cast<double>(p.exact));
    // 12Ld² is L(4d² + 2df) only at f = 4d.
    const QString formula = lectureNoteApproxFormula(e.scenario.model);
    const QString approx = formula.isEmpty() ? Text::tr("approx (the layers' matrices)")
                                             : Text::tr("approx %1").arg(formula);
    out.row(QStringLiteral("parameters.approx"), approx,
            QStringLiteral("%1 (%2)").arg(QLocale().toString(p.approx), count(p.approx)),
            static_cast<double>(p.approx));
    const std::int64_t whole = p.total;
    out.row(QStringLiteral("share.attention"), Text::tr("attention share"),
            share(p.attention, whole), static_cast<double>(p.attention));
    out.row(QStringLiteral("share.ffn"), Text::tr("feed-forward share"), share(p.ffn, whole),
            static_cast<double>(p.ffn));
    out.row(QStringLiteral("share.embedding"), Text::tr("embedding share"),
            share(p.embedding, whole), static_cast<double>(p.embedding));
    addGroups(out, e);
    addTrainable(out, e);
}

void addMemory(Builder& out, const Estimate& e) {
    const ModelStates& m = e.modelStates;
    const FinetuneSpec& f = e.scenario.training.finetune;
    if (keepsSeedRates(f)) {
        out.heading(Text::tr("Model states (%1 bytes per parameter)").arg(m.perParameter.total()));
    } else {
        // LoRA, QLoRA, another optimizer or offload: no one rate covers every parameter.
        out.heading(Text::tr("Model states (%1 trainable parameters)")
                        .arg(QLocale().toString(e.finetune.trainable)));
    }
    const QString optimizer =
        f.optimizer == Optimizer::AdamW && keepsSeedRates(f)
            ? Text::tr("optimizer (Adam)")
            : Text::tr("optimizer (%1)")
                  .arg(QCoreApplication::translate("Optimizers", optimizerLabel(f.optimizer)));
    out.bytesRow(QStringLiteral("model_states.parameters"), Text::tr("parameters"), m.parameters);
    out.bytesRow(QStringLiteral("model_states.gradients"), Text::tr("gradients"), m.gradients);
    out.bytesRow(QStringLiteral("model_states.optimizer"), optimizer, m.optimizer);
    out.bytesRow(QStringLiteral("model_states.total"), Text::tr("model states"), m.total);
    const Activations& a = e.activations;
    out.heading(Text::tr("Activations (%1 bytes per element)").arg(a.bytesPerElement));
    out.bytesRow(QStringLiteral("activations.attention_linear"),
                 activationLabel(termFormulaText(e.terms, "activations.attention_linear"),
                                 Text::tr("attention, linear part")),
                 a.attentionLinear.bytes);
    out.bytesRow(QStringLiteral("activations.attention_quadratic"),
                 activationLabel(termFormulaText(e.terms, "activations.attention_quadratic"),
                                 Text::tr("attention, s² part")),
                 a.attentionQuadratic.bytes);
    out.bytesRow(QStringLiteral("activations.ffn"), Text::tr("feed-forward"), a.ffn.bytes);
    out.bytesRow(QStringLiteral("activations.total"), Text::tr("activations"), a.bytes);
    out.heading(Text::tr("One GPU, no sharding"));
    out.bytesRow(QStringLiteral("total"), Text::tr("total"), e.total);
}

void addRatios(Builder& out, const Estimate& e) {
    out.heading(Text::tr("Activations ÷ model states"));
    out.row(QStringLiteral("ratio.actual"), Text::tr("ratio (these settings)"),
            number(e.ratio.actual), e.ratio.actual);
    out.row(QStringLiteral("ratio.seed_formula"), Text::tr("b(s/3d + hs²/24d²)"),
            number(e.ratio.seedFormula), e.ratio.seedFormula);
    out.row(QStringLiteral("crossover.seq"), Text::tr("s* (formula = 1)"), number(e.crossover.seq),
            e.crossover.seq);
    out.row(QStringLiteral("crossover.batch"), Text::tr("b* (formula = 1)"),
            number(e.crossover.batch), e.crossover.batch);
    out.row(QStringLiteral("crossover.quadratic_overtakes"), Text::tr("s = 8d/h (s² term wins)"),
            number(e.crossover.quadraticOvertakes), e.crossover.quadraticOvertakes);
}

void addPerGpu(Builder& out, const Estimate& e) {
    const PerGpu& g = e.perGpu;
    const QString strategy = QString::fromLatin1(toString(e.config.strategy).data());
    const QString gpus = QLocale().toString(e.config.gpus);
    if (e.detailed) { // these rows are the lecture note's, shown below the frameworks' peak
        out.heading(e.config.gpus == 1
                        ? Text::tr("Per GPU, lecture note: %1 on one GPU").arg(strategy)
                        : Text::tr("Per GPU, lecture note: %1 on %2 GPUs").arg(strategy, gpus));
    } else {
        out.heading(e.config.gpus == 1 ? Text::tr("Per GPU: %1 on one GPU").arg(strategy)
                                       : Text::tr("Per GPU: %1 on %2 GPUs").arg(strategy, gpus));
    }
    out.row(QStringLiteral("global_batch"),
            e.scenario.training.finetune.gradAccumulation > 1 ? Text::tr("global batch N·b·k")
                                                              : Text::tr("global batch N·b"),
            QLocale().toString(e.globalBatch), static_cast<double>(e.globalBatch));
    out.bytesRow(QStringLiteral("per_gpu.model_states"), Text::tr("model states"), g.modelStates);
    if (g.gatheredUnits > 0) {
        out.bytesRow(QStringLiteral("per_gpu.gathered"),
                     Text::tr("of which %1 gathered units").arg(g.gatheredUnits),
                     g.gatheredParameters + g.gatheredGradients);
    }
    if (g.bucketCopy > 0) {
        out.bytesRow(QStringLiteral("per_gpu.bucket_copy"), Text::tr("of which bucket copy"),
                     g.bucketCopy);
    }
    out.bytesRow(QStringLiteral("per_gpu.activations"), Text::tr("activations (not sharded)"),
                 g.activations);
    out.bytesRow(QStringLiteral("per_gpu.total"), Text::tr("per-GPU total"), g.total);
    addHost(out, e);
}

// The verdict follows the accounting shown: the lecture note's total or the detailed peak.
void addFitVerdict(Builder& out, const Estimate& e, UnitSystem units,
                   const std::optional<GpuCapacity>& gpu) {
    if (gpu) {
        // Rounded, not truncated: 16.10612736 · 10⁹ (a T4) is 16106127359.99… in doubles.
        const auto capacity = static_cast<std::int64_t>(std::llround(gpu->gigabytes * 1e9));
        const std::int64_t left = headroom(currentPeak(e), capacity);
        const QString verdict = left >= 0
                                    ? Text::tr("fits, %1 free").arg(bytes(left, units))
                                    : Text::tr("does not fit: %1 over").arg(bytes(-left, units));
        out.row(QStringLiteral("fits"), Text::tr("on %1").arg(gpu->name), verdict,
                static_cast<double>(left));
    }
}

} // namespace

QList<SummaryRow> summaryRows(const Estimate& e, UnitSystem units,
                              const std::optional<GpuCapacity>& gpu) {
    Builder out(units);
    addParameters(out, e);
    if (e.detailed) {
        // As frameworks run it: its peak, moment and runtime lines come first, the lecture
        // note's breakdown after them for comparison.
        addAccountingRows(out.rows, e, units);
        addFitVerdict(out, e, units, gpu);
        addPerGpu(out, e);
        addMemory(out, e);
        addRatios(out, e);
        return out.rows;
    }
    addMemory(out, e);
    addRatios(out, e);
    addPerGpu(out, e);
    addFitVerdict(out, e, units, gpu);
    addAccountingRows(out.rows, e, units);
    return out.rows;
}

} // namespace lgm::ui
