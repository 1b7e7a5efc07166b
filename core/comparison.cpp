#include "comparison.h"

#include "report_fields.h"

#include <cmath>
#include <cstdint>

namespace lgm {

namespace {

std::optional<double> numeric(const FieldValue& value) {
    if (const auto* i = std::get_if<std::int64_t>(&value)) {
        return static_cast<double>(*i);
    }
    if (const auto* d = std::get_if<double>(&value)) {
        return std::isfinite(*d) ? std::optional<double>(*d) : std::nullopt;
    }
    return std::nullopt;
}

// Integers are subtracted before the conversion, so byte counts near 2⁶³ keep their last digits.
double difference(const FieldValue& reference, const FieldValue& current) {
    const auto* r = std::get_if<std::int64_t>(&reference);
    const auto* c = std::get_if<std::int64_t>(&current);
    std::int64_t exact = 0;
    if (r && c && !__builtin_sub_overflow(*c, *r, &exact)) {
        return static_cast<double>(exact);
    }
    return *numeric(current) - *numeric(reference);
}

} // namespace

std::vector<FieldComparison> compareReports(const Estimate& reference, const Estimate& current) {
    const std::vector<ReportField> before = reportFields(reference);
    const std::vector<ReportField> after = reportFields(current);
    std::vector<FieldComparison> out;
    out.reserve(before.size());
    // Both lists come from the same function, so the keys line up one for one.
    for (std::size_t i = 0; i < before.size() && i < after.size(); ++i) {
        const std::optional<double> r = numeric(before[i].value);
        const std::optional<double> c = numeric(after[i].value);
        if (!r || !c || before[i].key != after[i].key) {
            continue;
        }
        FieldComparison f{before[i].key, *r, *c, difference(before[i].value, after[i].value),
                          std::nullopt};
        if (*r != 0) {
            const double percent = 100.0 * f.difference / std::abs(*r);
            if (std::isfinite(percent)) {
                f.percent = percent;
            }
        }
        out.push_back(std::move(f));
    }
    return out;
}

std::optional<FieldComparison> findComparison(const std::vector<FieldComparison>& comparisons,
                                              const std::string& key) {
    for (const FieldComparison& f : comparisons) {
        if (f.key == key) {
            return f;
        }
    }
    return std::nullopt;
}

} // namespace lgm
