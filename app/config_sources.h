#pragma once

#include "command_line.h"
#include "config.h"
#include "expected.h"

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

#include <optional>

namespace lgm {
class TranslationLoader;
}

namespace lgm::cli {

// Where a command's config starts before its explicit options, and the language it speaks.
//
// Precedence, lowest first: the defaults (GPT-2 small), --scenario FILE, --preset NAME (the
// model's shape only: v, d, L, h, f, s and P; the scenario's batch, precision and strategy are
// kept), then every explicit option. An explicit --d-model without --ffn sets f = 4d and an
// explicit --seq without --positions sets P = s, as they do without a preset or scenario.

// --deepspeed-config FILE sits with --preset: over the scenario, under the explicit options. Its
// train_batch_size is checked against the data-parallel size the explicit options give.

// Adds --preset, --scenario, --deepspeed-config and --lang.
void addConfigSourceOptions(QCommandLineParser& parser);

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
