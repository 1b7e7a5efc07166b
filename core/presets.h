#pragma once

#include "config.h"
#include "spec.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lgm {

// The shape of a published model. The data live in one resource file, presets.json.
struct Preset {
    std::string name;   // "gpt2", "gpt3-13b", "opt-1.3b": what --preset takes
    std::string family; // "GPT-2", "GPT-3", "OPT"
    std::string source; // the paper the shape is taken from
    std::string note;   // English; empty unless the published shape has a quirk worth telling
    std::int64_t vocab = 0;
    std::int64_t dModel = 0;
    std::int64_t layers = 0;
    std::int64_t heads = 0;
    std::int64_t ffn = 0;
    std::int64_t seqLen = 0;
    std::int64_t positions = 0;
    std::int64_t nominalParameters = 0; // the size the model is known by (exact for GPT-2)
    // Presets of today's families ("architecture" in presets.json) publish an exact count:
    // nominalParameters is then exact, and activeParameters the MoE active count (else equal).
    std::int64_t activeParameters = 0;
    ModelSpec model; // the whole architecture; GPT-2 layout for the rows without "architecture"
    bool gpt2Layout = true; // false: a Config (v, d, L, h, f, P) cannot describe the model
};

// The built-in presets a Config describes (the GPT-2 layout: GPT-2, GPT-3, OPT) in menu order;
// parsed once from the embedded resource.
const std::vector<Preset>& builtinPresets();

// Every built-in preset, today's families (Llama, Mistral, Qwen, Gemma, Phi-3, OLMo, Pythia,
// MoE) included, each with its ModelSpec.
const std::vector<Preset>& modelPresets();

// Looks a preset up by name, ignoring ASCII case: among builtinPresets() / modelPresets().
std::optional<Preset> findPreset(std::string_view name);
std::optional<Preset> findModelPreset(std::string_view name);

// The config with the preset's v, d, L, h, f, s and position table; everything else is kept.
Config applyPreset(Config config, const Preset& preset);
// The same over a scenario: the GPT-2 layout with the preset's shape (g = h, head_dim = d/h),
// or, for a preset of today's families, its whole ModelSpec and s.
Scenario applyPreset(Scenario scenario, const Preset& preset);

// The preset's note in the current UI language.
QString translatedNote(const Preset& preset);

} // namespace lgm
