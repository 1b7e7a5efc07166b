#include "detailed_layout_states.h"

#include "detailed_states.h"

#include <limits>

namespace lgm {

namespace {

// The stage's terms as appendModelStateTerms() writes them where k > 1; false where a term is
// past 64 bits.
bool stageStateTerms(StageStateTerms& states, const Scenario& sc, const DetailedPlan& plan,
                     const PipelineStage& stage) {
    const FinetuneModelFigures* figures = plan.finetune ? &*plan.finetune : nullptr;
    states.terms.reserve(12);
    // The buffer reads k only as k > 1: any k above 1 gives its terms. Only Hugging Face's
    // DeepSpeed ZeRO keeps one, so the copy with k = 2 is made only there.
    const Strategy d = sc.parallel.data;
    if (sc.training.finetune.gradAccumulation > 1 ||
        sc.training.implementation != Implementation::HuggingFace ||
        (d != Strategy::Zero1 && d != Strategy::Zero2 && d != Strategy::Zero3)) {
        appendModelStateTerms(sc, plan.options, plan.parameters, stage, states.terms, nullptr,
                              figures);
    } else {
        Scenario accumulating = sc;
        accumulating.training.finetune.gradAccumulation = 2;
        appendModelStateTerms(accumulating, plan.options, plan.parameters, stage, states.terms,
                              nullptr, figures);
    }
    states.accumulationBegin = states.accumulationEnd = states.terms.size();
    for (std::size_t i = 0; i < states.terms.size(); ++i) {
        if (states.terms[i].bytes == std::numeric_limits<std::int64_t>::max()) {
            return false;
        }
        if (states.terms[i].id == "grad_accumulation_fp32") {
            states.accumulationBegin = i;
            states.accumulationEnd = i + 1;
        }
    }
    return true;
}

} // namespace

void appendStageStateTerms(const StageStateTerms& states, const Scenario& sc,
                           std::vector<DetailedTerm>& terms) {
    // One push each: a stage's list is reserved, and a range insert costs more than its few terms.
    const bool accumulates = sc.training.finetune.gradAccumulation > 1;
    for (std::size_t i = 0; i < states.terms.size(); ++i) {
        if (accumulates || i < states.accumulationBegin || i >= states.accumulationEnd) {
            terms.push_back(states.terms[i]);
        }
    }
}

LayoutStates layoutStates(const DetailedPlan& plan, const Scenario& layout) {
    LayoutStates states;
    const Parallelism& p = layout.parallel;
    if (validateLayout(layout.model, layout.training, p) ||
        !stageStateTerms(states.first, layout, plan, pipelineStage(layout.model, p, 0)) ||
        (p.pp > 1 &&
         !stageStateTerms(states.last, layout, plan, pipelineStage(layout.model, p, p.pp - 1)))) {
        return {};
    }
    states.valid = true;
    return states;
}

} // namespace lgm
