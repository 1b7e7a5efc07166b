#pragma once

#include "config.h"

#include <cstdint>
#include <span>
#include <string_view>

namespace lgm {

enum class Field {
    Vocab,
    DModel,
    Layers,
    Heads,
    Ffn,
    SeqLen,
    Batch,
    Positions,
    Gpus,
    GpusPerNode,
};

// The valid range of one numeric input, and the names front ends show for it.
struct FieldRange {
    Field field;
    std::string_view symbol;  // the seed's symbol: v, d, L, ...
    std::string_view option;  // command-line option without dashes
    std::string_view jsonKey; // key in scenario files
    std::int64_t min;
    std::int64_t max;
};

std::span<const FieldRange> fieldRanges();
const FieldRange& rangeOf(Field field);

std::int64_t valueOf(const Config& config, Field field);
void setValue(Config& config, Field field, std::int64_t value);

} // namespace lgm
