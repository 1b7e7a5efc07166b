#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace lgm {

// Bf16: pure 16-bit training, weights, gradients and optimizer states all bf16 (no fp32 master).
enum class Precision { Fp32, Fp16Mixed, Bf16Mixed, Bf16 };
enum class CountMode { Exact, Approx };
enum class Strategy { Ddp, Zero1, Zero2, Zero3, FsdpFull, FsdpGradOp, FsdpHybrid };

inline constexpr Strategy kAllStrategies[] = {
    Strategy::Ddp,      Strategy::Zero1,      Strategy::Zero2,     Strategy::Zero3,
    Strategy::FsdpFull, Strategy::FsdpGradOp, Strategy::FsdpHybrid};

// One training configuration: the model's shape, the input, the numeric format and how the
// work is spread over GPUs. Defaults are GPT-2 small with the seed's fp32 baseline on one GPU.
struct Config {
    std::int64_t vocab = 50257;    // v
    std::int64_t dModel = 768;     // d
    std::int64_t layers = 12;      // L
    std::int64_t heads = 12;       // h
    std::int64_t ffn = 3072;       // f
    std::int64_t seqLen = 1024;    // s
    std::int64_t batch = 8;        // b, per GPU
    std::int64_t positions = 1024; // P, rows of the learned position table; 0 = none
    Precision precision = Precision::Fp32;
    bool fp32Gradients = false;
    CountMode count = CountMode::Exact;
    Strategy strategy = Strategy::Ddp;
    std::int64_t gpus = 1;        // N
    std::int64_t gpusPerNode = 8; // G, the shard group of fsdp-hybrid
    bool ddpBucketCopy = false;

    friend bool operator==(const Config&, const Config&) = default;
};

// fp16-mixed or bf16-mixed: 16-bit weights beside an fp32 master copy. Inline: every estimate
// asks.
constexpr bool isMixed(Precision p) {
    return p == Precision::Fp16Mixed || p == Precision::Bf16Mixed;
}
// Every format but fp32 keeps 2-byte activations and weights.
constexpr bool isSixteenBit(Precision p) {
    return p != Precision::Fp32;
}

std::string_view toString(Precision p);
std::string_view toString(CountMode c);
std::string_view toString(Strategy s);

std::optional<Precision> precisionFromString(std::string_view text);
std::optional<CountMode> countModeFromString(std::string_view text);
std::optional<Strategy> strategyFromString(std::string_view text);

} // namespace lgm
