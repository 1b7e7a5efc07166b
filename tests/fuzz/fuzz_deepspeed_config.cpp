// Arbitrary bytes -> the DeepSpeed config reader. A file is either refused with one line naming
// the key, or read into values DeepSpeed would run with and the fine-tuning terms accept.
#include "deepspeed_config.h"
#include "fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
    using lgm::fuzz::require;
    const QByteArray json(reinterpret_cast<const char*>(bytes), qsizetype(size));
    const auto settings = lgm::parseDeepSpeedConfig(json);
    const auto checkError = [&](const lgm::DeepSpeedConfigError& e) {
        require(e.message.startsWith("DeepSpeed config: "), "a refusal without its prefix");
        require(!e.message.contains('\n'), "a refusal over more than one line");
        require(e.key.isEmpty() || e.message.contains(e.key), "a refusal not naming its key");
    };
    if (!settings) {
        checkError(settings.error());
        return 0;
    }
    lgm::DeepSpeedTarget current;
    current.dataParallel = size > 0 ? 1 + bytes[0] % 64 : 1;
    const auto t = lgm::applyDeepSpeedConfig(settings.value(), current);
    if (!t) {
        checkError(t.error());
        return 0;
    }
    require(t->zeroStage >= 0 && t->zeroStage <= 3, "a ZeRO stage out of range");
    require(t->microBatch >= 1 && t->gradAccumulation >= 1, "a batch size below 1");
    if (settings->trainBatch) {
        require(*settings->trainBatch == t->microBatch * t->gradAccumulation * current.dataParallel,
                "train_batch_size accepted against the batch rule");
    }
    lgm::TrainingSetup training;
    training.precision = t->precision;
    training.batch = t->microBatch;
    lgm::FinetuneSetup setup;
    setup.zeroStage = t->zeroStage;
    setup.offload = t->offload;
    setup.optimizer.kind = t->optimizer;
    setup.dataParallel = current.dataParallel;
    setup.gradAccumulation = t->gradAccumulation;
    const auto e = lgm::estimateFinetune(lgm::ModelSpec{}, training, setup);
    if (e) {
        for (const lgm::MemoryTerm& term : e->terms) {
            require(term.bytes > 0, "a term without bytes");
        }
        require(e->gpuBytes > 0 && e->cpuBytesPerNode >= e->cpuBytesPerGpu, "inconsistent totals");
    } else {
        require(!e.error().message.empty(), "a refused set-up without a message");
    }
    return 0;
}
