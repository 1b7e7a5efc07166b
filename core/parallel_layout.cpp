#include "parallel_layout.h"

#include "layout_checks.h"

#include <algorithm>
#include <sstream>
#include <string_view>

namespace lgm {

namespace {

constexpr std::int64_t kMaxDegree = 1'000'000;

std::string num(std::int64_t v) {
    return std::to_string(v);
}

std::optional<LayoutError> degreeError(std::string_view name, std::int64_t value) {
    if (value < 1 || value > kMaxDegree) {
        return LayoutError{std::string(name) + " " + num(value) +
                           " is out of range: it must be 1 to 1,000,000"};
    }
    return std::nullopt;
}

std::optional<LayoutError> notMultiple(std::string_view what, std::int64_t value,
                                       std::string_view by, std::int64_t divisor) {
    if (value % divisor != 0) {
        return LayoutError{std::string(what) + " " + num(value) + " is not a multiple of " +
                           std::string(by) + " " + num(divisor)};
    }
    return std::nullopt;
}

std::optional<LayoutError> checkDegrees(const Parallelism& p) {
    const std::pair<std::string_view, std::int64_t> degrees[] = {
        {"gpus", p.gpus},
        {"tp", p.tp},
        {"pp", p.pp},
        {"virtual stages", p.virtualStages},
        {"cp", p.cp},
        {"ep", p.ep},
        {"microbatches", p.microbatches}};
    for (const auto& [name, value] : degrees) {
        if (auto e = degreeError(name, value)) {
            return e;
        }
    }
    return std::nullopt;
}

std::optional<LayoutError> checkTraining(const ModelSpec& m, const TrainingSetup& t,
                                         const Parallelism& p) {
    if (!(t.dropout >= 0.0 && t.dropout < 1.0)) {
        std::ostringstream text;
        text << "dropout " << t.dropout << " is out of range: it must be at least 0 and below 1";
        return LayoutError{text.str()};
    }
    const std::int64_t perStage = m.layers / p.pp;
    if (t.recomputeLayers < 0 || t.recomputeLayers > perStage) {
        return LayoutError{
            "recompute layers " + num(t.recomputeLayers) +
            " is out of range: it must be 0 to the layers per stage, L/pp = " + num(perStage)};
    }
    if (t.implementation == Implementation::HuggingFace &&
        (p.tp > 1 || p.pp > 1 || p.cp > 1 || p.ep > 1 || p.sequenceParallel)) {
        return LayoutError{"implementation huggingface has no tensor, sequence, pipeline, "
                           "context or expert parallelism here: tp " +
                           num(p.tp) + ", pp " + num(p.pp) + ", cp " + num(p.cp) + ", ep " +
                           num(p.ep) + " need implementation megatron"};
    }
    return std::nullopt;
}

std::optional<LayoutError> checkShapes(const ModelSpec& m, const TrainingSetup& t,
                                       const Parallelism& p) {
    if (p.tp > 1) {
        for (auto e : {notMultiple("heads", m.heads, "tp", p.tp),
                       notMultiple("kv heads", m.kvHeads, "tp", p.tp),
                       notMultiple("ffn", m.ffn, "tp", p.tp)}) {
            if (e) {
                return e;
            }
        }
    }
    if (p.sequenceParallel) {
        if (auto e = notMultiple("sequence length", t.seqLen, "tp", p.tp)) {
            return e;
        }
    }
    if (auto e = notMultiple("sequence length", t.seqLen, "cp", p.cp)) {
        return e;
    }
    if (p.ep > 1) {
        if (auto e = notMultiple("experts", m.moe.experts, "ep", p.ep)) {
            return e;
        }
        if (auto e = notMultiple("gpus/(tp·pp)", p.gpus / (p.tp * p.pp), "ep", p.ep)) {
            return e;
        }
    }
    return std::nullopt;
}

bool inRange(std::int64_t degree) {
    return degree >= 1 && degree <= kMaxDegree;
}

// Whether none of checkLayoutInOrder()'s checks can fail, in plain compares: what every valid
// estimate pays. Where this is false the checks run in order and name the first input that does
// not fit. The two say the same rules twice; tst_layout_checks holds them equal.
bool fits(const ModelSpec& m, const TrainingSetup& t, const Parallelism& p) {
    if (!(inRange(p.gpus) && inRange(p.tp) && inRange(p.pp) && inRange(p.virtualStages) &&
          inRange(p.cp) && inRange(p.ep) && inRange(p.microbatches))) {
        return false;
    }
    const bool hfParallel = t.implementation == Implementation::HuggingFace &&
                            (p.tp > 1 || p.pp > 1 || p.cp > 1 || p.ep > 1 || p.sequenceParallel);
    const bool tpDivides =
        p.tp == 1 || (m.heads % p.tp == 0 && m.kvHeads % p.tp == 0 && m.ffn % p.tp == 0);
    const bool epDivides =
        p.ep == 1 || (m.moe.experts % p.ep == 0 && (p.gpus / (p.tp * p.pp)) % p.ep == 0);
    return p.gpus % (p.tp * p.pp * p.cp) == 0 && (p.virtualStages == 1 || p.pp > 1) &&
           m.layers % (p.pp * p.virtualStages) == 0 && t.dropout >= 0.0 && t.dropout < 1.0 &&
           t.recomputeLayers >= 0 && t.recomputeLayers <= m.layers / p.pp && !hfParallel &&
           tpDivides && (!p.sequenceParallel || t.seqLen % p.tp == 0) && t.seqLen % p.cp == 0 &&
           epDivides;
}

} // namespace

std::optional<LayoutError> validateLayout(const ModelSpec& m, const TrainingSetup& t,
                                          const Parallelism& p) {
    return fits(m, t, p) ? std::nullopt : checkLayoutInOrder(m, t, p);
}

std::optional<LayoutError> checkLayoutInOrder(const ModelSpec& m, const TrainingSetup& t,
                                              const Parallelism& p) {
    if (auto e = checkDegrees(p)) {
        return e;
    }
    const std::int64_t group = p.tp * p.pp * p.cp; // each ≤ 10^6: the product fits
    if (p.gpus % group != 0) {
        return LayoutError{"gpus " + num(p.gpus) +
                           " is not a multiple of tp·pp·cp = " + num(group) + " (tp " + num(p.tp) +
                           ", pp " + num(p.pp) + ", cp " + num(p.cp) + ")"};
    }
    if (p.virtualStages > 1 && p.pp == 1) {
        return LayoutError{"virtual stages " + num(p.virtualStages) +
                           " needs pipeline stages pp > 1 (pp is 1)"};
    }
    const std::int64_t chunks = p.pp * p.virtualStages;
    if (m.layers % chunks != 0) {
        return LayoutError{"layers " + num(m.layers) +
                           " is not a multiple of pp·virtual stages = " + num(chunks) + " (pp " +
                           num(p.pp) + ", virtual stages " + num(p.virtualStages) + ")"};
    }
    if (auto e = checkTraining(m, t, p)) {
        return e;
    }
    return checkShapes(m, t, p);
}

bool isMoeLayer(const ModelSpec& model, std::int64_t layer) {
    return model.moe.experts > 1 && layer >= model.moe.firstDenseLayers;
}

PipelineStage pipelineStage(const ModelSpec& m, const Parallelism& p, std::int64_t stage) {
    PipelineStage s;
    s.index = stage;
    s.first = stage == 0;
    s.last = stage == p.pp - 1;
    const std::int64_t chunkLayers = m.layers / (p.pp * p.virtualStages);
    for (std::int64_t k = 0; k < p.virtualStages && m.moe.experts <= 1; ++k) {
        s.denseLayers += chunkLayers; // a dense model needs no walk over its layers
    }
    for (std::int64_t k = 0; k < p.virtualStages && m.moe.experts > 1; ++k) {
        const std::int64_t begin = (stage + k * p.pp) * chunkLayers;
        for (std::int64_t layer = begin; layer < begin + chunkLayers; ++layer) {
            ++(isMoeLayer(m, layer) ? s.moeLayers : s.denseLayers);
        }
    }
    if (p.virtualStages == 1) {
        s.inflightChunks = std::min(p.pp - stage, p.microbatches);
    } else {
        const std::int64_t warmup = 2 * (p.pp - stage - 1) + (p.virtualStages - 1) * p.pp;
        s.inflightChunks = std::min(warmup + 1, p.microbatches * p.virtualStages);
    }
    s.inflightMicrobatches = std::min(p.pp - stage, p.microbatches);
    return s;
}

std::int64_t dataShardGroup(const Parallelism& p) {
    const std::int64_t dp = p.gpus / (p.tp * p.pp * p.cp);
    if (p.data == Strategy::FsdpHybrid) {
        return std::clamp<std::int64_t>(p.gpusPerNode / (p.tp * p.cp), 1, dp);
    }
    return dp;
}

std::int64_t expertShardGroup(const Parallelism& p) {
    return std::max<std::int64_t>(1, p.gpus / (p.tp * p.pp * p.ep));
}

} // namespace lgm
