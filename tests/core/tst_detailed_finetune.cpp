// The fine-tuning inputs in the detailed accounting (detailed_finetune.h), through estimate():
// the optimizers' bytes, PEFT's trainable counts, bitsandbytes' NF4 bytes, ZeRO-Offload's host
// terms and DeepSpeed's fp32 accumulation buffer, each against a value worked out by hand from
// the rule of the code that allocates it.

#include "detailed_finetune.h"
#include "estimate.h"
#include "input_error.h"
#include "input_table.h"

#include <QTest>

using namespace lgm;

Q_DECLARE_METATYPE(lgm::Optimizer)
Q_DECLARE_METATYPE(lgm::Implementation)
Q_DECLARE_METATYPE(lgm::Precision)

class TestDetailedFinetune : public QObject {
    Q_OBJECT

private slots:
    void masterNoneUnderFp32KeepsTheStates_data();
    void masterNoneUnderFp32KeepsTheStates();
    void optimizerBytes_data();
    void optimizerBytes();
    void loraStatesOfLlama2();
    void qloraFrozenBytesOfLlama2();
    void offloadMovesTheStatesToTheHost();
    void deepSpeedAccumulationBuffer();
};

namespace {

constexpr std::int64_t kGpt2 = 124'439'808;         // GPT-2 small, every parameter
constexpr std::int64_t kGpt2Embedding = 38'597'376; // 50257 × 768, the largest tensor
constexpr std::int64_t kLlama2 = 6'738'415'616;     // Llama-2-7B, Meta's count
constexpr std::int64_t kLlama2Lora = 4'194'304;     // PEFT: r = 8 on q_proj and v_proj

Scenario detailed() {
    Scenario s;
    s.training.accounting = Accounting::Detailed;
    return s;
}

Scenario llama2() {
    Scenario s = detailed();
    applyArchitecture(s.model, Architecture::Llama);
    s.model.vocab = 32000;
    s.model.dModel = 4096;
    s.model.layers = 32;
    s.model.heads = 32;
    s.model.kvHeads = 32;
    s.model.headDim = 128;
    s.model.ffn = 11008;
    s.training.precision = Precision::Bf16Mixed;
    s.training.seqLen = 512;
    s.training.batch = 1;
    s.training.finetune.method = FinetuneMethod::Lora;
    return s;
}

Estimate estimateOf(const Scenario& s) {
    const EstimateResult e = estimate(s);
    if (!e) {
        qFatal("%s", describe(e.error(), NameStyle::Option).c_str());
    }
    if (!e.value().detailed) {
        qFatal("no detailed estimate");
    }
    return e.value();
}

// A term of the busiest GPU's peak; -1 when it is not there.
std::int64_t term(const Estimate& e, std::string_view id) {
    for (const DetailedTerm& t : e.detailed->busiest.terms) {
        if (t.id == id) {
            return t.bytes;
        }
    }
    return -1;
}

std::int64_t hostTerm(const Scenario& s, std::string_view id) {
    for (const DetailedTerm& t : detailedHostTerms(s, DetailedOptions{}, 0)) {
        if (t.id == id) {
            return t.bytes;
        }
    }
    return -1;
}

// bitsandbytes 8-bit Adam on one tensor of n elements: two uint8 states and one fp32 absmax
// per block of 256 for each, when n ≥ min_8bit_size (4096); two fp32 states otherwise.
std::int64_t adam8bit(std::int64_t n) {
    return n >= 4096 ? 2 * n + 2 * 4 * ((n + 255) / 256) : 8 * n;
}

// GPT-2 small's tensors, from the checkpoint's state dict: wte, wpe, ln_f (w, b) and per layer
// ln_1, attn.c_attn, attn.c_proj, ln_2, mlp.c_fc, mlp.c_proj (weights and biases).
std::int64_t gpt2Adam8bit() {
    std::int64_t layer = 4 * adam8bit(768) + adam8bit(768 * 2304) + adam8bit(2304) +
                         adam8bit(768 * 768) + adam8bit(768) + adam8bit(768 * 3072) +
                         adam8bit(3072) + adam8bit(3072 * 768) + adam8bit(768);
    return adam8bit(50257 * 768) + adam8bit(1024 * 768) + 2 * adam8bit(768) + 12 * layer;
}

} // namespace

// "master none" under fp32 prices the states through the fine-tuning path; fp32 keeps no master
// copy, so every implementation and strategy must keep the accounting's own bytes.
void TestDetailedFinetune::masterNoneUnderFp32KeepsTheStates_data() {
    QTest::addColumn<Implementation>("implementation");
    QTest::addColumn<int>("strategy");
    for (Implementation i : {Implementation::Megatron, Implementation::HuggingFace}) {
        for (Strategy st : {Strategy::Ddp, Strategy::Zero2, Strategy::Zero3, Strategy::FsdpFull}) {
            const std::string name =
                std::string(i == Implementation::Megatron ? "megatron" : "hf") + " " +
                std::string(toString(st));
            QTest::newRow(name.c_str()) << i << int(st);
        }
    }
}

void TestDetailedFinetune::masterNoneUnderFp32KeepsTheStates() {
    QFETCH(Implementation, implementation);
    QFETCH(int, strategy);
    Scenario s = detailed();
    s.training.implementation = implementation;
    s.parallel.data = static_cast<Strategy>(strategy);
    s.parallel.gpus = 4;
    const Estimate plain = estimateOf(s);
    s.training.finetune.master = MasterWeights::None;
    QVERIFY(finetunePriced(s.training.finetune));
    const Estimate priced = estimateOf(s);
    for (std::string_view id : {"parameters", "gradients", "optimizer"}) {
        QCOMPARE(term(priced, id), term(plain, id));
    }
    QCOMPARE(term(priced, "frozen_weights"), -1);
    QCOMPARE(priced.detailed->peak(), plain.detailed->peak());
}

// GPT-2 small, fp32 on one GPU: the optimizer term is the optimizer's state alone (fp32 keeps no
// master copy). AdamW 8 B, SGD with momentum and Lion 4 B (one fp32 buffer: torch.optim.SGD's
// momentum_buffer, lion-pytorch's exp_avg), 8-bit Adam per tensor as bitsandbytes allocates it.
void TestDetailedFinetune::optimizerBytes_data() {
    QTest::addColumn<Optimizer>("optimizer");
    QTest::addColumn<qint64>("bytes"); // -1: no optimizer term
    QTest::newRow("adamw") << Optimizer::AdamW << qint64(8 * kGpt2);
    QTest::newRow("sgd") << Optimizer::Sgd << qint64(-1);
    QTest::newRow("sgd-momentum") << Optimizer::SgdMomentum << qint64(4 * kGpt2);
    QTest::newRow("lion") << Optimizer::Lion << qint64(4 * kGpt2);
    QTest::newRow("adam8bit") << Optimizer::Adam8bit << qint64(gpt2Adam8bit());
}

void TestDetailedFinetune::optimizerBytes() {
    QFETCH(Optimizer, optimizer);
    QFETCH(qint64, bytes);
    Scenario s = detailed();
    s.training.finetune.optimizer = optimizer;
    const Estimate e = estimateOf(s);
    QCOMPARE(term(e, "optimizer"), bytes);
    QCOMPARE(term(e, "parameters"), 4 * kGpt2);
    QCOMPARE(term(e, "gradients"), 4 * kGpt2);
    // About 2 B per parameter: the "≈ 2 + 8/2048" with today's blocks of 256.
    if (optimizer == Optimizer::Adam8bit) {
        QVERIFY(bytes > 2 * kGpt2 && bytes < 2 * kGpt2 + kGpt2 / 10);
    }
}

// Llama-2-7B, r = 8 on q and v, Megatron bf16 on one GPU: the adapters in bf16 with fp32
// main_grad, fp32 master and AdamW's m and v (4 + 8 B); the base frozen in bf16; each adapter's
// 8-wide intermediate per token in bf16 (2 adapters × 32 layers × 512 tokens × 8 × 2 B).
void TestDetailedFinetune::loraStatesOfLlama2() {
    const Estimate e = estimateOf(llama2());
    QCOMPARE(e.finetune.trainable, kLlama2Lora);
    QCOMPARE(term(e, "parameters"), 2 * kLlama2Lora);
    QCOMPARE(term(e, "frozen_weights"), 2 * kLlama2);
    QCOMPARE(term(e, "gradients"), 4 * kLlama2Lora);
    QCOMPARE(term(e, "optimizer"), 12 * kLlama2Lora);
    QCOMPARE(term(e, "lora_intermediate"), 64LL * 512 * 8 * 2);
    // HF autocast casts fp32 weights to bf16 for every matmul; under LoRA the frozen base is
    // bf16 already, so only the adapters' (all matrices) are cast: 2 B × 4,194,304.
    Scenario hf = llama2();
    hf.training.implementation = Implementation::HuggingFace;
    QCOMPARE(term(estimateOf(hf), "autocast_weight_copies"), 2 * kLlama2Lora);
    // Full recompute keeps no layer's intermediates.
    Scenario recompute = llama2();
    recompute.training.recompute = Recompute::Full;
    QCOMPARE(term(estimateOf(recompute), "lora_intermediate"), -1);
}

// QLoRA (bitsandbytes NF4, blocks of 64, double quantization): per quantized tensor of n
// elements n/2 packed bytes, n/64 uint8 absmax, 4 B per 256 blocks, the 1 KiB nested code, the
// fp32 offset and the 16-entry code; the embeddings, the LM head and the norms stay bf16.
void TestDetailedFinetune::qloraFrozenBytesOfLlama2() {
    Scenario s = llama2();
    s.training.finetune.method = FinetuneMethod::Qlora;
    const auto nf4 = [](std::int64_t n) {
        return n / 2 + n / 64 + 4 * ((n / 64 + 255) / 256) + 1024 + 4 + 64;
    };
    const std::int64_t quantized = 32 * (4 * nf4(4096LL * 4096) + 3 * nf4(4096LL * 11008));
    const std::int64_t rest = 2 * (2 * 32000LL * 4096 + 65 * 4096);
    const Estimate e = estimateOf(s);
    QCOMPARE(term(e, "frozen_weights"), quantized + rest);
    QCOMPARE(term(e, "frozen_weights"), e.finetune.frozenBytes); // the seed's figure
    // The QLoRA paper (Dettmers et al. 2023, sec. 3): 4 bits and 0.127 bits of constants per
    // quantized weight under double quantization, before the per-tensor codes.
    const std::int64_t weights = 32 * (4 * 4096LL * 4096 + 3 * 4096LL * 11008);
    const double bits = double(quantized - 32 * 7 * (1024 + 4 + 64)) * 8 / double(weights);
    QVERIFY2(qAbs(bits - 4.127) < 0.0005, qPrintable(QString::number(bits)));
    QCOMPARE(term(e, "optimizer"), 12 * kLlama2Lora);
}

// ZeRO-Offload, stage 2 over 8 GPUs, bf16 with Megatron's fp32 gradients: the GPU keeps its bf16
// weights, one reduce bucket of fp32 gradients and a buffer of the largest tensor's gradient; the
// host the fp32 master and gradient partitions, Adam's m and v, the bf16 copy-back partition and
// the same buffer (DeepSpeed stage_1_and_2.py).
void TestDetailedFinetune::offloadMovesTheStatesToTheHost() {
    Scenario s = detailed();
    s.training.precision = Precision::Bf16Mixed;
    s.parallel.data = Strategy::Zero2;
    s.parallel.gpus = 8;
    s.training.finetune.offload = Offload::Optimizer;
    const Estimate e = estimateOf(s);
    const std::int64_t part = kGpt2 / 8;
    QCOMPARE(term(e, "optimizer"), -1);
    QCOMPARE(term(e, "parameters"), 2 * kGpt2);
    QCOMPARE(term(e, "gradients"), 4 * kGpt2);
    QCOMPARE(term(e, "offload_staging"), 4 * kGpt2Embedding);
    QCOMPARE(hostTerm(s, "cpu_master_weights"), 4 * part);
    QCOMPARE(hostTerm(s, "cpu_gradients"), 4 * part);
    QCOMPARE(hostTerm(s, "cpu_optimizer_states"), 8 * part);
    QCOMPARE(hostTerm(s, "cpu_staging"), 2 * part + 4 * kGpt2Embedding);
    // ZeRO-Infinity: the weights' partition moves too; the GPU holds two layers' weights.
    s.parallel.data = Strategy::Zero3;
    s.training.finetune.offload = Offload::OptimizerParams;
    const Estimate infinity = estimateOf(s);
    QCOMPARE(term(infinity, "parameters"), -1);
    QCOMPARE(term(infinity, "live_weights"), 2 * 2 * 7'087'872LL); // 12d² + 13d per layer
    QCOMPARE(hostTerm(s, "cpu_weights"), 2 * part);
    QCOMPARE(hostTerm(s, "cpu_staging"), -1);
}

// DeepSpeed under bf16 adds k micro-batches' gradients into fp32 partitions: a buffer of 4 B per
// trainable parameter, sharded by ZeRO-2 over N. Megatron's main_grad is its gradients term.
void TestDetailedFinetune::deepSpeedAccumulationBuffer() {
    Scenario s = detailed();
    s.training.implementation = Implementation::HuggingFace;
    s.training.precision = Precision::Bf16Mixed;
    s.parallel.data = Strategy::Zero2;
    s.parallel.gpus = 2;
    QCOMPARE(term(estimateOf(s), "grad_accumulation_fp32"), -1); // k = 1: no accumulation
    s.training.finetune.gradAccumulation = 4;
    const Estimate e = estimateOf(s);
    QCOMPARE(term(e, "grad_accumulation_fp32"), 4 * (kGpt2 / 2));
    s.training.finetune.method = FinetuneMethod::Lora;
    QCOMPARE(term(estimateOf(s), "grad_accumulation_fp32"), 4 * (294'912 / 2)); // the adapters
    s.training.implementation = Implementation::Megatron;
    QCOMPARE(term(estimateOf(s), "grad_accumulation_fp32"), -1);
}

QTEST_GUILESS_MAIN(TestDetailedFinetune)
#include "tst_detailed_finetune.moc"
