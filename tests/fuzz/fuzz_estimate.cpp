// Arbitrary bytes -> a Config, through the validation every front end uses.
#include "fuzz_checks.h"
#include "input_ranges.h"
#include "sweep.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <vector>

namespace {

// Values inside the range reach the formulas; the edges and one past them find off-by-one
// mistakes; any 64-bit value exercises the refusal path.
std::int64_t pickValue(FuzzedDataProvider& data, const lgm::FieldRange& range) {
    switch (data.ConsumeIntegralInRange(0, 3)) {
    case 0:
        return data.ConsumeIntegralInRange(range.min, range.max);
    case 1:
        return data.ConsumeBool() ? range.max : range.min;
    case 2:
        return data.ConsumeBool() ? range.max + 1 : range.min - 1;
    default:
        return data.ConsumeIntegral<std::int64_t>();
    }
}

lgm::Config configFrom(FuzzedDataProvider& data) {
    lgm::Config config;
    for (const lgm::FieldRange& range : lgm::fieldRanges()) {
        lgm::setValue(config, range.field, pickValue(data, range));
    }
    config.precision = data.PickValueInArray(
        {lgm::Precision::Fp32, lgm::Precision::Fp16Mixed, lgm::Precision::Bf16Mixed});
    config.fp32Gradients = data.ConsumeBool();
    config.count = data.ConsumeBool() ? lgm::CountMode::Exact : lgm::CountMode::Approx;
    config.strategy = data.PickValueInArray(lgm::kAllStrategies);
    config.ddpBucketCopy = data.ConsumeBool();
    return config;
}

void checkCurve(const std::vector<double>& values, const char* name) {
    for (double value : values) {
        lgm::fuzz::require(std::isfinite(value) && value >= 0,
                           std::string("sweep ") + name + " has a negative or non-finite point");
    }
}

// The charts draw these curves; they must be as sound as the single estimate.
void checkSweeps(const lgm::Estimate& estimate) {
    const auto seq = lgm::sweepSeq(estimate, 1, double(lgm::rangeOf(lgm::Field::SeqLen).max), 16);
    checkCurve(seq.modelStates, "modelStates");
    checkCurve(seq.activations, "activations");
    checkCurve(seq.total, "total");
    checkCurve(seq.seedRatio, "seedRatio");
    const auto batch =
        lgm::sweepBatch(estimate, 1, double(lgm::rangeOf(lgm::Field::Batch).max), 16);
    checkCurve(batch.activations, "batch activations");
    checkCurve(batch.total, "batch total");
    for (const lgm::StrategyCurve& curve : lgm::sweepGpus(estimate, 1024)) {
        checkCurve(curve.total, "per-GPU total");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
    FuzzedDataProvider data(bytes, size);
    const lgm::Config config = configFrom(data);
    lgm::fuzz::checkEstimate(config);
    if (const lgm::EstimateResult result = lgm::estimate(config)) {
        checkSweeps(result.value());
    }
    return 0;
}
