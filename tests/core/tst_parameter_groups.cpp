#include "estimate.h"
#include "parameter_groups.h"

#include <QTest>

using namespace lgm;

Q_DECLARE_METATYPE(lgm::ModelSpec)

// Every architecture rule of countParameters() against counts worked out by hand on a tiny model,
// and the GPT-2 layout against the seed's formulas as estimate() has always computed them.
class TestParameterGroups : public QObject {
    Q_OBJECT

private slots:
    void exactRules_data();
    void exactRules();
    void approxRules_data();
    void approxRules();
    void gpt2MatchesTheSeed_data();
    void gpt2MatchesTheSeed();
    void gpt2SmallGroups();
    void groupsSumToTotals_data();
    void groupsSumToTotals();
    void tooLargeOrNegativeIsNullopt_data();
    void tooLargeOrNegativeIsNullopt();
    void modesMatchTheSingleCounts_data();
    void modesMatchTheSingleCounts();
    void beyond64BitsInAnUnusedPart();
};

namespace {

// The tiny Llama-type model every rule below varies: v = 10, d = 8, L = 2, h = 2, g = 1,
// head_dim = 4, f = 12. By hand: embedding 80, head 80, attention per layer 2·8·8 + 2·8·4 = 192,
// gated FFN 3·8·12 = 288, two RMSNorms 16, final norm 8; one layer 496, total 2·496 + 168 = 1160.
ModelSpec tinyLlama() {
    ModelSpec m;
    m.family = Architecture::Llama;
    m.vocab = 10;
    m.dModel = 8;
    m.layers = 2;
    m.heads = 2;
    m.kvHeads = 1;
    m.headDim = 4;
    m.ffn = 12;
    m.positions = 0;
    m.ffnType = FfnType::Gated;
    m.norm = NormType::RmsNorm;
    m.bias = BiasMode::None;
    m.positionType = PositionType::Rotary;
    m.tiedHead = false;
    return m;
}

// Four routed experts of width 6, two per token: one expert 3·8·6 = 144, router 8·4 = 32.
ModelSpec tinyMoe() {
    ModelSpec m = tinyLlama();
    m.moe.experts = 4;
    m.moe.topK = 2;
    m.moe.expertFfn = 6;
    return m;
}

template <typename F> ModelSpec with(ModelSpec m, F change) {
    change(m);
    return m;
}

ModelSpec gpt2Shape(qint64 v, qint64 d, qint64 L, qint64 h, qint64 f, qint64 P) {
    ModelSpec m;
    m.vocab = v;
    m.dModel = d;
    m.layers = L;
    m.heads = h;
    m.kvHeads = h;
    m.headDim = d / h;
    m.ffn = f;
    m.positions = P;
    return m;
}

void addRuleColumns() {
    QTest::addColumn<ModelSpec>("model");
    QTest::addColumn<qint64>("total");
    QTest::addColumn<qint64>("active");
    QTest::addColumn<qint64>("largestLayer");
}

std::int64_t groupTotal(const ParameterCount& count, std::string_view id) {
    for (const ParameterGroup& g : count.groups) {
        if (g.id == id) {
            return g.total;
        }
    }
    return -1;
}

} // namespace

void TestParameterGroups::exactRules_data() {
    addRuleColumns();
    using M = ModelSpec&;
    const ModelSpec base = tinyLlama();
    QTest::newRow("llama base") << base << 1160LL << 1160LL << 496LL;
    // Biases: Q 8 + K 4 + V 4 + O 8 = 24; gated FFN 12 + 12 + 8 = 32.
    QTest::newRow("bias all") << with(base, [](M m) { m.bias = BiasMode::All; }) << 1272LL << 1272LL
                              << 552LL;
    QTest::newRow("bias qkv") << with(base, [](M m) { m.bias = BiasMode::QkvOnly; }) << 1192LL
                              << 1192LL << 512LL;
    QTest::newRow("bias attention")
        << with(base, [](M m) { m.bias = BiasMode::Attention; }) << 1208LL << 1208LL << 520LL;
    // Plain FFN 2·8·12 = 192.
    QTest::newRow("plain ffn") << with(base, [](M m) { m.ffnType = FfnType::Plain; }) << 968LL
                               << 968LL << 400LL;
    // LayerNorm: gain and bias, 32 per layer and 16 final.
    QTest::newRow("layernorm") << with(base, [](M m) { m.norm = NormType::LayerNorm; }) << 1200LL
                               << 1200LL << 512LL;
    QTest::newRow("non-parametric norm")
        << with(base, [](M m) { m.norm = NormType::NonParametric; }) << 1120LL << 1120LL << 480LL;
    QTest::newRow("4 norms per layer")
        << with(base, [](M m) { m.normsPerLayer = 4; }) << 1192LL << 1192LL << 512LL;
    QTest::newRow("no final norm")
        << with(base, [](M m) { m.finalNorm = false; }) << 1152LL << 1152LL << 496LL;
    QTest::newRow("learned positions P = 5") << with(base, [](M m) {
        m.positionType = PositionType::Learned;
        m.positions = 5;
    }) << 1200LL << 1200LL << 496LL;
    QTest::newRow("rotary ignores P")
        << with(base, [](M m) { m.positions = 99; }) << 1160LL << 1160LL << 496LL;
    QTest::newRow("tied head") << with(base, [](M m) { m.tiedHead = true; }) << 1080LL << 1080LL
                               << 496LL;
    // QK-norm per head: 2·head_dim = 8; full: (h + g)·head_dim = 12; LayerNorm doubles them.
    QTest::newRow("qk-norm per head")
        << with(base, [](M m) { m.qkNorm = QkNorm::PerHead; }) << 1176LL << 1176LL << 504LL;
    QTest::newRow("qk-norm full") << with(base, [](M m) { m.qkNorm = QkNorm::Full; }) << 1184LL
                                  << 1184LL << 508LL;
    QTest::newRow("qk-norm full, layernorm") << with(base, [](M m) {
        m.qkNorm = QkNorm::Full;
        m.norm = NormType::LayerNorm;
    }) << 1248LL << 1248LL << 536LL;
    // Multi-head attention: K and V 8 × 8, attention 256 per layer.
    QTest::newRow("mha g = h") << with(base, [](M m) { m.kvHeads = 2; }) << 1288LL << 1288LL
                               << 560LL;
    // head_dim 6 ≠ d/h: Q, O 8 × 12 and K, V 8 × 6: 2·96 + 2·48 = 288 per layer.
    QTest::newRow("head_dim 6") << with(base, [](M m) { m.headDim = 6; }) << 1352LL << 1352LL
                                << 592LL;
    QTest::newRow("attention sinks")
        << with(base, [](M m) { m.attentionSinks = true; }) << 1164LL << 1164LL << 498LL;
    // A 10 × 3 table with 3 × 8 in and out projections: 30 + 48; the untied head is 10 × 3.
    QTest::newRow("embedding projection")
        << with(base, [](M m) { m.embeddingProjection = 3; }) << 1108LL << 1108LL << 496LL;
    // MLA with c_kv = 3, rope 1, nope 2, v 2: Q 8 × 2·3 = 48; K/V latent 8 × (3 + 1) = 32, its
    // norm 3 and 3 × 2·(2 + 2) = 24; O 2·2 × 8 = 32: attention 139 per layer.
    const auto mla = [](M m) {
        m.mla.kvLoraRank = 3;
        m.mla.qkNopeHeadDim = 2;
        m.mla.qkRopeHeadDim = 1;
        m.mla.vHeadDim = 2;
    };
    QTest::newRow("mla") << with(base, mla) << 1054LL << 1054LL << 443LL;
    // With c_q = 4: Q is 8 × 4, a norm of 4, and 4 × 2·3 = 24: 60 instead of 48.
    QTest::newRow("mla with q latent")
        << with(with(base, mla), [](M m) { m.mla.qLoraRank = 4; }) << 1078LL << 1078LL << 455LL;
    // MoE: one layer 192 + 4·144 + 32 + 16 = 816; active drops 2 of 4 experts in both layers.
    const ModelSpec moe = tinyMoe();
    QTest::newRow("moe") << moe << 1800LL << 1224LL << 816LL;
    QTest::newRow("moe top-k = E")
        << with(moe, [](M m) { m.moe.topK = 4; }) << 1800LL << 1800LL << 816LL;
    QTest::newRow("moe router bias")
        << with(moe, [](M m) { m.moe.routerBias = true; }) << 1808LL << 1232LL << 820LL;
    // One shared expert of width 10 (240) with a d → 1 gate (8).
    QTest::newRow("moe shared gated") << with(moe, [](M m) {
        m.moe.sharedExperts = 1;
        m.moe.sharedFfn = 10;
        m.moe.sharedGate = true;
    }) << 2296LL << 1720LL << 1064LL;
    QTest::newRow("moe two shared, no gate") << with(moe, [](M m) {
        m.moe.sharedExperts = 2;
        m.moe.sharedFfn = 10;
    }) << 2760LL << 2184LL << 1296LL;
    // The first layer dense (496), the second MoE (816).
    QTest::newRow("moe first layer dense")
        << with(moe, [](M m) { m.moe.firstDenseLayers = 1; }) << 1480LL << 1192LL << 816LL;
    // gpt-oss experts: every linear has a bias; one expert 144 + 12 + 8 = 164, attention 216.
    QTest::newRow("moe with biases") << with(moe, [](M m) {
        m.bias = BiasMode::All;
        m.moe.routerBias = true;
    }) << 2016LL << 1360LL << 924LL;
}

void TestParameterGroups::exactRules() {
    QFETCH(ModelSpec, model);
    QFETCH(qint64, total);
    QFETCH(qint64, active);
    QFETCH(qint64, largestLayer);
    const auto count = countParameters(model, CountMode::Exact);
    QVERIFY(count.has_value());
    QCOMPARE(count->total, total);
    QCOMPARE(count->active, active);
    QCOMPARE(count->largestLayer, largestLayer);
}

void TestParameterGroups::approxRules_data() {
    addRuleColumns();
    using M = ModelSpec&;
    // Only the layers' weight matrices: attention 192 and FFN 288 per layer.
    const ModelSpec base = tinyLlama();
    QTest::newRow("llama base") << base << 960LL << 960LL << 480LL;
    QTest::newRow("biases, norms and sinks do not count") << with(base, [](M m) {
        m.bias = BiasMode::All;
        m.norm = NormType::LayerNorm;
        m.qkNorm = QkNorm::Full;
        m.attentionSinks = true;
        m.tiedHead = true;
    }) << 960LL << 960LL << 480LL;
    QTest::newRow("plain ffn") << with(base, [](M m) { m.ffnType = FfnType::Plain; }) << 768LL
                               << 768LL << 384LL;
    // MLA without its latent norms: 136 per layer; with the Q latent 32 + 24 replaces 48: 144.
    const auto mla = [](M m) {
        m.mla.kvLoraRank = 3;
        m.mla.qkNopeHeadDim = 2;
        m.mla.qkRopeHeadDim = 1;
        m.mla.vHeadDim = 2;
    };
    QTest::newRow("mla") << with(base, mla) << 848LL << 848LL << 424LL;
    QTest::newRow("mla with q latent")
        << with(with(base, mla), [](M m) { m.mla.qLoraRank = 4; }) << 864LL << 864LL << 432LL;
    // MoE: 192 + 576 + router 32 per layer; active drops 2·144 per layer.
    QTest::newRow("moe") << tinyMoe() << 1600LL << 1024LL << 800LL;
    // The seed's 12Ld² for GPT-2 small at f = 4d.
    QTest::newRow("gpt2 small") << gpt2Shape(50257, 768, 12, 12, 3072, 1024) << 84934656LL
                                << 84934656LL << 7077888LL;
}

void TestParameterGroups::approxRules() {
    QFETCH(ModelSpec, model);
    QFETCH(qint64, total);
    QFETCH(qint64, active);
    QFETCH(qint64, largestLayer);
    const auto count = countParameters(model, CountMode::Approx);
    QVERIFY(count.has_value());
    QCOMPARE(count->total, total);
    QCOMPARE(count->active, active);
    QCOMPARE(count->largestLayer, largestLayer);
}

void TestParameterGroups::gpt2MatchesTheSeed_data() {
    QTest::addColumn<ModelSpec>("model");
    QTest::newRow("gpt2 small") << gpt2Shape(50257, 768, 12, 12, 3072, 1024);
    QTest::newRow("gpt2 xl") << gpt2Shape(50257, 1600, 48, 25, 6400, 1024);
    QTest::newRow("f != 4d") << gpt2Shape(11, 10, 3, 2, 7, 5);
    QTest::newRow("no position table") << gpt2Shape(1000, 64, 2, 4, 256, 0);
    QTest::newRow("one of everything") << gpt2Shape(1, 1, 1, 1, 1, 0);
}

// The GPT-2 layout gives exactly what estimate() reports today, in both counts.
void TestParameterGroups::gpt2MatchesTheSeed() {
    QFETCH(ModelSpec, model);
    for (const CountMode mode : {CountMode::Exact, CountMode::Approx}) {
        Config config;
        config.vocab = model.vocab;
        config.dModel = model.dModel;
        config.layers = model.layers;
        config.heads = model.heads;
        config.ffn = model.ffn;
        config.positions = model.positions;
        config.count = mode;
        const auto seed = estimate(config);
        QVERIFY(seed.hasValue());
        const auto count = countParameters(model, mode);
        QVERIFY(count.has_value());
        QCOMPARE(count->total, seed->parameters.total);
        QCOMPARE(count->largestLayer, seed->parameters.perLayer);
        QCOMPARE(groupTotal(*count, "attention"), seed->parameters.attention);
        QCOMPARE(groupTotal(*count, "ffn"), seed->parameters.ffn);
        QCOMPARE(groupTotal(*count, "norm"), seed->parameters.norm);
        QCOMPARE(groupTotal(*count, "embedding") + groupTotal(*count, "positions"),
                 seed->parameters.embedding);
    }
}

void TestParameterGroups::gpt2SmallGroups() {
    const auto count = countParameters(ModelSpec{}, CountMode::Exact);
    QVERIFY(count.has_value());
    QCOMPARE(count->total, 124439808LL); // Hugging Face's count of the gpt2 checkpoint
    QCOMPARE(count->active, 124439808LL);
    std::vector<std::string_view> ids;
    for (const ParameterGroup& g : count->groups) {
        ids.push_back(g.id);
    }
    const std::vector<std::string_view> expected{"embedding", "positions", "attention", "ffn",
                                                 "norm"};
    QVERIFY(ids == expected);
    QCOMPARE(groupTotal(*count, "embedding"), 50257LL * 768);
    QCOMPARE(groupTotal(*count, "positions"), 1024LL * 768);
}

void TestParameterGroups::groupsSumToTotals_data() {
    QTest::addColumn<ModelSpec>("model");
    QTest::newRow("llama") << tinyLlama();
    QTest::newRow("moe, shared, dense first") << with(tinyMoe(), [](ModelSpec& m) {
        m.moe.sharedExperts = 1;
        m.moe.sharedFfn = 10;
        m.moe.firstDenseLayers = 1;
        m.qkNorm = QkNorm::PerHead;
    });
}

void TestParameterGroups::groupsSumToTotals() {
    QFETCH(ModelSpec, model);
    for (const CountMode mode : {CountMode::Exact, CountMode::Approx}) {
        const auto count = countParameters(model, mode);
        QVERIFY(count.has_value());
        std::int64_t total = 0, active = 0;
        for (const ParameterGroup& g : count->groups) {
            total += g.total;
            active += g.active;
            QVERIFY(g.active <= g.total);
        }
        QCOMPARE(total, count->total);
        QCOMPARE(active, count->active);
    }
}

void TestParameterGroups::tooLargeOrNegativeIsNullopt_data() {
    QTest::addColumn<ModelSpec>("model");
    QTest::newRow("moe beyond 2^63") << with(tinyMoe(), [](ModelSpec& m) {
        m.dModel = 1000000;
        m.layers = 100000;
        m.moe.experts = 100000;
        m.moe.expertFfn = 100000000;
    });
    QTest::newRow("beyond 2^127") << with(tinyLlama(), [](ModelSpec& m) {
        m.dModel = std::numeric_limits<std::int64_t>::max();
        m.layers = std::numeric_limits<std::int64_t>::max();
        m.ffn = std::numeric_limits<std::int64_t>::max();
    });
    QTest::newRow("negative width") << with(tinyLlama(), [](ModelSpec& m) { m.ffn = -1; });
}

void TestParameterGroups::tooLargeOrNegativeIsNullopt() {
    QFETCH(ModelSpec, model);
    QVERIFY(!countParameters(model, CountMode::Exact).has_value());
}

// countParameterModes() counts both modes at once (the approx one by its total alone): the same
// numbers as two countParameters() calls, on every hand-counted model above.
void TestParameterGroups::modesMatchTheSingleCounts_data() {
    approxRules_data();
}

void TestParameterGroups::modesMatchTheSingleCounts() {
    QFETCH(ModelSpec, model);
    const auto exact = countParameters(model, CountMode::Exact);
    const auto approx = countParameters(model, CountMode::Approx);
    QVERIFY(exact && approx);
    for (const CountMode mode : {CountMode::Exact, CountMode::Approx}) {
        const auto modes = countParameterModes(model, mode);
        QVERIFY(modes.has_value());
        QCOMPARE(modes->exact, exact->total);
        QCOMPARE(modes->approx, approx->total);
        QVERIFY(modes->selected == (mode == CountMode::Exact ? *exact : *approx));
    }
}

// A product past 2^63 that no layer uses (L = 0): the 64-bit steps overflow, and the 128-bit
// count gives the model's tables and final norm, 80 + 80 + 8, as before.
void TestParameterGroups::beyond64BitsInAnUnusedPart() {
    ModelSpec m = tinyLlama();
    m.layers = 0;
    m.heads = std::int64_t{1} << 31;
    m.headDim = std::int64_t{1} << 31; // Q alone is 8 · 2^62 wide
    const auto count = countParameters(m, CountMode::Exact);
    QVERIFY(count.has_value());
    QCOMPARE(count->total, 168);
    const auto modes = countParameterModes(m, CountMode::Exact);
    QVERIFY(modes.has_value());
    QCOMPARE(modes->exact, 168);
    QCOMPARE(modes->approx, 0);
}

QTEST_APPLESS_MAIN(TestParameterGroups)
#include "tst_parameter_groups.moc"
