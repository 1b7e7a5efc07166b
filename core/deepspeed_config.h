#pragma once

// Reads the memory-relevant part of a DeepSpeed config JSON (the bytes; reading the file is the
// caller's): ZeRO stage and offload devices, bf16/fp16, the three batch sizes, the optimizer type
// and activation checkpointing. "auto" and absent keys keep the current value; keys not read are
// listed for one "ignored" line; bad values and contradictions are refused naming the key.

#include "config.h"
#include "expected.h"
#include "finetune_terms.h"
#include "optimizer_states.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>

namespace lgm {

// What the file sets; nullopt where it is silent or says "auto".
struct DeepSpeedSettings {
    std::optional<int> zeroStage;
    std::optional<Offload> offload;
    std::optional<Precision> precision;
    std::optional<std::int64_t> microBatch;       // train_micro_batch_size_per_gpu
    std::optional<std::int64_t> gradAccumulation; // gradient_accumulation_steps
    std::optional<std::int64_t> trainBatch;       // train_batch_size
    std::optional<Optimizer> optimizer;
    std::optional<bool> activationCheckpointing;
    QStringList ignored; // dotted paths of the keys not read, sorted
};

struct DeepSpeedConfigError {
    QString key;     // dotted path of the key at fault; empty when the file is not a JSON object
    QString message; // one line in the current UI language
};

Expected<DeepSpeedSettings, DeepSpeedConfigError> parseDeepSpeedConfig(const QByteArray& json);

// The values the file can change, as the tool holds them now.
struct DeepSpeedTarget {
    int zeroStage = 0;
    Offload offload = Offload::None;
    Precision precision = Precision::Fp32;
    std::int64_t microBatch = 8;
    std::int64_t gradAccumulation = 1;
    Optimizer optimizer = Optimizer::AdamW;
    bool activationCheckpointing = false;
    std::int64_t dataParallel = 1; // DeepSpeed's world size over model parallelism
    friend bool operator==(const DeepSpeedTarget&, const DeepSpeedTarget&) = default;
};

// The settings over `current`, with DeepSpeed's batch rule: train_batch_size = micro × accumulation
// × data-parallel size; a missing one of the three is derived as DeepSpeed derives it.
Expected<DeepSpeedTarget, DeepSpeedConfigError> applyDeepSpeedConfig(const DeepSpeedSettings& s,
                                                                     DeepSpeedTarget current);

} // namespace lgm
