#include "hf_config.h"

#include "hf_config_reader.h"
#include "message_text.h"
#include "model_family.h"
#include "strict_json.h"

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

using hf::Reader;
using hf::tr;

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
    if (experts == 0) {
        return layers;
    }
    std::int64_t sparse = layers / step; // layers step-1, 2·step-1, ...
    for (const std::int64_t i : dense) {
        sparse -= (i < layers && (i + 1) % step == 0) ? 1 : 0;
    }
    return layers - sparse;
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
// that width, the same count). V3's router also keeps e_score_correction_bias (E per MoE layer):
// transformers registers it as a buffer, and it is set by a balancing rule, not by gradients, so
// it has no gradient or optimizer state and is not counted (DeepSeek-V3: 671,026,404,352;
// DeepSeek's own code makes it a parameter: 671,026,419,200).
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
    const std::int64_t firstMoe = r.integer("first_k_dense_replace", v3 ? 3 : 0, 0);
    const std::int64_t every = r.integer("moe_layer_freq", 1);
    // MoE layers: the multiples of moe_layer_freq in [first_k_dense_replace, L).
    const auto multiplesBelow = [every](std::int64_t n) { return n > 0 ? (n - 1) / every + 1 : 0; };
    const std::int64_t sparse =
        firstMoe < m.layers ? multiplesBelow(m.layers) - multiplesBelow(firstMoe) : 0;
    e.firstDenseLayers = m.layers - sparse;
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

// A value from the file as the one-line message shows it: short, control characters replaced.
QString printable(const QString& text) {
    QString out = text.left(80);
    for (QChar& c : out) {
        if (!c.isPrint()) {
            c = QChar(0xFFFD);
        }
    }
    return out;
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
    // Held to strict JSON like every file the product reads: no "5.", no key given twice.
    const auto parsed = parseStrictJson(json);
    if (!parsed) {
        const JsonSyntaxError& e = parsed.error();
        return notJson(e.repeatedKey.isEmpty()
                           ? tr("%1 at byte %2").arg(e.reason).arg(e.offset)
                           : tr("key \"%1\" is given twice").arg(shownValue(e.repeatedKey)));
    }
    const QJsonDocument& doc = *parsed;
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
            out.model.family = matchingFamily(out.model);
            return out;
        }
    }
    return HfConfigError{HfConfigError::Kind::UnknownType, QStringLiteral("model_type"),
                         tr("config.json: model_type \"%1\" is not supported; supported types: %2")
                             .arg(printable(out.modelType), supportedHfModelTypes().join(u", "))};
}

} // namespace lgm
