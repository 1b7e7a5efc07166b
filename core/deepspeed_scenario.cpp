#include "deepspeed_scenario.h"

#include "bounded_file_reader.h"
#include "message_text.h"

#include <QCoreApplication>
#include <QFileInfo>

#include <algorithm>

namespace lgm {

namespace {

// DeepSpeed's ZeRO stage of a strategy: FSDP's full and hybrid sharding partition the weights
// like stage 3, SHARD_GRAD_OP the gradients and states like stage 2.
int zeroStageOf(Strategy s) {
    switch (s) {
    case Strategy::Ddp:
        return 0;
    case Strategy::Zero1:
        return 1;
    case Strategy::Zero2:
    case Strategy::FsdpGradOp:
        return 2;
    case Strategy::Zero3:
    case Strategy::FsdpFull:
    case Strategy::FsdpHybrid:
        return 3;
    }
    return 0;
}

// The strategy of a stage the file names; an FSDP strategy of that stage is kept.
Strategy strategyOf(int stage, Strategy current) {
    if (zeroStageOf(current) == stage) {
        return current;
    }
    constexpr Strategy kStages[] = {Strategy::Ddp, Strategy::Zero1, Strategy::Zero2,
                                    Strategy::Zero3};
    return kStages[std::clamp(stage, 0, 3)];
}

DeepSpeedTarget targetOf(const Scenario& s, std::int64_t dataParallel) {
    DeepSpeedTarget t;
    t.zeroStage = zeroStageOf(s.parallel.data);
    t.offload = s.training.finetune.offload;
    t.precision = s.training.precision;
    t.microBatch = s.training.batch;
    t.gradAccumulation = s.training.finetune.gradAccumulation;
    t.optimizer = s.training.finetune.optimizer;
    t.activationCheckpointing = s.training.recompute == Recompute::Full;
    t.dataParallel = dataParallel;
    return t;
}

void setTarget(Scenario& s, const DeepSpeedSettings& read, const DeepSpeedTarget& t) {
    s.parallel.data = strategyOf(t.zeroStage, s.parallel.data);
    s.training.finetune.offload = t.offload;
    s.training.precision = t.precision;
    s.training.batch = t.microBatch;
    s.training.finetune.gradAccumulation = t.gradAccumulation;
    // "Adam" in the file keeps an 8-bit Adam the tool was told of: both keep m and v.
    if (read.optimizer && !(*read.optimizer == Optimizer::AdamW &&
                            s.training.finetune.optimizer == Optimizer::Adam8bit)) {
        s.training.finetune.optimizer = t.optimizer;
    }
    if (read.activationCheckpointing) {
        s.training.recompute = t.activationCheckpointing ? Recompute::Full : Recompute::None;
    }
}

} // namespace

Expected<DeepSpeedImport, DeepSpeedConfigError>
applyDeepSpeedSettings(const DeepSpeedSettings& settings, const Scenario& scenario,
                       std::int64_t dataParallel) {
    const auto target = applyDeepSpeedConfig(settings, targetOf(scenario, dataParallel));
    if (!target) {
        return target.error();
    }
    DeepSpeedImport out{scenario, settings.ignored};
    setTarget(out.scenario, settings, target.value());
    return out;
}

Expected<DeepSpeedImport, DeepSpeedConfigError>
loadDeepSpeedConfig(const QString& path, const Scenario& scenario, std::int64_t dataParallel) {
    const QString name = shownValue(QFileInfo(path).fileName(), 120);
    const auto failed = [&](const QString& key, const QString& reason) {
        return DeepSpeedConfigError{
            key, QCoreApplication::translate("DeepSpeedConfig", "Cannot use the DeepSpeed config "
                                                                "%1: %2")
                     .arg(name, oneLine(reason))};
    };
    const auto bytes = readBoundedFile(path);
    if (!bytes) {
        return failed(QString(), bytes.error().reason);
    }
    const auto settings = parseDeepSpeedConfig(bytes.value());
    if (!settings) {
        return failed(settings.error().key, settings.error().message);
    }
    auto applied = applyDeepSpeedSettings(settings.value(), scenario, dataParallel);
    if (!applied) {
        return failed(applied.error().key, applied.error().message);
    }
    return applied;
}

} // namespace lgm
