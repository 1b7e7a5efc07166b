#pragma once

#include "command_line.h"
#include "config.h"
#include "expected.h"
#include "spec.h"

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>

namespace lgm {
class TranslationLoader;
}

namespace lgm::cli {

// Where a command's config starts before its explicit options, and the language it speaks.
//
// Precedence, lowest first: the defaults (GPT-2 small), --scenario FILE, then --preset NAME or
// --hf-config FILE (one of them: the model, and a preset's s; the scenario's batch, precision
// and strategy are kept), then every explicit option. An explicit --d-model without --ffn sets
// f = 4d and an explicit --seq without --positions sets P = s, as they do without a preset or
// scenario.

// --deepspeed-config FILE sits with --preset: over the scenario, under the explicit options. Its
// train_batch_size is checked against the data-parallel size the explicit options give.

// Adds --preset, --hf-config, --scenario, --deepspeed-config and --lang.
void addConfigSourceOptions(QCommandLineParser& parser);

// The base scenario and what its sources say about the model.
struct ModelSource {
    Scenario scenario;
    std::int64_t maxPositions = 0; // an HF config's max_position_embeddings; 0 = none given
    QString modelName;             // the HF config's model_type
};

// --scenario, then --preset or --hf-config. A damaged scenario or config.json, an unknown preset
// or both --preset and --hf-config are an error with exit code 2.
Expected<ModelSource, CommandLineError> baseSource(const QCommandLineParser& parser);

// A warning line when the final s is above the HF config's max_position_embeddings.
std::optional<QString> sequenceWarning(const ModelSource& source, const Scenario& scenario);

// The config of --scenario and then --preset, before the explicit options. A damaged scenario
// or an unknown preset is an error with exit code 2.
Expected<Scenario, CommandLineError> baseScenario(const QCommandLineParser& parser);
Expected<Config, CommandLineError> baseConfig(const QCommandLineParser& parser);

// The values a --deepspeed-config file gives, over `scenario`; `dataParallel` is the
// data-parallel size its batch rule checks. A file that cannot be read or holds a bad value or a
// contradiction is an error naming the key (exit code 2); the file is only read. Keys the
// estimate does not read are named in one line added to `notices`.
bool hasDeepSpeedConfig(const QCommandLineParser& parser);
std::optional<CommandLineError> readDeepSpeedSource(const QCommandLineParser& parser,
                                                    Scenario& scenario, std::int64_t dataParallel,
                                                    QStringList& notices);

// An unknown --lang is an error with exit code 2.
std::optional<CommandLineError> checkLanguageOption(const QCommandLineParser& parser);

// The message for an option that was given no value, when it is one of the above.
std::optional<CommandLineError> missingSourceValue(const QString& option);

// The value of the last --lang in `arguments` (which start with the program name), read before
// any parser runs so that help texts and error messages are already in that language.
std::optional<QString> languageArgument(const QStringList& arguments);

// Installs the language of --lang, or the system locale's when there is none. An unknown
// language installs nothing and is an error with exit code 2.
std::optional<CommandLineError> installLanguage(TranslationLoader& loader,
                                                const QStringList& arguments);

// "llm-gpu-memory presets" names the presets, for messages and help texts.
QString presetNames();

} // namespace lgm::cli
