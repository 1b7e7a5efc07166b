#include "strategy_help.h"

#include <QCoreApplication>

namespace lgm {

namespace {

QString displayName(Strategy strategy) {
    switch (strategy) {
    case Strategy::Ddp:
        return QCoreApplication::translate("StrategyHelp", "DDP");
    case Strategy::Zero1:
        return QCoreApplication::translate("StrategyHelp", "ZeRO-1");
    case Strategy::Zero2:
        return QCoreApplication::translate("StrategyHelp", "ZeRO-2");
    case Strategy::Zero3:
        return QCoreApplication::translate("StrategyHelp", "ZeRO-3");
    case Strategy::FsdpFull:
        return QCoreApplication::translate("StrategyHelp", "FSDP FULL_SHARD");
    case Strategy::FsdpGradOp:
        return QCoreApplication::translate("StrategyHelp", "FSDP SHARD_GRAD_OP");
    case Strategy::FsdpHybrid:
        return QCoreApplication::translate("StrategyHelp", "FSDP HYBRID_SHARD");
    }
    return {};
}

QString activationsNote() {
    return QCoreApplication::translate(
        "StrategyHelp",
        "Activations belong to each GPU's own micro-batch of b sequences: no strategy "
        "shards or reduces them, so they stay the same per GPU while the global batch "
        "grows to N·b.");
}

} // namespace

QString strategyTooltip(Strategy strategy) {
    switch (strategy) {
    case Strategy::Ddp:
        return QCoreApplication::translate(
            "StrategyHelp",
            "DDP: every GPU keeps a full copy of parameters, gradients and optimizer "
            "states; gradients are all-reduced after backward.");
    case Strategy::Zero1:
        return QCoreApplication::translate(
            "StrategyHelp", "ZeRO-1: optimizer states are split over the N GPUs; parameters and "
                            "gradients stay replicated.");
    case Strategy::Zero2:
        return QCoreApplication::translate(
            "StrategyHelp", "ZeRO-2: optimizer states and gradients are split over the N GPUs; "
                            "parameters stay replicated.");
    case Strategy::Zero3:
        return QCoreApplication::translate(
            "StrategyHelp",
            "ZeRO-3: parameters, gradients and optimizer states are all split over the "
            "N GPUs; each layer's parameters are gathered just in time.");
    case Strategy::FsdpFull:
        return QCoreApplication::translate(
            "StrategyHelp",
            "FSDP FULL_SHARD: like ZeRO-3, holding the current layer and the prefetched "
            "next one unsharded.");
    case Strategy::FsdpGradOp:
        return QCoreApplication::translate(
            "StrategyHelp",
            "FSDP SHARD_GRAD_OP: like ZeRO-2; parameters are gathered once for forward "
            "and kept whole until backward ends.");
    case Strategy::FsdpHybrid:
        return QCoreApplication::translate(
            "StrategyHelp",
            "FSDP HYBRID_SHARD: FULL_SHARD inside each node of G GPUs, full replicas "
            "across nodes.");
    }
    return {};
}

QString strategyHelpHtml(Strategy strategy) {
    QString body;
    switch (strategy) {
    case Strategy::Ddp:
        body = QCoreApplication::translate(
            "StrategyHelp",
            "Replicated: parameters, gradients and optimizer states, 16Ψ bytes on every "
            "GPU whatever N is. Sharded: nothing. Communicated: during backward the "
            "gradients are all-reduced (averaged over all GPUs) in buckets, so every GPU "
            "then takes the same optimizer step. PyTorch copies the gradients into "
            "separate bucket buffers, one more gradient-sized buffer, unless the model "
            "is wrapped with <code>gradient_as_bucket_view=True</code>; the calculator "
            "leaves that copy out by default, as the ZeRO paper does, and counts it "
            "when you tick it.");
        break;
    case Strategy::Zero1:
        body = QCoreApplication::translate(
            "StrategyHelp",
            "Replicated: parameters and gradients. Sharded: the optimizer states (fp32 "
            "master weights, Adam momentum and variance), each GPU keeping 1/N. "
            "Communicated: after backward the gradients are reduce-scattered, so each "
            "GPU receives the averaged gradients of its own shard and updates it; the "
            "updated parameters are then all-gathered so every GPU has the whole model "
            "again. The traffic equals DDP's all-reduce.");
        break;
    case Strategy::Zero2:
        body = QCoreApplication::translate(
            "StrategyHelp",
            "Replicated: parameters. Sharded: optimizer states and gradients. "
            "Communicated: during backward each bucket of gradients is reduce-scattered "
            "as soon as it is ready and the GPU keeps only its own 1/N; after the "
            "update of its shard the parameters are all-gathered. The traffic equals "
            "DDP's all-reduce.");
        break;
    case Strategy::Zero3:
        body = QCoreApplication::translate(
            "StrategyHelp",
            "Replicated: nothing of the model states. Sharded: parameters, gradients "
            "and optimizer states, 16Ψ/N per GPU. Communicated: before each layer's "
            "forward and again before its backward, its parameters are all-gathered and "
            "freed right after use; the gradients are reduce-scattered during backward. "
            "About 1.5 times DDP's traffic.");
        break;
    case Strategy::FsdpFull:
        body = QCoreApplication::translate(
            "StrategyHelp",
            "PyTorch's form of ZeRO-3. Sharded: parameters, gradients and optimizer "
            "states. Communicated: each FSDP unit (here one transformer layer) is "
            "all-gathered before its forward and again before its backward, and its "
            "gradients are reduce-scattered after its backward. At the peak a GPU holds "
            "two units unsharded, the current one and the prefetched next one, and in "
            "backward their full gradients too; the breakdown shows them as the gathered "
            "units.");
        break;
    case Strategy::FsdpGradOp:
        body = QCoreApplication::translate(
            "StrategyHelp",
            "PyTorch's form of ZeRO-2. Sharded: gradients and optimizer states. "
            "Parameters are all-gathered unit by unit before forward and then kept "
            "unsharded until backward is over, so there is no second all-gather; at the "
            "peak a GPU holds all parameters. Gradients are reduce-scattered after each "
            "unit's backward, with the unit's full gradients held meanwhile.");
        break;
    case Strategy::FsdpHybrid:
        body = QCoreApplication::translate(
            "StrategyHelp",
            "Sharded: parameters, gradients and optimizer states, as in FULL_SHARD but "
            "only over the G GPUs of one node, where the links are fast. Replicated: one "
            "full copy of the model states per node. Communicated: all-gathers and "
            "reduce-scatters stay inside the node; the gradient shards are then "
            "all-reduced across nodes. Per-GPU model states depend on G, not on N.");
        break;
    }
    return QStringLiteral("<p><b>%1</b> %2</p><p>%3</p>")
        .arg(displayName(strategy).toHtmlEscaped(), body, activationsNote());
}

QString strategyOverviewHtml() {
    QString html = QStringLiteral("<h3>%1</h3><p>%2</p><dl>")
                       .arg(QCoreApplication::translate("StrategyHelp", "Training on N GPUs"),
                            QCoreApplication::translate(
                                "StrategyHelp",
                                "Each GPU processes its own micro-batch of b sequences. The "
                                "strategies differ in which model states each GPU keeps whole "
                                "(replicated) and which it keeps only 1/N of (sharded), and in "
                                "the collectives that move the rest."));
    for (Strategy s : kAllStrategies) {
        html += QStringLiteral("<dt><b>%1</b></dt><dd>%2</dd>")
                    .arg(displayName(s).toHtmlEscaped(), strategyTooltip(s).toHtmlEscaped());
    }
    html += QStringLiteral("</dl><p>%1</p>").arg(activationsNote());
    return html;
}

} // namespace lgm
