#include "fit_detailed_adapter.h"

#include <algorithm>

namespace lgm {

std::string_view largestTermId(const std::vector<DetailedTerm>& terms) {
    const auto largest = std::max_element(
        terms.begin(), terms.end(),
        [](const DetailedTerm& a, const DetailedTerm& b) { return a.bytes < b.bytes; });
    return largest == terms.end() ? std::string_view() : largest->id;
}

PeakBytesFn detailedPeakBytes(const DetailedOptions& options) {
    return [options](const Scenario& s) -> std::optional<std::int64_t> {
        const DetailedResult r = detailedEstimate(s, options);
        if (!r) {
            return std::nullopt;
        }
        return r->peak();
    };
}

BindingTermFn detailedBindingTerm(const DetailedOptions& options) {
    return [options](const Scenario& s) -> std::string {
        const DetailedResult r = detailedEstimate(s, options);
        return r ? std::string(largestTermId(r->busiest.terms)) : std::string();
    };
}

} // namespace lgm
