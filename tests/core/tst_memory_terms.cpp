#include "estimate.h"
#include "memory_terms.h"

#include <QTest>

using namespace lgm;

// The seed's terms against figures worked out independently of the code:
//   the lecture note's GPT-2 small (b = 8, s = 1024, d = 768, h = 12, L = 12, fp32):
//     6bsd = 37,748,736, 2bhs² = 201,326,592, 10bsd = 62,914,560 elements per layer;
//   Korthikanti et al. (2022), eq. 2: one layer stores sbh(34 + 5as/h) bytes in 16 bits, i.e.
//     34sbh + 5as²b. The seed keeps no dropout masks: it is that less the two sbh masks of one
//     byte and the as²b attention-dropout mask, 32sbh + 4as²b;
//   Llama-3-8B (d = 4096, h = 32, g = 8, d_head = 128, f = 14,336, SwiGLU): the widths
//     d + h·d_head + 2g·d_head + h·d_head + d = 18,432 and 2d + 3f = 51,200 per token.
class TestMemoryTerms : public QObject {
    Q_OBJECT

private slots:
    void gpt2SmallTerms();
    void korthikantiLessDropoutMasks_data();
    void korthikantiLessDropoutMasks();
    void realWidths();
    void doubleAgreesWithExact();
    void coefficients();
    void text_data();
    void text();
    void modelStateTerms();

private:
    static const SeedTerm& termOf(const SeedTerms& terms, std::string_view id) {
        const SeedTerm* t = terms.find(id);
        if (!t) {
            qFatal("no term %s", std::string(id).c_str());
        }
        return *t;
    }
    static SeedTerms evaluated(const Scenario& s, std::int64_t psi, int e) {
        SeedTerms terms = seedTerms(s.model, 4, 4, 8, e);
        if (evaluateTerms(terms, variablesOf<std::int64_t>(s, psi))) {
            qFatal("terms do not fit");
        }
        return terms;
    }
};

void TestMemoryTerms::gpt2SmallTerms() {
    const SeedTerms terms = evaluated(Scenario{}, 124439808, 4);
    QCOMPARE(terms.size(), std::size_t{6});
    QCOMPARE(termOf(terms, "activations.attention_linear").elements, 37748736);
    QCOMPARE(termOf(terms, "activations.attention_quadratic").elements, 201326592);
    QCOMPARE(termOf(terms, "activations.ffn").elements, 62914560);
    QCOMPARE(terms.bytesOf(TermKind::Activations), std::int64_t{14495514624});
    QCOMPARE(terms.bytesOf(TermKind::Parameters) + terms.bytesOf(TermKind::Gradients) +
                 terms.bytesOf(TermKind::Optimizer),
             std::int64_t{1991036928}); // 16Ψ

    // The estimate's fields and report are these terms.
    const Estimate e = estimate(Scenario{}).value();
    QCOMPARE(e.terms.size(), terms.size());
    for (std::size_t i = 0; i < terms.size(); ++i) {
        QVERIFY(e.terms.begin()[i].id() == terms.begin()[i].id());
        QCOMPARE(e.terms.begin()[i].bytes, terms.begin()[i].bytes);
    }
    QCOMPARE(e.activations.bytes, terms.bytesOf(TermKind::Activations));
}

void TestMemoryTerms::korthikantiLessDropoutMasks_data() {
    QTest::addColumn<std::int64_t>("hidden");
    QTest::addColumn<std::int64_t>("heads");
    QTest::addColumn<std::int64_t>("seq");
    QTest::addColumn<std::int64_t>("batch");
    QTest::addColumn<std::int64_t>("korthikanti"); // 34sbh + 5as²b, bytes per layer
    // The shapes of Korthikanti's Table 3 models.
    QTest::newRow("22B") << std::int64_t{6144} << std::int64_t{64} << std::int64_t{2048}
                         << std::int64_t{4} << std::int64_t{7079985152};
    QTest::newRow("175B (GPT-3)") << std::int64_t{12288} << std::int64_t{96} << std::int64_t{2048}
                                  << std::int64_t{1} << std::int64_t{2868903936};
    QTest::newRow("530B") << std::int64_t{20480} << std::int64_t{128} << std::int64_t{2048}
                          << std::int64_t{1} << std::int64_t{4110417920};
}

void TestMemoryTerms::korthikantiLessDropoutMasks() {
    QFETCH(std::int64_t, hidden);
    QFETCH(std::int64_t, heads);
    QFETCH(std::int64_t, seq);
    QFETCH(std::int64_t, batch);
    QFETCH(std::int64_t, korthikanti);
    Scenario s;
    s.model.dModel = hidden;
    s.model.heads = s.model.kvHeads = heads;
    s.model.headDim = hidden / heads;
    s.model.ffn = 4 * hidden;
    s.model.layers = 1;
    s.training.seqLen = seq;
    s.training.batch = batch;
    const SeedTerms terms = evaluated(s, 1, 2);
    const std::int64_t masks = 2 * seq * batch * hidden + heads * seq * seq * batch;
    QCOMPARE(terms.bytesOf(TermKind::Activations) + masks, korthikanti);
}

void TestMemoryTerms::realWidths() {
    Scenario s;
    s.model.dModel = 4096;
    s.model.heads = 32;
    s.model.kvHeads = 8;
    s.model.headDim = 128;
    s.model.ffn = 14336;
    s.model.ffnType = FfnType::Gated;
    s.training.batch = 1;
    s.training.seqLen = 1;
    const SeedTerms terms = evaluated(s, 1, 2);
    QCOMPARE(termOf(terms, "activations.attention_linear").elements, 18432);
    QCOMPARE(termOf(terms, "activations.ffn").elements, 51200);
    // Multi-head attention with a head width other than d/h keeps its real widths too.
    s.model.kvHeads = 32;
    s.model.headDim = 64; // h·d_head = 2048: 2·4096 + 2·2048 + 2·2048
    QCOMPARE(termOf(evaluated(s, 1, 2), "activations.attention_linear").elements, 16384);
}

void TestMemoryTerms::doubleAgreesWithExact() {
    Scenario s;
    s.model.ffn = 3000;
    s.training.seqLen = 4096;
    const SeedTerms terms = evaluated(s, 124439808, 4);
    const auto real = variablesOf<double>(s, 124439808);
    for (const SeedTerm& t : terms) {
        QCOMPARE(evaluate(*t.formula, real), double(t.elements));
    }
}

void TestMemoryTerms::coefficients() {
    const Scenario s; // b = 8, d = 768, h = 12, f = 3072
    const SeedTerms terms = evaluated(s, 1, 4);
    const auto real = variablesOf<double>(s, 1);
    const auto quadratic =
        coefficientsIn(*termOf(terms, "activations.attention_quadratic").formula, Var::s, real);
    QCOMPARE(quadratic[0], 0.0);
    QCOMPARE(quadratic[1], 0.0);
    QCOMPARE(quadratic[2], 2.0 * 8 * 12);
    const auto linear =
        coefficientsIn(*termOf(terms, "activations.attention_linear").formula, Var::s, real);
    QCOMPARE(linear[1], 6.0 * 8 * 768);
    QCOMPARE(linear[2], 0.0);
    const auto ffnInB = coefficientsIn(*termOf(terms, "activations.ffn").formula, Var::b, real);
    QCOMPARE(ffnInB[1], 10.0 * 1024 * 768);
}

void TestMemoryTerms::text_data() {
    QTest::addColumn<std::int64_t>("ffn");
    QTest::addColumn<std::int64_t>("kvHeads");
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("symbolic");
    QTest::addColumn<QString>("substituted");
    const std::int64_t f = 3072, h = 12;
    QTest::newRow("6bsd") << f << h << "activations.attention_linear"
                          << "6bsd"
                          << "6·8·1,024·768";
    QTest::newRow("2bhs²") << f << h << "activations.attention_quadratic"
                           << "2bhs^{2}"
                           << "2·8·12·1,024^{2}";
    QTest::newRow("10bsd") << f << h << "activations.ffn"
                           << "10bsd"
                           << "10·8·1,024·768";
    QTest::newRow("bs(2d + 2f)") << std::int64_t{3000} << h << "activations.ffn"
                                 << "bs(2d + 2f)"
                                 << "8·1,024·(2·768 + 2·3,000)";
    QTest::newRow("widths") << f << std::int64_t{4} << "activations.attention_linear"
                            << "bs(2d + 2h·d_{\\head} + 2g·d_{\\head})"
                            << "8·1,024·(2·768 + 2·12·64 + 2·4·64)";
    QTest::newRow("Ψ") << f << h << "model_states.gradients"
                       << "Ψ"
                       << "124,439,808";
}

void TestMemoryTerms::text() {
    QFETCH(std::int64_t, ffn);
    QFETCH(std::int64_t, kvHeads);
    QFETCH(QString, id);
    QFETCH(QString, symbolic);
    QFETCH(QString, substituted);
    Scenario s;
    s.model.ffn = ffn;
    s.model.kvHeads = kvHeads;
    const SeedTerms terms = seedTerms(s.model, 4, 4, 8, 4);
    const Formula& f = *termOf(terms, id.toStdString()).formula;
    QCOMPARE(lgm::symbolic(f), symbolic);
    QCOMPARE(lgm::substituted(f, variablesOf<std::int64_t>(s, 124439808)), substituted);
    QCOMPARE(plainText(QStringLiteral("2bhs^{2} + d_{\\head}")), QStringLiteral("2bhs² + d_head"));
    // The legend's text is the same formula in plain text.
    QCOMPARE(termFormulaText(terms, id.toStdString()), plainText(symbolic));
    QCOMPARE(termFormulaText(terms, "activations.none"), QString());
}

void TestMemoryTerms::modelStateTerms() {
    // Mixed precision: 2 + 2 + 12 bytes per parameter (ZeRO's 16Ψ), labelled as such.
    const SeedTerms terms = seedTerms(ModelSpec{}, 2, 2, 12, 2);
    QCOMPARE(QString::fromLatin1(termOf(terms, "model_states.parameters").info->label),
             QStringLiteral("Parameters, 16-bit"));
    QCOMPARE(termOf(terms, "model_states.optimizer").bytesPerElement, 12);
    QVERIFY(termOf(terms, "model_states.optimizer").kind() == TermKind::Optimizer);
    QVERIFY(!terms.find("activations.logits"));
}

QTEST_GUILESS_MAIN(TestMemoryTerms)
#include "tst_memory_terms.moc"
