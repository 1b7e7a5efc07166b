#include "derivation.h"

#include "input_table.h"

#include <QTest>

#include <algorithm>

using namespace lgm;

Q_DECLARE_METATYPE(lgm::Scenario)

// GPT-2 small, fp32, b = 8, s = 1024, by hand:
//   12·12·768² = 84,934,656; exact 124,439,808 (embeddings 51,281·768 = 39,383,808,
//   biases 12·(5·768 + 3072) = 82,944, LayerNorms 50·768 = 38,400);
//   16Ψ = 1,991,036,928 B; per layer 6bsd = 37,748,736, 2bhs² = 201,326,592, 10bsd = 62,914,560
//   elements, 4 bytes each: 1,207,959,552 B, ×12 = 14,495,514,624 B;
//   s/3d = 4/9, hs²/24d² = 8/9 per sequence, ratio 8·4/3 = 10.7; 8d/h = 512;
//   s* = 256·(√3.25 − 1) = 205.5; b* = 0.75.
class TestDerivation : public QObject {
    Q_OBJECT

private slots:
    void gpt2SmallSteps();
    void gpt2SmallHtml_data();
    void gpt2SmallHtml();
    void gpt2SmallMarkdown();
    void generalFfnUsesTheGeneralFormulas();
    void mixedPrecisionSplit();
    void perGpuFormula_data();
    void perGpuFormula();
    void markupRendering_data();
    void markupRendering();
    void finetunedModelStates_data();
    void finetunedModelStates();

private:
    static Estimate estimateOf(const Config& c) {
        const EstimateResult e = estimate(c);
        if (!e) {
            qFatal("invalid test configuration");
        }
        return *e;
    }
    static Estimate estimateOf(const Scenario& s) {
        const EstimateResult e = estimate(s);
        if (!e) {
            qFatal("invalid test scenario");
        }
        return *e;
    }
    static QString joined(const DerivationStep& step) {
        QString all = step.title + QLatin1Char('\n') + step.note;
        for (const DerivationLine& l : step.lines) {
            all += QStringLiteral("\n%1 | %2 | %3 | %4")
                       .arg(l.label, l.symbolic, l.substituted, l.result);
        }
        return all;
    }
};

void TestDerivation::gpt2SmallSteps() {
    const auto steps = derivation(estimateOf(Config{}));
    QCOMPARE(steps.size(), std::size_t{5});
    const QString parameters = joined(steps[0]);
    QVERIFY(parameters.contains("12·12·768^{2} | 84,934,656 parameters"));
    QVERIFY(parameters.contains("(50,257 + 1,024)·768 | 39,383,808 parameters"));
    QVERIFY(parameters.contains("12·(5·768 + 3,072) | 82,944 parameters"));
    QVERIFY(parameters.contains("(4·12 + 2)·768 | 38,400 parameters"));
    QVERIFY(parameters.contains("84,934,656 + 39,383,808 + 82,944 + 38,400 | 124,439,808"));
    QVERIFY(parameters.contains("39,505,152")); // what 12Ld² leaves out

    const QString states = joined(steps[1]);
    QVERIFY(
        states.contains("4Ψ + 4Ψ + 8Ψ = 16Ψ | 16·124,439,808 \\B | 1,991,036,928 B (1.85 GiB)"));

    const QString activations = joined(steps[2]);
    QVERIFY(activations.contains("6·8·1,024·768 | 37,748,736 elements"));
    QVERIFY(activations.contains("2·8·12·1,024^{2} | 201,326,592 elements"));
    QVERIFY(activations.contains("10·8·1,024·768 | 62,914,560 elements"));
    QVERIFY(activations.contains("1,207,959,552 B"));
    QVERIFY(activations.contains("12·1,207,959,552 \\B | 14,495,514,624 B (13.5 GiB)"));

    const QString ratio = joined(steps[3]);
    QVERIFY(ratio.contains("8·1,024/(3·768) | 3.56"));
    QVERIFY(ratio.contains("8·12·1,024^{2}/(24·768^{2}) | 7.11"));
    QVERIFY(ratio.contains("| 10.7"));
    QVERIFY(ratio.contains("8·768/12 | 512"));
    QVERIFY(ratio.contains("| 206"));   // s* = 205.5
    QVERIFY(ratio.contains("| 0.750")); // b*
    QVERIFY(ratio.contains("quadratic"));

    const QString perGpu = joined(steps[4]);
    QVERIFY(perGpu.contains("4Ψ + 4Ψ + 8Ψ | 4·124,439,808 + 4·124,439,808 + 8·124,439,808 \\B | "
                            "1,991,036,928 B"));
    QVERIFY(perGpu.contains("N·b | 1·8 | 8"));
}

void TestDerivation::gpt2SmallHtml_data() {
    QTest::addColumn<QString>("fragment");
    QTest::newRow("approx formula") << "12·<i>L</i>·<i>d</i><sup>2</sup>";
    QTest::newRow("approx numbers") << "12·12·768<sup>2</sup>";
    QTest::newRow("exact count") << "124,439,808";
    QTest::newRow("16 psi bytes") << "1,991,036,928 B";
    QTest::newRow("subscript word") << "Ψ<sub>exact</sub>";
    QTest::newRow("quadratic term") << "2<i>b</i><i>h</i><i>s</i><sup>2</sup>";
    QTest::newRow("crossover") << "<i>s</i><sup>*</sup>";
}

void TestDerivation::gpt2SmallHtml() {
    QFETCH(QString, fragment);
    const QString html = derivationHtml(derivation(estimateOf(Config{})));
    QVERIFY2(html.contains(fragment), qPrintable(fragment));
    QVERIFY(!html.contains("^{"));
    QVERIFY(!html.contains("\\cdot"));
    QVERIFY(!html.contains("$"));
    QVERIFY(!html.contains("<i>B</i>")); // the byte unit is upright
}

void TestDerivation::gpt2SmallMarkdown() {
    const QString md = derivationMarkdown(derivation(estimateOf(Config{})));
    QVERIFY(md.contains("### 1. Parameters Ψ"));
    QVERIFY(md.contains("$\\Psi _{\\mathrm{approx}} = 12 \\cdot L \\cdot d^{2} = "
                        "12 \\cdot 12 \\cdot 768^{2}$ = **84,934,656 parameters**"));
    QVERIFY(md.contains("124{,}439{,}808"));
    QVERIFY(md.contains("\\sqrt{1 + 3h/2b}"));
    QVERIFY(!md.contains("<sup>"));
    QCOMPARE(md.count(QLatin1Char('$')) % 2, 0);
    QVERIFY(md.count(QLatin1Char('$')) >= 40);
}

void TestDerivation::generalFfnUsesTheGeneralFormulas() {
    Config c;
    c.ffn = 3000;
    const auto steps = derivation(estimateOf(c));
    QVERIFY(joined(steps[0]).contains("L·(4d^{2} + 2d·f) | 12·(4·768^{2} + 2·768·3,000) | "
                                      "83,607,552 parameters"));
    // 8·1024·(2·768 + 2·3000) = 61,734,912
    QVERIFY(joined(steps[2]).contains("bs(2d + 2f) | 8·1,024·(2·768 + 2·3,000) | 61,734,912"));
}

void TestDerivation::mixedPrecisionSplit() {
    Config c;
    c.precision = Precision::Bf16Mixed;
    c.count = CountMode::Approx;
    QString states = joined(derivation(estimateOf(c))[1]);
    // Ψ = 84,934,656: 16Ψ = 1,358,954,496 B.
    QVERIFY(states.contains("2Ψ + 2Ψ + 12Ψ = 16Ψ | 16·84,934,656 \\B | 1,358,954,496 B"));
    c.fp32Gradients = true;
    states = joined(derivation(estimateOf(c))[1]);
    QVERIFY(states.contains("2Ψ + 4Ψ + 12Ψ = 18Ψ | 18·84,934,656 \\B | 1,528,823,808 B"));
    // Activations halve: 2 bytes per element, 603,979,776 B per layer.
    QVERIFY(joined(derivation(estimateOf(c))[2]).contains("603,979,776 B"));
}

void TestDerivation::perGpuFormula_data() {
    QTest::addColumn<Strategy>("strategy");
    QTest::addColumn<bool>("bucketCopy");
    QTest::addColumn<QString>("symbolic");
    QTest::addColumn<QString>("substituted");
    QTest::addColumn<QString>("result");
    // Approx count, mixed precision: Ψ = 84,934,656, N = 8 (ZeRO's 2Ψ + 2Ψ + 12Ψ).
    // One layer is 12·768² = 7,077,888 parameters.
    QTest::newRow("ddp") << Strategy::Ddp << false << "2Ψ + 2Ψ + 12Ψ"
                         << "2·84,934,656 + 2·84,934,656 + 12·84,934,656 \\B"
                         << "1,358,954,496 B";
    QTest::newRow("ddp bucket") << Strategy::Ddp << true << "2Ψ + 2Ψ + 12Ψ + 2Ψ_{\\bucket}"
                                << "2·84,934,656 + 2·84,934,656 + 12·84,934,656 + 2·84,934,656 \\B"
                                << "1,528,823,808 B";
    // 2Ψ + 14Ψ/8 = 169,869,312 + 148,635,648
    QTest::newRow("zero2") << Strategy::Zero2 << false << "2Ψ + 2Ψ/N + 12Ψ/N"
                           << "2·84,934,656 + 2·84,934,656/8 + 12·84,934,656/8 \\B"
                           << "318,504,960 B";
    // 16Ψ/8 + 2 units·4 bytes·7,077,888 = 169,869,312 + 56,623,104
    QTest::newRow("fsdp-full") << Strategy::FsdpFull << false
                               << "2Ψ/N + 2Ψ/N + 12Ψ/N + u·4Ψ_{\\layer}"
                               << "2·84,934,656/8 + 2·84,934,656/8 + 12·84,934,656/8 + "
                                  "2·4·7,077,888 \\B"
                               << "226,492,416 B";
    // 2Ψ + 14Ψ/8 + 2·2·7,077,888 = 318,504,960 + 28,311,552
    QTest::newRow("fsdp-grad-op") << Strategy::FsdpGradOp << false
                                  << "2Ψ + 2Ψ/N + 12Ψ/N + u·2Ψ_{\\layer}"
                                  << "2·84,934,656 + 2·84,934,656/8 + 12·84,934,656/8 + "
                                     "2·2·7,077,888 \\B"
                                  << "346,816,512 B";
    // G = 4: 16Ψ/4 + 56,623,104 = 339,738,624 + 56,623,104
    QTest::newRow("fsdp-hybrid") << Strategy::FsdpHybrid << false
                                 << "2Ψ/G + 2Ψ/G + 12Ψ/G + u·4Ψ_{\\layer}"
                                 << "2·84,934,656/4 + 2·84,934,656/4 + 12·84,934,656/4 + "
                                    "2·4·7,077,888 \\B"
                                 << "396,361,728 B";
}

void TestDerivation::perGpuFormula() {
    QFETCH(Strategy, strategy);
    QFETCH(bool, bucketCopy);
    QFETCH(QString, symbolic);
    QFETCH(QString, substituted);
    QFETCH(QString, result);
    Config c;
    c.count = CountMode::Approx;
    c.precision = Precision::Fp16Mixed;
    c.strategy = strategy;
    c.ddpBucketCopy = bucketCopy;
    c.gpus = 8;
    c.gpusPerNode = 4;
    const DerivationLine line = derivation(estimateOf(c))[4].lines.front();
    QCOMPARE(line.symbolic, symbolic);
    QCOMPARE(line.substituted, substituted);
    QVERIFY2(line.result.startsWith(result), qPrintable(line.result));
}

void TestDerivation::markupRendering_data() {
    QTest::addColumn<QString>("markup");
    QTest::addColumn<QString>("html");
    QTest::addColumn<QString>("latex");
    QTest::newRow("power") << "d^{2}"
                           << "<i>d</i><sup>2</sup>"
                           << "d^{2}";
    QTest::newRow("nested") << "x^{a_{1}}"
                            << "<i>x</i><sup><i>a</i><sub>1</sub></sup>"
                            << "x^{a_{1}}";
    QTest::newRow("word") << "M_{\\states}"
                          << "<i>M</i><sub>states</sub>"
                          << "M_{\\mathrm{states}}";
    QTest::newRow("grouped digits") << "1,024·Ψ"
                                    << "1,024·Ψ"
                                    << "1{,}024 \\cdot \\Psi ";
    QTest::newRow("root") << "√(1 + x)"
                          << "√(1 + <i>x</i>)"
                          << "\\sqrt{1 + x}";
    QTest::newRow("escaping") << "a<b & c"
                              << "<i>a</i>&lt;<i>b</i> &amp; <i>c</i>"
                              << "a<b & c";
    QTest::newRow("unclosed") << "d^{2"
                              << "<i>d</i><sup>2</sup>"
                              << "d^{2}";
}

void TestDerivation::markupRendering() {
    QFETCH(QString, markup);
    QFETCH(QString, html);
    QFETCH(QString, latex);
    QCOMPARE(markupToHtml(markup), html);
    QCOMPARE(markupToLatex(markup), latex);
}

namespace {

Scenario finetuned(Scenario s, FinetuneMethod method, Optimizer optimizer) {
    s.training.precision = Precision::Bf16Mixed;
    s.training.finetune.method = method;
    s.training.finetune.optimizer = optimizer;
    return s;
}

Scenario llama2() {
    Scenario s;
    applyArchitecture(s.model, Architecture::Llama);
    s.model.vocab = 32000;
    s.model.dModel = 4096;
    s.model.layers = 32;
    s.model.heads = 32;
    s.model.kvHeads = 32;
    s.model.headDim = 128;
    s.model.ffn = 11008;
    s.model.moe.expertFfn = 11008;
    s.model.moe.sharedFfn = 11008;
    s.training.seqLen = 512;
    s.training.batch = 1;
    return s;
}

} // namespace

// Step 2 under LoRA and QLoRA, bf16 mixed, by hand: GPT-2's PEFT count r·(768 + 2304)·12 =
// 294,912 trainable; its base 124,439,808 frozen in bf16 (248,879,616 B) or in NF4 (122,904,096 B,
// tst_finetune_seed's qloraBytes); bf16 weights and gradients 2·294,912 = 589,824 B each; AdamW
// 4 + 8 bytes per trainable parameter. Llama-2-7B, r = 8 on q and v: 4,194,304 trainable, base
// 6,738,415,616; 8-bit Adam on its 128 adapter tensors of 32,768 elements keeps 2n + 8·n/256 =
// 66,560 B each, 8,519,680 B, plus the 16,777,216 B master copy: 25,296,896 B.
void TestDerivation::finetunedModelStates_data() {
    QTest::addColumn<Scenario>("scenario");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QStringList>("absent");
    const QStringList seedTerms{QStringLiteral("4Ψ + 4Ψ"), QStringLiteral("2Ψ + 2Ψ + 12Ψ")};
    QTest::newRow("GPT-2 LoRA AdamW")
        << finetuned(Scenario{}, FinetuneMethod::Lora, Optimizer::AdamW)
        << QStringList{"| 294,912 parameters",
                       "2Ψ | 2·124,439,808 \\B | 248,879,616 B",
                       "Trainable weights | 2Ψ_{\\train} | 2·294,912 \\B | 589,824 B",
                       "Gradients of the trainable parameters | 2Ψ_{\\train} | 2·294,912 \\B | "
                       "589,824 B",
                       "AdamW states | 12Ψ_{\\train} | 12·294,912 \\B | 3,538,944 B",
                       "248,879,616 + 589,824 + 589,824 + 3,538,944 \\B | 253,598,208 B"}
        << seedTerms;
    QTest::newRow("GPT-2 QLoRA AdamW")
        << finetuned(Scenario{}, FinetuneMethod::Qlora, Optimizer::AdamW)
        << QStringList{"| 294,912 parameters", "Frozen base in NF4",
                       "M_{\\NF4}(124,439,808) | 122,904,096 B",
                       "Gradients of the trainable parameters | 2Ψ_{\\train} | 2·294,912 \\B | "
                       "589,824 B"}
        << seedTerms;
    QTest::newRow("Llama-2-7B LoRA AdamW")
        << finetuned(llama2(), FinetuneMethod::Lora, Optimizer::AdamW)
        << QStringList{"| 4,194,304 parameters", "2·6,738,415,616 \\B | 13,476,831,232 B",
                       "2·4,194,304 \\B | 8,388,608 B", "12·4,194,304 \\B | 50,331,648 B"}
        << seedTerms;
    QTest::newRow("Llama-2-7B LoRA 8-bit Adam")
        << finetuned(llama2(), FinetuneMethod::Lora, Optimizer::Adam8bit)
        << QStringList{"fp32 master copy and 8-bit Adam states | M(Ψ_{\\train}) | "
                       "25,296,896 \\B | 25,296,896 B"}
        << seedTerms;
    QTest::newRow("GPT-2 full SGD") // the fp32 master copy only: 4 bytes per parameter
        << finetuned(Scenario{}, FinetuneMethod::Full, Optimizer::Sgd)
        << QStringList{"Trainable parameters: all of them", "| 124,439,808 parameters",
                       "SGD states | 4Ψ_{\\train} | 4·124,439,808 \\B | 497,759,232 B"}
        << QStringList{"Adam"};
}

void TestDerivation::finetunedModelStates() {
    QFETCH(Scenario, scenario);
    QFETCH(QStringList, expected);
    QFETCH(QStringList, absent);
    const Estimate e = estimateOf(scenario);
    const auto steps = derivation(e);
    const QString states = joined(steps[1]);
    for (const QString& text : expected) {
        QVERIFY2(states.contains(text), qPrintable(text + QStringLiteral("\n in \n") + states));
    }
    for (const QString& text : absent) {
        QVERIFY2(!states.contains(text), qPrintable(text + QStringLiteral("\n in \n") + states));
    }
    // The step's total is the report's, and the per-GPU step sums the per-GPU parts.
    QVERIFY(states.contains(QStringLiteral("| %1 B").arg(
        QLocale(QLocale::English).toString(qlonglong(e.modelStates.total)))));
    const QString perGpu = joined(steps[4]);
    QVERIFY2(perGpu.contains(QStringLiteral("M_{\\weights} + M_{\\grads} + M_{\\opt}")),
             qPrintable(perGpu));
    // The global batch counts the accumulation steps: N·b·k.
    Scenario accumulated = scenario;
    accumulated.training.finetune.gradAccumulation = 4;
    const auto lines = derivation(estimateOf(accumulated))[4].lines;
    const auto found = std::find_if(lines.cbegin(), lines.cend(), [](const DerivationLine& l) {
        return l.label == QLatin1String("Global batch");
    });
    QVERIFY(found != lines.cend());
    const DerivationLine& global = *found;
    QCOMPARE(global.symbolic, QStringLiteral("N·b·k"));
    QCOMPARE(global.result,
             QString::number(accumulated.parallel.gpus * accumulated.training.batch * 4));
}

QTEST_GUILESS_MAIN(TestDerivation)
#include "tst_derivation.moc"
