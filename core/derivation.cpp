#include "derivation.h"

#include "finetune_seed.h"
#include "optimizer_states.h"
#include "per_gpu.h"

#include <QCoreApplication>
#include <QLocale>
#include <QStringList>

namespace lgm {

namespace {

// Digits grouped by thousands with commas, whatever the UI language: the notation of the seed.
QString n(std::int64_t value) {
    QLocale c = QLocale::c();
    c.setNumberOptions(QLocale::DefaultNumberOptions);
    return c.toString(static_cast<qlonglong>(value));
}

QString num(double value) {
    return QString::fromStdString(formatNumber(value));
}

QString bytes(std::int64_t value, UnitSystem units) {
    return QStringLiteral("%1 B (%2)")
        .arg(n(value), QString::fromStdString(formatBytes(double(value), units)));
}

QString count(std::int64_t value) {
    return QCoreApplication::translate("Derivation", "%1 parameters").arg(n(value));
}

QString elements(std::int64_t value) {
    return QCoreApplication::translate("Derivation", "%1 elements").arg(n(value));
}

DerivationStep parametersStep(const Estimate& e) {
    const Config& c = e.config;
    const ParameterCounts& p = e.parameters;
    DerivationStep step{QCoreApplication::translate("Derivation", "1. Parameters Ψ"), {}, {}};
    const bool seedShape = c.ffn == 4 * c.dModel;
    step.lines.push_back(
        {QCoreApplication::translate("Derivation",
                                     "Approximation: attention 4d², feed-forward 2df per layer"),
         seedShape ? QStringLiteral("Ψ_{\\approx} = 12·L·d^{2}")
                   : QStringLiteral("Ψ_{\\approx} = L·(4d^{2} + 2d·f)"),
         seedShape
             ? QStringLiteral("12·%1·%2^{2}").arg(n(c.layers), n(c.dModel))
             : QStringLiteral("%1·(4·%2^{2} + 2·%2·%3)").arg(n(c.layers), n(c.dModel), n(c.ffn)),
         count(p.approx)});

    // The exact split exists only in an exact-count estimate; ask the core for one.
    Config exactConfig = c;
    exactConfig.count = CountMode::Exact;
    const EstimateResult exact = estimate(exactConfig);
    if (exact) {
        const ParameterCounts& x = exact->parameters;
        const std::int64_t biases = x.exact - x.approx - x.embedding - x.norm;
        step.lines.push_back(
            {QCoreApplication::translate("Derivation", "Token and position embeddings"),
             QStringLiteral("(v + P)·d"),
             QStringLiteral("(%1 + %2)·%3").arg(n(c.vocab), n(c.positions), n(c.dModel)),
             count(x.embedding)});
        step.lines.push_back(
            {QCoreApplication::translate("Derivation",
                                         "Biases: 4d in attention, f + d in the feed-forward"),
             QStringLiteral("L·(5d + f)"),
             QStringLiteral("%1·(5·%2 + %3)").arg(n(c.layers), n(c.dModel), n(c.ffn)),
             count(biases)});
        step.lines.push_back(
            {QCoreApplication::translate("Derivation", "LayerNorms: two per layer and a final one"),
             QStringLiteral("(4L + 2)·d"),
             QStringLiteral("(4·%1 + 2)·%2").arg(n(c.layers), n(c.dModel)), count(x.norm)});
        step.lines.push_back({QCoreApplication::translate("Derivation", "Exact count"),
                              QStringLiteral("Ψ_{\\exact}"),
                              QStringLiteral("%1 + %2 + %3 + %4")
                                  .arg(n(x.approx), n(x.embedding), n(biases), n(x.norm)),
                              count(x.exact)});
        const double left = double(x.exact - x.approx) / double(x.exact);
        step.note =
            QCoreApplication::translate(
                "Derivation", "12Ld² leaves out the embeddings, the biases and the LayerNorms: "
                              "%1 parameters, %2% of the exact count.")
                .arg(n(x.exact - x.approx), num(100 * left));
    }
    step.note +=
        QLatin1Char(' ') +
        (c.count == CountMode::Exact
             ? QCoreApplication::translate("Derivation", "The steps below use the exact count.")
             : QCoreApplication::translate("Derivation", "The steps below use the approximation."));
    return step;
}

VarValues<std::int64_t> valuesOf(const Estimate& e) {
    return variablesOf<std::int64_t>(e.scenario, e.parameters.total);
}

// One model-state term: its bytes per parameter times its formula (Ψ).
DerivationLine stateLine(const SeedTerm& t, const VarValues<std::int64_t>& values,
                         UnitSystem units) {
    const QString k = QString::number(t.bytesPerElement);
    return {QCoreApplication::translate("Derivation", t.info->label), k + symbolic(*t.formula),
            k + QStringLiteral("·") + substituted(*t.formula, values) + QStringLiteral(" \\B"),
            bytes(t.bytes, units)};
}

// Trainable Ψ_train and, under LoRA and QLoRA, the frozen base Ψ: their numbers.
void trainableLines(const Estimate& e, DerivationStep& step, UnitSystem units) {
    const FinetuneFigures& t = e.finetune;
    const FinetuneSpec& f = e.scenario.training.finetune;
    if (t.frozen == 0) {
        step.lines.push_back(
            {QCoreApplication::translate("Derivation", "Trainable parameters: all of them"),
             QStringLiteral("Ψ_{\\train} = Ψ"), n(e.parameters.total), count(t.trainable)});
        return;
    }
    step.lines.push_back(
        {QCoreApplication::translate(
             "Derivation",
             "Trainable parameters: the adapters, r·(d_in + d_out) per adapted matrix"),
         QStringLiteral("Ψ_{\\train} = r·Σ(d_{\\in} + d_{\\out})"),
         QStringLiteral("%1·Σ(d_{\\in} + d_{\\out})").arg(n(f.loraRank)), count(t.trainable)});
    const int w = bytesPerParameter(e.config.precision, e.config.fp32Gradients).parameters;
    if (f.method == FinetuneMethod::Qlora) {
        step.lines.push_back(
            {QCoreApplication::translate(
                 "Derivation",
                 "Frozen base in NF4: 4-bit blocks of 64 with their absmax constants; embeddings, "
                 "norms and the LM head stay 16-bit"),
             QStringLiteral("M_{\\NF4}(Ψ)"), QStringLiteral("M_{\\NF4}(%1)").arg(n(t.frozen)),
             bytes(t.frozenBytes, units)});
    } else {
        step.lines.push_back(
            {QCoreApplication::translate("Derivation",
                                         "Frozen base, 16-bit: no gradients, no optimizer states"),
             QStringLiteral("%1Ψ").arg(w), QStringLiteral("%1·%2 \\B").arg(w).arg(n(t.frozen)),
             bytes(t.frozenBytes, units)});
    }
}

// One state of the trainable parameters: bytes per trainable parameter times Ψ_train, or its
// bytes where the rate is not a whole number (8-bit Adam's blocks, Adafactor's factors).
DerivationLine trainableLine(const QString& label, std::int64_t stateBytes, std::int64_t trainable,
                             UnitSystem units) {
    const bool whole = trainable > 0 && stateBytes % trainable == 0;
    const std::int64_t k = whole ? stateBytes / trainable : 0;
    return {label,
            whole ? QStringLiteral("%1Ψ_{\\train}").arg(k) : QStringLiteral("M(Ψ_{\\train})"),
            whole ? QStringLiteral("%1·%2 \\B").arg(k).arg(n(trainable))
                  : QStringLiteral("%1 \\B").arg(n(stateBytes)),
            bytes(stateBytes, units)};
}

// The model states under fine-tuning inputs that change the byte rates (finetune_seed.h): only
// the trainable parameters have gradients and optimizer states.
DerivationStep finetunedStatesStep(const Estimate& e, UnitSystem units) {
    const ModelStates& m = e.modelStates;
    const FinetuneFigures& t = e.finetune;
    const FinetuneSpec& f = e.scenario.training.finetune;
    DerivationStep step{QCoreApplication::translate("Derivation", "2. Model states"), {}, {}};
    trainableLines(e, step, units);
    const std::int64_t trainableWeights = m.parameters - t.frozenBytes;
    step.lines.push_back(
        trainableLine(QCoreApplication::translate("Derivation", "Trainable weights"),
                      trainableWeights, t.trainable, units));
    step.lines.push_back(trainableLine(
        QCoreApplication::translate("Derivation", "Gradients of the trainable parameters"),
        m.gradients, t.trainable, units));
    const QString optimizer =
        QCoreApplication::translate("Optimizers", optimizerLabel(f.optimizer));
    step.lines.push_back(trainableLine(
        t.masterBytes > 0
            ? QCoreApplication::translate("Derivation", "Optimizer: fp32 master copy and %1 states")
                  .arg(optimizer)
            : QCoreApplication::translate("Derivation", "Optimizer: %1 states").arg(optimizer),
        m.optimizer, t.trainable, units));
    // The lines above, added: the frozen base first where there is one.
    const bool frozen = t.frozen > 0;
    const QString parts =
        QStringLiteral("%1 + %2 + %3 \\B").arg(n(trainableWeights), n(m.gradients), n(m.optimizer));
    step.lines.push_back({QCoreApplication::translate("Derivation", "Model states"),
                          (frozen ? QStringLiteral("M_{\\frozen} + ") : QString()) +
                              QStringLiteral("M_{\\weights} + M_{\\grads} + M_{\\opt}"),
                          (frozen ? n(t.frozenBytes) + QStringLiteral(" + ") : QString()) + parts,
                          bytes(m.total, units)});
    step.note = QCoreApplication::translate(
                    "Derivation",
                    "Gradients and optimizer states exist only for the %1 trainable parameters "
                    "(%2% of %3); the frozen base keeps its weights only.")
                    .arg(n(t.trainable), num(100 * t.trainableShare), n(t.trainable + t.frozen));
    if (t.frozen == 0) {
        step.note = QCoreApplication::translate("Derivation",
                                                "Every parameter is trained; the optimizer is %1.")
                        .arg(optimizer);
    }
    return step;
}

DerivationStep modelStatesStep(const Estimate& e, UnitSystem units) {
    if (!keepsSeedRates(e.scenario.training.finetune)) {
        return finetunedStatesStep(e, units);
    }
    const ModelStates& m = e.modelStates;
    const BytesPerParameter& k = m.perParameter;
    const VarValues<std::int64_t> values = valuesOf(e);
    const bool mixed = isMixed(e.config.precision);
    const bool pure = e.config.precision == Precision::Bf16;
    DerivationStep step{QCoreApplication::translate("Derivation", "2. Model states"), {}, {}};
    QStringList sum;
    for (const SeedTerm& t : e.terms) {
        if (t.kind() != TermKind::Activations) {
            step.lines.push_back(stateLine(t, values, units));
            sum << step.lines.back().symbolic;
        }
    }
    step.lines.push_back({QCoreApplication::translate("Derivation", "Model states"),
                          sum.join(QStringLiteral(" + ")) + QStringLiteral(" = %1Ψ").arg(k.total()),
                          QStringLiteral("%1·%2 \\B").arg(k.total()).arg(n(e.parameters.total)),
                          bytes(m.total, units)});
    step.note =
        pure ? QCoreApplication::translate("Derivation",
                                           "Pure bf16: 2 bytes each for parameters, gradients, "
                                           "momentum and variance, and no fp32 master copy.")
        : mixed
            ? QCoreApplication::translate(
                  "Derivation", "Mixed precision does not shrink the model states: Adam keeps "
                                "its fp32 copy, momentum and variance.")
            : QCoreApplication::translate("Derivation",
                                          "The seed's fp32 baseline: 4 bytes each for parameters, "
                                          "gradients, momentum and variance.");
    return step;
}

// One layer's activation terms summed: all but `skip`, the FFN term of the other kind of layer.
DerivationLine layerLine(const Estimate& e, const QString& label, const SeedTerm* skip,
                         UnitSystem units) {
    std::vector<const Formula*> formulas;
    QStringList elementCounts;
    std::int64_t layerBytes = 0;
    for (const SeedTerm& t : e.terms) {
        if (t.kind() == TermKind::Activations && &t != skip) {
            formulas.push_back(t.formula);
            elementCounts << n(t.elements);
            layerBytes += t.bytesPerLayer;
        }
    }
    const int k = e.activations.bytesPerElement;
    return {label.arg(k), QStringLiteral("(%1)·%2").arg(symbolicSum(formulas)).arg(k),
            QStringLiteral("(%1)·%2 \\B").arg(elementCounts.join(QStringLiteral(" + "))).arg(k),
            bytes(layerBytes, units)};
}

DerivationStep activationsStep(const Estimate& e, UnitSystem units) {
    const Activations& a = e.activations;
    const VarValues<std::int64_t> values = valuesOf(e);
    DerivationStep step{QCoreApplication::translate("Derivation", "3. Activations"), {}, {}};
    for (const SeedTerm& t : e.terms) {
        if (t.kind() == TermKind::Activations) {
            step.lines.push_back({QCoreApplication::translate("Derivation", t.info->label),
                                  symbolic(*t.formula), substituted(*t.formula, values),
                                  elements(t.elements)});
        }
    }
    const SeedTerm* dense = e.terms.find("activations.ffn_dense");
    if (!dense) {
        step.lines.push_back(layerLine(
            e, QCoreApplication::translate("Derivation", "One layer, %1 bytes per element"),
            nullptr, units));
        step.lines.push_back(
            {QCoreApplication::translate("Derivation", "All L layers"),
             QStringLiteral("L·M_{\\layer}"),
             QStringLiteral("%1·%2 \\B").arg(n(e.config.layers), n(a.bytesPerLayer)),
             bytes(a.bytes, units)});
    } else {
        // An MoE model's first n layers are dense: two kinds of layer.
        const SeedTerm* moe = e.terms.find("activations.ffn");
        step.lines.push_back(layerLine(
            e, QCoreApplication::translate("Derivation", "One MoE layer, %1 bytes per element"),
            dense, units));
        step.lines.push_back(layerLine(
            e, QCoreApplication::translate("Derivation", "One dense layer, %1 bytes per element"),
            moe, units));
        const std::int64_t denseLayer = a.bytesPerLayer - moe->bytesPerLayer + dense->bytesPerLayer;
        step.lines.push_back(
            {QCoreApplication::translate("Derivation", "All L layers"),
             QStringLiteral("(L − n)·M_{\\moe} + n·M_{\\dense}"),
             QStringLiteral("%1·%2 + %3·%4 \\B")
                 .arg(n(moe->layers), n(a.bytesPerLayer), n(dense->layers), n(denseLayer)),
             bytes(a.bytes, units)});
    }
    step.note = QCoreApplication::translate(
        "Derivation", "Activations grow linearly with b and L, and with s² through the "
                      "attention scores; mixed precision stores them in 2 bytes instead of 4.");
    return step;
}

DerivationStep ratioStep(const Estimate& e) {
    const Config& c = e.config;
    const QString b = n(c.batch), s = n(c.seqLen), d = n(c.dModel), h = n(c.heads);
    DerivationStep step{
        QCoreApplication::translate("Derivation", "4. Activations against model states"), {}, {}};
    step.lines.push_back({QCoreApplication::translate("Derivation", "Linear term"),
                          QStringLiteral("b·s/3d"), QStringLiteral("%1·%2/(3·%3)").arg(b, s, d),
                          num(e.ratio.linearTerm)});
    step.lines.push_back({QCoreApplication::translate("Derivation", "Quadratic term"),
                          QStringLiteral("b·hs^{2}/24d^{2}"),
                          QStringLiteral("%1·%2·%3^{2}/(24·%4^{2})").arg(b, h, s, d),
                          num(e.ratio.quadraticTerm)});
    step.lines.push_back(
        {QCoreApplication::translate("Derivation", "The seed's ratio (fp32, 12Ld², f = 4d)"),
         QStringLiteral("b(s/3d + hs^{2}/24d^{2})"),
         QStringLiteral("%1 + %2").arg(num(e.ratio.linearTerm), num(e.ratio.quadraticTerm)),
         num(e.ratio.seedFormula)});
    step.lines.push_back(
        {QCoreApplication::translate("Derivation", "The ratio under the current settings"),
         QStringLiteral("M_{\\activations}/M_{\\states}"),
         QStringLiteral("%1/%2").arg(n(e.activations.bytes), n(e.modelStates.total)),
         num(e.ratio.actual)});
    step.lines.push_back(
        {QCoreApplication::translate("Derivation",
                                     "Crossover: the s at which the seed's ratio is 1"),
         QStringLiteral("s^{*} = (4d/h)·(√(1 + 3h/2b) − 1)"),
         QStringLiteral("(4·%1/%2)·(√(1 + 3·%2/(2·%3)) − 1)").arg(d, h, b), num(e.crossover.seq)});
    step.lines.push_back(
        {QCoreApplication::translate("Derivation", "The b at which the seed's ratio is 1"),
         QStringLiteral("b^{*} = 1/(s/3d + hs^{2}/24d^{2})"),
         QStringLiteral("1/(%1/(3·%2) + %3·%1^{2}/(24·%2^{2}))").arg(s, d, h),
         num(e.crossover.batch)});
    step.lines.push_back({QCoreApplication::translate(
                              "Derivation", "Where the quadratic term overtakes the linear one"),
                          QStringLiteral("s = 8d/h"), QStringLiteral("8·%1/%2").arg(d, h),
                          num(e.crossover.quadraticOvertakes)});
    const bool quadratic = e.ratio.quadraticTerm > e.ratio.linearTerm;
    const QString dominant =
        quadratic ? QCoreApplication::translate(
                        "Derivation", "the quadratic term hs²/24d² (attention scores) dominates")
                  : QCoreApplication::translate("Derivation", "the linear term s/3d dominates");
    const QString side =
        e.ratio.seedFormula > 1
            ? QCoreApplication::translate("Derivation", "activations outweigh the model states")
            : QCoreApplication::translate("Derivation",
                                          "the model states outweigh the activations");
    step.note =
        QCoreApplication::translate("Derivation", "Now s = %1 against 8d/h = %2: %3; and %4.")
            .arg(s, num(e.crossover.quadraticOvertakes), dominant, side);
    return step;
}

QString strategyName(Strategy strategy) {
    switch (strategy) {
    case Strategy::Ddp:
        return QCoreApplication::translate("Derivation", "DDP");
    case Strategy::Zero1:
        return QCoreApplication::translate("Derivation", "ZeRO-1");
    case Strategy::Zero2:
        return QCoreApplication::translate("Derivation", "ZeRO-2");
    case Strategy::Zero3:
        return QCoreApplication::translate("Derivation", "ZeRO-3");
    case Strategy::FsdpFull:
        return QCoreApplication::translate("Derivation", "FSDP FULL_SHARD");
    case Strategy::FsdpGradOp:
        return QCoreApplication::translate("Derivation", "FSDP SHARD_GRAD_OP");
    case Strategy::FsdpHybrid:
        return QCoreApplication::translate("Derivation", "FSDP HYBRID_SHARD");
    }
    return {};
}

// One term of the per-GPU sum: k·Ψ, or k·Ψ/N when the part is sharded.
void addTerm(QString& symbolic, QString& substituted, int k, bool sharded, const QString& group,
             const QString& psi, const QString& groupSize) {
    const QString plus = symbolic.isEmpty() ? QString() : QStringLiteral(" + ");
    symbolic += plus + (sharded ? QStringLiteral("%1Ψ/%2").arg(k).arg(group)
                                : QStringLiteral("%1Ψ").arg(k));
    substituted += plus + (sharded ? QStringLiteral("%1·%2/%3").arg(k).arg(psi, groupSize)
                                   : QStringLiteral("%1·%2").arg(k).arg(psi));
}

DerivationStep perGpuStep(const Estimate& e, UnitSystem units) {
    const Config& c = e.config;
    const PerGpu& g = e.perGpu;
    const BytesPerParameter& k = e.modelStates.perParameter;
    const ShardingRule rule = shardingRule(c.strategy);
    const bool hybrid = c.strategy == Strategy::FsdpHybrid;
    const QString group = hybrid ? QStringLiteral("G") : QStringLiteral("N");
    const QString psi = n(e.parameters.total), groupSize = n(g.shardGroup);
    const char* heading = c.gpus == 1
                              ? QT_TRANSLATE_NOOP("Derivation", "5. Per GPU: %1 on N = %2 GPU")
                              : QT_TRANSLATE_NOOP("Derivation", "5. Per GPU: %1 on N = %2 GPUs");
    DerivationStep step{
        QCoreApplication::translate("Derivation", heading).arg(strategyName(c.strategy), n(c.gpus)),
        {},
        {}};
    QString symbolic, substituted;
    addTerm(symbolic, substituted, k.parameters, rule.parameters, group, psi, groupSize);
    addTerm(symbolic, substituted, k.gradients, rule.gradients, group, psi, groupSize);
    addTerm(symbolic, substituted, k.optimizer, rule.optimizer, group, psi, groupSize);
    if (g.gatheredUnits > 0) {
        const int unitBytes =
            (rule.parameters ? k.parameters : 0) + (rule.gradients ? k.gradients : 0);
        symbolic += QStringLiteral(" + u·%1Ψ_{\\layer}").arg(unitBytes);
        substituted += QStringLiteral(" + %1·%2·%3")
                           .arg(n(g.gatheredUnits))
                           .arg(unitBytes)
                           .arg(n(e.parameters.perLayer));
    }
    if (g.bucketCopy > 0) {
        symbolic += QStringLiteral(" + %1Ψ_{\\bucket}").arg(k.gradients);
        substituted += QStringLiteral(" + %1·%2").arg(k.gradients).arg(psi);
    }
    if (!keepsSeedRates(e.scenario.training.finetune)) {
        // The rates are per trainable parameter: the sum of the sharded parts, as computed.
        symbolic = QStringLiteral("M_{\\weights} + M_{\\grads} + M_{\\opt}");
        substituted =
            QStringLiteral("%1 + %2 + %3").arg(n(g.parameters), n(g.gradients), n(g.optimizer));
    }
    step.lines.push_back({QCoreApplication::translate("Derivation", "Model states per GPU"),
                          symbolic, substituted + QStringLiteral(" \\B"),
                          bytes(g.modelStates, units)});
    step.lines.push_back(
        {QCoreApplication::translate("Derivation", "Plus the activations of the local micro-batch"),
         QStringLiteral("M_{\\states} + M_{\\activations}"),
         QStringLiteral("%1 + %2 \\B").arg(n(g.modelStates), n(g.activations)),
         bytes(g.total, units)});
    // With gradient accumulation each optimizer step sees k micro-batches per GPU.
    const std::int64_t steps = e.scenario.training.finetune.gradAccumulation;
    step.lines.push_back({QCoreApplication::translate("Derivation", "Global batch"),
                          steps > 1 ? QStringLiteral("N·b·k") : QStringLiteral("N·b"),
                          steps > 1
                              ? QStringLiteral("%1·%2·%3").arg(n(c.gpus), n(c.batch), n(steps))
                              : QStringLiteral("%1·%2").arg(n(c.gpus), n(c.batch)),
                          n(e.globalBatch)});
    QString note;
    if (g.gatheredUnits > 0) {
        note += QCoreApplication::translate(
                    "Derivation",
                    "u = %1 FSDP units (one transformer layer each: the current one and "
                    "the prefetched next one) are held unsharded, Ψ_layer = %2 parameters. ")
                    .arg(g.gatheredUnits)
                    .arg(n(e.parameters.perLayer));
    }
    if (hybrid) {
        note += (g.shardGroup == 1
                     ? QCoreApplication::translate(
                           "Derivation", "Sharded over the G = %1 GPU of a node (no sharding), "
                                         "replicated across nodes. ")
                     : QCoreApplication::translate(
                           "Derivation",
                           "Sharded over the G = %1 GPUs of a node, replicated across nodes. "))
                    .arg(groupSize);
    }
    if (c.strategy == Strategy::Ddp) {
        note += c.ddpBucketCopy ? QCoreApplication::translate(
                                      "Derivation", "Includes PyTorch DDP's gradient-bucket copy. ")
                                : QCoreApplication::translate("Derivation",
                                                              "Without DDP's gradient-bucket copy "
                                                              "(gradient_as_bucket_view=True). ");
    }
    step.note = note + QCoreApplication::translate(
                           "Derivation", "Sharding does not reduce the activations: each GPU "
                                         "stores those of its own micro-batch b.");
    return step;
}

} // namespace

std::vector<DerivationStep> derivation(const Estimate& estimate, UnitSystem units) {
    return {parametersStep(estimate), modelStatesStep(estimate, units),
            activationsStep(estimate, units), ratioStep(estimate), perGpuStep(estimate, units)};
}

} // namespace lgm
