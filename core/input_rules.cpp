#include "input_rules.h"

#include "input_error.h"

#include <QtGlobal>

#include <array>

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
};

} // namespace

std::span<const InputRule> inputRules() {
    return kRules;
}

std::optional<InputError> checkRules(const Scenario& scenario) {
    for (std::size_t i = 0; i < kRules.size(); ++i) {
        const InputRule& rule = kRules[i];
        if (rule.applies(scenario) && !rule.holds(scenario)) {
            InputError error{ErrorKind::NotDivisible, rule.blame, {rule.other}, {}};
            error.rule = static_cast<int>(i);
            return error;
        }
    }
    return std::nullopt;
}

} // namespace lgm
