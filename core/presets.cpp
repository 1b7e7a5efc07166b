#include "presets.h"

#include "bounded_file_reader.h"
#include "input_table.h"
#include "model_family.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

// The resource is compiled into an object library; referencing its initialiser here keeps a
// static link from dropping it.
inline void initPresetResource() {
    Q_INIT_RESOURCE(presets);
}

namespace lgm {

namespace {

// The notes of presets.json, listed so that lupdate extracts them for translation.
[[maybe_unused]] constexpr const char* kNotes[] = {
    QT_TRANSLATE_NOOP("Presets",
                      "Table 2.1 of the GPT-3 paper prints 24 heads of size 128 for this model, "
                      "but 24 × 128 = 3072, not d = 2048; the heads are kept as printed."),
    QT_TRANSLATE_NOOP("Presets", "Table 2.1 of the GPT-3 paper prints d = 5140, which 40 heads "
                                 "do not divide (5120 would be 40 × 128); d is kept as printed."),
};

std::int64_t integer(const QJsonObject& o, const char* key, std::int64_t fallback) {
    const QJsonValue v = o.value(QLatin1String(key));
    return v.isDouble() ? v.toInteger() : fallback;
}

bool flag(const QJsonObject& o, const char* key, bool fallback) {
    const QJsonValue v = o.value(QLatin1String(key));
    return v.isBool() ? v.toBool() : fallback;
}

template <typename E, typename Parse>
E choice(const QJsonObject& o, const char* key, E fallback, Parse parse) {
    const auto parsed = parse(o.value(QLatin1String(key)).toString().toStdString());
    return parsed ? *parsed : fallback;
}

// The rows of GPT-2, GPT-3 and OPT: the lecture note's layout with v, d, L, h, f and P.
ModelSpec gpt2LayoutModel(const Preset& p) {
    ModelSpec m;
    m.vocab = p.vocab;
    m.dModel = p.dModel;
    m.layers = p.layers;
    m.heads = p.heads;
    m.kvHeads = p.heads;
    m.headDim = p.heads > 0 ? p.dModel / p.heads : 0;
    m.ffn = p.ffn;
    m.positions = p.positions;
    return m;
}

// A row with "architecture": the family's structure, then the model keys of KEYS.md the row
// gives, each overriding the family; the default rules g = h, head_dim = d/h, P = 0 (rotary).
ModelSpec modelFrom(const QJsonObject& o, const Preset& p, Architecture family) {
    ModelSpec m = withFamilyStructure(gpt2LayoutModel(p), family);
    m.norm = choice(o, "norm", m.norm, normTypeFromString);
    m.ffnType = choice(o, "ffn_type", m.ffnType, ffnTypeFromString);
    m.bias = choice(o, "bias", m.bias, biasModeFromString);
    m.positionType = choice(o, "position_type", m.positionType, positionTypeFromString);
    m.qkNorm = choice(o, "qk_norm", m.qkNorm, qkNormFromString);
    m.normsPerLayer = integer(o, "norms_per_layer", m.normsPerLayer);
    m.finalNorm = flag(o, "final_norm", m.finalNorm);
    m.tiedHead = flag(o, "tied_head", m.tiedHead);
    m.parallelResidual = flag(o, "parallel_residual", m.parallelResidual);
    m.kvHeads = integer(o, "kv_heads", m.heads);
    m.headDim = integer(o, "head_dim", m.headDim);
    m.positions = m.positionType == PositionType::Learned ? p.positions : 0;
    MoeSpec& e = m.moe;
    e.experts = integer(o, "experts", 1);
    e.topK = integer(o, "top_k", 1);
    e.expertFfn = integer(o, "expert_ffn", m.ffn);
    e.sharedExperts = integer(o, "shared_experts", 0);
    e.sharedFfn = integer(o, "shared_ffn", e.expertFfn);
    e.sharedGate = flag(o, "shared_gate", false);
    e.routerBias = flag(o, "router_bias", false);
    e.firstDenseLayers = integer(o, "first_dense_layers", 0);
    m.family = matchingFamily(m);
    return m;
}

Preset presetFrom(const QJsonObject& o) {
    Preset p;
    p.name = o.value(u"name").toString().toStdString();
    p.family = o.value(u"family").toString().toStdString();
    p.source = o.value(u"source").toString().toStdString();
    p.note = o.value(u"note").toString().toStdString();
    p.vocab = o.value(u"vocab").toInteger();
    p.dModel = o.value(u"d_model").toInteger();
    p.layers = o.value(u"layers").toInteger();
    p.heads = o.value(u"heads").toInteger();
    p.ffn = o.value(u"ffn").toInteger();
    p.seqLen = o.value(u"seq").toInteger();
    p.positions = o.value(u"positions").toInteger();
    p.nominalParameters = o.value(u"nominal_parameters").toInteger();
    p.activeParameters = o.value(u"active_parameters").toInteger(p.nominalParameters);
    const auto family = architectureFromString(
        o.value(u"architecture").toString(QStringLiteral("gpt2")).toStdString());
    p.gpt2Layout = !o.contains(u"architecture");
    p.model =
        p.gpt2Layout ? gpt2LayoutModel(p) : modelFrom(o, p, family.value_or(Architecture::Custom));
    return p;
}

std::vector<Preset> loadPresets() {
    initPresetResource();
    const auto bytes = readBoundedFile(QStringLiteral(":/lgm/presets.json"));
    if (!bytes) {
        return {};
    }
    const QJsonArray rows =
        QJsonDocument::fromJson(bytes.value()).object().value(u"presets").toArray();
    std::vector<Preset> presets;
    presets.reserve(static_cast<std::size_t>(rows.size()));
    for (const QJsonValue& row : rows) {
        presets.push_back(presetFrom(row.toObject()));
    }
    return presets;
}

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
        return lower(x) == lower(y);
    });
}

std::optional<Preset> findIn(const std::vector<Preset>& presets, std::string_view name) {
    for (const Preset& p : presets) {
        if (equalsIgnoringCase(p.name, name)) {
            return p;
        }
    }
    return std::nullopt;
}

} // namespace

const std::vector<Preset>& modelPresets() {
    static const std::vector<Preset> presets = loadPresets();
    return presets;
}

const std::vector<Preset>& builtinPresets() {
    static const std::vector<Preset> presets = [] {
        std::vector<Preset> gpt2;
        for (const Preset& p : modelPresets()) {
            if (p.gpt2Layout) {
                gpt2.push_back(p);
            }
        }
        return gpt2;
    }();
    return presets;
}

std::optional<Preset> findPreset(std::string_view name) {
    return findIn(builtinPresets(), name);
}

std::optional<Preset> findModelPreset(std::string_view name) {
    return findIn(modelPresets(), name);
}

Config applyPreset(Config config, const Preset& preset) {
    config.vocab = preset.vocab;
    config.dModel = preset.dModel;
    config.layers = preset.layers;
    config.heads = preset.heads;
    config.ffn = preset.ffn;
    config.seqLen = preset.seqLen;
    config.positions = preset.positions;
    return config;
}

Scenario applyPreset(Scenario scenario, const Preset& preset) {
    if (!preset.gpt2Layout) {
        scenario.model = preset.model; // today's families: the whole architecture
        scenario.training.seqLen = preset.seqLen;
        return scenario;
    }
    applyArchitecture(scenario.model, Architecture::Gpt2);
    InputSet given;
    const auto set = [&](InputId id, std::int64_t value) {
        setInputValue(scenario, id, value);
        given.set(static_cast<std::size_t>(id));
    };
    set(InputId::Vocab, preset.vocab);
    set(InputId::DModel, preset.dModel);
    set(InputId::Layers, preset.layers);
    set(InputId::Heads, preset.heads);
    set(InputId::Ffn, preset.ffn);
    set(InputId::SeqLen, preset.seqLen);
    set(InputId::Positions, preset.positions);
    applyDefaultRules(scenario, given);
    scenario.model.moe = MoeSpec{};
    scenario.model.moe.expertFfn = preset.ffn;
    return scenario;
}

QString translatedNote(const Preset& preset) {
    if (preset.note.empty()) {
        return {};
    }
    return QCoreApplication::translate("Presets", preset.note.c_str());
}

} // namespace lgm
