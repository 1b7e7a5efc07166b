#include "step_timeline.h"

namespace lgm {

namespace {

using K = MemoryKind;

MemoryKind memoryKind(TermKind kind) {
    switch (kind) {
    case TermKind::Parameters:
        return K::Parameters;
    case TermKind::Gradients:
        return K::Gradients;
    case TermKind::Optimizer:
        return K::Optimizer;
    case TermKind::Activations:
        return K::Activations;
    case TermKind::Transient:
        return K::Transients;
    case TermKind::Buffers:
        return K::Buffers;
    case TermKind::Overhead:
        return K::Overhead;
    }
    return K::Buffers;
}

std::size_t at(MemoryKind kind) {
    return static_cast<std::size_t>(kind);
}

// The peak's terms sorted into what the whole step holds and what comes and goes.
struct PeakParts {
    TimelinePoint resident;     // model states, buffers and overhead: held the whole step
    std::int64_t layers = 0;    // the stage's layers' saved activations (all in-flight chunks)
    std::int64_t outside = 0;   // the other saved activations: embedding, final norm, logits
    std::int64_t transient = 0; // the loss's backward, or one layer rebuilt in backward
};

PeakParts peakParts(const StageMemory& stage) {
    PeakParts p;
    for (const DetailedTerm& t : stage.terms) {
        if (t.kind == TermKind::Transient) {
            p.transient += t.bytes;
        } else if (t.kind == TermKind::Activations) {
            (t.id == "layer_activations" ? p.layers : p.outside) += t.bytes;
        } else {
            p.resident.bytes[at(memoryKind(t.kind))] += t.bytes;
        }
    }
    return p;
}

TimelinePoint point(const PeakParts& parts, StepPhase phase, std::int64_t layer,
                    std::int64_t activations, std::int64_t transient) {
    TimelinePoint p = parts.resident;
    p.phase = phase;
    p.layer = layer;
    p.bytes[at(K::Activations)] = activations;
    p.bytes[at(K::Transients)] = transient;
    return p;
}

} // namespace

// The detailed accounting names the moment of its peak and what it holds then; the timeline
// spreads the same terms over the step. The layers' activations grow by their share per forward
// layer and are freed per backward layer (their sum is exact at the last layer); the saved
// tensors outside the layers (embedding output, final norm, logits) are held from the loss on;
// the transient is the loss's backward at the start of backward, or, when the peak is one layer
// rebuilt in backward, that rebuild at every backward layer. So the largest point is exactly
// the peak's sum of terms, at the moment the accounting names.
StepTimeline detailedStepTimeline(const DetailedEstimate& d) {
    __extension__ using Wide = __int128;
    const StageMemory& stage = d.busiest;
    const PeakParts parts = peakParts(stage);
    const std::int64_t layers = std::max<std::int64_t>(1, stage.layers);
    const auto share = [&](std::int64_t i) {
        return static_cast<std::int64_t>(Wide{parts.layers} * i / layers);
    };
    const bool atLoss = stage.moment == PeakMoment::StartOfBackward;
    StepTimeline t;
    t.points.reserve(static_cast<std::size_t>(2 * layers + 2));
    for (std::int64_t i = 1; i <= layers; ++i) {
        t.points.push_back(point(parts, StepPhase::Forward, i, share(i), 0));
    }
    t.points.push_back(point(parts, StepPhase::Loss, 0, parts.layers + parts.outside,
                             atLoss ? parts.transient : 0));
    for (std::int64_t i = layers; i >= 1; --i) {
        t.points.push_back(point(parts, StepPhase::Backward, i, share(i) + parts.outside,
                                 atLoss ? 0 : parts.transient));
    }
    t.points.push_back(point(parts, StepPhase::OptimizerStep, 0, 0, 0));
    for (std::size_t i = 1; i < t.points.size(); ++i) {
        if (t.points[i].total() > t.points[t.peakIndex].total()) {
            t.peakIndex = i;
        }
    }
    return t;
}

} // namespace lgm
