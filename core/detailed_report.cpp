#include "detailed_report.h"

#include "detailed_finetune.h"
#include "detailed_in_place.h"

#include <algorithm>
#include <string>

namespace lgm {

// Declared in detailed_accounting.h; the report below is what reads it.
std::vector<DetailedTerm> savedTensorTerms(const std::vector<SavedTensor>& tensors,
                                           const LayerGeometry& geometry, bool dropAttentionCore) {
    std::vector<DetailedTerm> terms;
    terms.reserve(tensors.size());
    for (const SavedTensor& t : tensors) {
        if (dropAttentionCore && t.group == TensorGroup::AttentionCore) {
            continue;
        }
        std::string_view formula = "width × bytes × s·b ÷ its shards (t, c)";
        if (t.extent == TensorExtent::PerScore) {
            formula = "heads × bytes × b·s² ÷ t ÷ c";
        } else if (t.extent == TensorExtent::PerLayer) {
            formula = "bytes per layer";
        }
        terms.push_back({t.id, TermKind::Activations, savedBytes(t, geometry), formula});
    }
    return terms;
}

namespace {

// The input a layout message is about: the first degree that is not 1, else N.
InputId blamedInput(const Parallelism& p) {
    if (p.pp > 1) {
        return InputId::Pp;
    }
    if (p.tp > 1) {
        return InputId::Tp;
    }
    return p.cp > 1 ? InputId::Cp : InputId::Gpus;
}

// A term id as a report key; an id met again gets its position ("token_ids_2").
std::string uniqueKey(const std::string& prefix, std::string_view id,
                      std::vector<std::string>& seen) {
    std::string key = prefix + std::string(id);
    const std::string base = key;
    for (int n = 2; std::find(seen.begin(), seen.end(), key) != seen.end(); ++n) {
        key = base + "_" + std::to_string(n);
    }
    seen.push_back(key);
    return key;
}

std::int64_t sumOf(const StageMemory& m, std::initializer_list<TermKind> kinds) {
    std::int64_t total = 0;
    for (const DetailedTerm& t : m.terms) {
        if (std::find(kinds.begin(), kinds.end(), t.kind) != kinds.end()) {
            total += t.bytes; // each part of a peak that fits in 64 bits
        }
    }
    return total;
}

// The fields of the per_gpu group, inserted after its last key so the group stays contiguous.
void addPerGpu(std::vector<ReportField>& fields, const DetailedEstimate& d) {
    auto last = fields.end();
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        if (it->key.rfind("per_gpu.", 0) == 0) {
            last = it + 1;
        }
    }
    const std::vector<ReportField> added{{"per_gpu.activation_layers", d.activationLayers()},
                                         {"per_gpu.peak", d.peak()}};
    fields.insert(last, added.begin(), added.end());
}

void addPeak(std::vector<ReportField>& fields, const DetailedEstimate& d) {
    const StageMemory& m = d.busiest;
    fields.push_back({"peak.moment", std::string(toString(m.moment))});
    fields.push_back({"peak.stage", m.stage});
    fields.push_back({"peak.layers", m.layers});
    fields.push_back({"peak.inflight_chunks", m.inflightChunks});
    fields.push_back({"peak.model_states",
                      sumOf(m, {TermKind::Parameters, TermKind::Gradients, TermKind::Optimizer})});
    fields.push_back({"peak.activations", sumOf(m, {TermKind::Activations})});
    fields.push_back({"peak.transient", sumOf(m, {TermKind::Transient})});
    fields.push_back({"peak.buffers", sumOf(m, {TermKind::Buffers})});
    fields.push_back({"peak.first_stage", d.firstStagePeak});
    fields.push_back({"peak.last_stage", d.lastStagePeak});
    std::vector<std::string> seen;
    for (const DetailedTerm& t : m.terms) {
        fields.push_back({uniqueKey("peak.part.", t.id, seen), t.bytes});
    }
}

// Under offload: the host memory of one GPU's process on the busiest stage, term by term.
void addHost(std::vector<ReportField>& fields, const Estimate& e) {
    const std::vector<DetailedTerm> host =
        detailedHostTerms(e.scenario, detailedOptions(e.scenario), e.detailed->busiest.stage);
    if (host.empty()) {
        return;
    }
    std::int64_t total = 0;
    std::vector<std::string> seen;
    for (const DetailedTerm& t : host) {
        fields.push_back({uniqueKey("peak.host.", t.id, seen), t.bytes});
        total += t.bytes; // each host part is one GPU's share of 64-bit model states
    }
    fields.push_back({"peak.host_per_gpu", total});
}

void addLayerTensors(std::vector<ReportField>& fields, const std::string& prefix,
                     const std::vector<SavedTensor>& tensors, const LayerGeometry& geometry) {
    std::vector<std::string> seen;
    for (const DetailedTerm& t : savedTensorTerms(tensors, geometry, false)) {
        fields.push_back({uniqueKey(prefix, t.id, seen), t.bytes});
    }
}

void addRuntime(std::vector<ReportField>& fields, const Reconciliation& r) {
    fields.push_back({"runtime.allocated", r.allocated});
    for (const DetailedTerm& t : r.overhead) {
        fields.push_back({"runtime." + std::string(t.id), t.bytes});
    }
    fields.push_back({"runtime.reserved", r.reserved});
    fields.push_back({"runtime.nvidia_smi", r.nvidiaSmi});
}

} // namespace

DetailedOptions detailedOptions(const Scenario& scenario) {
    DetailedOptions options;
    options.pureBf16 = scenario.training.precision == Precision::Bf16;
    return options;
}

// Written in the estimate's own field: a DetailedEstimate moved into it would cost a slider step
// a few hundred instructions.
std::optional<InputError> attachDetailed(Estimate& e) {
    return attachDetailed(e, splitParameters(e.scenario.model, e.scenario.training.count));
}

std::optional<InputError> attachDetailed(Estimate& e,
                                         const std::optional<ParameterSplit>& parameters) {
    DetailedEstimate& detailed = e.detailed.emplace();
    const DetailedOptions options = detailedOptions(e.scenario);
    if (auto error = detailedEstimateInto(detailed, e.scenario, options, parameters)) {
        e.detailed.reset();
        return InputError{
            ErrorKind::Layout, blamedInput(e.scenario.parallel), {}, std::move(error->message)};
    }
    return std::nullopt;
}

void addDetailedFields(std::vector<ReportField>& fields, const Estimate& e) {
    if (!e.detailed) {
        return;
    }
    const DetailedEstimate& d = *e.detailed;
    for (ReportField& f : fields) {
        if (f.key == "activations.per_layer") {
            f.value = d.perLayer();
        }
    }
    addPerGpu(fields, d);
    addPeak(fields, d);
    addHost(fields, e);
    addLayerTensors(fields, "layer_tensors.", d.denseLayer, d.geometry);
    addLayerTensors(fields, "moe_layer_tensors.", d.moeLayer, d.geometry);
    addRuntime(fields, d.reconciliation);
}

} // namespace lgm
