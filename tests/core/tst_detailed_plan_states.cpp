#include "detailed_layout_states.h"
#include "fit_solver.h"
#include "presets.h"

#include <QRandomGenerator>
#include <QTest>

#include <array>
#include <string>

using namespace lgm;

// A layout's model-state terms, taken once (layoutStates), must give at every b and step count
// the busiest stage that busiestStage() computes from scratch: the same peak, moment and terms,
// in the same order, DeepSpeed's accumulation buffer (k > 1 only) included.
class TestDetailedPlanStates : public QObject {
    Q_OBJECT

private slots:
    void layoutStatesGiveTheBusiestStage();
    void accumulationBufferFollowsTheSteps();
};

namespace {

template <typename T, std::size_t N> T pick(QRandomGenerator& r, const std::array<T, N>& from) {
    return from[r.bounded(int(N))];
}

// A random layout of a preset model: strategy, implementation, precision, fine-tuning, offload,
// t, p, e, recompute and the given steps all drawn.
Scenario randomLayout(QRandomGenerator& r) {
    Scenario s;
    const char* preset = pick(r, std::array<const char*, 3>{"llama-3-8b", "gpt2", "mixtral-8x7b"});
    s.model = findModelPreset(preset)->model;
    TrainingSetup& t = s.training;
    Parallelism& p = s.parallel;
    t.accounting = Accounting::Detailed;
    t.seqLen = 1024;
    // bf16 mixed half the time: DeepSpeed's accumulation buffer needs it.
    t.precision = pick(r, std::array<Precision, 6>{Precision::Bf16Mixed, Precision::Bf16Mixed,
                                                   Precision::Bf16Mixed, Precision::Fp16Mixed,
                                                   Precision::Fp32, Precision::Bf16});
    t.fp32Gradients = r.bounded(2) == 0;
    t.implementation = r.bounded(2) ? Implementation::HuggingFace : Implementation::Megatron;
    t.attention = r.bounded(2) ? AttentionKernel::Flash : AttentionKernel::Eager;
    t.recompute = Recompute(r.bounded(3));
    t.finetune.method =
        pick(r, std::array<FinetuneMethod, 3>{FinetuneMethod::Full, FinetuneMethod::Lora,
                                              FinetuneMethod::Qlora});
    t.finetune.offload = pick(
        r, std::array<Offload, 3>{Offload::None, Offload::Optimizer, Offload::OptimizerParams});
    t.finetune.gradAccumulation = 1 + r.bounded(3);
    p.data = kAllStrategies[r.bounded(int(std::size(kAllStrategies)))];
    p.ddpBucketCopy = r.bounded(2) == 0;
    p.tp = pick(r, std::array<std::int64_t, 3>{1, 2, 4});
    p.pp = pick(r, std::array<std::int64_t, 3>{1, 2, 4});
    p.sequenceParallel = r.bounded(2) == 0;
    p.ep = s.model.moe.experts > 1 ? pick(r, std::array<std::int64_t, 2>{1, 8}) : 1;
    p.gpus = p.tp * p.pp * p.ep * pick(r, std::array<std::int64_t, 3>{1, 2, 8});
    p.gpusPerNode = 8;
    return s;
}

void compare(const StageMemory& a, const StageMemory& b) {
    QCOMPARE(a.peak, b.peak);
    QCOMPARE(a.stage, b.stage);
    QCOMPARE(a.perLayer, b.perLayer);
    QCOMPARE(a.activationLayers, b.activationLayers);
    QVERIFY(a.moment == b.moment);
    QVERIFY(a.terms == b.terms);
}

} // namespace

void TestDetailedPlanStates::layoutStatesGiveTheBusiestStage() {
    QRandomGenerator r(1515);
    int compared = 0, valid = 0;
    for (int i = 0; i < 600; ++i) {
        const Scenario layout = randomLayout(r);
        const DetailedPlanResult plan = planDetailed(layout);
        QVERIFY(plan.hasValue());
        const LayoutStates states = layoutStates(*plan, layout);
        for (const std::int64_t b : {std::int64_t{1}, std::int64_t{1} + r.bounded(32)}) {
            for (const std::int64_t steps : {std::int64_t{1}, std::int64_t{2} + r.bounded(8)}) {
                Scenario s = layout;
                s.training.batch = b;
                setAccumulation(s, steps);
                const auto expected = busiestStage(*plan, s);
                const auto got = busiestStage(*plan, states, s);
                QCOMPARE(got.hasValue(), expected.hasValue());
                ++compared;
                if (expected) {
                    ++valid;
                    compare(*got, *expected);
                }
            }
        }
    }
    // Both valid and refused layouts are reached, and most take their states once.
    QVERIFY2(valid > compared / 4 && valid < compared, qPrintable(QString::number(valid)));
}

// The one term that reads the steps: Hugging Face's DeepSpeed bf16 keeps an fp32 buffer where
// k > 1, so a layout's states taken at k = 1 must still give it at k = 4, and those taken at
// k = 4 must leave it out at k = 1.
void TestDetailedPlanStates::accumulationBufferFollowsTheSteps() {
    Scenario layout;
    layout.model = findModelPreset("llama-3-8b")->model;
    layout.training.accounting = Accounting::Detailed;
    layout.training.precision = Precision::Bf16Mixed;
    layout.training.implementation = Implementation::HuggingFace;
    layout.parallel.data = Strategy::Zero2;
    layout.parallel.gpus = 8;
    const auto hasBuffer = [](const StageMemory& m) {
        for (const DetailedTerm& t : m.terms) {
            if (t.id == "grad_accumulation_fp32") {
                return true;
            }
        }
        return false;
    };
    for (const std::int64_t taken : {std::int64_t{1}, std::int64_t{4}}) {
        Scenario base = layout;
        base.training.finetune.gradAccumulation = taken;
        const DetailedPlan plan = planDetailed(base).value();
        const LayoutStates states = layoutStates(plan, base);
        QVERIFY(states.valid);
        for (const std::int64_t k : {std::int64_t{1}, std::int64_t{4}}) {
            Scenario s = base;
            setAccumulation(s, k);
            const StageMemory got = busiestStage(plan, states, s).value();
            QCOMPARE(hasBuffer(got), k > 1);
            compare(got, busiestStage(plan, s).value());
        }
    }
}

QTEST_GUILESS_MAIN(TestDetailedPlanStates)
#include "tst_detailed_plan_states.moc"
