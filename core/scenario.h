#pragma once

#include "config.h"
#include "expected.h"
#include "spec.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace lgm {

// A scenario file holds every input of a Scenario as a JSON object grouped by section, with the
// keys of the input table (input_table.h):
//
//   {"version": 2,
//    "model":    {"family": "gpt2", "vocab": 50257, "d_model": 768, "layers": 12, "heads": 12,
//                 "kv_heads": 12, "head_dim": 64, "ffn": 3072, "positions": 1024, ...},
//    "training": {"seq": 1024, "batch": 8, "precision": "fp32", "fp32_gradients": false,
//                 "count": "exact", "optimizer": "adamw", ..., "lora_targets": "q,v",
//                 "offload": "none", "grad_accumulation": 1},
//    "parallel": {"strategy": "ddp", "gpus": 1, "gpus_per_node": 8, "ddp_bucket_copy": false}}
//
// "version" is required; every other key is optional. A missing key takes its default rule when
// an input it follows is given (f = 4d, P = s, g = h, head_dim = d/h, f_e = f) and the Scenario
// default otherwise; a "family" sets its layout before the file's own structural keys. Unknown
// keys are refused, so a misspelt key cannot be silently replaced by a default.
//
// Version 1 files are flat ({"version": 1, "d_model": 768, "seq": 1024, ...}) and know only the
// inputs of the first release; migrateV1 moves their keys into the sections, so they give the
// same numbers as before. Files are always written as the latest version.

inline constexpr int kScenarioVersion = 2;

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

// A version 1 object as the version 2 object of the same inputs; keys it does not know are left
// out (the reader refuses them before migrating).
QJsonObject migrateV1(const QJsonObject& v1);

Expected<Scenario, ScenarioError> parseScenarioJson(const QByteArray& json);
Expected<Scenario, ScenarioError> loadScenario(const QString& path);

// The scenario as JSON of the latest version, as writeScenario stores it.
QByteArray scenarioJson(const Scenario& scenario);

// Writes atomically: on any failure the previous file, if any, is left as it was.
std::optional<ScenarioError> writeScenario(const QString& path, const Scenario& scenario);

// The same for the flat Config (config_adapter.h).
Expected<Config, ScenarioError> parseScenario(const QByteArray& json);
Expected<Config, ScenarioError> readScenario(const QString& path);
QByteArray scenarioJson(const Config& config);
std::optional<ScenarioError> writeScenario(const QString& path, const Config& config);

} // namespace lgm
