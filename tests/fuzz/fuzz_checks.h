#pragma once

#include "estimate.h"
#include "report_fields.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <variant>

namespace lgm::fuzz {

// A broken invariant is a crash for libFuzzer: it saves the input that caused it.
[[noreturn]] inline void fail(const std::string& what) {
    std::fprintf(stderr, "invariant broken: %s\n", what.c_str());
    std::abort();
}

inline void require(bool condition, const std::string& what) {
    if (!condition) {
        fail(what);
    }
}

// Every figure a user can see: finite and not negative.
inline void checkReport(const Estimate& estimate) {
    for (const ReportField& field : reportFields(estimate)) {
        if (const auto* integer = std::get_if<std::int64_t>(&field.value)) {
            require(*integer >= 0, field.key + " is negative");
        } else if (const auto* real = std::get_if<double>(&field.value)) {
            require(std::isfinite(*real), field.key + " is not finite");
            require(*real >= 0, field.key + " is negative");
        }
    }
}

// validate() accepts ⇒ estimate() succeeds with a sound report, or says the result does not fit
// in 64 bits; validate() refuses ⇒ estimate() refuses for the same input.
inline void checkEstimate(const Config& config) {
    const auto invalid = validate(config);
    const EstimateResult result = estimate(config);
    if (invalid) {
        require(!result, "estimate() accepts a config that validate() refuses");
        require(result.error().kind == invalid->kind && result.error().field == invalid->field,
                "estimate() and validate() blame different inputs");
        require(!describe(*invalid, NameStyle::Option).empty(), "empty error message");
        return;
    }
    if (!result) {
        require(result.error().kind == ErrorKind::Unrepresentable,
                "estimate() refuses a valid config for a reason other than its size");
        require(!describe(result.error(), NameStyle::Symbol).empty(), "empty error message");
        return;
    }
    checkReport(result.value());
}

} // namespace lgm::fuzz
