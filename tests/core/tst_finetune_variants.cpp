// The fine-tuning views of the charts (sweep.h): the full / LoRA / QLoRA variants the breakdown
// chart draws, and the per-GPU curves over N, are estimate() of the same scenario with the
// method and the GPU count set, and carry the counts and bytes worked out by hand from PEFT's
// and bitsandbytes' rules.

#include "estimate.h"
#include "finetune.h"
#include "input_table.h"
#include "presets.h"
#include "sweep.h"

#include <QTest>

using namespace lgm;

Q_DECLARE_METATYPE(lgm::Scenario)
Q_DECLARE_METATYPE(lgm::FinetuneMethod)

class TestFinetuneVariants : public QObject {
    Q_OBJECT

private slots:
    void methodVariants_data();
    void methodVariants();
    void gpuSweepFollowsFinetune_data();
    void gpuSweepFollowsFinetune();
};

namespace {

constexpr std::int64_t kLlama2 = 6'738'415'616; // Llama-2-7B, every base parameter
constexpr std::int64_t kGpt2 = 124'439'808;     // GPT-2 small

Scenario llama2() {
    Scenario s;
    s.model = findModelPreset("llama-2-7b")->model; // 6,738,415,616 parameters (tst_model_presets)
    s.training.precision = Precision::Bf16Mixed;
    s.training.seqLen = 512;
    s.training.batch = 1;
    return s;
}

Scenario gpt2() {
    Scenario s;
    s.training.precision = Precision::Bf16Mixed;
    return s;
}

Scenario with(Scenario s, FinetuneMethod method) {
    s.training.finetune.method = method;
    return s;
}

Estimate estimateOf(const Scenario& s) {
    const EstimateResult e = estimate(s);
    if (!e) {
        qFatal("%s", describe(e.error(), NameStyle::Option).c_str());
    }
    return e.value();
}

// GPT-2 under QLoRA: the twelve layers' attention (c_attn, c_proj) and MLP (c_fc, c_proj)
// matrices in NF4, blocks of 64 with double quantization (tst_finetune_seed's qloraBytes), the
// embeddings, positions, biases and norms in 16-bit.
qint64 gpt2QloraFrozenBytes() {
    const auto nf4 = [](std::int64_t n) {
        return n / 2 + n / 64 + 4 * ((n / 64 + 255) / 256) + 1024 + 4 + 64;
    };
    const std::int64_t quantized = 48 * nf4(768 * 768) + 24 * nf4(768 * 3072);
    return quantized + 2 * (50257 * 768 + 1024 * 768 + 121'344);
}

} // namespace

void TestFinetuneVariants::methodVariants_data() {
    QTest::addColumn<Scenario>("scenario");
    QTest::addColumn<qint64>("base");          // Ψ of the frozen base
    QTest::addColumn<qint64>("loraTrainable"); // PEFT's print_trainable_parameters
    QTest::addColumn<qint64>("qloraFrozen");   // the NF4 base's bytes, 0: not checked
    for (FinetuneMethod current :
         {FinetuneMethod::Full, FinetuneMethod::Lora, FinetuneMethod::Qlora}) {
        const std::string m(toString(current));
        QTest::newRow(("Llama-2-7B r8 q,v, current " + m).c_str())
            << with(llama2(), current) << qint64(kLlama2) << 4'194'304LL << 0LL;
        // GPT-2's fused c_attn: PEFT adapts it as one 768 × 2304 matrix, r·(768 + 2304)·12.
        QTest::newRow(("GPT-2 r8 c_attn, current " + m).c_str())
            << with(gpt2(), current) << qint64(kGpt2) << 294'912LL << gpt2QloraFrozenBytes();
    }
    Scenario r16 = llama2();
    r16.training.finetune.loraRank = 16;
    r16.training.finetune.optimizer = Optimizer::Adam8bit;
    QTest::newRow("Llama-2-7B r16 q,v, 8-bit Adam") << r16 << qint64(kLlama2) << 8'388'608LL << 0LL;
}

void TestFinetuneVariants::methodVariants() {
    QFETCH(Scenario, scenario);
    QFETCH(qint64, base);
    QFETCH(qint64, loraTrainable);
    QFETCH(qint64, qloraFrozen);
    const std::vector<Variant> all = variants(scenario, InputId::Finetune);
    QCOMPARE(all.size(), std::size_t(3));
    const FinetuneMethod methods[] = {FinetuneMethod::Full, FinetuneMethod::Lora,
                                      FinetuneMethod::Qlora};
    for (std::size_t k = 0; k < all.size(); ++k) {
        QVERIFY(all[k].estimate);
        const Estimate& v = *all[k].estimate;
        const Estimate e = estimateOf(with(scenario, methods[k]));
        QVERIFY(v.scenario.training.finetune.method == methods[k]);
        QCOMPARE(v.modelStates.parameters, e.modelStates.parameters);
        QCOMPARE(v.modelStates.gradients, e.modelStates.gradients);
        QCOMPARE(v.modelStates.optimizer, e.modelStates.optimizer);
        QCOMPARE(v.activations.bytes, e.activations.bytes);
        QCOMPARE(v.total, e.total);
    }
    const Estimate& full = *all[0].estimate;
    const Estimate& lora = *all[1].estimate;
    const Estimate& qlora = *all[2].estimate;
    QCOMPARE(full.finetune.trainable, base);
    QCOMPARE(full.modelStates.gradients, 2 * base); // bf16 gradients of every parameter
    QCOMPARE(lora.finetune.trainable, loraTrainable);
    QCOMPARE(lora.modelStates.gradients, 2 * loraTrainable); // the adapters' only
    QCOMPARE(lora.finetune.frozenBytes, 2 * base);           // the base in bf16
    QCOMPARE(qlora.finetune.trainable, loraTrainable);
    if (qloraFrozen > 0) {
        QCOMPARE(qlora.finetune.frozenBytes, qloraFrozen);
    }
    // 4-bit storage holds the base in well under half its 16-bit bytes.
    QVERIFY(qlora.finetune.frozenBytes < lora.finetune.frozenBytes / 2);
    QVERIFY(qlora.total < lora.total && lora.total < full.total);
}

void TestFinetuneVariants::gpuSweepFollowsFinetune_data() {
    QTest::addColumn<Scenario>("scenario");
    for (FinetuneMethod m : {FinetuneMethod::Lora, FinetuneMethod::Qlora}) {
        const std::string name(toString(m));
        QTest::newRow(("Llama-2-7B " + name).c_str()) << with(llama2(), m);
        QTest::newRow(("GPT-2 " + name).c_str()) << with(gpt2(), m);
        Scenario adam8 = with(llama2(), m);
        adam8.training.finetune.optimizer = Optimizer::Adam8bit;
        QTest::newRow(("Llama-2-7B " + name + " 8-bit Adam").c_str()) << adam8;
        Scenario offload = with(llama2(), m);
        offload.training.finetune.offload = Offload::Optimizer;
        offload.parallel.data = Strategy::Zero2;
        QTest::newRow(("Llama-2-7B " + name + " offload optimizer").c_str()) << offload;
    }
}

// Every point of every strategy's curve is estimate() at that strategy and N; the points left
// out are the layouts estimate() refuses.
void TestFinetuneVariants::gpuSweepFollowsFinetune() {
    QFETCH(Scenario, scenario);
    const Estimate base = estimateOf(scenario);
    const GpuSweep curves = sweepGpus(base, 64);
    int points = 0;
    for (const StrategyCurve& curve : curves) {
        std::size_t i = 0;
        for (std::int64_t n = 1; n <= 64; n *= 2) {
            Scenario at = scenario;
            at.parallel.data = curve.strategy;
            at.parallel.gpus = n;
            const EstimateResult e = estimate(at);
            if (!e) {
                continue;
            }
            QVERIFY2(i < curve.gpus.size(), toString(curve.strategy).data());
            QCOMPARE(curve.gpus[i], double(n));
            QCOMPARE(curve.total[i], double(e->perGpu.total));
            ++i;
            ++points;
        }
        QCOMPARE(i, curve.gpus.size());
    }
    QVERIFY(points >= 20);
    // The adapters' states are far below full fine-tuning's at the scenario's own N = 1.
    Scenario fullScenario = with(scenario, FinetuneMethod::Full);
    fullScenario.training.finetune.offload = Offload::None;
    const Estimate full = estimateOf(fullScenario);
    const StrategyCurve& own = curves[static_cast<std::size_t>(scenario.parallel.data)];
    QVERIFY(!own.total.empty());
    QCOMPARE(own.total.front(), double(base.perGpu.total));
    QVERIFY(own.total.front() < double(full.perGpu.total));
}

QTEST_APPLESS_MAIN(TestFinetuneVariants)
#include "tst_finetune_variants.moc"
