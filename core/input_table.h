#pragma once

// The one description of every input. The command line (options and --help), the scenario file
// (reader and writer), the settings, the report's inputs.* keys and the control panel are all
// generated from these rows, so a new input is one row here, the member it sets in spec.h and
// the formula that reads it.

#include "spec.h"

#include <bitset>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace lgm {

// Row order is the order of --help, of the scenario file and of the control panel's groups.
enum class InputId : std::uint8_t {
    // Section::Model
    Architecture,
    Vocab,
    DModel,
    Layers,
    Heads,
    KvHeads,
    HeadDim,
    Ffn,
    Positions,
    FfnType,
    Norm,
    NormsPerLayer,
    FinalNorm,
    Bias,
    PositionType,
    TiedHead,
    ParallelResidual,
    QkNorm,
    Experts,
    TopK,
    ExpertFfn,
    SharedExperts,
    SharedFfn,
    SharedGate,
    RouterBias,
    FirstDenseLayers,
    AttentionSinks,
    // Section::Training
    SeqLen,
    Batch,
    Precision,
    Fp32Gradients,
    Count,
    Accounting,
    Implementation,
    Attention,
    Dropout,
    Recompute,
    RecomputeLayers,
    Loss,
    // Section::Parallel
    Strategy,
    Gpus,
    GpusPerNode,
    Tp,
    SequenceParallel,
    Pp,
    VirtualStages,
    Microbatches,
    Cp,
    Ep,
    DdpBucketCopy,
    // Section::Finetune
    Optimizer,
    AdafactorFirstMoment,
    MasterWeights,
    Finetune,
    LoraRank,
    LoraTargets,
    Offload,
    GradAccumulation,
    Count_
};
inline constexpr std::size_t kInputCount = static_cast<std::size_t>(InputId::Count_);

// Fraction: a decimal 0 ≤ x < 1 held as the whole number x·kFractionScale (0.1 is 100), so
// every input keeps one integer value; front ends show and read it as the decimal.
// Flags: a set of named bits, written "q,v". The choices name the bits in order, bit_width(max)
// of them; one more name after them, if any, stands for every bit ("all-linear"). min and max
// bound the bitmask (min 1: at least one name).
enum class InputKind : std::uint8_t { Integer, Choice, Switch, Fraction, Flags };
inline constexpr std::int64_t kFractionScale = 1000;
enum class Section : std::uint8_t { Model, Training, Parallel, Finetune };

// A value an input takes when it is not given but an input it follows is.
enum class DefaultRule : std::uint8_t {
    None,
    FourD,     // f = 4d
    SeqOrZero, // P = s under learned positions, 0 under rotary
    Heads,     // g = h
    DOverH,    // head_dim = d / h
    Ffn,       // expert_ffn = f
    ExpertFfn, // shared_ffn = expert_ffn
};

struct InputSpec {
    InputId id;
    Section section;
    InputKind kind;
    std::string_view key;       // scenario and settings key, snake_case
    std::string_view reportKey; // the report's key ("inputs.seq", "strategy")
    std::string_view option;    // command-line option without the dashes
    std::string_view symbol;    // the lecture note's symbol: v, d, L, ...
    const char* label;          // translated in context "Inputs"
    const char* help;           // translated in context "Inputs": tooltip and --help line
    std::int64_t min;           // Integer only; a choice's index and a switch are 0..n-1
    std::int64_t max;
    std::span<const std::string_view> choices; // Choice: the names, in enum order
    DefaultRule rule;
    bool (*applies)(const Scenario&); // false: the input has no effect in this scenario
    std::int64_t (*get)(const Scenario&);
    void (*set)(Scenario&, std::int64_t);
    int since; // the scenario version that introduced the key
    // The largest valid value: max, or a choice's last index (validate reads it per estimate).
    std::int64_t upper = kind == InputKind::Choice ? std::int64_t(choices.size()) - 1 : max;
};

using InputSet = std::bitset<kInputCount>;

std::span<const InputSpec> inputs();
const InputSpec& inputSpec(InputId id);
const InputSpec* inputByKey(std::string_view key);
const InputSpec* inputByOption(std::string_view option);

std::int64_t inputValue(const Scenario& scenario, InputId id);
void setInputValue(Scenario& scenario, InputId id, std::int64_t value);

// A choice's name by index ("bf16-mixed"), and back.
std::string_view choiceName(const InputSpec& spec, std::int64_t index);
std::optional<std::int64_t> choiceIndex(const InputSpec& spec, std::string_view name);

// A fraction's stored value as the shortest decimal ("0", "0.1", "0.125"), and back: digits,
// optionally one '.' and at most three decimals, within the row's range.
std::string fractionText(std::int64_t stored);
std::optional<std::int64_t> parseFraction(std::string_view text, const InputSpec& spec);

// A Flags row's value as text ("q,v", or the name of every bit), and back; nullopt for an empty
// list, an unknown or repeated name. The report writes "q+v", so a CSV cell holds no comma.
std::string flagsText(const InputSpec& spec, std::int64_t value, char separator = ',');
std::optional<std::int64_t> flagsValue(const InputSpec& spec, std::string_view text);

// The inputs a rule reads: d for f = 4d, s and the position type for P.
InputSet ruleSources(DefaultRule rule);
// The rule's value in this scenario.
std::int64_t ruleValue(DefaultRule rule, const Scenario& scenario);

// Applies, in row order, the default rule of every input that was not given while an input it
// follows was (directly or through another rule): an explicit d without f gives f = 4d.
void applyDefaultRules(Scenario& scenario, InputSet given);

// The structural inputs an architecture fixes (norm, FFN type, biases, positions, head).
void applyArchitecture(ModelSpec& model, Architecture family);
// The inputs applyArchitecture sets.
InputSet architectureInputs();

} // namespace lgm
