#pragma once

#include "estimate.h"

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace lgm {

using FieldValue = std::variant<std::int64_t, double, bool, std::string>;

// One dotted key of the machine-readable report ("parameters.total") and its value.
struct ReportField {
    std::string key;
    FieldValue value;
};

// Every figure of an estimate under its stable report key, in report order. Bytes and counts
// are exact integers.
std::vector<ReportField> reportFields(const Estimate& estimate);

// The value as JSON/CSV text: integers exactly, doubles in their shortest round-trip form.
std::string formatValue(const FieldValue& value);

std::string toJson(const std::vector<ReportField>& fields);
std::string toCsv(const std::vector<ReportField>& fields);

} // namespace lgm
