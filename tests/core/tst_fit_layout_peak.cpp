#include "detailed_finetune.h"
#include "detailed_report.h"
#include "estimate.h"
#include "fit_problem.h"
#include "presets.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

using namespace lgm;

namespace {

// A detailed scenario of a preset model on N GPUs, everything a search varies left to the test.
// "huge": a Llama-shaped model of about 6·10^17 parameters, whose seed states pass 64 bits on
// one GPU but not sharded over N, nor under LoRA: the seed accounting's own refusals.
Scenario presetRun(const char* preset, std::int64_t gpus) {
    Scenario s;
    if (const auto p = findModelPreset(preset == std::string("huge") ? "llama-3-8b" : preset)) {
        s.model = p->model;
    }
    if (preset == std::string("huge")) {
        s.model.heads = s.model.kvHeads = 1000;
        s.model.headDim = 500;
        s.model.dModel = 500'000;
        s.model.ffn = 2'000'000;
        s.model.layers = 96'000;
    }
    s.training.seqLen = 1024; // within GPT-2's position table
    s.training.precision = Precision::Bf16Mixed;
    s.training.accounting = Accounting::Detailed;
    s.parallel.gpus = gpus;
    s.parallel.gpusPerNode = 8;
    return s;
}

} // namespace

// The detailed layout curves of one search share the seed accounting's figures between layouts
// that differ only in t, p and recompute: each curve must still be exactly the estimate, for
// layouts the rules refuse (t not dividing the heads, offload under DDP, sequence parallelism
// without t) as well as valid ones, at b and steps on both sides of their ranges.
class TestFitLayoutPeak : public QObject {
    Q_OBJECT

private slots:
    void sharedSeedFiguresGiveTheEstimate();
    void seedAccountingIgnoresTensorPipelineAndRecompute();
    void finetuneFiguresIgnoreTensorPipelineAndRecompute();
};

void TestFitLayoutPeak::sharedSeedFiguresGiveTheEstimate() {
    QRandomGenerator r(515);
    const PeakBytesFn peak = estimatePeakBytes();
    int compared = 0, valid = 0;
    for (const char* preset : {"llama-3-8b", "gpt2", "qwen2.5-0.5b", "mixtral-8x7b", "huge"}) {
        QVERIFY(preset == std::string("huge") || findModelPreset(preset).has_value());
        for (const std::int64_t gpus : {std::int64_t{8}, std::int64_t{12}}) {
            const LayoutPeakFn layouts = detailedEstimateLayoutPeak(); // one cache per search
            for (int i = 0; i < 120; ++i) {
                Scenario layout = presetRun(preset, gpus);
                layout.parallel.data = kAllStrategies[r.bounded(int(std::size(kAllStrategies)))];
                layout.training.recompute = Recompute(r.bounded(3));
                layout.parallel.tp = std::array<std::int64_t, 5>{1, 2, 3, 4, 8}[r.bounded(5)];
                layout.parallel.pp = std::array<std::int64_t, 4>{1, 2, 3, 4}[r.bounded(4)];
                layout.parallel.sequenceParallel = r.bounded(3) == 0;
                layout.training.implementation =
                    gpus == 8 ? Implementation::Megatron : Implementation::HuggingFace;
                layout.training.finetune.offload =
                    r.bounded(2) ? Offload::Optimizer : Offload::None;
                if (r.bounded(4) == 0) {
                    layout.training.finetune.method = FinetuneMethod::Lora;
                }
                const BatchPeakFn curve = layouts(layout);
                for (const std::int64_t b : {std::int64_t{1}, std::int64_t{1} + r.bounded(64),
                                             std::int64_t{10'000'000}, std::int64_t{10'000'001}}) {
                    for (const std::int64_t steps :
                         {std::int64_t{1}, std::int64_t{1} + r.bounded(16),
                          std::int64_t{1'000'001}}) {
                        Scenario s = layout;
                        s.training.batch = b;
                        setAccumulation(s, steps);
                        const auto expected = peak(s);
                        const auto got = curve(b, steps);
                        QVERIFY2(expected.has_value() == got.has_value(),
                                 qPrintable(QString("%1 t=%2 p=%3 b=%4 steps=%5")
                                                .arg(preset)
                                                .arg(layout.parallel.tp)
                                                .arg(layout.parallel.pp)
                                                .arg(b)
                                                .arg(steps)));
                        ++compared;
                        if (expected) {
                            ++valid;
                            QCOMPARE(got->bytes, *expected);
                            QCOMPARE(std::string(got->term), estimateBindingTerm()(s));
                        }
                    }
                }
            }
        }
    }
    // Both the valid and the refused layouts are reached.
    QVERIFY2(valid > compared / 20 && valid < compared, qPrintable(QString::number(valid)));
}

// What the sharing rests on: where the input rules pass, the seed accounting's outcome (its
// refusal past 64 bits, or its per-GPU figures) is the same at any t, p and recompute policy.
// Models from tiny to past the 64-bit limit, so that both outcomes are reached.
void TestFitLayoutPeak::seedAccountingIgnoresTensorPipelineAndRecompute() {
    QRandomGenerator r(616);
    const auto logUniform = [&r](double lo, double hi) {
        return static_cast<std::int64_t>(
            std::exp(std::log(lo) + r.generateDouble() * (std::log(hi) - std::log(lo))));
    };
    int accepted = 0, refused = 0;
    for (int i = 0; i < 3000; ++i) {
        Scenario given = presetRun("llama-3-8b", std::int64_t{8} << r.bounded(4));
        given.training.accounting = Accounting::Seed;
        given.training.batch = 1;
        given.model.heads = given.model.kvHeads = std::int64_t{8} << r.bounded(8);
        given.model.headDim = logUniform(8, 2000);
        given.model.dModel =
            std::min<std::int64_t>(given.model.heads * given.model.headDim, 1'000'000);
        given.model.ffn = 4 * given.model.dModel;
        given.model.layers = 8 * logUniform(10, 12'500);
        given.training.seqLen = logUniform(1e4, 1e6);
        given.parallel.data = kAllStrategies[r.bounded(int(std::size(kAllStrategies)))];
        given.training.finetune.offload = r.bounded(2) ? Offload::Optimizer : Offload::None;
        given.training.finetune.method = r.bounded(2) ? FinetuneMethod::Full : FinetuneMethod::Lora;
        Scenario layout = given;
        layout.parallel.tp = std::int64_t{1} << r.bounded(4);
        layout.parallel.pp = std::int64_t{1} << r.bounded(3);
        layout.training.recompute = Recompute(r.bounded(3));
        if (validate(layout) || validate(given)) {
            continue; // refused by the rules, which the search checks per layout
        }
        const EstimateResult a = estimate(layout);
        const EstimateResult b = estimate(given);
        QCOMPARE(a.hasValue(), b.hasValue());
        if (a) {
            ++accepted;
            QCOMPARE(a.value().perGpu.total, b.value().perGpu.total);
            QCOMPARE(a.value().perGpu.activations, b.value().perGpu.activations);
        } else {
            ++refused;
        }
    }
    QVERIFY2(accepted > 100 && refused > 50,
             qPrintable(QString("%1 accepted, %2 refused").arg(accepted).arg(refused)));
}

// The same for the fine-tuning figures a detailed plan holds, which the layouts share too.
void TestFitLayoutPeak::finetuneFiguresIgnoreTensorPipelineAndRecompute() {
    QRandomGenerator r(717);
    int priced = 0;
    for (const char* preset : {"llama-3-8b", "gpt2", "mixtral-8x7b", "huge"}) {
        for (int i = 0; i < 100; ++i) {
            Scenario given = presetRun(preset, 8);
            given.parallel.data = kAllStrategies[r.bounded(int(std::size(kAllStrategies)))];
            given.training.implementation =
                r.bounded(2) ? Implementation::Megatron : Implementation::HuggingFace;
            given.training.precision =
                std::array{Precision::Fp32, Precision::Bf16Mixed, Precision::Bf16}[r.bounded(3)];
            given.training.finetune.offload = r.bounded(2) ? Offload::Optimizer : Offload::None;
            given.training.finetune.method = std::array{FinetuneMethod::Full, FinetuneMethod::Lora,
                                                        FinetuneMethod::Qlora}[r.bounded(3)];
            given.training.finetune.optimizer =
                std::array{Optimizer::AdamW, Optimizer::Sgd, Optimizer::Adafactor}[r.bounded(3)];
            Scenario layout = given;
            layout.parallel.tp = std::int64_t{1} << r.bounded(4);
            layout.parallel.pp = std::int64_t{1} << r.bounded(3);
            layout.training.recompute = Recompute(r.bounded(3));
            const auto a = finetuneFigures(layout, detailedOptions(layout));
            const auto b = finetuneFigures(given, detailedOptions(given));
            QCOMPARE(a.has_value(), b.has_value());
            if (a) {
                ++priced;
                QVERIFY(a->total == b->total && a->trainable == b->trainable &&
                        a->frozen == b->frozen && a->states == b->states &&
                        a->largest == b->largest);
            }
        }
    }
    QVERIFY(priced > 100);
}

QTEST_GUILESS_MAIN(TestFitLayoutPeak)
#include "tst_fit_layout_peak.moc"
