#include "hf_config.h"
#include "parameter_groups.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <functional>
#include <map>

using namespace lgm;

// The Hugging Face config.json importer: published counts from real config files, the structure
// each model_type implies, transformers' defaults for absent keys, and one message per bad file.
class TestHfConfig : public QObject {
    Q_OBJECT

private slots:
    void publishedCheckValues_data();
    void publishedCheckValues();
    void manifest_data();
    void manifest();
    void impliedRulesAndDefaults_data();
    void impliedRulesAndDefaults();
    void badFiles_data();
    void badFiles();
    void unknownTypeListsTheSupportedOnes();
};

namespace {

QByteArray readFile(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Fields of an imported model by name, so that each row states one rule.
const std::map<QString, std::function<qint64(const HfModel&)>>& fields() {
    static const std::map<QString, std::function<qint64(const HfModel&)>> f{
        {"vocab", [](const HfModel& m) { return m.model.vocab; }},
        {"d", [](const HfModel& m) { return m.model.dModel; }},
        {"layers", [](const HfModel& m) { return m.model.layers; }},
        {"heads", [](const HfModel& m) { return m.model.heads; }},
        {"kv_heads", [](const HfModel& m) { return m.model.kvHeads; }},
        {"head_dim", [](const HfModel& m) { return m.model.headDim; }},
        {"ffn", [](const HfModel& m) { return m.model.ffn; }},
        {"positions", [](const HfModel& m) { return m.model.positions; }},
        {"max_positions", [](const HfModel& m) { return m.maxPositions; }},
        {"tied", [](const HfModel& m) { return qint64(m.model.tiedHead); }},
        {"bias", [](const HfModel& m) { return qint64(m.model.bias); }},
        {"norm", [](const HfModel& m) { return qint64(m.model.norm); }},
        {"norms_per_layer", [](const HfModel& m) { return m.model.normsPerLayer; }},
        {"final_norm", [](const HfModel& m) { return qint64(m.model.finalNorm); }},
        {"qk_norm", [](const HfModel& m) { return qint64(m.model.qkNorm); }},
        {"rotary",
         [](const HfModel& m) { return qint64(m.model.positionType == PositionType::Rotary); }},
        {"gated", [](const HfModel& m) { return qint64(m.model.ffnType == FfnType::Gated); }},
        {"parallel_residual", [](const HfModel& m) { return qint64(m.model.parallelResidual); }},
        {"experts", [](const HfModel& m) { return m.model.moe.experts; }},
        {"dense_layers", [](const HfModel& m) { return m.model.moe.firstDenseLayers; }},
        {"projection", [](const HfModel& m) { return m.model.embeddingProjection; }},
        {"family", [](const HfModel& m) { return qint64(m.model.family); }},
        {"q_lora", [](const HfModel& m) { return m.model.mla.qLoraRank; }},
        {"kv_lora", [](const HfModel& m) { return m.model.mla.kvLoraRank; }},
        {"shared_experts", [](const HfModel& m) { return m.model.moe.sharedExperts; }},
        {"router_bias", [](const HfModel& m) { return qint64(m.model.moe.routerBias); }},
        {"sinks", [](const HfModel& m) { return qint64(m.model.attentionSinks); }},
    };
    return f;
}

// A small config of a type with the shape keys every decoder needs, plus `extra`.
QByteArray decoder(const char* type, const char* extra = "") {
    return QByteArray(R"({"model_type": ")") + type +
           R"(", "vocab_size": 100, "hidden_size": 64, "num_hidden_layers": 4,
              "num_attention_heads": 8, "intermediate_size": 96)" +
           (extra[0] != '\0' ? QByteArray(", ") + extra : QByteArray()) + "}";
}

} // namespace

void TestHfConfig::publishedCheckValues_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<qint64>("total");
    QTest::addColumn<qint64>("active");
    // The counts the model cards and Hugging Face's safetensors metadata publish. The config
    // files are the released ones (keys that do not affect the shape are kept as released).
    const QString data = QStringLiteral(LGM_HF_DATA_DIR "/");
    const QString own = QStringLiteral(LGM_HF_CHECK_DIR "/");
    QTest::newRow("Llama-2-7B") << data + "meta-llama__Llama-2-7b-hf.json" << 6738415616LL
                                << 6738415616LL;
    QTest::newRow("Llama-3-8B") << own + "meta-llama__Meta-Llama-3-8B.json" << 8030261248LL
                                << 8030261248LL;
    QTest::newRow("Mistral-7B-v0.1")
        << data + "mistralai__Mistral-7B-v0.1.json" << 7241732096LL << 7241732096LL;
    QTest::newRow("Mixtral-8x7B") << data + "mistralai__Mixtral-8x7B-v0.1.json" << 46702792704LL
                                  << 12879925248LL;
    QTest::newRow("Qwen2.5-7B") << data + "Qwen__Qwen2.5-7B.json" << 7615616512LL << 7615616512LL;
    QTest::newRow("Gemma-2-9B") << data + "google__gemma-2-9b.json" << 9241705984LL << 9241705984LL;
}

void TestHfConfig::publishedCheckValues() {
    QFETCH(QString, file);
    QFETCH(qint64, total);
    QFETCH(qint64, active);
    const QByteArray json = readFile(file);
    QVERIFY2(!json.isEmpty(), qPrintable(file));
    const auto imported = parseHfConfig(json);
    QVERIFY2(imported.hasValue(), qPrintable(imported ? QString() : imported.error().message));
    const auto count = countParameters(imported->model, CountMode::Exact);
    QVERIFY(count.has_value());
    QCOMPARE(count->total, total);
    QCOMPARE(count->active, active);
}

// Every real config.json of tests/data/hf_configs against the count its manifest quotes from a
// public source ("published") or, where none was found, the count of an independent Python
// script ("derived", a regression value only). A model_type outside the supported list must be
// refused by name, not counted.
void TestHfConfig::manifest_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("modelType");
    QTest::addColumn<qint64>("total");
    QTest::addColumn<qint64>("active");
    int rows = 0;
    for (const QString& dir :
         {QStringLiteral(LGM_HF_DATA_DIR "/"), QStringLiteral(LGM_HF_CHECK_DIR "/")}) {
        const QJsonArray entries = QJsonDocument::fromJson(readFile(dir + "manifest.json")).array();
        QVERIFY(!entries.isEmpty());
        for (const QJsonValue& v : entries) {
            const QJsonObject e = v.toObject();
            const qint64 total = e.value(u"total").toInteger();
            const QString row =
                e.value(u"model").toString() + " (" + e.value(u"kind").toString() + ")";
            QTest::newRow(qPrintable(row))
                << dir + e.value(u"file").toString() << e.value(u"model_type").toString() << total
                << e.value(u"active").toInteger(total);
            ++rows;
        }
    }
    QVERIFY(rows >= 36);
}

void TestHfConfig::manifest() {
    QFETCH(QString, file);
    QFETCH(QString, modelType);
    QFETCH(qint64, total);
    QFETCH(qint64, active);
    const QByteArray json = readFile(file);
    QVERIFY2(!json.isEmpty(), qPrintable(file));
    const auto imported = parseHfConfig(json);
    if (!supportedHfModelTypes().contains(modelType)) {
        QVERIFY(!imported.hasValue());
        QCOMPARE(imported.error().kind, HfConfigError::Kind::UnknownType);
        QVERIFY(imported.error().message.contains(modelType));
        return;
    }
    QVERIFY2(imported.hasValue(), qPrintable(imported ? QString() : imported.error().message));
    QCOMPARE(imported->modelType, modelType);
    const auto count = countParameters(imported->model, CountMode::Exact);
    QVERIFY(count.has_value());
    QCOMPARE(count->total, total);
    QCOMPARE(count->active, active);
}

void TestHfConfig::impliedRulesAndDefaults_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("field");
    QTest::addColumn<qint64>("expected");
    // transformers' defaults when a key is absent (or null).
    QTest::newRow("llama: kv heads = heads") << decoder("llama") << "kv_heads" << 8LL;
    QTest::newRow("llama: null kv heads = heads")
        << decoder("llama", R"("num_key_value_heads": null)") << "kv_heads" << 8LL;
    QTest::newRow("llama: head_dim = d/h") << decoder("llama") << "head_dim" << 8LL;
    QTest::newRow("llama: head_dim given")
        << decoder("llama", R"("head_dim": 16)") << "head_dim" << 16LL;
    QTest::newRow("llama: untied") << decoder("llama") << "tied" << 0LL;
    QTest::newRow("llama: tied when told")
        << decoder("llama", R"("tie_word_embeddings": true)") << "tied" << 1LL;
    QTest::newRow("llama: max positions 2048") << decoder("llama") << "max_positions" << 2048LL;
    QTest::newRow("llama: rotary, no table") << decoder("llama") << "positions" << 0LL;
    QTest::newRow("llama: no bias") << decoder("llama") << "bias" << qint64(BiasMode::None);
    QTest::newRow("llama: attention_bias")
        << decoder("llama", R"("attention_bias": true)") << "bias" << qint64(BiasMode::Attention);
    QTest::newRow("llama: attention and mlp bias")
        << decoder("llama", R"("attention_bias": true, "mlp_bias": true)") << "bias"
        << qint64(BiasMode::All);
    QTest::newRow("llama: family") << decoder("llama") << "family" << qint64(Architecture::Llama);
    QTest::newRow("mistral: kv heads 8") << decoder("mistral") << "kv_heads" << 8LL;
    QTest::newRow("mistral: max positions") << decoder("mistral") << "max_positions" << 131072LL;
    QTest::newRow("qwen2: kv heads 32") << decoder("qwen2") << "kv_heads" << 32LL;
    QTest::newRow("smollm3: tied") << decoder("smollm3") << "tied" << 1LL;
    QTest::newRow("phi3: kv heads = heads") << decoder("phi3") << "kv_heads" << 8LL;
    // Structure implied by the type.
    QTest::newRow("qwen2: qkv bias") << decoder("qwen2") << "bias" << qint64(BiasMode::QkvOnly);
    QTest::newRow("qwen2: family") << decoder("qwen2") << "family" << qint64(Architecture::Qwen2);
    QTest::newRow("qwen3: per-head qk-norm")
        << decoder("qwen3") << "qk_norm" << qint64(QkNorm::PerHead);
    QTest::newRow("qwen3: head_dim 128") << decoder("qwen3") << "head_dim" << 128LL;
    QTest::newRow("qwen3: no bias") << decoder("qwen3") << "bias" << qint64(BiasMode::None);
    QTest::newRow("qwen3_moe: head_dim d/h") << decoder("qwen3_moe") << "head_dim" << 8LL;
    QTest::newRow("gemma: tied though told not")
        << decoder("gemma", R"("tie_word_embeddings": false)") << "tied" << 1LL;
    QTest::newRow("gemma: head_dim 256") << decoder("gemma") << "head_dim" << 256LL;
    QTest::newRow("gemma: 2 norms") << decoder("gemma") << "norms_per_layer" << 2LL;
    QTest::newRow("gemma: family") << decoder("gemma") << "family" << qint64(Architecture::Gemma);
    QTest::newRow("gemma2: 4 norms") << decoder("gemma2") << "norms_per_layer" << 4LL;
    QTest::newRow("gemma2: kv heads 4") << decoder("gemma2") << "kv_heads" << 4LL;
    QTest::newRow("gemma3_text: 4 norms") << decoder("gemma3_text") << "norms_per_layer" << 4LL;
    QTest::newRow("gemma3_text: qk-norm")
        << decoder("gemma3_text") << "qk_norm" << qint64(QkNorm::PerHead);
    QTest::newRow("olmo: non-parametric norm")
        << decoder("olmo") << "norm" << qint64(NormType::NonParametric);
    QTest::newRow("olmo2: full qk-norm") << decoder("olmo2") << "qk_norm" << qint64(QkNorm::Full);
    QTest::newRow("olmo2: rmsnorm") << decoder("olmo2") << "norm" << qint64(NormType::RmsNorm);
    QTest::newRow("mixtral: experts 8") << decoder("mixtral") << "experts" << 8LL;
    QTest::newRow("mixtral: family") << decoder("mixtral") << "family" << qint64(Architecture::Moe);
    QTest::newRow("qwen2_moe: every layer sparse") << decoder("qwen2_moe") << "dense_layers" << 0LL;
    QTest::newRow("qwen2_moe: sparse step 2")
        << decoder("qwen2_moe", R"("decoder_sparse_step": 2)") << "dense_layers" << 2LL;
    QTest::newRow("qwen2_moe: mlp_only_layers")
        << decoder("qwen2_moe", R"("mlp_only_layers": [0, 3])") << "dense_layers" << 2LL;
    QTest::newRow("qwen2_moe: family custom")
        << decoder("qwen2_moe") << "family" << qint64(Architecture::Custom);
    const char* deepseek = R"("n_routed_experts": 8, "num_experts_per_tok": 2,
        "first_k_dense_replace": 1, "moe_intermediate_size": 16, "q_lora_rank": null)";
    QTest::newRow("deepseek_v2: null q_lora_rank is none")
        << decoder("deepseek_v2", deepseek) << "q_lora" << 0LL;
    QTest::newRow("deepseek_v2: absent q_lora_rank is 1536")
        << decoder("deepseek_v2", R"("num_experts_per_tok": 2)") << "q_lora" << 1536LL;
    QTest::newRow("deepseek_v2: kv_lora_rank 512")
        << decoder("deepseek_v2", deepseek) << "kv_lora" << 512LL;
    QTest::newRow("deepseek_v2: first layer dense")
        << decoder("deepseek_v2", deepseek) << "dense_layers" << 1LL;
    QTest::newRow("deepseek_v2: every 2nd layer MoE")
        << decoder("deepseek_v2", R"("num_experts_per_tok": 2, "moe_layer_freq": 2)")
        << "dense_layers" << 2LL;
    QTest::newRow("deepseek_v2: 2 shared experts")
        << decoder("deepseek_v2", deepseek) << "shared_experts" << 2LL;
    QTest::newRow("deepseek_v2: no router bias")
        << decoder("deepseek_v2", deepseek) << "router_bias" << 0LL;
    QTest::newRow("deepseek_v3: correction bias is a buffer")
        << decoder("deepseek_v3") << "router_bias" << 0LL;
    QTest::newRow("deepseek_v3: first 3 layers dense")
        << decoder("deepseek_v3") << "dense_layers" << 3LL;
    QTest::newRow("gpt_oss: sinks") << decoder("gpt_oss") << "sinks" << 1LL;
    QTest::newRow("gpt_oss: every bias") << decoder("gpt_oss") << "bias" << qint64(BiasMode::All);
    QTest::newRow("gpt_oss: router bias") << decoder("gpt_oss") << "router_bias" << 1LL;
    // s, b and precision are training choices; the file's max length is only reported.
    QTest::newRow("torch_dtype ignored")
        << decoder("llama", R"("torch_dtype": "bfloat16", "max_position_embeddings": 8192)")
        << "max_positions" << 8192LL;
    const QByteArray gpt2 = R"({"model_type": "gpt2", "vocab_size": 50257, "n_embd": 768,
        "n_layer": 12, "n_head": 12, "n_positions": 1024, "n_inner": null})";
    QTest::newRow("gpt2: f = 4d") << gpt2 << "ffn" << 3072LL;
    QTest::newRow("gpt2: positions") << gpt2 << "positions" << 1024LL;
    QTest::newRow("gpt2: family") << gpt2 << "family" << qint64(Architecture::Gpt2);
    const QByteArray opt = R"({"model_type": "opt", "vocab_size": 50272, "hidden_size": 1024,
        "num_hidden_layers": 24, "num_attention_heads": 16, "ffn_dim": 4096,
        "max_position_embeddings": 2048, "word_embed_proj_dim": 512,
        "do_layer_norm_before": false})";
    QTest::newRow("opt: table offset by 2") << opt << "positions" << 2050LL;
    QTest::newRow("opt: max positions") << opt << "max_positions" << 2048LL;
    QTest::newRow("opt-350m: projection") << opt << "projection" << 512LL;
    QTest::newRow("opt-350m: post-LN, no final norm") << opt << "final_norm" << 0LL;
    const QByteArray neox = R"({"model_type": "gpt_neox", "vocab_size": 50304,
        "hidden_size": 512, "num_hidden_layers": 6, "num_attention_heads": 8,
        "intermediate_size": 2048})";
    QTest::newRow("gpt_neox: parallel residual") << neox << "parallel_residual" << 1LL;
    QTest::newRow("gpt_neox: untied") << neox << "tied" << 0LL;
    QTest::newRow("gpt_neox: rotary") << neox << "rotary" << 1LL;
    QTest::newRow("gpt_neox: plain ffn") << neox << "gated" << 0LL;
    QTest::newRow("gpt_neox: family") << neox << "family" << qint64(Architecture::NeoX);
}

void TestHfConfig::impliedRulesAndDefaults() {
    QFETCH(QByteArray, json);
    QFETCH(QString, field);
    QFETCH(qint64, expected);
    const auto imported = parseHfConfig(json);
    QVERIFY2(imported.hasValue(), qPrintable(imported ? QString() : imported.error().message));
    QCOMPARE(fields().at(field)(imported.value()), expected);
}

void TestHfConfig::badFiles_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("inMessage");
    using K = HfConfigError::Kind;
    QTest::newRow("empty") << QByteArray() << int(K::NotJson) << ""
                           << "not a JSON object";
    QTest::newRow("truncated") << QByteArray(R"({"model_type": "llama")") << int(K::NotJson) << ""
                               << "not a JSON object";
    QTest::newRow("array") << QByteArray("[1, 2]") << int(K::NotJson) << ""
                           << "top level";
    QTest::newRow("key given twice")
        << QByteArray(R"({"model_type": "llama", "hidden_size": 4096, "hidden_size": 8})")
        << int(K::NotJson) << ""
        << "\"hidden_size\" is given twice";
    QTest::newRow("number ending in a dot")
        << QByteArray(R"({"model_type": "llama", "hidden_size": 5.})") << int(K::NotJson) << ""
        << "not a JSON object";
    QTest::newRow("no model_type")
        << QByteArray(R"({"hidden_size": 4096})") << int(K::MissingKey) << "model_type"
        << "\"model_type\"";
    QTest::newRow("model_type a number")
        << QByteArray(R"({"model_type": 7})") << int(K::WrongType) << "model_type"
        << "string";
    QTest::newRow("unknown type") << QByteArray(R"({"model_type": "bert"})") << int(K::UnknownType)
                                  << "model_type"
                                  << "\"bert\"";
    QTest::newRow("unknown type with a line break")
        << QByteArray(R"({"model_type": "bert\nnext line"})") << int(K::UnknownType) << "model_type"
        << "bert";
    QTest::newRow("missing hidden_size")
        << QByteArray(R"({"model_type": "llama", "vocab_size": 10, "num_hidden_layers": 2,
                         "num_attention_heads": 2, "intermediate_size": 8})")
        << int(K::MissingKey) << "hidden_size"
        << "\"hidden_size\"";
    QTest::newRow("null vocab")
        << decoder("qwen2", R"("vocab_size": null)").replace(R"("vocab_size": 100,)", "")
        << int(K::MissingKey) << "vocab_size"
        << "\"vocab_size\"";
    QTest::newRow("layers as text")
        << QByteArray(decoder("mistral"))
               .replace(R"("num_hidden_layers": 4)", R"("num_hidden_layers": "4")")
        << int(K::WrongType) << "num_hidden_layers"
        << "whole number";
    QTest::newRow("fractional heads")
        << QByteArray(decoder("llama"))
               .replace(R"("num_attention_heads": 8)", R"("num_attention_heads": 8.5)")
        << int(K::WrongType) << "num_attention_heads"
        << "whole number";
    QTest::newRow("zero kv heads") << decoder("llama", R"("num_key_value_heads": 0)")
                                   << int(K::WrongType) << "num_key_value_heads"
                                   << "at least 1";
    QTest::newRow("negative ffn") << QByteArray(decoder("llama"))
                                         .replace(R"("intermediate_size": 96)",
                                                  R"("intermediate_size": -96)")
                                  << int(K::WrongType) << "intermediate_size"
                                  << "at least 1";
    QTest::newRow("huge vocab")
        << QByteArray(decoder("llama")).replace(R"("vocab_size": 100)", R"("vocab_size": 1e300)")
        << int(K::WrongType) << "vocab_size"
        << "whole number";
    QTest::newRow("tie as string") << decoder("llama", R"("tie_word_embeddings": "yes")")
                                   << int(K::WrongType) << "tie_word_embeddings"
                                   << "true or false";
    QTest::newRow("mlp_only_layers not a list")
        << decoder("qwen2_moe", R"("mlp_only_layers": 3)") << int(K::WrongType) << "mlp_only_layers"
        << "layer indices";
    QTest::newRow("deepseek_v2 without top-k")
        << decoder("deepseek_v2") << int(K::MissingKey) << "num_experts_per_tok"
        << "\"num_experts_per_tok\"";
    QTest::newRow("mlp bias without attention bias")
        << decoder("llama", R"("mlp_bias": true)") << int(K::Unsupported) << "mlp_bias"
        << "\"llama\"";
}

void TestHfConfig::badFiles() {
    QFETCH(QByteArray, json);
    QFETCH(int, kind);
    QFETCH(QString, key);
    QFETCH(QString, inMessage);
    const auto imported = parseHfConfig(json);
    QVERIFY(!imported.hasValue());
    QCOMPARE(int(imported.error().kind), kind);
    QCOMPARE(imported.error().key, key);
    QVERIFY2(imported.error().message.contains(inMessage), qPrintable(imported.error().message));
    QVERIFY(!imported.error().message.contains(u'\n'));
}

void TestHfConfig::unknownTypeListsTheSupportedOnes() {
    const auto imported = parseHfConfig(R"({"model_type": "t5"})");
    QVERIFY(!imported.hasValue());
    for (const QString& type : supportedHfModelTypes()) {
        QVERIFY2(imported.error().message.contains(type), qPrintable(type));
    }
    QVERIFY(supportedHfModelTypes().size() >= 16);
}

QTEST_APPLESS_MAIN(TestHfConfig)
#include "tst_hf_config.moc"
