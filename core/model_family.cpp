#include "model_family.h"

#include <array>
#include <utility>

namespace lgm {

namespace {

template <typename E, std::size_t N>
std::optional<E> lookUp(const std::array<std::pair<std::string_view, E>, N>& names,
                        std::string_view text) {
    for (const auto& [name, value] : names) {
        if (name == text) {
            return value;
        }
    }
    return std::nullopt;
}

constexpr std::array<std::pair<std::string_view, Architecture>, 7> kArchitectures{{
    {"gpt2", Architecture::Gpt2},
    {"llama", Architecture::Llama},
    {"qwen2", Architecture::Qwen2},
    {"gemma", Architecture::Gemma},
    {"neox", Architecture::NeoX},
    {"moe", Architecture::Moe},
    {"custom", Architecture::Custom},
}};

// The structure every family shares except where it says otherwise: Llama's.
void setLlamaStructure(ModelSpec& m) {
    m.norm = NormType::RmsNorm;
    m.ffnType = FfnType::Gated;
    m.bias = BiasMode::None;
    m.positionType = PositionType::Rotary;
    m.tiedHead = false;
    m.normsPerLayer = 2;
    m.finalNorm = true;
    m.parallelResidual = false;
    m.qkNorm = QkNorm::None;
}

void setGpt2Structure(ModelSpec& m) {
    m.norm = NormType::LayerNorm;
    m.ffnType = FfnType::Plain;
    m.bias = BiasMode::All;
    m.positionType = PositionType::Learned;
    m.tiedHead = true;
    m.normsPerLayer = 2;
    m.finalNorm = true;
    m.parallelResidual = false;
    m.qkNorm = QkNorm::None;
}

// No MLA, sinks or embedding projection: the extras only an imported model has.
bool noExtras(const ModelSpec& m) {
    return m.qkNorm == QkNorm::None && !m.attentionSinks && m.embeddingProjection == 0 &&
           m.mla.kvLoraRank == 0 && m.finalNorm;
}

} // namespace

ModelSpec withFamilyStructure(ModelSpec m, Architecture family) {
    switch (family) {
    case Architecture::Gpt2:
        setGpt2Structure(m);
        break;
    case Architecture::NeoX:
        setGpt2Structure(m);
        m.positionType = PositionType::Rotary;
        m.tiedHead = false;
        m.parallelResidual = true;
        break;
    case Architecture::Llama:
    case Architecture::Moe:
        setLlamaStructure(m);
        break;
    case Architecture::Qwen2:
        setLlamaStructure(m);
        m.bias = BiasMode::QkvOnly;
        break;
    case Architecture::Gemma:
        setLlamaStructure(m);
        m.tiedHead = true;
        break;
    case Architecture::Custom:
        return m;
    }
    m.family = family;
    return m;
}

Architecture matchingFamily(const ModelSpec& m) {
    if (!noExtras(m)) {
        return Architecture::Custom;
    }
    const bool moe = m.moe.experts > 1;
    if (moe && (m.moe.sharedExperts > 0 || m.moe.routerBias || m.moe.firstDenseLayers > 0)) {
        return Architecture::Custom;
    }
    // Gemma's 4 norms per layer are part of the family (Gemma-2/3); every other family has 2.
    for (const Architecture family : {Architecture::Gpt2, Architecture::NeoX, Architecture::Llama,
                                      Architecture::Qwen2, Architecture::Gemma}) {
        ModelSpec structured = withFamilyStructure(m, family);
        if (family == Architecture::Gemma) {
            structured.normsPerLayer = m.normsPerLayer == 4 ? 4 : 2;
        }
        structured.family = m.family;
        if (structured == m) {
            return moe ? (family == Architecture::Llama ? Architecture::Moe : Architecture::Custom)
                       : family;
        }
    }
    return Architecture::Custom;
}

std::string_view toString(Architecture value) {
    for (const auto& [name, a] : kArchitectures) {
        if (a == value) {
            return name;
        }
    }
    return "custom";
}

std::optional<Architecture> architectureFromString(std::string_view text) {
    return lookUp(kArchitectures, text);
}

std::optional<NormType> normTypeFromString(std::string_view text) {
    constexpr std::array<std::pair<std::string_view, NormType>, 3> names{{
        {"layernorm", NormType::LayerNorm},
        {"rmsnorm", NormType::RmsNorm},
        {"none", NormType::NonParametric},
    }};
    return lookUp(names, text);
}

std::optional<FfnType> ffnTypeFromString(std::string_view text) {
    constexpr std::array<std::pair<std::string_view, FfnType>, 2> names{{
        {"plain", FfnType::Plain},
        {"gated", FfnType::Gated},
    }};
    return lookUp(names, text);
}

std::optional<BiasMode> biasModeFromString(std::string_view text) {
    constexpr std::array<std::pair<std::string_view, BiasMode>, 4> names{{
        {"all", BiasMode::All},
        {"qkv", BiasMode::QkvOnly},
        {"none", BiasMode::None},
        {"attention", BiasMode::Attention},
    }};
    return lookUp(names, text);
}

std::optional<PositionType> positionTypeFromString(std::string_view text) {
    constexpr std::array<std::pair<std::string_view, PositionType>, 2> names{{
        {"learned", PositionType::Learned},
        {"rotary", PositionType::Rotary},
    }};
    return lookUp(names, text);
}

std::optional<QkNorm> qkNormFromString(std::string_view text) {
    constexpr std::array<std::pair<std::string_view, QkNorm>, 3> names{{
        {"none", QkNorm::None},
        {"per-head", QkNorm::PerHead},
        {"full", QkNorm::Full},
    }};
    return lookUp(names, text);
}

} // namespace lgm
