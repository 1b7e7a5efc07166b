#include "step_timeline.h"

#include <charconv>
#include <numeric>

namespace lgm {

namespace {

using K = MemoryKind;

void set(TimelinePoint& p, MemoryKind kind, std::int64_t bytes) {
    p.bytes[static_cast<std::size_t>(kind)] = bytes;
}

// What the whole step holds: this GPU's parameters, gradients and optimizer states, and the
// DDP bucket copy.
TimelinePoint resident(const PerGpu& g, StepPhase phase, std::int64_t layer) {
    TimelinePoint p{phase, layer, {}};
    set(p, K::Parameters, g.ownParameters);
    set(p, K::Gradients, g.ownGradients);
    set(p, K::Optimizer, g.optimizer);
    set(p, K::Buffers, g.bucketCopy);
    return p;
}

// Activations held after `layers` of `total` layers' forward (or before the backward of layer
// `layers`): their share of the whole, so the sum is exact at the last layer and grows
// monotonically even where layers differ (an MoE model's first dense layers).
std::int64_t activationsOf(const Activations& a, std::int64_t layers, std::int64_t total) {
    __extension__ using Wide = __int128;
    return static_cast<std::int64_t>(Wide{a.bytes} * layers / total);
}

} // namespace

std::int64_t TimelinePoint::total() const {
    return std::accumulate(bytes.begin(), bytes.end(), std::int64_t{0});
}

std::int64_t StepTimeline::peak() const {
    return points.empty() ? 0 : points[peakIndex].total();
}

StepTimeline stepTimeline(const Estimate& e) {
    if (e.detailed) {
        return detailedStepTimeline(*e.detailed);
    }
    const PerGpu& g = e.perGpu;
    const std::int64_t layers = e.config.layers;
    StepTimeline t;
    t.points.reserve(static_cast<std::size_t>(2 * layers + 2));
    for (std::int64_t i = 1; i <= layers; ++i) {
        TimelinePoint p = resident(g, StepPhase::Forward, i);
        set(p, K::Parameters, g.ownParameters + g.gatheredParameters);
        set(p, K::Activations, activationsOf(e.activations, i, layers));
        t.points.push_back(p);
    }
    TimelinePoint loss = resident(g, StepPhase::Loss, 0);
    set(loss, K::Parameters, g.ownParameters + g.gatheredParameters);
    set(loss, K::Activations, e.activations.bytes);
    t.points.push_back(loss);
    for (std::int64_t i = layers; i >= 1; --i) {
        TimelinePoint p = resident(g, StepPhase::Backward, i);
        set(p, K::Parameters, g.ownParameters + g.gatheredParameters);
        set(p, K::Gradients, g.ownGradients + g.gatheredGradients);
        set(p, K::Activations, activationsOf(e.activations, i, layers));
        t.points.push_back(p);
    }
    t.points.push_back(resident(g, StepPhase::OptimizerStep, 0));
    for (std::size_t i = 1; i < t.points.size(); ++i) {
        if (t.points[i].total() > t.points[t.peakIndex].total()) {
            t.peakIndex = i;
        }
    }
    return t;
}

std::string_view memoryKindId(MemoryKind kind) {
    switch (kind) {
    case K::Parameters:
        return "parameters";
    case K::Gradients:
        return "gradients";
    case K::Optimizer:
        return "optimizer";
    case K::Activations:
        return "activations";
    case K::Transients:
        return "transients";
    case K::Buffers:
        return "buffers";
    case K::Overhead:
        return "overhead";
    }
    return "overhead";
}

std::string_view stepPhaseId(StepPhase phase) {
    switch (phase) {
    case StepPhase::Forward:
        return "forward";
    case StepPhase::Loss:
        return "loss";
    case StepPhase::Backward:
        return "backward";
    case StepPhase::OptimizerStep:
        return "optimizer";
    }
    return "forward";
}

namespace {

// Appends in place: a JSON report of 2L + 4 points would otherwise build a temporary string
// for every key and number, which was a tenth of a whole `estimate --format json` process.
void appendNumber(std::string& out, std::int64_t value) {
    char digits[24];
    const auto [last, ec] = std::to_chars(digits, digits + sizeof digits, value);
    out.append(digits, ec == std::errc() ? last : digits);
}

void appendPoint(std::string& out, const TimelinePoint& p, const std::string& indent) {
    out.append(indent).append("  {\"phase\": \"").append(stepPhaseId(p.phase));
    out.append("\", \"layer\": ");
    appendNumber(out, p.layer);
    for (std::size_t k = 0; k < kMemoryKindCount; ++k) {
        out.append(", \"").append(memoryKindId(static_cast<MemoryKind>(k))).append("\": ");
        appendNumber(out, p.bytes[k]);
    }
    out.append(", \"total\": ");
    appendNumber(out, p.total());
    out.push_back('}');
}

} // namespace

std::string timelineJson(const StepTimeline& t, const std::string& indent) {
    std::string out = "[";
    out.reserve(t.points.size() * 160 + 8);
    for (std::size_t i = 0; i < t.points.size(); ++i) {
        out.append(i == 0 ? "\n" : ",\n");
        appendPoint(out, t.points[i], indent);
    }
    if (!t.points.empty()) {
        out.append("\n").append(indent);
    }
    out.push_back(']');
    return out;
}

std::string withTimeline(const std::string& reportJson, const StepTimeline& timeline) {
    // The report ends in "\n}\n": the member goes before that closing brace.
    const std::size_t close = reportJson.rfind('}');
    if (close == std::string::npos || close == 0) {
        return reportJson;
    }
    std::size_t end = close;
    while (end > 0 && reportJson[end - 1] == '\n') {
        --end;
    }
    return reportJson.substr(0, end) + ",\n  \"timeline\": " + timelineJson(timeline, "  ") + "\n" +
           reportJson.substr(close);
}

} // namespace lgm
