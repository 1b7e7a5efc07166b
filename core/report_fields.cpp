#include "report_fields.h"

#include "detailed_report.h"
#include "input_table.h"

#include <charconv>
#include <cmath>

namespace lgm {

namespace {

FieldValue valueOf(const InputSpec& row, const Scenario& s) {
    const std::int64_t value = row.get(s);
    switch (row.kind) {
    case InputKind::Choice:
        return std::string(choiceName(row, value));
    case InputKind::Switch:
        return value != 0;
    case InputKind::Flags:
        return flagsText(row, value, '+'); // "q+v": a CSV cell holds no comma
    case InputKind::Fraction:
        return static_cast<double>(value) / double(kFractionScale);
    case InputKind::Integer:
        break;
    }
    return value;
}

// The rows of one section of the report: the inputs.* block, or the parallel set-up's keys.
void addInputs(std::vector<ReportField>& out, const Scenario& s, bool parallel) {
    for (const InputSpec& row : inputs()) {
        if ((row.section == Section::Parallel) == parallel) {
            out.push_back({std::string(row.reportKey), valueOf(row, s)});
        }
    }
}

void addParameters(std::vector<ReportField>& out, const ParameterCounts& p,
                   const FinetuneFigures& f) {
    out.push_back({"parameters.total", p.total});
    out.push_back({"parameters.approx", p.approx});
    out.push_back({"parameters.exact", p.exact});
    out.push_back({"parameters.embedding", p.embedding});
    out.push_back({"parameters.attention", p.attention});
    out.push_back({"parameters.ffn", p.ffn});
    out.push_back({"parameters.norm", p.norm});
    out.push_back({"parameters.per_layer", p.perLayer});
    out.push_back({"parameters.active", p.active});
    // Every other group under its id; the four above are already reported (embedding with the
    // position table, which also gets its own key).
    for (const ParameterGroup& g : p.groups) {
        if (g.id != "embedding" && g.id != "attention" && g.id != "ffn" && g.id != "norm") {
            out.push_back({"parameters." + std::string(g.id), g.total});
        }
    }
    out.push_back({"parameters.trainable", f.trainable});
    out.push_back({"parameters.frozen", f.frozen});
    out.push_back({"parameters.trainable_share", f.trainableShare});
}

// From the estimate's model states, not its terms: fine-tuning prices them by what they hold
// (trainable and frozen weights, the optimizer chosen), which the seed's Ψ terms do not know.
void addModelStates(std::vector<ReportField>& out, const Estimate& e) {
    const ModelStates& m = e.modelStates;
    out.push_back({"model_states.parameters", m.parameters});
    out.push_back({"model_states.gradients", m.gradients});
    out.push_back({"model_states.optimizer", m.optimizer});
    out.push_back({"model_states.total", m.total});
    out.push_back(
        {"model_states.bytes_per_parameter", static_cast<std::int64_t>(m.perParameter.total())});
}

void addActivations(std::vector<ReportField>& out, const Estimate& e) {
    const Activations& a = e.activations;
    for (const SeedTerm& t : e.terms) {
        if (t.kind() != TermKind::Activations) {
            continue;
        }
        if (t.id() != t.info->reportKey()) { // added to the key of the term before it
            out.back().value = std::get<std::int64_t>(out.back().value) + t.bytes;
        } else {
            out.push_back({std::string(t.id()), t.bytes});
        }
    }
    out.push_back({"activations.per_layer", a.bytesPerLayer});
    out.push_back({"activations.total", a.bytes});
    for (const SeedTerm& t : e.terms) {
        if (t.kind() == TermKind::Activations && t.id() == t.info->reportKey()) {
            out.push_back({std::string(t.id()) + "_per_layer", t.bytesPerLayer});
        }
    }
    out.push_back({"activations.bytes_per_element", static_cast<std::int64_t>(a.bytesPerElement)});
    out.push_back({"activations.lora_intermediate", e.finetune.loraActivations});
}

void addRatios(std::vector<ReportField>& out, const Estimate& e) {
    out.push_back({"ratio.actual", e.ratio.actual});
    out.push_back({"ratio.seed_formula", e.ratio.seedFormula});
    out.push_back({"ratio.linear_term", e.ratio.linearTerm});
    out.push_back({"ratio.quadratic_term", e.ratio.quadraticTerm});
    out.push_back({"crossover.seq", e.crossover.seq});
    out.push_back({"crossover.batch", e.crossover.batch});
    out.push_back({"crossover.quadratic_overtakes", e.crossover.quadraticOvertakes});
    out.push_back({"crossover.seq_actual", e.crossover.seqActual});
    out.push_back({"crossover.batch_actual", e.crossover.batchActual});
}

void addDistributed(std::vector<ReportField>& out, const Estimate& e) {
    addInputs(out, e.scenario, true);
    out.push_back({"global_batch", e.globalBatch});
    const PerGpu& g = e.perGpu;
    out.push_back({"per_gpu.parameters", g.parameters});
    out.push_back({"per_gpu.gradients", g.gradients});
    out.push_back({"per_gpu.optimizer", g.optimizer});
    out.push_back({"per_gpu.model_states", g.modelStates});
    out.push_back({"per_gpu.activations", g.activations});
    out.push_back({"per_gpu.total", g.total});
    out.push_back({"per_gpu.shard_group", g.shardGroup});
    out.push_back({"per_gpu.gathered_units", g.gatheredUnits});
    out.push_back({"per_gpu.gathered_parameters", g.gatheredParameters});
    out.push_back({"per_gpu.gathered_gradients", g.gatheredGradients});
    out.push_back({"per_gpu.bucket_copy", g.bucketCopy});
    // Host memory (ZeRO-Offload): one GPU's process, and one node's processes together.
    out.push_back({"cpu.per_gpu", e.finetune.cpuPerGpu});
    out.push_back({"cpu.per_node", e.finetune.cpuPerNode});
    out.push_back({"cpu.pinned_per_gpu", e.finetune.cpuPinned});
}

std::string quoted(const std::string& text) {
    std::string out = "\"";
    for (char ch : text) {
        if (ch == '"' || ch == '\\') {
            out += '\\';
        }
        out += ch;
    }
    return out + "\"";
}

std::string prefixOf(const std::string& key) {
    const auto dot = key.find('.');
    return dot == std::string::npos ? std::string{} : key.substr(0, dot);
}

} // namespace

std::vector<ReportField> reportFields(const Estimate& e) {
    std::vector<ReportField> out;
    out.reserve(96);
    addInputs(out, e.scenario, false);
    addParameters(out, e.parameters, e.finetune);
    addModelStates(out, e);
    addActivations(out, e);
    out.push_back({"total", e.total});
    addRatios(out, e);
    addDistributed(out, e);
    addDetailedFields(out, e);
    return out;
}

std::string formatValue(const FieldValue& value) {
    if (const auto* i = std::get_if<std::int64_t>(&value)) {
        return std::to_string(*i);
    }
    if (const auto* b = std::get_if<bool>(&value)) {
        return *b ? "true" : "false";
    }
    if (const auto* d = std::get_if<double>(&value)) {
        char buffer[32];
        const double finite = std::isfinite(*d) ? *d : 0.0; // the core never yields NaN or inf
        const auto result = std::to_chars(buffer, buffer + sizeof buffer, finite);
        return std::string(buffer, result.ptr);
    }
    return std::get<std::string>(value);
}

// Keys of one group are contiguous, so the nested objects can be written in one pass.
std::string toJson(const std::vector<ReportField>& fields) {
    std::string out = "{\n";
    std::string group;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        const ReportField& f = fields[i];
        const std::string prefix = prefixOf(f.key);
        if (prefix != group && !group.empty()) {
            out += "\n  },\n";
        } else if (i > 0) {
            out += ",\n";
        }
        if (prefix != group && !prefix.empty()) {
            out += "  " + quoted(prefix) + ": {\n";
        }
        group = prefix;
        const std::string name = prefix.empty() ? f.key : f.key.substr(prefix.size() + 1);
        const bool isText = std::holds_alternative<std::string>(f.value);
        out += (prefix.empty() ? "  " : "    ") + quoted(name) + ": " +
               (isText ? quoted(formatValue(f.value)) : formatValue(f.value));
    }
    out += group.empty() ? "\n}\n" : "\n  }\n}\n";
    return out;
}

std::string toCsv(const std::vector<ReportField>& fields) {
    std::string out = "key,value\n";
    for (const ReportField& f : fields) {
        out += f.key + "," + formatValue(f.value) + "\n";
    }
    return out;
}

} // namespace lgm
