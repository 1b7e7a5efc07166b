#pragma once

// A DeepSpeed config applied to a scenario: the one way front ends take one (the command line's
// --deepspeed-config, the desktop app's File → Import DeepSpeed config…). The file is read as
// every input file is (bounded_file_reader.h); its values go over the scenario's (deepspeed_
// config.h), ZeRO stage 0–3 as DDP, ZeRO-1, ZeRO-2 and ZeRO-3, keeping an FSDP strategy of the
// same stage. A file that cannot be read, or holds a bad value or a contradiction, is refused with
// one line naming the key, and the scenario is left as it was.

#include "deepspeed_config.h"
#include "expected.h"
#include "spec.h"

#include <QString>
#include <QStringList>

#include <cstdint>

namespace lgm {

struct DeepSpeedImport {
    Scenario scenario;   // the scenario with the file's values
    QStringList ignored; // the keys the estimate does not read, dotted
};

// The settings over `scenario`; `dataParallel` is the size train_batch_size is checked against.
Expected<DeepSpeedImport, DeepSpeedConfigError>
applyDeepSpeedSettings(const DeepSpeedSettings& settings, const Scenario& scenario,
                       std::int64_t dataParallel);

// Reads and applies the file at `path`; the error's message names the file and the key.
Expected<DeepSpeedImport, DeepSpeedConfigError>
loadDeepSpeedConfig(const QString& path, const Scenario& scenario, std::int64_t dataParallel);

} // namespace lgm
