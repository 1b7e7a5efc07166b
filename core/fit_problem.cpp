#include "fit_problem.h"

#include "detailed_finetune.h"
#include "detailed_layout_states.h"
#include "detailed_report.h"
#include "estimate.h"
#include "fit_detailed_adapter.h"
#include "input_table.h"

#include <array>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace lgm {

namespace {

bool detailed(const Scenario& s) {
    return s.training.accounting == Accounting::Detailed;
}

// The seed accounting has no term for these: a candidate using them would be counted as if it
// did not use them, so the search skips it. The detailed accounting models them all.
bool estimateModels(const Scenario& s) {
    const Parallelism& p = s.parallel;
    return detailed(s) ||
           (p.tp == 1 && p.pp == 1 && p.cp == 1 && p.ep == 1 && !p.sequenceParallel &&
            p.virtualStages == 1 && s.training.recompute == Recompute::None);
}

std::optional<Estimate> estimateOf(const Scenario& s) {
    if (!estimateModels(s)) {
        return std::nullopt;
    }
    EstimateResult e = estimate(s);
    if (!e) {
        return std::nullopt;
    }
    return std::move(e).value();
}

__extension__ using Wide = __int128;

// Below this the fast path cannot meet any of the estimate's 64-bit limits.
constexpr Wide kFastLimit = Wide{1} << 60;

// The largest per-GPU term; the first of equals, in this order.
std::string_view largestTerm(std::int64_t parameters, std::int64_t gradients,
                             std::int64_t optimizer, std::int64_t activations) {
    const std::array<std::pair<std::string_view, std::int64_t>, 4> terms{{
        {"parameters", parameters},
        {"gradients", gradients},
        {"optimizer", optimizer},
        {"activations", activations},
    }};
    auto largest = terms[0];
    for (const auto& t : terms) {
        if (t.second > largest.second) {
            largest = t;
        }
    }
    return largest.first;
}

std::string_view recomputeName(Recompute r) {
    switch (r) {
    case Recompute::None:
        return "none";
    case Recompute::Selective:
        return "selective";
    case Recompute::Full:
        return "full";
    }
    return "none";
}

std::string quoted(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out + "\"";
}

std::string num(std::int64_t v) {
    return std::to_string(v);
}

// One set-up's fields in report order, values already as JSON text.
std::vector<std::pair<std::string, std::string>> setupFields(const FitSetup& s) {
    const Parallelism& p = s.scenario.parallel;
    return {
        {"options.strategy", quoted(toString(p.data))},
        {"options.gpus", num(p.gpus)},
        {"options.batch", num(s.microBatch)},
        {"options.accumulation", num(s.accumulation)},
        // Where the steps went (setAccumulation): --grad-accumulation and --microbatches.
        {"options.grad_accumulation", num(s.scenario.training.finetune.gradAccumulation)},
        {"options.microbatches", num(p.microbatches)},
        {"options.seq", num(s.scenario.training.seqLen)},
        {"options.recompute", quoted(recomputeName(s.scenario.training.recompute))},
        {"options.tp", num(p.tp)},
        {"options.pp", num(p.pp)},
        {"options.offload", s.offload ? "true" : "false"},
        {"per_gpu_peak", num(s.peak)},
        {"headroom", num(s.headroom)},
        {"binding_term", quoted(s.bindingTerm)},
    };
}

std::string setupJson(const FitSetup& s, const std::string& indent) {
    std::string out = "{\n" + indent + "  \"options\": {";
    bool inOptions = true;
    bool first = true;
    for (const auto& [key, value] : setupFields(s)) {
        const bool option = key.rfind("options.", 0) == 0;
        if (inOptions && !option) {
            out += "\n" + indent + "  }";
            inOptions = false;
            first = false;
        }
        out += first ? "\n" : ",\n";
        first = false;
        out +=
            indent + (option ? "    " : "  ") + quoted(option ? key.substr(8) : key) + ": " + value;
    }
    return out + "\n" + indent + "}";
}

} // namespace

PeakBytesFn estimatePeakBytes() {
    return [](const Scenario& s) -> std::optional<std::int64_t> {
        const auto e = estimateOf(s);
        if (!e) {
            return std::nullopt;
        }
        return e->detailed ? e->detailed->peak() : e->perGpu.total;
    };
}

BindingTermFn estimateBindingTerm() {
    return [](const Scenario& s) -> std::string {
        const auto e = estimateOf(s);
        if (!e) {
            return {};
        }
        if (e->detailed) {
            return std::string(largestTermId(e->detailed->busiest.terms));
        }
        return std::string(largestTerm(e->perGpu.parameters, e->perGpu.gradients,
                                       e->perGpu.optimizer, e->perGpu.activations));
    };
}

LayoutPeakFn estimateLayoutPeak() {
    return [](const Scenario& layout) -> BatchPeakFn {
        Scenario one = layout;
        one.training.batch = 1;
        const auto base = estimateOf(one);
        if (!base) {
            // No rule depends on b and the bytes only grow with it: no b is valid either.
            return [](std::int64_t, std::int64_t) { return std::optional<PeakTerm>(); };
        }
        const PerGpu g = base->perGpu;
        const std::int64_t maxBatch = inputSpec(InputId::Batch).max;
        // The seed has no pipeline: the steps are gradient accumulation k (setAccumulation),
        // which moves the global batch only, within its input range.
        const std::int64_t maxSteps = inputSpec(InputId::GradAccumulation).max;
        return [layout, g, maxBatch, maxSteps](std::int64_t b, std::int64_t steps) {
            if (b < 1 || b > maxBatch || steps < 1 || steps > maxSteps) {
                return std::optional<PeakTerm>();
            }
            const Wide activations = Wide{g.activations} * b;
            const Wide total = Wide{g.total - g.activations} + activations;
            if (total > kFastLimit || Wide{layout.parallel.gpus} * b * steps > kFastLimit) {
                Scenario s = layout; // near the 64-bit limit: the estimate decides
                s.training.batch = b;
                setAccumulation(s, steps);
                const auto e = estimateOf(s);
                return e ? std::optional<PeakTerm>(
                               PeakTerm{e->perGpu.total,
                                        largestTerm(e->perGpu.parameters, e->perGpu.gradients,
                                                    e->perGpu.optimizer, e->perGpu.activations)})
                         : std::nullopt;
            }
            const auto a = static_cast<std::int64_t>(activations);
            return std::optional<PeakTerm>(
                PeakTerm{static_cast<std::int64_t>(total),
                         largestTerm(g.parameters, g.gradients, g.optimizer, a)});
        };
    };
}

// Figures that layouts of one search share when they differ only in t, p and the recompute
// policy, which a search has by the dozen: the seed accounting's at b = 1 (estimate() runs the
// input rules, which read t and p, then the seed accounting, which has no term for either) and
// the fine-tuning figures of a detailed plan (the whole model's, before any split).
template <typename Figures> class SharedFigures {
public:
    // The figures of `s`, compute() where no layout with the same key has asked before.
    template <typename Compute> Figures get(const Scenario& s, Compute compute) {
        Scenario key = s;
        key.parallel.tp = key.parallel.pp = 1;
        key.training.recompute = Recompute::None;
        return getByKey(key, compute);
    }

    // The figures of `key`, a set-up already stripped of what the figures do not read.
    template <typename Compute> Figures getByKey(const Scenario& key, Compute compute) {
        const std::lock_guard lock(m_mutex); // copies of a LayoutPeakFn share the figures
        for (const Entry& e : m_entries) {   // a handful: strategies × offload
            if (e.key.parallel.data == key.parallel.data && e.key.parallel.tp == key.parallel.tp &&
                e.key.parallel.pp == key.parallel.pp &&
                e.key.training.finetune.offload == key.training.finetune.offload && e.key == key) {
                return e.figures;
            }
        }
        m_entries.push_back({key, compute()});
        return m_entries.back().figures;
    }

private:
    struct Entry {
        Scenario key; // the set-up without what the figures do not read
        Figures figures;
    };
    std::mutex m_mutex;
    std::vector<Entry> m_entries;
};

// The seed accounting's outcome at b = 1, one step.
struct SeedFigures {
    bool valid = false;
    std::int64_t states = 0, activations = 0;
};

SeedFigures seedFigures(const Scenario& one) {
    SeedFigures f;
    if (const EstimateResult e = estimate(one)) {
        f.valid = true;
        f.states = e.value().perGpu.total - e.value().perGpu.activations;
        f.activations = e.value().perGpu.activations;
    }
    return f;
}

using SeedFigureCache = SharedFigures<SeedFigures>;
using FinetuneFigureCache = SharedFigures<std::optional<FinetuneModelFigures>>;
// A layout's plan; null where planDetailed() fails.
using PlanCache = SharedFigures<std::shared_ptr<const DetailedPlan>>;
// A layout's model-state terms, which read no recompute policy: the three policies share them.
using StatesCache = SharedFigures<std::shared_ptr<const LayoutStates>>;

// What planDetailed() reads of a layout: not p or the recompute policy, and of t only whether
// sequence parallelism splits the layers' sequence (the saved-tensor lists read no other
// parallelism, the fine-tuning figures none), so layouts that differ only there share a plan.
// busiestStage() reads the layout's t, p and recompute from the scenario it is given.
Scenario planKey(const Scenario& layout) {
    Scenario key = layout;
    key.parallel.tp = key.parallel.sequenceParallel && key.parallel.tp > 1 ? 2 : 1;
    key.parallel.pp = 1;
    key.training.recompute = Recompute::None;
    return key;
}

// Whether estimate() passes a layout's input rules and seed accounting at (b, steps), from its
// rules at b = 1 and the seed figures there: no rule reads b or the steps but their ranges, and
// the seed's bytes only grow with b (its activations are b times one sequence's), so below the
// fast limit every b in range passes where b = 1 does; near the 64-bit limit the seed estimate
// decides.
class SeedCheck {
public:
    SeedCheck(const Scenario& layout, SeedFigureCache& cache) : m_layout(layout) {
        m_layout.training.accounting = Accounting::Seed;
        Scenario one = m_layout;
        one.training.batch = 1;
        setAccumulation(one, 1);
        if (!validate(one)) {
            const SeedFigures f = cache.get(one, [&one] { return seedFigures(one); });
            m_valid = f.valid;
            m_states = f.states;
            m_activations = f.activations;
        }
        m_maxBatch = inputSpec(InputId::Batch).max;
        m_maxSteps =
            inputSpec(layout.parallel.pp > 1 ? InputId::Microbatches : InputId::GradAccumulation)
                .max;
    }

    bool passes(std::int64_t b, std::int64_t steps) const {
        if (!m_valid || b < 1 || b > m_maxBatch || steps < 1 || steps > m_maxSteps) {
            return false;
        }
        // The global batch N·b·k is bounded too (t·p·c times B).
        if (Wide{m_states} + Wide{m_activations} * b <= kFastLimit &&
            Wide{m_layout.parallel.gpus} * b * steps <= kFastLimit) {
            return true;
        }
        Scenario s = m_layout;
        s.training.batch = b;
        setAccumulation(s, steps);
        return estimate(s).hasValue();
    }

private:
    Scenario m_layout;
    bool m_valid = false;
    std::int64_t m_states = 0, m_activations = 0, m_maxBatch = 0, m_maxSteps = 0;
};

LayoutPeakFn detailedEstimateLayoutPeak() {
    auto seeds = std::make_shared<SeedFigureCache>();
    auto finetune = std::make_shared<FinetuneFigureCache>();
    auto plans = std::make_shared<PlanCache>();
    auto stateTerms = std::make_shared<StatesCache>();
    return [seeds, finetune, plans, stateTerms](const Scenario& layout) -> BatchPeakFn {
        const DetailedOptions options = detailedOptions(layout);
        const Scenario key = planKey(layout);
        auto shared = plans->getByKey(key, [&]() -> std::shared_ptr<const DetailedPlan> {
            // The plan's fine-tuning figures where they are priced, shared (the plan computes
            // any it needs besides, e.g. for DeepSpeed's accumulation buffer).
            std::optional<std::optional<FinetuneModelFigures>> figures;
            if (finetunePriced(key.training.finetune)) {
                figures = finetune->get(key, [&] { return finetuneFigures(key, options); });
            }
            DetailedPlanResult plan = planDetailed(key, options, figures ? &*figures : nullptr);
            return plan ? std::make_shared<const DetailedPlan>(std::move(plan).value()) : nullptr;
        });
        if (!shared) {
            // The plan fails only where every b fails (a parameter count past 64 bits).
            return [](std::int64_t, std::int64_t) { return std::optional<PeakTerm>(); };
        }
        // estimate() runs the input rules and the seed accounting before the detailed one, and
        // fails where they fail: the layout's rules and the shared seed figures stand for them,
        // the plan saves the detailed one's lists.
        auto seed = std::make_shared<const SeedCheck>(layout, *seeds);
        // The model states read neither b nor the steps: taken once for the layout.
        Scenario statesKey = layout;
        statesKey.training.recompute = Recompute::None;
        auto states = stateTerms->getByKey(statesKey, [&] {
            return std::make_shared<const LayoutStates>(layoutStates(*shared, layout));
        });
        return [shared, seed, states, layout](std::int64_t b,
                                              std::int64_t steps) -> std::optional<PeakTerm> {
            if (!seed->passes(b, steps)) {
                return std::nullopt;
            }
            Scenario s = layout;
            s.training.batch = b;
            setAccumulation(s, steps);
            const auto stage = busiestStage(*shared, *states, s);
            if (!stage) {
                return std::nullopt;
            }
            return PeakTerm{stage.value().peak, largestTermId(stage.value().terms)};
        };
    };
}

FitProblem fitProblem(const Scenario& scenario, std::int64_t capacity) {
    FitProblem p;
    p.scenario = scenario;
    p.capacity = capacity;
    p.peak = estimatePeakBytes();
    p.binding = estimateBindingTerm();
    if (detailed(scenario)) {
        // Every layout is modelled: the space keeps its defaults (recompute none, selective
        // and full; t and p up to 8).
        p.layoutPeak = detailedEstimateLayoutPeak();
    } else {
        // The seed models data parallelism only: t, p and recompute stay as given.
        p.layoutPeak = estimateLayoutPeak();
        p.space.recompute = {scenario.training.recompute};
        p.space.maxTp = 1;
        p.space.maxPp = 1;
    }
    if (scenario.training.finetune.offload == Offload::None) {
        // ZeRO-Offload of the optimizer states (and their fp32 gradients) to the host: both
        // accountings price it (the seed in finetune_seed.h), so the search tries each layout
        // with it too. DDP does not partition the states: estimate refuses it there.
        p.space.offload = [](const Scenario& s) {
            Scenario off = s;
            off.training.finetune.offload = Offload::Optimizer;
            return off;
        };
    }
    p.limits.maxMicroBatch = inputSpec(InputId::Batch).max;
    p.limits.maxSeq = inputSpec(InputId::SeqLen).max;
    p.limits.maxGpus = inputSpec(InputId::Gpus).max;
    return p;
}

std::string fitJson(const FitAnswers& a, std::int64_t capacity, const std::string& gpu) {
    std::string out = "{\n";
    out += "  \"gpu\": " + (gpu.empty() ? std::string("null") : quoted(gpu)) + ",\n";
    out += "  \"capacity\": " + num(capacity) + ",\n";
    out += "  \"max_micro_batch\": " + num(a.maxMicroBatch) + ",\n";
    out += "  \"max_seq\": " + num(a.maxSeq) + ",\n";
    out += "  \"min_gpus\": {";
    for (std::size_t i = 0; i < a.minGpus.size(); ++i) {
        out += (i == 0 ? "\n" : ",\n") + std::string("    ") +
               quoted(toString(a.minGpus[i].strategy)) + ": " + num(a.minGpus[i].gpus);
    }
    out += "\n  },\n  \"fits\": " + std::string(a.setups.empty() ? "false" : "true") + ",\n";
    out += "  \"setups\": [";
    for (std::size_t i = 0; i < a.setups.size(); ++i) {
        out += (i == 0 ? "\n    " : ",\n    ") + setupJson(a.setups[i], "    ");
    }
    out += a.setups.empty() ? "],\n" : "\n  ],\n";
    out +=
        "  \"closest\": " + (a.closest ? setupJson(*a.closest, "  ") : std::string("null")) + ",\n";
    out += "  \"candidates\": " + num(a.candidates) + ",\n";
    out += "  \"evaluations\": " + num(a.evaluations) + "\n}\n";
    return out;
}

std::string fitCsv(const FitAnswers& a, std::int64_t capacity, const std::string& gpu) {
    std::string out = "key,value\n";
    out += "gpu," + gpu + "\n";
    out += "capacity," + num(capacity) + "\n";
    out += "max_micro_batch," + num(a.maxMicroBatch) + "\n";
    out += "max_seq," + num(a.maxSeq) + "\n";
    for (const MinGpus& m : a.minGpus) {
        out += "min_gpus." + std::string(toString(m.strategy)) + "," + num(m.gpus) + "\n";
    }
    out += std::string("fits,") + (a.setups.empty() ? "false" : "true") + "\n";
    const auto rows = [&out](const std::string& prefix, const FitSetup& s) {
        for (auto [key, value] : setupFields(s)) {
            if (value.size() >= 2 && value.front() == '"') {
                value = value.substr(1, value.size() - 2);
            }
            out += prefix + key + "," + value + "\n";
        }
    };
    for (std::size_t i = 0; i < a.setups.size(); ++i) {
        rows("setups." + num(static_cast<std::int64_t>(i + 1)) + ".", a.setups[i]);
    }
    if (a.closest) {
        rows("closest.", *a.closest);
    }
    out += "candidates," + num(a.candidates) + "\n";
    out += "evaluations," + num(a.evaluations) + "\n";
    return out;
}

} // namespace lgm
