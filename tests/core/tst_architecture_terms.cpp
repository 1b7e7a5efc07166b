#include "derivation.h"
#include "estimate.h"
#include "hf_config.h"
#include "memory_terms.h"
#include "report_fields.h"
#include "sweep.h"

#include <QCoreApplication>
#include <QFile>
#include <QLocale>

#include <QTest>

#include <cmath>

using namespace lgm;

// The seed's terms for today's architectures: one list gives the estimate's exact integers, the
// chart curves along s, b and N, and the derivation, for GQA, gated FFNs, MLA and MoE layers
// (routed and shared experts, the first dense layers).
class TestArchitectureTerms : public QObject {
    Q_OBJECT

private slots:
    void termsAddUpToTheEstimate_data();
    void termsAddUpToTheEstimate();
    void denseAndMoeLayersAreTermsOfTheirOwn();
    void seqAndBatchSweepsMatchEstimate_data();
    void seqAndBatchSweepsMatchEstimate();
    void gpuSweepMatchesEstimate_data();
    void gpuSweepMatchesEstimate();
    void derivationNamesEveryTerm_data();
    void derivationNamesEveryTerm();
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
    s.training.batch = 2;
    s.training.seqLen = 1024;
    s.training.precision = Precision::Bf16Mixed;
    return s;
}

// The architectures: GPT-2 (the lecture note's), GQA with a gated FFN, routed experts, shared
// experts, and MLA with a first dense layer.
void addModelRows() {
    QTest::addColumn<QString>("file");
    QTest::newRow("GPT-2") << "openai-community__gpt2.json";
    QTest::newRow("Llama-3-8B") << "meta-llama__Meta-Llama-3-8B-Instruct.json";
    QTest::newRow("Mixtral-8x7B") << "mistralai__Mixtral-8x7B-v0.1.json";
    QTest::newRow("Qwen1.5-MoE-A2.7B") << "Qwen__Qwen1.5-MoE-A2.7B.json";
    QTest::newRow("DeepSeek-V2-Lite") << "deepseek-ai__DeepSeek-V2-Lite.json";
}

bool near(double a, double b) {
    return std::abs(a - b) <= 1e-12 * std::max(std::abs(a), std::abs(b));
}

std::int64_t integerOf(const std::vector<ReportField>& fields, const std::string& key) {
    for (const ReportField& f : fields) {
        if (f.key == key && std::holds_alternative<std::int64_t>(f.value)) {
            return std::get<std::int64_t>(f.value);
        }
    }
    return -1;
}

} // namespace

// Each term's bytes are its elements times its bytes per element times its layers, the terms
// add up to the estimate's totals, and the report shows each under its id.
void TestArchitectureTerms::termsAddUpToTheEstimate_data() {
    addModelRows();
}

void TestArchitectureTerms::termsAddUpToTheEstimate() {
    QFETCH(QString, file);
    const EstimateResult e = estimate(scenarioOf(file));
    QVERIFY(e.hasValue());
    QVERIFY(e->scenario.model.layers > 1);
    const auto fields = reportFields(*e);
    std::int64_t states = 0, activations = 0;
    for (const SeedTerm& t : e->terms) {
        QCOMPARE(t.bytes, t.elements * t.bytesPerElement * t.layers);
        (t.kind() == TermKind::Activations ? activations : states) += t.bytes;
        // The report keeps each part's key: a term adds to its key.
        std::int64_t reported = 0;
        for (const SeedTerm& u : e->terms) {
            reported += u.info->reportKey() == t.info->reportKey() ? u.bytes : 0;
        }
        QCOMPARE(integerOf(fields, std::string(t.info->reportKey())), reported);
    }
    QCOMPARE(integerOf(fields, "activations.ffn"), e->activations.ffn.bytes);
    QCOMPARE(integerOf(fields, "activations.ffn_per_layer"), e->activations.ffn.bytesPerLayer);
    QCOMPARE(integerOf(fields, "activations.ffn_dense"), std::int64_t{-1});
    QCOMPARE(states, e->modelStates.total);
    QCOMPARE(activations, e->activations.bytes);
    QCOMPARE(states + activations, e->total);
    QCOMPARE(integerOf(fields, "activations.total"), e->activations.bytes);
}

// DeepSeek-V2-Lite: layer 1 has a dense FFN of f = 10944, the other 26 route each token through
// 6 of 64 experts of 1408 and 2 shared ones of 1408 (its config.json). At b·s = 2048, 2 bytes.
void TestArchitectureTerms::denseAndMoeLayersAreTermsOfTheirOwn() {
    const EstimateResult e =
        estimate(scenarioOf(QStringLiteral("deepseek-ai__DeepSeek-V2-Lite.json")));
    QVERIFY(e.hasValue());
    const SeedTerm* moe = e->terms.find("activations.ffn");
    const SeedTerm* dense = e->terms.find("activations.ffn_dense");
    QVERIFY(moe && dense);
    QCOMPARE(moe->layers, std::int64_t{26});
    QCOMPARE(dense->layers, std::int64_t{1});
    QCOMPARE(moe->elements, std::int64_t{2048 * (2 * 2048 + 3 * (6 + 2) * 1408)});
    QCOMPARE(dense->elements, std::int64_t{2048 * (2 * 2048 + 3 * 10944)});
    QCOMPARE(e->activations.ffn.bytes, moe->bytes + dense->bytes);
    // Mixtral has no dense layer: one FFN term over all 32 layers, two experts of 14336.
    const EstimateResult mixtral =
        estimate(scenarioOf(QStringLiteral("mistralai__Mixtral-8x7B-v0.1.json")));
    QVERIFY(mixtral.hasValue());
    QVERIFY(!mixtral->terms.find("activations.ffn_dense"));
    const SeedTerm* experts = mixtral->terms.find("activations.ffn");
    QVERIFY(experts);
    QCOMPARE(experts->layers, std::int64_t{32});
    QCOMPARE(experts->elements, std::int64_t{2048 * (2 * 4096 + 3 * 2 * 14336)});
}

// Every point of the s and b curves, per term and summed, is the estimate at that s or b.
void TestArchitectureTerms::seqAndBatchSweepsMatchEstimate_data() {
    addModelRows();
}

void TestArchitectureTerms::seqAndBatchSweepsMatchEstimate() {
    QFETCH(QString, file);
    const Scenario base = scenarioOf(file);
    const EstimateResult e = estimate(base);
    QVERIFY(e.hasValue());
    const std::vector<double> xs{1, 3, 64, 777, 4096};
    for (const SweepAxis axis : {SweepAxis::Seq, SweepAxis::Batch}) {
        const Sweep curves = sweep(*e, axis, xs);
        QCOMPARE(curves.terms.size(), e->terms.size());
        for (std::size_t i = 0; i < xs.size(); ++i) {
            Scenario at = base;
            (axis == SweepAxis::Seq ? at.training.seqLen : at.training.batch) =
                static_cast<std::int64_t>(xs[i]);
            const EstimateResult point = estimate(at);
            QVERIFY(point.hasValue());
            QVERIFY(near(curves.total[i], double(point->total)));
            QVERIFY(near(curves.activations[i], double(point->activations.bytes)));
            for (const TermCurve& curve : curves.terms) {
                const SeedTerm* exact = point->terms.find(curve.term->id);
                QVERIFY(exact);
                QVERIFY2(near(curve.bytes[i], double(exact->bytes)), curve.term->id.data());
            }
        }
    }
}

// The per-GPU curves of every strategy against N, from the estimate of the architecture (not
// from a GPT-2 of the same widths).
void TestArchitectureTerms::gpuSweepMatchesEstimate_data() {
    addModelRows();
}

void TestArchitectureTerms::gpuSweepMatchesEstimate() {
    QFETCH(QString, file);
    Scenario base = scenarioOf(file);
    base.parallel.gpusPerNode = 4;
    const EstimateResult e = estimate(base);
    QVERIFY(e.hasValue());
    const GpuSweep curves = sweepGpus(*e, 64);
    for (const StrategyCurve& curve : curves) {
        QVERIFY(!curve.gpus.empty());
        for (std::size_t i = 0; i < curve.gpus.size(); ++i) {
            Scenario at = base;
            at.parallel.data = curve.strategy;
            at.parallel.gpus = static_cast<std::int64_t>(curve.gpus[i]);
            const EstimateResult point = estimate(at);
            QVERIFY(point.hasValue());
            QCOMPARE(curve.total[i], double(point->perGpu.total));
        }
    }
}

// The activations step shows each term by its label, with its own formula and element count.
void TestArchitectureTerms::derivationNamesEveryTerm_data() {
    addModelRows();
}

void TestArchitectureTerms::derivationNamesEveryTerm() {
    QFETCH(QString, file);
    const EstimateResult e = estimate(scenarioOf(file));
    QVERIFY(e.hasValue());
    const std::vector<DerivationStep> steps = derivation(*e);
    for (const SeedTerm& t : e->terms) {
        const QString label = QCoreApplication::translate("Derivation", t.info->label);
        bool shown = false;
        for (const DerivationStep& step : steps) {
            for (const DerivationLine& line : step.lines) {
                shown =
                    shown || (line.label == label && line.symbolic.contains(symbolic(*t.formula)));
            }
        }
        QVERIFY2(shown, t.info->label);
    }
    // The last activation line is the whole sum, over each term's own layers.
    const DerivationStep& activations = steps.at(2);
    QLocale c = QLocale::c();
    c.setNumberOptions(QLocale::DefaultNumberOptions);
    QVERIFY(
        activations.lines.back().result.startsWith(c.toString(qlonglong(e->activations.bytes))));
}

QTEST_GUILESS_MAIN(TestArchitectureTerms)
#include "tst_architecture_terms.moc"
