#pragma once

#include "estimate.h"

#include <optional>
#include <string>
#include <vector>

namespace lgm {

// One numeric report field of two estimates side by side: a reference scenario and the
// current one, with how far the current one moved away from the reference.
struct FieldComparison {
    std::string key; // the report key, e.g. "activations.total"
    double reference = 0;
    double current = 0;
    double difference = 0;         // current − reference, exact for integer fields below 2⁵³
    std::optional<double> percent; // 100·difference/|reference|; absent when the reference is 0
};

// Every numeric field of reportFields() (integers and doubles; text and switches are left
// out), in report order. No value is ever NaN or inf.
std::vector<FieldComparison> compareReports(const Estimate& reference, const Estimate& current);

// The comparison of one key, or nothing when the key is unknown or not numeric.
std::optional<FieldComparison> findComparison(const std::vector<FieldComparison>& comparisons,
                                              const std::string& key);

} // namespace lgm
