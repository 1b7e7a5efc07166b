#pragma once

#include "config.h"
#include "expected.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace lgm {

// A scenario file holds every input of a Config as a JSON object:
//
//   {"version": 1, "vocab": 50257, "d_model": 768, "layers": 12, "heads": 12, "ffn": 3072,
//    "seq": 1024, "batch": 8, "positions": 1024, "precision": "fp32", "fp32_gradients": false,
//    "count": "exact", "strategy": "ddp", "gpus": 1, "gpus_per_node": 8,
//    "ddp_bucket_copy": false}
//
// "version" is required. Every other key is optional: a missing "ffn" is 4·d, a missing
// "positions" is the file's "seq", and any other missing key takes the Config default (GPT-2
// small, b = 8, fp32, exact count, DDP on 1 GPU, 8 GPUs per node, no bucket copy, 16-bit
// gradients in mixed precision). Unknown keys are refused, so a misspelt key cannot be
// silently replaced by a default.

inline constexpr int kScenarioVersion = 1;

struct ScenarioError {
    enum class Kind {
        Unreadable,      // the file cannot be opened or read
        NotJson,         // empty, truncated or not JSON at all
        NotObject,       // valid JSON but not an object
        BadVersion,      // "version" missing, not a whole number or below 1
        FutureVersion,   // written by a newer release
        UnknownKey,      // a key this version does not define
        WrongType,       // e.g. a string where a number belongs, 1.5, or beyond 2^53
        UnknownValue,    // an enum string that names no option
        OutOfRange,      // a value outside the input's valid range, or a bad combination
        Unrepresentable, // valid inputs whose memory does not fit in 64-bit bytes
        WriteFailed,     // the file could not be written; the old one is untouched
    };
    Kind kind = Kind::Unreadable;
    QString file;    // empty when parsing bytes that came from no file
    QString key;     // the offending key, when there is one
    QString message; // one translated sentence, naming the file when there is one
};

Expected<Config, ScenarioError> parseScenario(const QByteArray& json);
Expected<Config, ScenarioError> readScenario(const QString& path);

// The config as versioned JSON, as writeScenario stores it.
QByteArray scenarioJson(const Config& config);

// Writes atomically: on any failure the previous file, if any, is left as it was.
std::optional<ScenarioError> writeScenario(const QString& path, const Config& config);

} // namespace lgm
