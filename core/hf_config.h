#pragma once

// Reads a Hugging Face config.json into the architecture it describes. Only the model's shape is
// taken: max_position_embeddings is reported as the model's longest sequence (never taken as s),
// and training choices in the file (torch_dtype, use_cache, ...) are ignored. Keys the file
// leaves out take the defaults transformers gives them for that model_type; structure implied by
// the type alone (Qwen2's Q/K/V biases, Gemma's tied head, Qwen3's QK-norm, ...) is applied here.

#include "expected.h"
#include "spec.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <cstdint>

namespace lgm {

struct HfModel {
    ModelSpec model;               // resolved: every default rule applied
    std::int64_t maxPositions = 0; // max_position_embeddings (n_positions for gpt2)
    QString modelType;             // as the file names it, e.g. "llama"
};

struct HfConfigError {
    enum class Kind {
        NotJson,     // not a JSON object
        UnknownType, // model_type absent from the supported list
        MissingKey,  // a key the type needs is absent (or null)
        WrongType,   // a key holds the wrong kind of value, or one out of its range
        Unsupported, // a supported type with a variant the count does not describe
    };
    Kind kind = Kind::NotJson;
    QString key;     // the key at fault; empty for NotJson
    QString message; // one line in the current UI language, naming the key or the type
};

// The model types parseHfConfig() reads, in the order the unknown-type message lists them.
QStringList supportedHfModelTypes();

Expected<HfModel, HfConfigError> parseHfConfig(const QByteArray& json);

} // namespace lgm
