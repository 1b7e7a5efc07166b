#include "hf_config.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <cmath>
#include <optional>
#include <set>

namespace lgm {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("HfConfig", text);
}

// Integers above 2^53 are not exact in JSON's doubles; no model dimension comes near.
constexpr double kLargestInteger = 9007199254740992.0;

// Reads keys of one config object. The first fault is kept and later reads return fallbacks, so
// a type's reader is a straight list of keys and the caller checks error() once.
class Reader {
public:
    explicit Reader(const QJsonObject& object) : m_object(object) {}

    const std::optional<HfConfigError>& error() const { return m_error; }

    // A required positive integer.
    std::int64_t integer(const char* key) {
        const QJsonValue v = m_object.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull()) {
            fail(HfConfigError::Kind::MissingKey, key, tr("config.json: missing key \"%1\""));
            return 1;
        }
        return checkedInteger(key, v, 1);
    }

    // An optional integer of at least `least`; absent or null gives the type's default.
    std::int64_t integer(const char* key, std::int64_t fallback, std::int64_t least = 1) {
        const QJsonValue v = m_object.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull()) {
            return fallback;
        }
        return checkedInteger(key, v, least);
    }

    // An optional integer where null means "none" (0), unlike an absent key, which gets the
    // type's default: DeepSeek's q_lora_rank.
    std::int64_t integerOrNone(const char* key, std::int64_t absent) {
        const QJsonValue v = m_object.value(QLatin1String(key));
        if (v.isNull()) {
            return 0;
        }
        return v.isUndefined() ? absent : checkedInteger(key, v, 1);
    }

    bool flag(const char* key, bool fallback) {
        const QJsonValue v = m_object.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull()) {
            return fallback;
        }
        if (!v.isBool()) {
            fail(HfConfigError::Kind::WrongType, key,
                 tr("config.json: \"%1\" must be true or false"));
            return fallback;
        }
        return v.toBool();
    }

    // An optional list of layer indices (mlp_only_layers); absent or null is empty.
    std::set<std::int64_t> indices(const char* key) {
        std::set<std::int64_t> out;
        const QJsonValue v = m_object.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            fail(HfConfigError::Kind::WrongType, key,
                 tr("config.json: \"%1\" must be a list of layer indices"));
            return out;
        }
        for (const QJsonValue& item : v.toArray()) {
            const double n = item.toDouble(-1.0);
            if (!item.isDouble() || n < 0 || n > kLargestInteger || n != std::floor(n)) {
                fail(HfConfigError::Kind::WrongType, key,
                     tr("config.json: \"%1\" must be a list of layer indices"));
                return {};
            }
            out.insert(static_cast<std::int64_t>(n));
        }
        return out;
    }

    // A variant of a supported type that the architecture description does not cover.
    void unsupported(const char* key, const QString& type) {
        if (!m_error) {
            m_error = HfConfigError{
                HfConfigError::Kind::Unsupported, QString::fromLatin1(key),
                tr("config.json: this value of \"%1\" is not supported for model_type \"%2\"")
                    .arg(QLatin1String(key), type)};
        }
    }

private:
    std::int64_t checkedInteger(const char* key, const QJsonValue& v, std::int64_t least) {
        const double n = v.toDouble();
        if (!v.isDouble() || n != std::floor(n) || n < double(least) || n > kLargestInteger) {
            fail(HfConfigError::Kind::WrongType, key,
                 least > 0 ? tr("config.json: \"%1\" must be a whole number of at least 1")
                           : tr("config.json: \"%1\" must be a whole number of at least 0"));
            return least > 0 ? least : 0;
        }
        return static_cast<std::int64_t>(n);
    }

    void fail(HfConfigError::Kind kind, const char* key, const QString& pattern) {
        if (!m_error) {
            m_error = HfConfigError{kind, QString::fromLatin1(key),
                                    pattern.arg(QString::fromLatin1(key))};
        }
    }

    QJsonObject m_object;
    std::optional<HfConfigError> m_error;
};

// What a type's reader fills in, besides the shape keys every decoder shares.
struct TypeRules {
    std::int64_t headDim = 0;      // the type's default head_dim; 0 = hidden / heads
    std::int64_t maxPositions = 0; // max_position_embeddings when the file has none
    bool tied = false;             // tie_word_embeddings when the file has none
    std::int64_t kvHeads = 0;      // num_key_value_heads when the file has none; 0 = heads
};

// The decoder shape shared by Llama and its descendants: RMSNorm, gated FFN, rotary positions,
// no biases, an untied head unless the file ties it.
void readDecoder(Reader& r, HfModel& out, const TypeRules& rules) {
    ModelSpec& m = out.model;
    m.vocab = r.integer("vocab_size");
    m.dModel = r.integer("hidden_size");
    m.layers = r.integer("num_hidden_layers");
    m.heads = r.integer("num_attention_heads");
    m.ffn = r.integer("intermediate_size");
    m.kvHeads = r.integer("num_key_value_heads", rules.kvHeads > 0 ? rules.kvHeads : m.heads);
    const std::int64_t byWidth = m.dModel / m.heads; // transformers' floor division
    m.headDim = r.integer("head_dim",
                          rules.headDim > 0 ? rules.headDim : std::max<std::int64_t>(byWidth, 1));
    out.maxPositions = r.integer("max_position_embeddings", rules.maxPositions);
    m.tiedHead = r.flag("tie_word_embeddings", rules.tied);
    m.norm = NormType::RmsNorm;
    m.ffnType = FfnType::Gated;
    m.bias = BiasMode::None;
    m.positionType = PositionType::Rotary;
    m.positions = 0;
    m.normsPerLayer = 2;
    m.finalNorm = true;
    m.parallelResidual = false;
    m.qkNorm = QkNorm::None;
}

// Llama-type attention_bias (Q, K, V, O) and mlp_bias (the three FFN matrices).
void readLlamaBiases(Reader& r, HfModel& out) {
    const bool attention = r.flag("attention_bias", false);
    const bool mlp = r.flag("mlp_bias", false);
    if (mlp && !attention) {
        r.unsupported("mlp_bias", out.modelType);
    }
    out.model.bias = attention ? (mlp ? BiasMode::All : BiasMode::Attention) : BiasMode::None;
}

void readLlama(Reader& r, HfModel& out) {
    readDecoder(r, out, {0, 2048, false});
    readLlamaBiases(r, out);
}

void readMistral(Reader& r, HfModel& out) {
    readDecoder(r, out, {0, 4096 * 32, false, 8});
}

void readSmolLm3(Reader& r, HfModel& out) {
    readDecoder(r, out, {0, 32768, true, 4});
    readLlamaBiases(r, out);
}

void readPhi3(Reader& r, HfModel& out) {
    // qkv_proj and gate_up_proj are fused, which changes no count.
    readDecoder(r, out, {0, 4096, false});
}

void readOlmo(Reader& r, HfModel& out) {
    readDecoder(r, out, {0, 2048, false});
    readLlamaBiases(r, out);
    out.model.norm = NormType::NonParametric; // LayerNorm without gain or bias
}

void readOlmo2(Reader& r, HfModel& out) {
    readDecoder(r, out, {0, 2048, false});
    readLlamaBiases(r, out);
    out.model.qkNorm = QkNorm::Full; // RMSNorm over all of Q and all of K
}

void readQwen2(Reader& r, HfModel& out) {
    readDecoder(r, out, {0, 32768, false, 32});
    out.model.bias = BiasMode::QkvOnly;
}

void readQwen3(Reader& r, HfModel& out) {
    readDecoder(r, out, {128, 32768, false, 32});
    out.model.bias = r.flag("attention_bias", false) ? BiasMode::Attention : BiasMode::None;
    out.model.qkNorm = QkNorm::PerHead;
}

void readGemma(Reader& r, HfModel& out, const TypeRules& rules) {
    readDecoder(r, out, rules);
    out.model.tiedHead = true; // GemmaForCausalLM ties the head whatever the file says
    out.model.bias = r.flag("attention_bias", false) ? BiasMode::Attention : BiasMode::None;
}

void readGemma1(Reader& r, HfModel& out) {
    readGemma(r, out, {256, 8192, true, 16});
}

void readGemma2(Reader& r, HfModel& out) {
    readGemma(r, out, {256, 8192, true, 4});
    out.model.normsPerLayer = 4; // norms before and after attention and the FFN
}

void readGemma3(Reader& r, HfModel& out) {
    readGemma(r, out, {256, 131072, true, 4});
    out.model.normsPerLayer = 4;
    out.model.qkNorm = QkNorm::PerHead;
}

// Routed experts on every layer whose index is not listed in mlp_only_layers and is a multiple
// of decoder_sparse_step (counting from 1); the count depends only on how many layers are dense.
std::int64_t denseLayerCount(Reader& r, std::int64_t layers, std::int64_t experts) {
    const std::int64_t step = r.integer("decoder_sparse_step", 1);
    const std::set<std::int64_t> dense = r.indices("mlp_only_layers");
    std::int64_t n = 0;
    for (std::int64_t i = 0; i < layers && i < 1000000; ++i) {
        if (dense.count(i) > 0 || experts == 0 || (i + 1) % step != 0) {
            ++n;
        }
    }
    return n;
}

void readMixtral(Reader& r, HfModel& out) {
    readDecoder(r, out, {0, 4096 * 32, false, 8});
    MoeSpec& e = out.model.moe;
    e.experts = r.integer("num_local_experts", 8);
    e.topK = r.integer("num_experts_per_tok", 2);
    e.expertFfn = out.model.ffn; // intermediate_size is each expert's width
}

void readQwen2Moe(Reader& r, HfModel& out) {
    readDecoder(r, out, {0, 32768, false, 16});
    out.model.bias = r.flag("qkv_bias", true) ? BiasMode::QkvOnly : BiasMode::None;
    MoeSpec& e = out.model.moe;
    e.experts = r.integer("num_experts", 60, 0);
    e.topK = r.integer("num_experts_per_tok", 4);
    e.expertFfn = r.integer("moe_intermediate_size", 1408);
    e.sharedFfn = r.integer("shared_expert_intermediate_size", 5632);
    e.sharedExperts = 1;
    e.sharedGate = true;
    e.firstDenseLayers = denseLayerCount(r, out.model.layers, e.experts);
}

void readQwen3Moe(Reader& r, HfModel& out) {
    // Unlike Qwen3, the MoE config has no head_dim default of its own.
    readDecoder(r, out, {0, 32768, false, 4});
    out.model.bias = r.flag("attention_bias", false) ? BiasMode::Attention : BiasMode::None;
    out.model.qkNorm = QkNorm::PerHead;
    MoeSpec& e = out.model.moe;
    e.experts = r.integer("num_experts", 128, 0);
    e.topK = r.integer("num_experts_per_tok", 8);
    e.expertFfn = r.integer("moe_intermediate_size", 768);
    e.firstDenseLayers = denseLayerCount(r, out.model.layers, e.experts);
}

void readGptOss(Reader& r, HfModel& out) {
    readDecoder(r, out, {64, 131072, false, 8});
    out.model.bias = r.flag("attention_bias", true) ? BiasMode::All : BiasMode::None;
    if (out.model.bias == BiasMode::None) {
        r.unsupported("attention_bias", out.modelType); // the experts keep their biases
    }
    out.model.attentionSinks = true;
    MoeSpec& e = out.model.moe;
    e.experts = r.integer("num_local_experts", 128);
    e.topK = r.integer("num_experts_per_tok", 4);
    e.expertFfn = out.model.ffn;
    e.routerBias = true;
}

// DeepSeek-V2/V3: multi-head latent attention, the first k layers dense, then routed experts on
// every moe_layer_freq-th layer with shared experts of the routed width (one MLP of n_shared times
// that width, the same count). V3's router adds a bias of E (e_score_correction_bias).
void readDeepseek(Reader& r, HfModel& out, bool v3) {
    readDecoder(r, out, {0, v3 ? 163840 : 2048, false, 0});
    ModelSpec& m = out.model;
    if (r.flag("attention_bias", false)) {
        r.unsupported("attention_bias", out.modelType);
    }
    MlaSpec& a = m.mla;
    a.kvLoraRank = r.integer("kv_lora_rank", 512);
    a.qLoraRank = r.integerOrNone("q_lora_rank", 1536);
    a.qkNopeHeadDim = r.integer("qk_nope_head_dim", 128, 0);
    a.qkRopeHeadDim = r.integer("qk_rope_head_dim", 64, 0);
    a.vHeadDim = r.integer("v_head_dim", 128);
    m.headDim = std::max<std::int64_t>(a.qkNopeHeadDim + a.qkRopeHeadDim, 1);
    m.kvHeads = m.heads; // every head gets its own K and V from the latent
    MoeSpec& e = m.moe;
    e.experts = r.integer("n_routed_experts", v3 ? 256 : 64);
    e.topK = v3 ? r.integer("num_experts_per_tok", 8) : r.integer("num_experts_per_tok");
    e.expertFfn = r.integer("moe_intermediate_size", v3 ? 2048 : 1407);
    e.sharedExperts = r.integer("n_shared_experts", v3 ? 1 : 2, 0);
    e.sharedFfn = e.expertFfn;
    e.routerBias = v3;
    const std::int64_t firstMoe = r.integer("first_k_dense_replace", v3 ? 3 : 0, 0);
    const std::int64_t every = r.integer("moe_layer_freq", 1);
    std::int64_t dense = 0;
    for (std::int64_t i = 0; i < m.layers && i < 1000000; ++i) {
        dense += (i >= firstMoe && i % every == 0) ? 0 : 1;
    }
    e.firstDenseLayers = dense;
}

void readDeepseekV2(Reader& r, HfModel& out) {
    readDeepseek(r, out, false);
}

void readDeepseekV3(Reader& r, HfModel& out) {
    readDeepseek(r, out, true);
}

// GPT-2 as the lecture note describes it: LayerNorm, plain FFN, every bias, learned positions.
void setGpt2Structure(ModelSpec& m) {
    m.norm = NormType::LayerNorm;
    m.ffnType = FfnType::Plain;
    m.bias = BiasMode::All;
    m.positionType = PositionType::Learned;
    m.normsPerLayer = 2;
    m.finalNorm = true;
    m.qkNorm = QkNorm::None;
}

void readGpt2(Reader& r, HfModel& out) {
    ModelSpec& m = out.model;
    setGpt2Structure(m);
    m.vocab = r.integer("vocab_size");
    m.dModel = r.integer("n_embd");
    m.layers = r.integer("n_layer");
    m.heads = r.integer("n_head");
    m.kvHeads = m.heads;
    m.headDim = std::max<std::int64_t>(m.dModel / m.heads, 1);
    m.ffn = r.integer("n_inner", 4 * m.dModel);
    m.positions = r.integer("n_positions");
    out.maxPositions = m.positions;
    m.tiedHead = r.flag("tie_word_embeddings", true);
}

void readOpt(Reader& r, HfModel& out) {
    ModelSpec& m = out.model;
    setGpt2Structure(m);
    m.vocab = r.integer("vocab_size");
    m.dModel = r.integer("hidden_size");
    m.layers = r.integer("num_hidden_layers");
    m.heads = r.integer("num_attention_heads");
    m.kvHeads = m.heads;
    m.headDim = std::max<std::int64_t>(m.dModel / m.heads, 1);
    m.ffn = r.integer("ffn_dim");
    out.maxPositions = r.integer("max_position_embeddings", 2048);
    m.positions = out.maxPositions + 2; // OPT's learned table is offset by two rows
    const std::int64_t projection = r.integer("word_embed_proj_dim", m.dModel);
    m.embeddingProjection = projection == m.dModel ? 0 : projection;
    // Post-LN OPT (350m) has no final norm; transformers keeps it only for pre-LN models.
    m.finalNorm =
        r.flag("do_layer_norm_before", true) && !r.flag("_remove_final_layer_norm", false);
    if (!r.flag("enable_bias", true)) {
        m.bias = BiasMode::None;
    }
    if (!r.flag("layer_norm_elementwise_affine", true)) {
        m.norm = NormType::NonParametric;
    }
    m.tiedHead = r.flag("tie_word_embeddings", true);
}

void readGptNeox(Reader& r, HfModel& out) {
    ModelSpec& m = out.model;
    setGpt2Structure(m);
    m.vocab = r.integer("vocab_size");
    m.dModel = r.integer("hidden_size");
    m.layers = r.integer("num_hidden_layers");
    m.heads = r.integer("num_attention_heads");
    m.kvHeads = m.heads;
    m.headDim = std::max<std::int64_t>(m.dModel / m.heads, 1);
    m.ffn = r.integer("intermediate_size");
    out.maxPositions = r.integer("max_position_embeddings", 2048);
    m.positionType = PositionType::Rotary;
    m.positions = 0;
    m.parallelResidual = r.flag("use_parallel_residual", true);
    m.tiedHead = r.flag("tie_word_embeddings", false);
    if (!r.flag("attention_bias", true)) {
        r.unsupported("attention_bias", out.modelType); // the MLP keeps its biases
    }
}

struct TypeReader {
    const char* type;
    void (*read)(Reader&, HfModel&);
};

constexpr TypeReader kTypes[] = {
    {"gpt2", readGpt2},
    {"opt", readOpt},
    {"gpt_neox", readGptNeox},
    {"llama", readLlama},
    {"mistral", readMistral},
    {"mixtral", readMixtral},
    {"qwen2", readQwen2},
    {"qwen2_moe", readQwen2Moe},
    {"qwen3", readQwen3},
    {"qwen3_moe", readQwen3Moe},
    {"gemma", readGemma1},
    {"gemma2", readGemma2},
    {"gemma3_text", readGemma3},
    {"phi3", readPhi3},
    {"olmo", readOlmo},
    {"olmo2", readOlmo2},
    {"smollm3", readSmolLm3},
    {"gpt_oss", readGptOss},
    {"deepseek_v2", readDeepseekV2},
    {"deepseek_v3", readDeepseekV3},
};

// The family whose structural definition (KEYS.md) the spec matches exactly, else Custom, so
// that choosing the family again in the app cannot change the imported structure.
Architecture familyOf(const ModelSpec& m) {
    const bool plainNorms = m.normsPerLayer == 2 && m.finalNorm && m.qkNorm == QkNorm::None &&
                            !m.attentionSinks && m.embeddingProjection == 0 &&
                            m.mla.kvLoraRank == 0;
    const bool llamaLike = plainNorms && m.norm == NormType::RmsNorm &&
                           m.ffnType == FfnType::Gated && m.positionType == PositionType::Rotary;
    if (m.moe.experts > 1) {
        const bool simple =
            m.moe.sharedExperts == 0 && !m.moe.routerBias && m.moe.firstDenseLayers == 0;
        return llamaLike && simple && m.bias == BiasMode::None && !m.tiedHead
                   ? Architecture::Moe
                   : Architecture::Custom;
    }
    if (plainNorms && m.norm == NormType::LayerNorm && m.ffnType == FfnType::Plain &&
        m.bias == BiasMode::All) {
        if (m.positionType == PositionType::Learned && m.tiedHead && !m.parallelResidual) {
            return Architecture::Gpt2;
        }
        if (m.positionType == PositionType::Rotary && !m.tiedHead && m.parallelResidual) {
            return Architecture::NeoX;
        }
    }
    if (llamaLike && m.bias == BiasMode::None && !m.tiedHead) {
        return Architecture::Llama;
    }
    if (llamaLike && m.bias == BiasMode::QkvOnly && !m.tiedHead) {
        return Architecture::Qwen2;
    }
    const bool gemmaNorms = m.norm == NormType::RmsNorm && m.finalNorm &&
                            (m.normsPerLayer == 2 || m.normsPerLayer == 4) &&
                            m.qkNorm == QkNorm::None && !m.attentionSinks && m.mla.kvLoraRank == 0;
    if (gemmaNorms && m.ffnType == FfnType::Gated && m.positionType == PositionType::Rotary &&
        m.bias == BiasMode::None && m.tiedHead && m.embeddingProjection == 0) {
        return Architecture::Gemma;
    }
    return Architecture::Custom;
}

HfConfigError notJson(const QString& detail) {
    return {
        HfConfigError::Kind::NotJson, {}, tr("config.json is not a JSON object (%1)").arg(detail)};
}

} // namespace

QStringList supportedHfModelTypes() {
    QStringList out;
    for (const TypeReader& t : kTypes) {
        out << QString::fromLatin1(t.type);
    }
    return out;
}

Expected<HfModel, HfConfigError> parseHfConfig(const QByteArray& json) {
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return notJson(parseError.errorString());
    }
    if (!doc.isObject()) {
        return notJson(tr("the top level is not an object"));
    }
    const QJsonObject object = doc.object();
    const QJsonValue type = object.value(u"model_type");
    if (type.isUndefined() || type.isNull()) {
        return HfConfigError{HfConfigError::Kind::MissingKey, QStringLiteral("model_type"),
                             tr("config.json: missing key \"%1\"").arg(u"model_type")};
    }
    if (!type.isString()) {
        return HfConfigError{HfConfigError::Kind::WrongType, QStringLiteral("model_type"),
                             tr("config.json: \"%1\" must be a string").arg(u"model_type")};
    }
    HfModel out;
    out.modelType = type.toString();
    for (const TypeReader& t : kTypes) {
        if (out.modelType == QLatin1String(t.type)) {
            Reader reader(object);
            t.read(reader, out);
            if (reader.error()) {
                return *reader.error();
            }
            out.model.family = familyOf(out.model);
            return out;
        }
    }
    return HfConfigError{HfConfigError::Kind::UnknownType, QStringLiteral("model_type"),
                         tr("config.json: model_type \"%1\" is not supported; supported types: %2")
                             .arg(out.modelType.left(80), supportedHfModelTypes().join(u", "))};
}

} // namespace lgm
