#pragma once

// "What fits": the largest micro-batch and context, the fewest GPUs per data strategy, and a
// ranked list of set-ups that fit a given GPU capacity. The solver never computes memory itself:
// it asks a callback for the per-GPU peak of a candidate scenario, so it works over the seed
// accounting, the detailed one, or any future one alike.
//
// Exactness rests on monotonicity: per-GPU memory never falls as the micro-batch b or the
// context s grows, and never rises as the GPU count N grows (the property tests hold this for
// the estimate). Each answer is then found by exponential search followed by bisection, in
// O(log answer) evaluations, and is an exact integer: at its edge, b fits and b + 1 does not.

#include "spec.h"

#include <cstdint>
#include <functional>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lgm {

// Per-GPU peak bytes of a scenario; nullopt when the layout is invalid (e.g. t does not divide
// h, or a result overflows), which every search treats as "does not fit".
using PeakBytesFn = std::function<std::optional<std::int64_t>(const Scenario&)>;
// The id of the largest term of that peak, e.g. "activations" or "optimizer".
using BindingTermFn = std::function<std::string(const Scenario&)>;
// The scenario with optimizer states (and their gradients) offloaded to the host.
using OffloadFn = std::function<Scenario(const Scenario&)>;

// A peak and the id of its largest term from one evaluation.
struct PeakTerm {
    std::int64_t bytes = 0;
    std::string_view term; // a string with static storage, e.g. "activations"
};
// The peak of one layout as a function of its micro-batch b and B/(dp·b) accumulation steps;
// nullopt where the layout is invalid at that b.
using BatchPeakFn = std::function<std::optional<PeakTerm>(std::int64_t b, std::int64_t steps)>;
// Builds a layout's BatchPeakFn once, so an accounting can reuse everything that does not
// depend on b (parameter counts, model states, one sequence's activations) across the search.
using LayoutPeakFn = std::function<BatchPeakFn(const Scenario& layout)>;

// Largest x in [1, limit] with fits(x), for fits true up to some point and false after; 0 when
// fits(1) is false. Costs about 2·log2(answer) + 1 calls.
std::int64_t largestFitting(std::int64_t limit, const std::function<bool(std::int64_t)>& fits);
// The same answer, searched outward from a guess: about 2·log2(|answer − hint|) + 2 calls, so a
// good hint (a neighbouring layout's answer) costs two. Exact whatever the hint.
std::int64_t largestFittingNear(std::int64_t limit, std::int64_t hint,
                                const std::function<bool(std::int64_t)>& fits);
// Smallest x in [1, limit] with fits(x), for fits false up to some point and true after; 0 when
// even fits(limit) is false.
std::int64_t smallestFitting(std::int64_t limit, const std::function<bool(std::int64_t)>& fits);

// What the ranked search varies. Defaults: every data strategy, all three recompute policies,
// t ∈ divisors of N up to 8, p ∈ divisors of N/t up to 8, offload when a hook is given, and
// every micro-batch b dividing the per-replica batch B / dp, with B/(dp·b) accumulation steps.
struct SearchSpace {
    std::vector<Strategy> strategies{std::begin(kAllStrategies), std::end(kAllStrategies)};
    std::vector<Recompute> recompute{Recompute::None, Recompute::Selective, Recompute::Full};
    std::int64_t maxTp = 8;
    std::int64_t maxPp = 8;
    OffloadFn offload;            // empty: offload is not searched
    std::int64_t globalBatch = 0; // B; 0 keeps the scenario's b · m · k · dp
};

struct FitLimits {
    std::int64_t maxMicroBatch = 10'000'000; // the input ranges' maxima
    std::int64_t maxSeq = 100'000'000;
    std::int64_t maxGpus = 1'000'000;
};

struct FitProblem {
    Scenario scenario;         // the given settings
    std::int64_t capacity = 0; // bytes per GPU
    PeakBytesFn peak;
    BindingTermFn binding; // optional; empty leaves bindingTerm blank
    // Optional: when given, the ranked search asks it instead of peak and binding, and so does
    // the largest micro-batch where the given steps are where setAccumulation puts them. It
    // must agree with them exactly (the adapters' tests hold this).
    LayoutPeakFn layoutPeak;
    SearchSpace space;
    FitLimits limits;
};

// One set-up of the ranked list.
struct FitSetup {
    Scenario scenario; // the whole candidate, ready to apply
    bool offload = false;
    std::int64_t microBatch = 0;   // b
    std::int64_t accumulation = 0; // micro-batches per step, B / (dp · b) (see setAccumulation)
    std::int64_t peak = 0;         // per-GPU bytes
    std::int64_t headroom = 0;     // capacity − peak; negative for the closest miss
    std::string bindingTerm;
};

struct MinGpus {
    Strategy strategy = Strategy::Ddp;
    std::int64_t gpus = 0; // 0: none up to FitLimits::maxGpus
};

struct FitAnswers {
    std::int64_t maxMicroBatch = 0;  // with the given settings; 0 when b = 1 does not fit
    std::int64_t maxSeq = 0;         // likewise for s
    std::vector<MinGpus> minGpus;    // one per strategy of the search space, in its order
    std::vector<FitSetup> setups;    // those that fit, cheapest first (see rankBefore)
    std::optional<FitSetup> closest; // when none fits: the smallest peak, and by how much
    std::int64_t candidates = 0;     // set-ups in the search space, (layout, b) pairs
    std::int64_t evaluations = 0;    // calls to the peak callback, all answers together
};

// The stated cost, compared in this order: less recompute (none < selective < full), smaller
// t·p, then smaller t, no offload, larger micro-batch, then the order of the search space's
// strategies. True when a is cheaper than b.
bool rankBefore(const FitSetup& a, const FitSetup& b, const std::vector<Strategy>& order);

FitAnswers solveFit(const FitProblem& problem);

// The pieces solveFit is made of, for callers that need one answer only. Each adds its calls
// to *evaluations when given.
std::int64_t maxMicroBatch(const FitProblem& problem, std::int64_t* evaluations = nullptr);
std::int64_t maxSeqLen(const FitProblem& problem, std::int64_t* evaluations = nullptr);
std::int64_t minGpus(const FitProblem& problem, Strategy strategy,
                     std::int64_t* evaluations = nullptr);

// Puts `steps` accumulation steps per optimizer step where the accounting reads them: a
// pipeline's micro-batches m when p > 1 (the schedule keeps min(p, m) in flight), gradient
// accumulation k otherwise (DeepSpeed's bf16 fp32 buffer and the global batch N·b·k); the other
// is set to 1, so that b · m · k · dp stays the global batch.
void setAccumulation(Scenario& scenario, std::int64_t steps);

// The divisors of n in ascending order (n ≥ 1).
std::vector<std::int64_t> divisors(std::int64_t n);

} // namespace lgm
