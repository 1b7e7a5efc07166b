#include "fit_detailed_adapter.h"

#include <algorithm>

namespace lgm {

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
        if (!r || r->busiest.terms.empty()) {
            return {};
        }
        const auto& terms = r->busiest.terms;
        const auto largest = std::max_element(
            terms.begin(), terms.end(),
            [](const DetailedTerm& a, const DetailedTerm& b) { return a.bytes < b.bytes; });
        return std::string(largest->id);
    };
}

} // namespace lgm
