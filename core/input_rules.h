#pragma once

// Rules between inputs, as data: each says which input to change, the input it is checked
// against, and one translatable sentence. Front ends format the sentence with their own names
// for the inputs (the symbol, the --option or the scenario key).

#include "input_table.h"

#include <optional>
#include <span>

namespace lgm {

struct InputError;

struct InputRule {
    InputId blame;                    // the input to change
    InputId other;                    // the input it is checked against
    bool (*applies)(const Scenario&); // the rule is only checked when this holds
    bool (*holds)(const Scenario&);
    const char* message; // context "InputRules": %1 blame, %2 other, %3 and %4 their values
};

std::span<const InputRule> inputRules();

// The first broken rule, as an InputError of kind NotDivisible.
std::optional<InputError> checkRules(const Scenario& scenario);

} // namespace lgm
