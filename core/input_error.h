#pragma once

#include "input_ranges.h"

#include <QString>

#include <string>
#include <vector>

namespace lgm {

struct Scenario;

enum class ErrorKind {
    OutOfRange,      // one input outside its range
    NotDivisible,    // a rule between inputs is broken (input_rules.h), e.g. G ∤ N for fsdp-hybrid
    Unrepresentable, // a result would not fit in 64-bit bytes
    Layout,          // the detailed accounting's parallel layout does not fit the model
};

struct InputError {
    ErrorKind kind = ErrorKind::OutOfRange;
    Field field = Field::Vocab;  // the input to change
    std::vector<Field> related;  // other inputs that drive the same result
    std::string quantity;        // for Unrepresentable: what overflowed (English, translatable);
                                 // for Layout: the sentence naming both numbers (English)
    int rule = 0;                // for NotDivisible: the row of inputRules()
};

enum class NameStyle { Symbol, Option, Key };

// One sentence naming the input(s) and the valid range, in the installed language (context
// "InputError"); `scenario` gives the values a broken rule quotes.
QString errorMessage(const InputError& error, NameStyle style, const Scenario& scenario);

// The same sentence in English, for logs and tests; the rule's values are left out.
std::string describe(const InputError& error, NameStyle style);

} // namespace lgm
