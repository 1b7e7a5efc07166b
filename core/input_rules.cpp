#include "input_rules.h"

#include "input_error.h"

#include <QtGlobal>

#include <array>
#include <utility>

namespace lgm {

namespace {

bool always(const Scenario&) {
    return true;
}
bool hybrid(const Scenario& s) {
    return s.parallel.data == Strategy::FsdpHybrid;
}
bool moe(const Scenario& s) {
    return s.model.moe.experts > 1;
}

bool nodesDivide(const Scenario& s) {
    const Parallelism& p = s.parallel;
    return p.gpus % p.gpusPerNode == 0 && p.gpusPerNode <= p.gpus;
}
bool kvDivides(const Scenario& s) {
    return s.model.heads % s.model.kvHeads == 0;
}
bool topKFits(const Scenario& s) {
    return s.model.moe.topK <= s.model.moe.experts;
}
bool offloadsOptimizer(const Scenario& s) {
    return s.training.finetune.offload == Offload::Optimizer;
}
bool offloadsParams(const Scenario& s) {
    return s.training.finetune.offload == Offload::OptimizerParams;
}
// ZeRO-Offload moves this rank's partition of the optimizer states: it needs a strategy that
// partitions them; the weights move only under full parameter sharding (ZeRO-Infinity).
bool shardsOptimizer(const Scenario& s) {
    return s.parallel.data != Strategy::Ddp;
}
bool shardsParams(const Scenario& s) {
    const Strategy d = s.parallel.data;
    return d == Strategy::Zero3 || d == Strategy::FsdpFull || d == Strategy::FsdpHybrid;
}
// The global batch N·b·k (sequences per optimizer step) is reported as a whole number.
bool globalBatchFits(const Scenario& s) {
    std::int64_t sequences = 0;
    return !__builtin_mul_overflow(s.parallel.gpus, s.training.batch, &sequences) &&
           !__builtin_mul_overflow(sequences, s.training.finetune.gradAccumulation, &sequences);
}

bool denseLayersFit(const Scenario& s) {
    return s.model.moe.firstDenseLayers <= s.model.layers;
}

constexpr std::array kRules{
    InputRule{InputId::GpusPerNode, InputId::Gpus, &hybrid, &nodesDivide,
              QT_TRANSLATE_NOOP("InputRules",
                                "with fsdp-hybrid, %2 (%4) must be a multiple of %1 (%3) and "
                                "at least as large")},
    InputRule{InputId::KvHeads, InputId::Heads, &always, &kvDivides,
              QT_TRANSLATE_NOOP("InputRules", "%1 (%3) must divide %2 (%4)")},
    InputRule{InputId::TopK, InputId::Experts, &moe, &topKFits,
              QT_TRANSLATE_NOOP("InputRules", "%1 (%3) must be at most %2 (%4)")},
    InputRule{InputId::FirstDenseLayers, InputId::Layers, &moe, &denseLayersFit,
              QT_TRANSLATE_NOOP("InputRules", "%1 (%3) must be at most %2 (%4)")},
    InputRule{InputId::Offload, InputId::Strategy, &offloadsOptimizer, &shardsOptimizer,
              QT_TRANSLATE_NOOP("InputRules",
                                "%1 optimizer needs a %2 that partitions the optimizer states: "
                                "zero1, zero2, zero3 or an fsdp strategy")},
    InputRule{InputId::Offload, InputId::Strategy, &offloadsParams, &shardsParams,
              QT_TRANSLATE_NOOP("InputRules",
                                "%1 optimizer+params needs a %2 that shards the weights: zero3, "
                                "fsdp-full or fsdp-hybrid")},
    InputRule{InputId::GradAccumulation, InputId::Gpus, &always, &globalBatchFits,
              QT_TRANSLATE_NOOP("InputRules",
                                "%1 (%3) × %2 (%4) × the micro-batch size is the global batch, "
                                "which must stay below 2^63 sequences")},
};

} // namespace

std::span<const InputRule> inputRules() {
    return kRules;
}

namespace {

InputError brokenRule(std::size_t i) {
    InputError error{ErrorKind::NotDivisible, kRules[i].blame, {kRules[i].other}, {}};
    error.rule = static_cast<int>(i);
    return error;
}

// Rule I with its functions as constants, so that each compiles to its few compares instead of
// two indirect calls (estimate() checks every rule on each slider step).
template <std::size_t I> bool broken(const Scenario& s) {
    constexpr InputRule rule = kRules[I];
    return rule.applies(s) && !rule.holds(s);
}

template <std::size_t... I>
std::optional<InputError> checkRules(const Scenario& s, std::index_sequence<I...>) {
    std::size_t bad = kRules.size();
    // Stops at the first broken rule, as a loop over the rules would.
    (void)((broken<I>(s) ? (bad = I, true) : false) || ...);
    if (bad == kRules.size()) {
        return std::nullopt;
    }
    return brokenRule(bad);
}

} // namespace

std::optional<InputError> checkRules(const Scenario& scenario) {
    return checkRules(scenario, std::make_index_sequence<kRules.size()>{});
}

} // namespace lgm
