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
    // The (t, p) pairs do not depend on the strategy or recompute policy: listed once.
    std::vector<std::pair<std::int64_t, std::int64_t>> grid;
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
            grid.emplace_back(tp, pp);
        }
    }
    out.reserve(space.strategies.size() * space.recompute.size() * grid.size() *
                static_cast<std::size_t>(offloads));
    for (Strategy strategy : space.strategies) {
        for (Recompute recompute : space.recompute) {
            for (const auto& [tp, pp] : grid) {
                for (int o = 0; o < offloads; ++o) {
                    Layout& l = out.emplace_back(
                        Layout{problem.scenario, o == 1, batch / (n / (tp * pp * cp))});
                    l.base.parallel.data = strategy;
                    l.base.parallel.tp = tp;
                    l.base.parallel.pp = pp;
                    l.base.training.recompute = recompute;
                    if (l.offload) {
                        l.base = space.offload(l.base);
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

// largestFitting's search for any callable, so that the ranked search's per-layout predicate
// runs without a std::function; the public functions are this with theirs.
template <typename Fits> std::int64_t largestFittingOf(std::int64_t limit, Fits& fits) {
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

template <typename Fits>
std::int64_t largestFittingNearOf(std::int64_t limit, std::int64_t hint, Fits& fits) {
    if (limit < 1) {
        return 0;
    }
    if (hint < 1 || hint > limit) {
        return largestFittingOf(limit, fits);
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

// One layout's answer, kept this small until the ranking has put it in place: the largest
// fitting micro-batch among the divisors of its per-replica batch, or, when even the smallest
// does not fit, that smallest one as a miss.
struct Hit {
    std::size_t layout = 0;
    std::int64_t microBatch = 0;
    PeakTerm peak;
    bool fits = false;
};

// hint: the answer's index (1-based) in a neighbouring layout with the same divisors, or 0.
// peaks: room for one peak per micro-batch, reused from layout to layout. nullopt when the
// layout is invalid at every probe that decides.
std::optional<Hit> searchLayout(const Layout& l, std::size_t index,
                                const std::vector<std::int64_t>& bs, const Evaluator& eval,
                                std::int64_t capacity, std::int64_t& hint,
                                std::vector<std::optional<PeakTerm>>& peaks) {
    peaks.resize(std::max(peaks.size(), bs.size()));
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
    auto fits = [&](std::int64_t i) {
        const auto p = peakAt(static_cast<std::size_t>(i - 1));
        return p && p->bytes <= capacity;
    };
    const std::int64_t k = largestFittingNearOf(static_cast<std::int64_t>(bs.size()), hint, fits);
    hint = k; // when k = 0 the search has evaluated the smallest b: its peak is the miss
    const std::size_t at = k > 0 ? static_cast<std::size_t>(k - 1) : 0;
    if (!peaks[at]) {
        return std::nullopt;
    }
    return Hit{index, bs[at], *peaks[at], k > 0};
}

// The stated cost of rankBefore as one comparable key.
using RankKey = std::tuple<int, std::int64_t, std::int64_t, bool, std::int64_t, std::int64_t>;

RankKey rankKey(const Scenario& scenario, bool offload, std::int64_t microBatch,
                const std::vector<Strategy>& order) {
    const Parallelism& p = scenario.parallel;
    return {recomputeRank(scenario.training.recompute),
            p.tp * p.pp,
            p.tp,
            offload,
            -microBatch,
            strategyRank(p.data, order)};
}

RankKey rankKey(const FitSetup& s, const std::vector<Strategy>& order) {
    return rankKey(s.scenario, s.offload, s.microBatch, order);
}

// The fitting set-ups, cheapest first: the hits are sorted by their keys, computed once each,
// through an index, and only then built, each once, in place.
std::vector<FitSetup> ranked(const std::vector<Hit>& hits, const std::vector<Layout>& all,
                             std::int64_t capacity, const std::vector<Strategy>& order) {
    std::vector<RankKey> keys;
    keys.reserve(hits.size());
    for (const Hit& h : hits) {
        const Layout& l = all[h.layout];
        keys.push_back(rankKey(l.base, l.offload, h.microBatch, order));
    }
    std::vector<std::size_t> index(hits.size());
    std::iota(index.begin(), index.end(), std::size_t{0});
    std::sort(index.begin(), index.end(),
              [&](std::size_t a, std::size_t b) { return keys[a] < keys[b]; });
    std::vector<FitSetup> out;
    out.reserve(hits.size());
    for (std::size_t i : index) {
        const Hit& h = hits[i];
        FitSetup& s =
            out.emplace_back(setupAt(all[h.layout], h.microBatch, h.peak.bytes, capacity));
        s.bindingTerm = std::string(h.peak.term);
    }
    return out;
}

} // namespace

std::int64_t largestFitting(std::int64_t limit, const std::function<bool(std::int64_t)>& fits) {
    return largestFittingOf(limit, fits);
}

std::int64_t largestFittingNear(std::int64_t limit, std::int64_t hint,
                                const std::function<bool(std::int64_t)>& fits) {
    return largestFittingNearOf(limit, hint, fits);
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

namespace {

// The given scenario's accumulation steps where setAccumulation would put them (m under a
// pipeline, k otherwise, the other 1), so that its layout curve at (b, steps) is the scenario
// at b; 0 where it puts them otherwise.
std::int64_t givenSteps(const Scenario& s) {
    const bool pipelined = s.parallel.pp > 1;
    const std::int64_t steps =
        pipelined ? s.parallel.microbatches : s.training.finetune.gradAccumulation;
    const std::int64_t other =
        pipelined ? s.training.finetune.gradAccumulation : s.parallel.microbatches;
    return steps >= 1 && other == 1 ? steps : 0;
}

} // namespace

std::int64_t maxMicroBatch(const FitProblem& problem, std::int64_t* evaluations) {
    const std::int64_t steps = givenSteps(problem.scenario);
    if (problem.layoutPeak && steps > 0) {
        // Only b varies: the scenario is one layout, whose curve is built once.
        const BatchPeakFn curve = problem.layoutPeak(problem.scenario);
        auto fits = [&](std::int64_t b) {
            if (evaluations) {
                ++*evaluations;
            }
            const auto p = curve(b, steps);
            return p && p->bytes <= problem.capacity;
        };
        return largestFittingOf(problem.limits.maxMicroBatch, fits);
    }
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
    std::vector<Hit> hits;
    hits.reserve(all.size());
    std::optional<Hit> closest;
    std::vector<std::optional<PeakTerm>> peaks;
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
        const std::optional<Hit> r =
            searchLayout(l, i, shape.microBatches, eval, problem.capacity, shape.hint, peaks);
        answers[i] = shape.hint;
        if (r && r->fits) {
            hits.push_back(*r);
        } else if (r && (!closest || r->peak.bytes < closest->peak.bytes)) {
            closest = r;
        }
    }
    out.setups = ranked(hits, all, problem.capacity, problem.space.strategies);
    if (out.setups.empty() && closest) {
        out.closest = setupAt(all[closest->layout], closest->microBatch, closest->peak.bytes,
                              problem.capacity);
        out.closest->bindingTerm = std::string(closest->peak.term);
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
