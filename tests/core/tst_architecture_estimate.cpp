#include "estimate.h"
#include "hf_config.h"
#include "input_table.h"
#include "presets.h"
#include "report_fields.h"
#include "scenario.h"

#include <QFile>

#include <QTest>

#include <algorithm>
#include <cmath>

using namespace lgm;

// estimate() over today's architectures: the parameters of the real config.json files against
// their published counts, the report's group keys, and the seed activations at real widths.
class TestArchitectureEstimate : public QObject {
    Q_OBJECT

private slots:
    void publishedCounts_data();
    void publishedCounts();
    void approxKeepsTheLayersMatrices_data();
    void approxKeepsTheLayersMatrices();
    void groupKeysAddUpToExact_data();
    void groupKeysAddUpToExact();
    void gpt2KeepsItsFigures();
    void seedActivationsAtRealWidths_data();
    void seedActivationsAtRealWidths();
    void actualCrossoversAtRealWidths();
    void textbookModelKeepsTheNotesDefinitions();
    void attentionSinksAreAnInput();
};

namespace {

Scenario scenarioOf(const QString& file) {
    QFile f(QStringLiteral(LGM_HF_DATA_DIR "/") + file);
    if (!f.open(QIODevice::ReadOnly)) {
        return {};
    }
    const auto hf = parseHfConfig(f.readAll());
    Scenario s;
    if (hf) {
        s.model = hf->model;
    }
    return s;
}

const FieldValue* fieldOf(const std::vector<ReportField>& fields, const std::string& key) {
    for (const ReportField& f : fields) {
        if (f.key == key) {
            return &f.value;
        }
    }
    return nullptr;
}

std::int64_t integerOf(const std::vector<ReportField>& fields, const std::string& key) {
    const FieldValue* v = fieldOf(fields, key);
    return v && std::holds_alternative<std::int64_t>(*v) ? std::get<std::int64_t>(*v) : -1;
}

} // namespace

// Published figures (issue 11's check values; tests/data/hf_configs/manifest.json names the
// sources): estimate() reports them as parameters.exact and parameters.active.
void TestArchitectureEstimate::publishedCounts_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<qint64>("total");
    QTest::addColumn<qint64>("active");
    QTest::newRow("Llama-3-8B") << "meta-llama__Meta-Llama-3-8B-Instruct.json"
                                << qint64{8'030'261'248} << qint64{8'030'261'248};
    QTest::newRow("Llama-2-7B") << "meta-llama__Llama-2-7b-hf.json" << qint64{6'738'415'616}
                                << qint64{6'738'415'616};
    QTest::newRow("Mistral-7B") << "mistralai__Mistral-7B-v0.1.json" << qint64{7'241'732'096}
                                << qint64{7'241'732'096};
    QTest::newRow("Mixtral-8x7B") << "mistralai__Mixtral-8x7B-v0.1.json" << qint64{46'702'792'704}
                                  << qint64{12'879'925'248};
    QTest::newRow("Qwen2.5-7B") << "Qwen__Qwen2.5-7B.json" << qint64{7'615'616'512}
                                << qint64{7'615'616'512};
    QTest::newRow("Gemma-2-9B") << "google__gemma-2-9b.json" << qint64{9'241'705'984}
                                << qint64{9'241'705'984};
}

void TestArchitectureEstimate::publishedCounts() {
    QFETCH(QString, file);
    QFETCH(qint64, total);
    QFETCH(qint64, active);
    const EstimateResult e = estimate(scenarioOf(file));
    QVERIFY(e.hasValue());
    QCOMPARE(e->parameters.exact, total);
    QCOMPARE(e->parameters.total, total);
    QCOMPARE(e->parameters.active, active);
    const auto fields = reportFields(*e);
    QCOMPARE(integerOf(fields, "parameters.exact"), total);
    QCOMPARE(integerOf(fields, "parameters.active"), active);
    // fp32 Adam: 16 bytes per parameter.
    QCOMPARE(e->modelStates.total, total * 16);
}

// approx = the layers' weight matrices only, computed here from the published shapes:
// L·(2·d·h·hd + 2·d·g·hd + c·d·f) with c = 3 for a gated FFN, and the router d·E per MoE layer.
void TestArchitectureEstimate::approxKeepsTheLayersMatrices_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<qint64>("approx");
    // L = 32, d = 4096, h = 32, g = 8, hd = 128, f = 14336.
    QTest::newRow("Llama-3-8B") << "meta-llama__Meta-Llama-3-8B-Instruct.json"
                                << qint64{32} * (2 * 4096 * 4096 + 2 * 4096 * 1024 +
                                                 3 * qint64{4096} * 14336);
    // The same attention, 8 experts of width 14336 and a router 4096 × 8 per layer.
    QTest::newRow("Mixtral-8x7B") << "mistralai__Mixtral-8x7B-v0.1.json"
                                  << qint64{32} * (2 * 4096 * 4096 + 2 * 4096 * 1024 +
                                                   8 * 3 * qint64{4096} * 14336 + 4096 * 8);
    // GPT-2 small: 12Ld².
    QTest::newRow("GPT-2") << "openai-community__gpt2.json" << qint64{12} * 12 * 768 * 768;
}

void TestArchitectureEstimate::approxKeepsTheLayersMatrices() {
    QFETCH(QString, file);
    QFETCH(qint64, approx);
    Scenario s = scenarioOf(file);
    QCOMPARE(estimate(s)->parameters.approx, approx);
    s.training.count = CountMode::Approx;
    const EstimateResult e = estimate(s);
    QCOMPARE(e->parameters.total, approx);
    QCOMPARE(e->parameters.embedding, qint64{0});
    QCOMPARE(e->parameters.norm, qint64{0});
}

void TestArchitectureEstimate::groupKeysAddUpToExact_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("keys"); // the new group keys the architecture reports
    QTest::newRow("GPT-2") << "openai-community__gpt2.json" << QStringList{"positions"};
    QTest::newRow("Llama-3-8B") << "meta-llama__Meta-Llama-3-8B-Instruct.json"
                                << QStringList{"head"};
    QTest::newRow("Qwen3-8B") << "Qwen__Qwen3-8B.json" << QStringList{"qk_norm", "head"};
    QTest::newRow("Mixtral-8x7B") << "mistralai__Mixtral-8x7B-v0.1.json"
                                  << QStringList{"experts", "router", "head"};
    QTest::newRow("Qwen1.5-MoE") << "Qwen__Qwen1.5-MoE-A2.7B.json"
                                 << QStringList{"experts", "shared_experts", "router", "head"};
}

// The report's parameter groups, the position table excepted (it is inside
// parameters.embedding), add up to parameters.exact; each new key is its group's count.
void TestArchitectureEstimate::groupKeysAddUpToExact() {
    QFETCH(QString, file);
    QFETCH(QStringList, keys);
    const EstimateResult e = estimate(scenarioOf(file));
    QVERIFY(e.hasValue());
    const auto fields = reportFields(*e);
    std::int64_t sum = 0;
    for (const char* key : {"embedding", "attention", "ffn", "norm"}) {
        sum += integerOf(fields, std::string("parameters.") + key);
    }
    for (const QString& key : keys) {
        const std::string id = key.toStdString();
        std::int64_t group = -1;
        for (const ParameterGroup& g : e->parameters.groups) {
            group = g.id == id ? g.total : group;
        }
        QVERIFY2(group >= 0, id.c_str());
        QCOMPARE(integerOf(fields, "parameters." + id), group);
        if (id != "positions") {
            sum += integerOf(fields, "parameters." + id);
        }
    }
    QCOMPARE(sum, e->parameters.exact);
    for (const char* absent : {"qk_norm", "experts", "shared_experts", "router", "head"}) {
        if (!keys.contains(QLatin1String(absent))) {
            QVERIFY2(!fieldOf(fields, std::string("parameters.") + absent), absent);
        }
    }
}

// GPT-2 small through the Scenario of its config.json: the seed's figures (the lecture note's
// 124,439,808 = vd + Pd + L(12d² + 13d) + 2d) and the position table P·d as its own key.
void TestArchitectureEstimate::gpt2KeepsItsFigures() {
    const EstimateResult e = estimate(scenarioOf(QStringLiteral("openai-community__gpt2.json")));
    QVERIFY(e.hasValue());
    QCOMPARE(e->parameters.exact, qint64{124'439'808});
    QCOMPARE(e->parameters.embedding, qint64{50257 * 768 + 1024 * 768});
    QCOMPARE(e->parameters.perLayer, qint64{12 * 768 * 768 + 13 * 768});
    QCOMPARE(e->parameters.active, e->parameters.exact);
    QCOMPARE(integerOf(reportFields(*e), "parameters.positions"), qint64{1024 * 768});
    QCOMPARE(e->parameters.total, estimate(Scenario{})->parameters.total);
}

// Elements per layer at b = 2, s = 1024 (b·s = 2048), computed here from each config's widths:
// attention linear bs(d + h·hd + 2g·hd + h·hd + d), scores and softmax 2bhs², FFN bs(2d + 2f)
// plain or bs(2d + 3f) gated; an MoE layer bs(2d + 3(k·f_e + shared widths)). The FFN total
// adds the first dense layers at width f.
void TestArchitectureEstimate::seedActivationsAtRealWidths_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<qint64>("linear");
    QTest::addColumn<qint64>("quadratic");
    QTest::addColumn<qint64>("ffn");      // one layer (an MoE layer where the model has any)
    QTest::addColumn<qint64>("ffnTotal"); // every layer
    const qint64 bs = 2048, s = 1024;
    // d = 4096, h = 32, g = 8, hd = 128, f = 14336, L = 32.
    QTest::newRow("Llama-3-8B") << "meta-llama__Meta-Llama-3-8B-Instruct.json"
                                << bs * (4096 + 4096 + 2 * 1024 + 4096 + 4096) << 2 * 2 * 32 * s * s
                                << bs * (2 * 4096 + 3 * 14336) << 32 * bs * (2 * 4096 + 3 * 14336);
    // The same attention; two experts of 14336 per token.
    QTest::newRow("Mixtral-8x7B") << "mistralai__Mixtral-8x7B-v0.1.json"
                                  << bs * (4096 + 4096 + 2 * 1024 + 4096 + 4096)
                                  << 2 * 2 * 32 * s * s << bs * (2 * 4096 + 3 * 2 * 14336)
                                  << 32 * bs * (2 * 4096 + 3 * 2 * 14336);
    // d = 2048, h = g = 16, hd = 128 (6d); 4 of 60 experts of 1408 and a shared one of 5632.
    QTest::newRow("Qwen1.5-MoE-A2.7B")
        << "Qwen__Qwen1.5-MoE-A2.7B.json" << bs * 6 * 2048 << 2 * 2 * 16 * s * s
        << bs * (2 * 2048 + 3 * (4 * 1408 + 5632)) << 24 * bs * (2 * 2048 + 3 * (4 * 1408 + 5632));
    // MLA: Q and K 16·(128 + 64) wide, V and the output 16·128; the first layer dense (f =
    // 10944), then 6 routed and 2 shared experts of 1408 in each of the other 26.
    QTest::newRow("DeepSeek-V2-Lite")
        << "deepseek-ai__DeepSeek-V2-Lite.json" << bs * (2048 + 2 * 16 * 192 + 2 * 16 * 128 + 2048)
        << 2 * 2 * 16 * s * s << bs * (2 * 2048 + 3 * 8 * 1408)
        << bs * (2 * 2048 + 3 * 10944) + 26 * bs * (2 * 2048 + 3 * 8 * 1408);
    // GPT-2 small: the lecture note's 6bsd, 2bhs², bs(2d + 2f).
    QTest::newRow("GPT-2") << "openai-community__gpt2.json" << bs * 6 * 768 << 2 * 2 * 12 * s * s
                           << bs * (2 * 768 + 2 * 3072) << 12 * bs * (2 * 768 + 2 * 3072);
}

void TestArchitectureEstimate::seedActivationsAtRealWidths() {
    QFETCH(QString, file);
    QFETCH(qint64, linear);
    QFETCH(qint64, quadratic);
    QFETCH(qint64, ffn);
    QFETCH(qint64, ffnTotal);
    Scenario sc = scenarioOf(file);
    sc.training.batch = 2;
    sc.training.seqLen = 1024;
    sc.training.precision = Precision::Bf16Mixed; // 2 bytes per element
    const EstimateResult e = estimate(sc);
    QVERIFY(e.hasValue());
    const Activations& a = e->activations;
    const qint64 L = sc.model.layers;
    QCOMPARE(a.attentionLinear.elementsPerLayer, linear);
    QCOMPARE(a.attentionQuadratic.elementsPerLayer, quadratic);
    QCOMPARE(a.ffn.elementsPerLayer, ffn);
    QCOMPARE(a.attentionLinear.bytes, 2 * L * linear);
    QCOMPARE(a.attentionQuadratic.bytes, 2 * L * quadratic);
    QCOMPARE(a.ffn.bytes, 2 * ffnTotal);
    QCOMPARE(a.bytes, 2 * (L * (linear + quadratic) + ffnTotal));
    QCOMPARE(e->total, e->modelStates.total + a.bytes);
}

// At s = crossover.seq_actual the activations equal the model states; at b = batch_actual too.
// The activation polynomial is built here from Llama-3-8B's widths at b = 1, bf16.
void TestArchitectureEstimate::actualCrossoversAtRealWidths() {
    Scenario sc = scenarioOf(QStringLiteral("meta-llama__Meta-Llama-3-8B-Instruct.json"));
    sc.training.batch = 1;
    sc.training.seqLen = 4096;
    sc.training.precision = Precision::Bf16Mixed;
    const EstimateResult e = estimate(sc);
    QVERIFY(e.hasValue());
    const double perToken =
        2.0 * 32 * ((4096 + 4096 + 2048 + 4096 + 4096) + (2 * 4096 + 3 * 14336));
    const double perTokenSquared = 2.0 * 32 * 2 * 32; // 2 bytes · L · 2h
    const double states = double(e->modelStates.total);
    const double s = e->crossover.seqActual;
    QVERIFY(std::abs(perTokenSquared * s * s + perToken * s - states) / states < 1e-12);
    const double perSequence = perToken * 4096 + perTokenSquared * 4096.0 * 4096.0;
    QVERIFY(std::abs(e->crossover.batchActual * perSequence - states) / states < 1e-12);
}

// The ratio, s*, b* and 8d/h stay the lecture note's textbook model on (d, h, s, b) only.
void TestArchitectureEstimate::textbookModelKeepsTheNotesDefinitions() {
    Scenario sc = scenarioOf(QStringLiteral("mistralai__Mixtral-8x7B-v0.1.json"));
    sc.training.batch = 4;
    sc.training.seqLen = 2048;
    const EstimateResult e = estimate(sc);
    QVERIFY(e.hasValue());
    const double b = 4, s = 2048, d = 4096, h = 32;
    QCOMPARE(e->ratio.linearTerm, b * s / (3 * d));
    QCOMPARE(e->ratio.quadraticTerm, b * h * s * s / (24 * d * d));
    QCOMPARE(e->crossover.quadraticOvertakes, 8 * d / h);
    // b·(s/3d + hs²/24d²) = 1 at s*: hs²/24d² + s/3d = 1/b.
    const double x = e->crossover.seq;
    QVERIFY(std::abs(b * (x / (3 * d) + h * x * x / (24 * d * d)) - 1) < 1e-12);
    QVERIFY(std::abs(e->crossover.batch * (s / (3 * d) + h * s * s / (24 * d * d)) - 1) < 1e-12);
}

// gpt-oss's per-head sinks as an input of the table: the importer sets it, the scenario file
// keeps it, the report shows it, and it adds one logit per head and layer (24 × 64 for
// gpt-oss-20b).
void TestArchitectureEstimate::attentionSinksAreAnInput() {
    Scenario sc = scenarioOf(QStringLiteral("openai__gpt-oss-20b.json"));
    QCOMPARE(inputValue(sc, InputId::AttentionSinks), std::int64_t{1});
    const EstimateResult with = estimate(sc);
    QVERIFY(with.hasValue());
    const auto fields = reportFields(*with); // kept: fieldOf points into it
    const FieldValue* shown = fieldOf(fields, "inputs.attention_sinks");
    QVERIFY(shown && std::get<bool>(*shown));
    const auto reread = parseScenarioJson(scenarioJson(sc));
    QVERIFY(reread.hasValue());
    QCOMPARE(reread->model.attentionSinks, true);
    setInputValue(sc, InputId::AttentionSinks, 0);
    const EstimateResult without = estimate(sc);
    QCOMPARE(with->parameters.exact - without->parameters.exact, qint64{24 * 64});
    QVERIFY(!parseScenarioJson(scenarioJson(sc))->model.attentionSinks);
}

QTEST_GUILESS_MAIN(TestArchitectureEstimate)
#include "tst_architecture_estimate.moc"
