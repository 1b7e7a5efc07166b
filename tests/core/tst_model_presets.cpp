#include "hf_config.h"
#include "model_family.h"
#include "parameter_groups.h"
#include "presets.h"

#include <QFile>
#include <QTest>

using namespace lgm;

// The presets of today's families: each one's exact count is its published figure, and its
// architecture is the one the importer reads from the model's real config.json.
class TestModelPresets : public QObject {
    Q_OBJECT

private slots:
    void everyPresetHasItsPublishedCount();
    void listsTheFamilies();
    void sameModelAsTheConfigFile_data();
    void sameModelAsTheConfigFile();
    void configOnlyListsTheGpt2Layout();
    void familiesRoundTrip();
    void keySpellings();
};

namespace {

QByteArray readFile(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Inputs a model does not use are not compared: the MoE fields of a dense model, the shared
// expert width without shared experts.
ModelSpec usedInputs(ModelSpec m) {
    if (m.moe.experts <= 1) {
        m.moe = MoeSpec{};
    } else if (m.moe.sharedExperts == 0) {
        m.moe.sharedFfn = 0;
        m.moe.sharedGate = false;
    }
    return m;
}

} // namespace

void TestModelPresets::everyPresetHasItsPublishedCount() {
    int checked = 0;
    for (const Preset& p : modelPresets()) {
        if (p.gpt2Layout) {
            continue; // GPT-2, GPT-3 and OPT: tst_presets
        }
        const auto count = countParameters(p.model, CountMode::Exact);
        QVERIFY2(count.has_value(), p.name.c_str());
        QVERIFY2(count->total == p.nominalParameters, p.name.c_str());
        QVERIFY2(count->active == p.activeParameters, p.name.c_str());
        QVERIFY(!p.source.empty());
        QVERIFY(!p.family.empty());
        ++checked;
    }
    QCOMPARE(checked, 34);
}

void TestModelPresets::listsTheFamilies() {
    QStringList names;
    for (const Preset& p : modelPresets()) {
        names << QString::fromStdString(p.name);
    }
    for (const char* name :
         {"llama-2-7b",     "llama-2-13b",  "llama-2-70b",  "llama-3-8b",  "llama-3-70b",
          "llama-3.1-405b", "llama-3.2-1b", "llama-3.2-3b", "mistral-7b",  "mixtral-8x7b",
          "mixtral-8x22b",  "qwen2.5-0.5b", "qwen2.5-1.5b", "qwen2.5-3b",  "qwen2.5-7b",
          "qwen2.5-14b",    "qwen2.5-32b",  "qwen2.5-72b",  "qwen3-0.6b",  "qwen3-8b",
          "qwen3-30b-a3b",  "gemma-2-2b",   "gemma-2-9b",   "gemma-2-27b", "phi-3-mini",
          "olmo-2-7b",      "pythia-70m",   "pythia-12b",   "gpt2",        "opt-175b"}) {
        QVERIFY2(names.count(QString::fromLatin1(name)) == 1, name);
    }
}

void TestModelPresets::sameModelAsTheConfigFile_data() {
    QTest::addColumn<QString>("preset");
    QTest::addColumn<QString>("file");
    const QString data = QStringLiteral(LGM_HF_DATA_DIR "/");
    const QString own = QStringLiteral(LGM_HF_CHECK_DIR "/");
    const auto row = [](const char* preset, const QString& file) {
        QTest::newRow(preset) << QString::fromLatin1(preset) << file;
    };
    row("llama-2-7b", data + "meta-llama__Llama-2-7b-hf.json");
    row("llama-2-13b", data + "meta-llama__Llama-2-13b-hf.json");
    row("llama-2-70b", data + "meta-llama__Llama-2-70b-hf.json");
    row("llama-3-8b", own + "meta-llama__Meta-Llama-3-8B.json");
    row("llama-3-70b", data + "meta-llama__Llama-3.1-70B.json"); // the same shape
    row("llama-3.2-1b", data + "meta-llama__Llama-3.2-1B.json");
    row("llama-3.2-3b", data + "meta-llama__Llama-3.2-3B.json");
    row("mistral-7b", data + "mistralai__Mistral-7B-v0.1.json");
    row("mixtral-8x7b", data + "mistralai__Mixtral-8x7B-v0.1.json");
    row("mixtral-8x22b", data + "mistralai__Mixtral-8x22B-v0.1.json");
    row("llama-3.1-405b", data + "meta-llama__Llama-3.1-405B.json");
    row("qwen2.5-72b", data + "Qwen__Qwen2.5-72B.json");
    row("qwen2.5-0.5b", data + "Qwen__Qwen2-0.5B.json"); // Qwen2 and Qwen2.5 share the shape
    row("qwen2.5-1.5b", data + "Qwen__Qwen2-1.5B.json");
    row("qwen2.5-3b", data + "Qwen__Qwen2.5-3B.json");
    row("qwen2.5-7b", data + "Qwen__Qwen2.5-7B.json");
    row("qwen2.5-14b", data + "Qwen__Qwen2.5-14B.json");
    row("qwen2.5-32b", data + "Qwen__Qwen2.5-32B.json");
    row("qwen3-0.6b", data + "Qwen__Qwen3-0.6B.json");
    row("qwen3-8b", data + "Qwen__Qwen3-8B.json");
    row("qwen3-30b-a3b", data + "Qwen__Qwen3-30B-A3B.json");
    row("gemma-2-2b", data + "google__gemma-2-2b.json");
    row("gemma-2-9b", data + "google__gemma-2-9b.json");
    row("gemma-2-27b", data + "google__gemma-2-27b.json");
    row("phi-3-mini", data + "microsoft__Phi-3.5-mini-instruct.json"); // Phi-3-mini's shape
    row("olmo-2-7b", data + "allenai__OLMo-2-1124-7B.json");
    for (const char* size : {"70m", "160m", "410m", "1b", "1.4b", "2.8b", "6.9b", "12b"}) {
        const QString name = QStringLiteral("pythia-") + QLatin1String(size);
        QTest::newRow(qPrintable(name)) << name << data + "EleutherAI__" + name + ".json";
    }
}

void TestModelPresets::sameModelAsTheConfigFile() {
    QFETCH(QString, preset);
    QFETCH(QString, file);
    const auto p = findModelPreset(preset.toStdString());
    QVERIFY(p);
    const auto imported = parseHfConfig(readFile(file));
    QVERIFY2(imported.hasValue(), qPrintable(file));
    QVERIFY(usedInputs(p->model) == usedInputs(imported->model));
}

// The Config-based callers see only what a Config can describe.
void TestModelPresets::configOnlyListsTheGpt2Layout() {
    QVERIFY(findModelPreset("LLAMA-3-8B"));
    QVERIFY(!findPreset("llama-3-8b"));
    QVERIFY(findPreset("gpt2") && findModelPreset("gpt2"));
    QVERIFY(findModelPreset("gpt2")->model == ModelSpec{});
    for (const Preset& p : builtinPresets()) {
        QVERIFY(p.gpt2Layout);
    }
    QCOMPARE(builtinPresets().size(), std::size_t{20});
}

void TestModelPresets::familiesRoundTrip() {
    ModelSpec shape;
    shape.kvHeads = 4;
    shape.headDim = 128;
    for (const Architecture family : {Architecture::Gpt2, Architecture::NeoX, Architecture::Llama,
                                      Architecture::Qwen2, Architecture::Gemma}) {
        const ModelSpec m = withFamilyStructure(shape, family);
        QVERIFY(m.family == family);
        QCOMPARE(m.kvHeads, 4); // the shape is kept
        QVERIFY(matchingFamily(m) == family);
    }
    ModelSpec moe = withFamilyStructure(shape, Architecture::Moe);
    moe.moe.experts = 8;
    QVERIFY(matchingFamily(moe) == Architecture::Moe);
    moe.moe.sharedExperts = 1;
    QVERIFY(matchingFamily(moe) == Architecture::Custom);
    ModelSpec gemma2 = withFamilyStructure(shape, Architecture::Gemma);
    gemma2.normsPerLayer = 4;
    QVERIFY(matchingFamily(gemma2) == Architecture::Gemma);
    ModelSpec qwen3 = withFamilyStructure(shape, Architecture::Llama);
    qwen3.qkNorm = QkNorm::PerHead;
    QVERIFY(matchingFamily(qwen3) == Architecture::Custom);
    ModelSpec tiedLlama = withFamilyStructure(shape, Architecture::Llama);
    tiedLlama.tiedHead = true;
    // Structure alone decides: a tied Llama (Llama-3.2-1B) has Gemma 1's structure.
    QVERIFY(matchingFamily(tiedLlama) == Architecture::Gemma);
    QVERIFY(withFamilyStructure(qwen3, Architecture::Custom) == qwen3);
}

void TestModelPresets::keySpellings() {
    for (const char* name : {"gpt2", "llama", "qwen2", "gemma", "neox", "moe", "custom"}) {
        const auto a = architectureFromString(name);
        QVERIFY2(a, name);
        QVERIFY(toString(*a) == std::string_view(name));
    }
    QVERIFY(!architectureFromString("Llama"));
    QVERIFY(normTypeFromString("none") == NormType::NonParametric);
    QVERIFY(biasModeFromString("qkv") == BiasMode::QkvOnly);
    QVERIFY(biasModeFromString("attention") == BiasMode::Attention);
    QVERIFY(qkNormFromString("per-head") == QkNorm::PerHead);
    QVERIFY(ffnTypeFromString("gated") == FfnType::Gated);
    QVERIFY(positionTypeFromString("rotary") == PositionType::Rotary);
    QVERIFY(!qkNormFromString(""));
}

QTEST_APPLESS_MAIN(TestModelPresets)
#include "tst_model_presets.moc"
