#pragma once

// The input table's range check, apart from input_table.h so that the check's callers alone
// depend on it.

#include "input_table.h"

#include <optional>

namespace lgm {

// The first input, in row order, whose value lies outside [min, upper]; nullopt when every one
// is within. validate() runs it on every estimate.
std::optional<InputId> firstOutOfRange(const Scenario& scenario);

} // namespace lgm
