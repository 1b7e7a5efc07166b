#include "input_table.h"

#include "input_bounds.h"
#include "input_rows_finetune.h"
#include "input_rows_model.h"
#include "input_rows_parallel.h"
#include "input_rows_training.h"

#include <QtGlobal>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <type_traits>
#include <utility>

namespace lgm {

namespace {
using namespace input_rows;

// The sections' rows, one after the other.
template <std::size_t... N>
constexpr std::array<InputSpec, (N + ...)> joined(const std::array<InputSpec, N>&... parts) {
    std::array<InputSpec, (N + ...)> out{};
    std::size_t at = 0;
    ((std::copy(parts.begin(), parts.end(), out.begin() + static_cast<std::ptrdiff_t>(at)),
      at += N),
     ...);
    return out;
}

// One row per input; the static_assert below keeps row i at InputId i.
constexpr std::array<InputSpec, kInputCount> kInputs =
    joined(kModelRows, kTrainingRows, kParallelRows, kFinetuneRows);

#undef LGM_MODEL
#undef LGM_MOE
#undef LGM_TRAINING
#undef LGM_PARALLEL
#undef LGM_TUNE

constexpr bool rowsInOrder() {
    for (std::size_t i = 0; i < kInputs.size(); ++i) {
        if (static_cast<std::size_t>(kInputs[i].id) != i) {
            return false;
        }
    }
    return true;
}
static_assert(rowsInOrder(), "row i of the input table must describe InputId i");

InputSet setOf(std::initializer_list<InputId> ids) {
    InputSet set;
    for (InputId id : ids) {
        set.set(static_cast<std::size_t>(id));
    }
    return set;
}

} // namespace

std::span<const InputSpec> inputs() {
    return kInputs;
}

const InputSpec& inputSpec(InputId id) {
    return kInputs[static_cast<std::size_t>(id)];
}

const InputSpec* inputByKey(std::string_view key) {
    for (const InputSpec& spec : kInputs) {
        if (spec.key == key) {
            return &spec;
        }
    }
    return nullptr;
}

const InputSpec* inputByOption(std::string_view option) {
    for (const InputSpec& spec : kInputs) {
        if (spec.option == option) {
            return &spec;
        }
    }
    return nullptr;
}

std::int64_t inputValue(const Scenario& scenario, InputId id) {
    return inputSpec(id).get(scenario);
}

namespace {

// Row I's check with its accessor and bounds as constants, so each row compiles to a load and a
// compare instead of an indirect call through the table (a third of an estimate's cost).
template <std::size_t I> bool outOfRange(const Scenario& s) {
    constexpr InputSpec row = kInputs[I];
    const std::int64_t value = row.get(s);
    return value < row.min || value > row.upper;
}

template <std::size_t... I>
std::optional<InputId> firstOutOfRange(const Scenario& s, std::index_sequence<I...>) {
    // Valid inputs (every estimate's) take one compare a row; only a refusal looks again for the
    // first row out of range, as a loop over the rows would.
    if (!(outOfRange<I>(s) || ...)) {
        return std::nullopt;
    }
    std::size_t bad = kInputCount;
    (void)((outOfRange<I>(s) ? (bad = I, true) : false) || ...);
    return static_cast<InputId>(bad);
}

} // namespace

std::optional<InputId> firstOutOfRange(const Scenario& scenario) {
    return firstOutOfRange(scenario, std::make_index_sequence<kInputCount>{});
}

void setInputValue(Scenario& scenario, InputId id, std::int64_t value) {
    inputSpec(id).set(scenario, value);
}

std::string_view choiceName(const InputSpec& spec, std::int64_t index) {
    if (index < 0 || index >= static_cast<std::int64_t>(spec.choices.size())) {
        return {};
    }
    return spec.choices[static_cast<std::size_t>(index)];
}

std::optional<std::int64_t> choiceIndex(const InputSpec& spec, std::string_view name) {
    for (std::size_t i = 0; i < spec.choices.size(); ++i) {
        if (spec.choices[i] == name) {
            return static_cast<std::int64_t>(i);
        }
    }
    return std::nullopt;
}

std::string flagsText(const InputSpec& spec, std::int64_t value, char separator) {
    const auto bits = static_cast<std::size_t>(std::bit_width(std::uint64_t(spec.max)));
    if (value == spec.max && spec.choices.size() > bits) {
        return std::string(spec.choices[bits]);
    }
    std::string text;
    for (std::size_t i = 0; i < bits && i < spec.choices.size(); ++i) {
        if (value & (std::int64_t{1} << i)) {
            if (!text.empty()) {
                text += separator;
            }
            text += spec.choices[i];
        }
    }
    return text;
}

std::optional<std::int64_t> flagsValue(const InputSpec& spec, std::string_view text) {
    const auto bits = static_cast<std::size_t>(std::bit_width(std::uint64_t(spec.max)));
    if (spec.choices.size() > bits && text == spec.choices[bits]) {
        return spec.max;
    }
    std::int64_t value = 0;
    while (true) {
        const std::size_t comma = text.find(',');
        const std::string_view name = text.substr(0, comma);
        std::size_t i = 0;
        while (i < bits && i < spec.choices.size() && spec.choices[i] != name) {
            ++i;
        }
        const std::int64_t bit = std::int64_t{1} << i;
        if (i >= bits || i >= spec.choices.size() || (value & bit)) {
            return std::nullopt; // unknown, empty or repeated
        }
        value |= bit;
        if (comma == std::string_view::npos) {
            break;
        }
        text.remove_prefix(comma + 1);
    }
    return value >= spec.min ? std::optional<std::int64_t>(value) : std::nullopt;
}

std::string fractionText(std::int64_t stored) {
    if (stored <= 0) {
        return "0";
    }
    std::string digits = std::to_string(stored % kFractionScale + kFractionScale).substr(1);
    while (!digits.empty() && digits.back() == '0') {
        digits.pop_back();
    }
    return std::to_string(stored / kFractionScale) + (digits.empty() ? "" : "." + digits);
}

std::optional<std::int64_t> parseFraction(std::string_view text, const InputSpec& spec) {
    const std::size_t dot = text.find('.');
    const std::string_view whole = text.substr(0, dot);
    const std::string_view decimals = dot == std::string_view::npos ? "" : text.substr(dot + 1);
    const auto digitsOnly = [](std::string_view part) {
        for (char ch : part) {
            if (ch < '0' || ch > '9') {
                return false;
            }
        }
        return true;
    };
    // "0.1", "0", ".5" and "0." are read; "1e-1", "-0", "0.1234" and "" are not.
    if (text.empty() || text == "." || whole.size() > 6 || decimals.size() > 3 ||
        !digitsOnly(whole) || !digitsOnly(decimals)) {
        return std::nullopt;
    }
    std::int64_t value = 0;
    for (char ch : whole) {
        value = value * 10 + (ch - '0');
    }
    value *= kFractionScale;
    std::int64_t scale = kFractionScale;
    for (char ch : decimals) {
        scale /= 10;
        value += (ch - '0') * scale;
    }
    if (value < spec.min || value > spec.max) {
        return std::nullopt;
    }
    return value;
}

InputSet ruleSources(DefaultRule rule) {
    switch (rule) {
    case DefaultRule::None:
        return {};
    case DefaultRule::FourD:
        return setOf({InputId::DModel});
    case DefaultRule::SeqOrZero:
        return setOf({InputId::SeqLen, InputId::PositionType});
    case DefaultRule::Heads:
        return setOf({InputId::Heads});
    case DefaultRule::DOverH:
        return setOf({InputId::DModel, InputId::Heads});
    case DefaultRule::Ffn:
        return setOf({InputId::Ffn});
    case DefaultRule::ExpertFfn:
        return setOf({InputId::ExpertFfn});
    }
    return {};
}

std::int64_t ruleValue(DefaultRule rule, const Scenario& s) {
    const ModelSpec& m = s.model;
    switch (rule) {
    case DefaultRule::None:
        return 0;
    case DefaultRule::FourD:
        return 4 * m.dModel;
    case DefaultRule::SeqOrZero:
        return m.positionType == PositionType::Learned ? s.training.seqLen : 0;
    case DefaultRule::Heads:
        return m.heads;
    case DefaultRule::DOverH:
        return m.heads > 0 ? std::max<std::int64_t>(1, m.dModel / m.heads) : 1;
    case DefaultRule::Ffn:
        return m.ffn;
    case DefaultRule::ExpertFfn:
        return m.moe.expertFfn;
    }
    return 0;
}

void applyDefaultRules(Scenario& scenario, InputSet given) {
    // Row order puts every rule after the inputs it reads (f before f_e before the shared width),
    // so one pass follows chains: an explicit f without f_e gives f_e = f.
    InputSet changed = given;
    for (const InputSpec& spec : kInputs) {
        const auto row = static_cast<std::size_t>(spec.id);
        if (spec.rule == DefaultRule::None || given.test(row)) {
            continue;
        }
        if ((ruleSources(spec.rule) & changed).any()) {
            spec.set(scenario, ruleValue(spec.rule, scenario));
            changed.set(row);
        }
    }
}

void applyArchitecture(ModelSpec& m, Architecture family) {
    m.family = family;
    const auto layout = [&m](NormType norm, FfnType ffn, BiasMode bias, PositionType positions,
                             bool tied) {
        m.norm = norm;
        m.ffnType = ffn;
        m.bias = bias;
        m.positionType = positions;
        m.tiedHead = tied;
        m.normsPerLayer = 2;
        m.finalNorm = true;
        m.parallelResidual = false;
        m.qkNorm = QkNorm::None;
    };
    switch (family) {
    case Architecture::Gpt2:
        layout(NormType::LayerNorm, FfnType::Plain, BiasMode::All, PositionType::Learned, true);
        break;
    case Architecture::Llama:
    case Architecture::Moe:
        layout(NormType::RmsNorm, FfnType::Gated, BiasMode::None, PositionType::Rotary, false);
        break;
    case Architecture::Qwen2:
        layout(NormType::RmsNorm, FfnType::Gated, BiasMode::QkvOnly, PositionType::Rotary, false);
        break;
    case Architecture::Gemma:
        layout(NormType::RmsNorm, FfnType::Gated, BiasMode::None, PositionType::Rotary, true);
        break;
    case Architecture::NeoX:
        layout(NormType::LayerNorm, FfnType::Plain, BiasMode::All, PositionType::Rotary, false);
        m.parallelResidual = true;
        break;
    case Architecture::Custom:
        break; // keeps every structural input as it is
    }
    if (m.positionType == PositionType::Rotary) {
        m.positions = 0;
    }
}

InputSet architectureInputs() {
    return setOf({InputId::Norm, InputId::FfnType, InputId::Bias, InputId::PositionType,
                  InputId::TiedHead, InputId::NormsPerLayer, InputId::FinalNorm,
                  InputId::ParallelResidual, InputId::QkNorm, InputId::Positions});
}

} // namespace lgm
