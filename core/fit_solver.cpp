#include "fit_solver.h"

#include <algorithm>
#include <limits>
#include <map>
#include <numeric>
#include <tuple>

namespace lgm {

namespace {

// Calls the peak callback and counts the call.
struct Evaluator {
    const FitProblem& problem;
    std::int64_t* evaluations;

    std::optional<std::int64_t> peak(const Scenario& s) const {
        if (evaluations) {
            ++*evaluations;
        }
        return problem.peak(s);
    }
    bool fits(const Scenario& s) const {
        const auto p = peak(s);
        return p && *p <= problem.capacity;
    }
};

int recomputeRank(Recompute r) {
    return static_cast<int>(r);
}

std::int64_t strategyRank(Strategy s, const std::vector<Strategy>& order) {
    const auto it = std::find(order.begin(), order.end(), s);
    return it - order.begin();
}

// B: the space's, or the given scenario's b · m · k · dp; 0 (no layout) past 64 bits.
std::int64_t globalBatchOf(const FitProblem& problem) {
    if (problem.space.globalBatch > 0) {
        return problem.space.globalBatch;
    }
    const Parallelism& p = problem.scenario.parallel;
    const TrainingSetup& t = problem.scenario.training;
    __extension__ using Wide = __int128;
    const Wide batch = Wide{t.batch} * std::max<std::int64_t>(1, p.microbatches) *
                       std::max<std::int64_t>(1, t.finetune.gradAccumulation) *
                       std::max<std::int64_t>(1, p.dataParallel());
    return batch > std::numeric_limits<std::int64_t>::max() ? 0 : static_cast<std::int64_t>(batch);
}

// One layout of the ranked search: everything but the micro-batch fixed.
struct Layout {
    Scenario base;
    bool offload = false;
    std::int64_t perReplica = 0; // B / dp
};

std::vector<Layout> layouts(const FitProblem& problem) {
    std::vector<Layout> out;
    const SearchSpace& space = problem.space;
    const std::int64_t n = problem.scenario.parallel.gpus;
    const std::int64_t cp = std::max<std::int64_t>(1, problem.scenario.parallel.cp);
    const std::int64_t batch = globalBatchOf(problem);
    const int offloads = space.offload ? 2 : 1;
    for (Strategy strategy : space.strategies) {
        for (Recompute recompute : space.recompute) {
            for (std::int64_t tp : divisors(n)) {
                if (tp > space.maxTp) {
                    break;
                }
                for (std::int64_t pp : divisors(n / tp)) {
                    if (pp > space.maxPp) {
                        break;
                    }
                    if (n % (tp * pp * cp) != 0 || batch < 1 || batch % (n / (tp * pp * cp)) != 0) {
                        continue; // the data-parallel group must split N and the global batch
                    }
                    for (int o = 0; o < offloads; ++o) {
                        Layout l{problem.scenario, o == 1, batch / (n / (tp * pp * cp))};
                        l.base.parallel.data = strategy;
                        l.base.parallel.tp = tp;
                        l.base.parallel.pp = pp;
                        l.base.training.recompute = recompute;
                        if (l.offload) {
                            l.base = space.offload(l.base);
                        }
                        out.push_back(std::move(l));
                    }
                }
            }
        }
    }
    return out;
}

FitSetup setupAt(const Layout& l, std::int64_t b, std::int64_t peak, std::int64_t capacity) {
    FitSetup s{l.base, l.offload, b, l.perReplica / b, peak, capacity - peak, {}};
    s.scenario.training.batch = b;
    setAccumulation(s.scenario, l.perReplica / b);
    return s;
}

// The largest fitting micro-batch of one layout among the divisors of its per-replica batch,
// or, when even the smallest does not fit, that smallest one's peak as a miss.
struct LayoutResult {
    std::optional<FitSetup> fit;
    std::optional<FitSetup> miss;
};

// hint: the answer's index (1-based) in a neighbouring layout with the same divisors, or 0.
LayoutResult searchLayout(const Layout& l, const std::vector<std::int64_t>& bs,
                          const Evaluator& eval, std::int64_t capacity, std::int64_t& hint) {
    std::vector<std::optional<PeakTerm>> peaks(bs.size());
    const BatchPeakFn curve =
        eval.problem.layoutPeak ? eval.problem.layoutPeak(l.base) : BatchPeakFn{};
    const auto peakAt = [&](std::size_t i) {
        if (eval.evaluations) {
            ++*eval.evaluations;
        }
        if (curve) {
            peaks[i] = curve(bs[i], l.perReplica / bs[i]);
            return peaks[i];
        }
        Scenario s = l.base;
        s.training.batch = bs[i];
        setAccumulation(s, l.perReplica / bs[i]);
        const auto p = eval.problem.peak(s);
        peaks[i] = p ? std::optional<PeakTerm>(PeakTerm{*p, {}}) : std::nullopt;
        return peaks[i];
    };
    const std::int64_t k =
        largestFittingNear(static_cast<std::int64_t>(bs.size()), hint, [&](std::int64_t i) {
            const auto p = peakAt(static_cast<std::size_t>(i - 1));
            return p && p->bytes <= capacity;
        });
    hint = k; // when k = 0 the search has evaluated the smallest b: its peak is the miss
    LayoutResult out;
    const auto at = [&](std::size_t i) {
        FitSetup s = setupAt(l, bs[i], peaks[i]->bytes, capacity);
        s.bindingTerm = std::string(peaks[i]->term);
        return s;
    };
    if (k > 0) {
        out.fit = at(static_cast<std::size_t>(k - 1));
    } else if (peaks[0]) {
        out.miss = at(0);
    }
    return out;
}

// The stated cost of rankBefore as one comparable key.
using RankKey = std::tuple<int, std::int64_t, std::int64_t, bool, std::int64_t, std::int64_t>;

RankKey rankKey(const FitSetup& s, const std::vector<Strategy>& order) {
    const Parallelism& p = s.scenario.parallel;
    return {recomputeRank(s.scenario.training.recompute),
            p.tp * p.pp,
            p.tp,
            s.offload,
            -s.microBatch,
            strategyRank(p.data, order)};
}

// Sorts by the keys, computed once each, through an index, since a FitSetup is too large to
// swap cheaply.
void rank(std::vector<FitSetup>& setups, const std::vector<Strategy>& order) {
    std::vector<RankKey> keys;
    keys.reserve(setups.size());
    for (const FitSetup& s : setups) {
        keys.push_back(rankKey(s, order));
    }
    std::vector<std::size_t> index(setups.size());
    std::iota(index.begin(), index.end(), std::size_t{0});
    std::sort(index.begin(), index.end(),
              [&](std::size_t a, std::size_t b) { return keys[a] < keys[b]; });
    std::vector<FitSetup> sorted;
    sorted.reserve(setups.size());
    for (std::size_t i : index) {
        sorted.push_back(std::move(setups[i]));
    }
    setups = std::move(sorted);
}

} // namespace

std::int64_t largestFitting(std::int64_t limit, const std::function<bool(std::int64_t)>& fits) {
    if (limit < 1 || !fits(1)) {
        return 0;
    }
    std::int64_t lo = 1; // fits
    std::int64_t hi = 0; // the first probe known not to fit; 0 while none is
    while (hi == 0) {
        if (lo == limit) {
            return lo;
        }
        const std::int64_t probe = lo > limit / 2 ? limit : 2 * lo;
        if (fits(probe)) {
            lo = probe;
        } else {
            hi = probe;
        }
    }
    while (hi - lo > 1) {
        const std::int64_t mid = lo + (hi - lo) / 2;
        (fits(mid) ? lo : hi) = mid;
    }
    return lo;
}

std::int64_t largestFittingNear(std::int64_t limit, std::int64_t hint,
                                const std::function<bool(std::int64_t)>& fits) {
    if (limit < 1) {
        return 0;
    }
    if (hint < 1 || hint > limit) {
        return largestFitting(limit, fits);
    }
    std::int64_t lo = 0;         // fits (0: nothing is known to fit)
    std::int64_t hi = limit + 1; // does not fit (limit + 1: everything may)
    if (fits(hint)) {
        lo = hint; // gallop up: hint + 1, + 2, + 4, ...
        for (std::int64_t step = 1; hi == limit + 1 && lo < limit; step *= 2) {
            const std::int64_t probe = limit - lo > step ? lo + step : limit;
            (fits(probe) ? lo : hi) = probe;
        }
    } else {
        hi = hint; // gallop down: hint − 1, − 2, − 4, ...
        for (std::int64_t step = 1; lo == 0 && hi > 1; step *= 2) {
            const std::int64_t probe = hi - 1 > step ? hi - step : 1;
            (fits(probe) ? lo : hi) = probe;
        }
    }
    while (hi - lo > 1) {
        const std::int64_t mid = lo + (hi - lo) / 2;
        (fits(mid) ? lo : hi) = mid;
    }
    return lo;
}

std::int64_t smallestFitting(std::int64_t limit, const std::function<bool(std::int64_t)>& fits) {
    // The largest x that does not fit, by the same search on the negated predicate.
    if (limit < 1) {
        return 0;
    }
    const std::int64_t below = largestFitting(limit, [&](std::int64_t x) { return !fits(x); });
    return below == limit ? 0 : below + 1;
}

void setAccumulation(Scenario& scenario, std::int64_t steps) {
    const bool pipelined = scenario.parallel.pp > 1;
    scenario.parallel.microbatches = pipelined ? steps : 1;
    scenario.training.finetune.gradAccumulation = pipelined ? 1 : steps;
}

std::vector<std::int64_t> divisors(std::int64_t n) {
    std::vector<std::int64_t> small, large;
    for (std::int64_t d = 1; d <= n / d; ++d) {
        if (n % d == 0) {
            small.push_back(d);
            if (d != n / d) {
                large.push_back(n / d);
            }
        }
    }
    small.insert(small.end(), large.rbegin(), large.rend());
    return small;
}

bool rankBefore(const FitSetup& a, const FitSetup& b, const std::vector<Strategy>& order) {
    return rankKey(a, order) < rankKey(b, order);
}

std::int64_t maxMicroBatch(const FitProblem& problem, std::int64_t* evaluations) {
    const Evaluator eval{problem, evaluations};
    return largestFitting(problem.limits.maxMicroBatch, [&](std::int64_t b) {
        Scenario s = problem.scenario;
        s.training.batch = b;
        return eval.fits(s);
    });
}

std::int64_t maxSeqLen(const FitProblem& problem, std::int64_t* evaluations) {
    const Evaluator eval{problem, evaluations};
    return largestFitting(problem.limits.maxSeq, [&](std::int64_t seq) {
        Scenario s = problem.scenario;
        s.training.seqLen = seq;
        return eval.fits(s);
    });
}

std::int64_t minGpus(const FitProblem& problem, Strategy strategy, std::int64_t* evaluations) {
    // N must be a multiple of t·p·c, and fsdp-hybrid shards within nodes of G GPUs.
    const Parallelism& given = problem.scenario.parallel;
    std::int64_t step = std::max<std::int64_t>(1, given.tp * given.pp * given.cp);
    if (strategy == Strategy::FsdpHybrid) {
        step = std::lcm(step, std::max<std::int64_t>(1, given.gpusPerNode));
    }
    const Evaluator eval{problem, evaluations};
    const std::int64_t k = smallestFitting(problem.limits.maxGpus / step, [&](std::int64_t k) {
        Scenario s = problem.scenario;
        s.parallel.data = strategy;
        s.parallel.gpus = k * step;
        return eval.fits(s);
    });
    return k * step;
}

FitAnswers solveFit(const FitProblem& problem) {
    FitAnswers out;
    out.maxMicroBatch = maxMicroBatch(problem, &out.evaluations);
    out.maxSeq = maxSeqLen(problem, &out.evaluations);
    for (Strategy strategy : problem.space.strategies) {
        out.minGpus.push_back({strategy, minGpus(problem, strategy, &out.evaluations)});
    }
    const Evaluator eval{problem, &out.evaluations};
    // Neighbouring layouts (offload on/off, the next recompute policy) usually fit the same
    // micro-batch, so each search starts from the last answer over the same divisors.
    // Layouts share a handful of per-replica batches: their divisors are listed once each.
    struct Shape {
        std::vector<std::int64_t> microBatches;
        std::int64_t hint = 0; // the last answer's index over these micro-batches
    };
    std::map<std::int64_t, Shape> shapes; // per-replica batch → its micro-batches
    // The same layout under the previous strategy is the closer neighbour where there is one
    // (ZeRO-2 and ZeRO-3 mostly fit the same b): its answer is the hint, else the shape's. The
    // strategy is the outermost loop of layouts() and the inner ones do not depend on it, so
    // that layout is `perStrategy` places back.
    const std::vector<Layout> all = layouts(problem);
    const std::size_t perStrategy =
        problem.space.strategies.empty() ? 0 : all.size() / problem.space.strategies.size();
    std::vector<std::int64_t> answers(all.size(), 0);
    for (std::size_t i = 0; i < all.size(); ++i) {
        const Layout& l = all[i];
        Shape& shape = shapes[l.perReplica];
        if (shape.microBatches.empty()) {
            shape.microBatches = divisors(l.perReplica);
        }
        out.candidates += static_cast<std::int64_t>(shape.microBatches.size());
        if (i >= perStrategy && perStrategy > 0 && answers[i - perStrategy] > 0) {
            shape.hint = answers[i - perStrategy];
        }
        LayoutResult r = searchLayout(l, shape.microBatches, eval, problem.capacity, shape.hint);
        answers[i] = shape.hint;
        if (r.fit) {
            out.setups.push_back(std::move(*r.fit));
        } else if (r.miss && (!out.closest || r.miss->peak < out.closest->peak)) {
            out.closest = std::move(r.miss);
        }
    }
    rank(out.setups, problem.space.strategies);
    if (!out.setups.empty()) {
        out.closest.reset();
    }
    if (problem.binding && !problem.layoutPeak) {
        for (FitSetup& s : out.setups) {
            s.bindingTerm = problem.binding(s.scenario);
        }
        if (out.closest) {
            out.closest->bindingTerm = problem.binding(out.closest->scenario);
        }
    }
    return out;
}

} // namespace lgm
