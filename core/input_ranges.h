#pragma once

// The integer inputs of the flat Config, as views on the input table (input_table.h).

#include "config.h"
#include "input_table.h"

#include <cstdint>
#include <span>
#include <string_view>

namespace lgm {

// An input, by its row of the input table.
using Field = InputId;

// The valid range of one of Config's whole-number inputs, and the names front ends show for it.
struct FieldRange {
    Field field;
    std::string_view symbol;  // the seed's symbol: v, d, L, ...
    std::string_view option;  // command-line option without dashes
    std::string_view jsonKey; // key in scenario files
    std::int64_t min;
    std::int64_t max;
};

// Config's whole-number inputs: v, d, L, h, f, s, b, P, N, G.
std::span<const FieldRange> fieldRanges();
// Any integer row of the input table.
FieldRange rangeOf(Field field);

std::int64_t valueOf(const Config& config, Field field);
void setValue(Config& config, Field field, std::int64_t value);

} // namespace lgm
