#include "finetune.h"

#include <algorithm>
#include <limits>
#include <tuple>

namespace lgm {

namespace {

__extension__ using Wide = __int128;
constexpr Wide kMax = std::numeric_limits<std::int64_t>::max();

constexpr std::pair<unsigned, std::string_view> kTargetNames[] = {
    {kLoraQ, "q"},       {kLoraK, "k"},   {kLoraV, "v"},      {kLoraO, "o"},
    {kLoraGate, "gate"}, {kLoraUp, "up"}, {kLoraDown, "down"}};

Wide ceilDiv(Wide a, Wide b) {
    return (a + b - 1) / b;
}

bool selected(const ModelSpec& m, WeightRole role, unsigned targets) {
    const bool latent = m.mla.kvLoraRank > 0; // MLA's kv_a/kv_b carry both K and V
    switch (role) {
    case WeightRole::Query:
        return targets & kLoraQ;
    case WeightRole::Key:
        return targets & (latent ? (kLoraK | kLoraV) : kLoraK);
    case WeightRole::Value:
        return targets & kLoraV;
    case WeightRole::Output:
        return targets & kLoraO;
    case WeightRole::Gate:
        return targets & kLoraGate;
    case WeightRole::Up:
        return targets & kLoraUp;
    case WeightRole::Down:
        return targets & kLoraDown;
    default:
        return false;
    }
}

bool isQkv(WeightRole r) {
    return r == WeightRole::Query || r == WeightRole::Key || r == WeightRole::Value;
}

std::optional<std::int64_t> narrow(Wide n) {
    if (n < 0 || n > kMax) {
        return std::nullopt;
    }
    return std::int64_t(n);
}

} // namespace

std::string_view toString(FinetuneMethod m) {
    switch (m) {
    case FinetuneMethod::Full:
        return "full";
    case FinetuneMethod::Lora:
        return "lora";
    case FinetuneMethod::Qlora:
        return "qlora";
    }
    return "full";
}

std::optional<FinetuneMethod> finetuneMethodFromString(std::string_view text) {
    for (FinetuneMethod m : {FinetuneMethod::Full, FinetuneMethod::Lora, FinetuneMethod::Qlora}) {
        if (toString(m) == text) {
            return m;
        }
    }
    return std::nullopt;
}

std::optional<unsigned> loraTargetsFromString(std::string_view text) {
    if (text == "all-linear") {
        return kLoraAllLinear;
    }
    unsigned targets = 0;
    while (true) {
        const std::size_t comma = text.find(',');
        const std::string_view name = text.substr(0, comma);
        const auto* hit = std::find_if(std::begin(kTargetNames), std::end(kTargetNames),
                                       [&](const auto& t) { return t.second == name; });
        if (hit == std::end(kTargetNames)) {
            return std::nullopt;
        }
        targets |= hit->first;
        if (comma == std::string_view::npos) {
            return targets;
        }
        text.remove_prefix(comma + 1);
    }
}

std::string loraTargetsToString(unsigned targets) {
    if ((targets & kLoraAllLinear) == kLoraAllLinear) {
        return "all-linear";
    }
    std::string out;
    for (const auto& [bit, name] : kTargetNames) {
        if (targets & bit) {
            out += (out.empty() ? "" : ",") + std::string(name);
        }
    }
    return out;
}

bool fusedQkvByDefault(Architecture family) {
    return family == Architecture::Gpt2 || family == Architecture::NeoX;
}

std::optional<std::vector<WeightTensor>> adaptedMatrices(const ModelSpec& m,
                                                         const LoraSettings& lora) {
    const auto all = weightTensors(m);
    if (!all) {
        return std::nullopt;
    }
    std::vector<WeightTensor> out;
    const bool fused = lora.fusedQkv && m.mla.kvLoraRank == 0;
    if (fused && (lora.targets & (kLoraQ | kLoraK | kLoraV))) {
        const Wide width = (Wide(m.heads) + 2 * Wide(m.kvHeads)) * m.headDim;
        if (width > kMax) {
            return std::nullopt;
        }
        out.push_back({WeightRole::Query, m.dModel, std::int64_t(width), m.layers, false});
    }
    for (const WeightTensor& t : *all) {
        if (t.isMatrix() && !(fused && isQkv(t.role)) && selected(m, t.role, lora.targets)) {
            out.push_back(t);
        }
    }
    return out;
}

std::optional<std::vector<WeightTensor>> loraTensors(const ModelSpec& m, const LoraSettings& lora) {
    const auto adapted = adaptedMatrices(m, lora);
    if (!adapted || lora.rank < 1) {
        return std::nullopt;
    }
    std::vector<WeightTensor> out;
    for (const WeightTensor& t : *adapted) {
        out.push_back({t.role, t.dIn, lora.rank, t.count, t.expert});  // lora_A: r × d_in
        out.push_back({t.role, lora.rank, t.dOut, t.count, t.expert}); // lora_B: d_out × r
    }
    if (!totalElements(out)) {
        return std::nullopt;
    }
    return out;
}

std::optional<std::int64_t> loraTrainableParameters(const ModelSpec& m, const LoraSettings& lora) {
    const auto tensors = loraTensors(m, lora);
    return tensors ? totalElements(*tensors) : std::nullopt;
}

std::optional<std::int64_t> nf4Bytes(std::int64_t n, const Nf4Options& o) {
    if (n < 0 || o.blockSize < 1) {
        return std::nullopt;
    }
    if (n == 0) {
        return 0;
    }
    const Wide blocks = ceilDiv(n, o.blockSize);
    Wide bytes = (Wide(n) + 1) / 2 + 16 * 4; // packed pairs + the 4-bit code table
    if (o.doubleQuant) {
        bytes += blocks + 4 * ceilDiv(blocks, 256) + 256 * 4 + 4;
    } else {
        bytes += 4 * blocks;
    }
    return narrow(bytes);
}

bool quantizedUnderQlora(const WeightTensor& t) {
    switch (t.role) {
    case WeightRole::Embedding:
    case WeightRole::Positions:
    case WeightRole::Head:
    case WeightRole::Vector:
        return false;
    default:
        return t.isMatrix();
    }
}

std::optional<std::int64_t> frozenWeightBytes(const ModelSpec& m, FinetuneMethod method,
                                              std::int64_t width, const Nf4Options& nf4) {
    const auto all = weightTensors(m);
    if (!all || width < 0) {
        return std::nullopt;
    }
    if (method == FinetuneMethod::Full) {
        return 0;
    }
    Wide sum = 0;
    for (const WeightTensor& t : *all) {
        if (method == FinetuneMethod::Qlora && quantizedUnderQlora(t)) {
            const auto one = nf4Bytes(t.elements(), nf4);
            if (!one) {
                return std::nullopt;
            }
            sum += Wide(*one) * t.count;
        } else {
            sum += Wide(t.elements()) * t.count * width;
        }
        if (sum > kMax) {
            return std::nullopt;
        }
    }
    return narrow(sum);
}

std::optional<AdapterActivations> adapterActivationBytes(const ModelSpec& m,
                                                         const LoraSettings& lora,
                                                         std::int64_t tokens, std::int64_t width,
                                                         bool dropout) {
    const auto adapted = adaptedMatrices(m, lora);
    if (!adapted || tokens < 0 || width < 0 || width > 16 || lora.rank < 1) {
        return std::nullopt;
    }
    // Inputs read by several adapted matrices of one layer are one tensor: Q/K/V read the
    // attention input, gate and up the FFN input.
    std::vector<std::tuple<int, std::int64_t, std::int64_t, bool>> shared;
    Wide inputs = 0, intermediate = 0;
    for (const WeightTensor& t : *adapted) {
        // Token-rows this matrix sees over the model: routed experts get topK of every token.
        const Wide rows = t.expert ? Wide(t.count) / std::max<std::int64_t>(m.moe.experts, 1) *
                                         std::min(m.moe.topK, m.moe.experts) * tokens
                                   : Wide(t.count) * tokens;
        const Wide mid = rows * lora.rank, in = rows * t.dIn;
        if (rows > kMax || mid > kMax || in > kMax) {
            return std::nullopt;
        }
        intermediate += mid * width;
        if (dropout) {
            inputs += in * (width + 1); // the dropped copy and its bool mask
            if (inputs > kMax || intermediate > kMax) {
                return std::nullopt;
            }
            continue;
        }
        const int group = isQkv(t.role) && t.dIn == m.dModel                         ? 1
                          : (t.role == WeightRole::Gate || t.role == WeightRole::Up) ? 2
                                                                                     : 0;
        const auto key = std::make_tuple(group, t.count, t.dIn, t.expert);
        if (group != 0 && std::find(shared.begin(), shared.end(), key) != shared.end()) {
            continue;
        }
        if (group != 0) {
            shared.push_back(key);
        }
        inputs += in * width;
        if (inputs > kMax || intermediate > kMax) {
            return std::nullopt;
        }
    }
    const auto in = narrow(inputs), mid = narrow(intermediate);
    if (!in || !mid) {
        return std::nullopt;
    }
    return AdapterActivations{*in, *mid};
}

} // namespace lgm
