#pragma once

#include "input_ranges.h"

#include <string>
#include <vector>

namespace lgm {

enum class ErrorKind {
    OutOfRange,      // one input outside its range
    NotDivisible,    // gpus is not a multiple of gpus-per-node (fsdp-hybrid)
    Unrepresentable, // a result would not fit in 64-bit bytes
};

struct InputError {
    ErrorKind kind = ErrorKind::OutOfRange;
    Field field = Field::Vocab;  // the input to change
    std::vector<Field> related;  // other inputs that drive the same result
    std::string quantity;        // for Unrepresentable: what overflowed
};

enum class NameStyle { Symbol, Option };

// One English sentence naming the input(s) and the valid range, for the command line and logs.
std::string describe(const InputError& error, NameStyle style);

} // namespace lgm
