#include "config_sources.h"

#include "bounded_file_reader.h"
#include "config_adapter.h"
#include "deepspeed_config.h"
#include "deepspeed_scenario.h"
#include "hf_config.h"
#include "message_text.h"
#include "presets.h"
#include "scenario.h"
#include "translation_loader.h"

#include <QCoreApplication>
#include <QFileInfo>

#include <algorithm>

namespace lgm::cli {

namespace {

struct Text {
    Q_DECLARE_TR_FUNCTIONS(CommandLine)
};

const QString kPreset = QStringLiteral("preset");
const QString kScenario = QStringLiteral("scenario");
const QString kHfConfig = QStringLiteral("hf-config");
const QString kLang = QStringLiteral("lang");
const QString kDeepSpeed = QStringLiteral("deepspeed-config");

QString languageChoices() {
    return TranslationLoader::languages().join(QStringLiteral(", "));
}

CommandLineError unknownLanguage(const QString& value) {
    return {
        Text::tr("--lang must be one of %1, not \"%2\"").arg(languageChoices(), printable(value))};
}

// The model of a Hugging Face config.json, or one line naming the file and what is wrong.
Expected<HfModel, CommandLineError> readHfConfig(const QString& path) {
    const auto bytes = readBoundedFile(path);
    if (!bytes) {
        return CommandLineError{
            Text::tr("--hf-config \"%1\": %2").arg(printable(path), bytes.error().reason)};
    }
    const auto model = parseHfConfig(bytes.value());
    if (!model) {
        return CommandLineError{
            Text::tr("--hf-config \"%1\": %2").arg(printable(path), model.error().message)};
    }
    return model.value();
}

} // namespace

QString presetNames() {
    QStringList names;
    for (const Preset& p : modelPresets()) {
        names << QString::fromStdString(p.name);
    }
    return names.join(QStringLiteral(", "));
}

void addConfigSourceOptions(QCommandLineParser& parser) {
    parser.addOption({kPreset,
                      Text::tr("Start from a published model's shape (v, d, L, h, f, s, P); "
                               "\"llm-gpu-memory presets\" lists them"),
                      QStringLiteral("name")});
    parser.addOption({kHfConfig,
                      Text::tr("Start from the model of a Hugging Face config.json (%1); s, b and "
                               "precision stay training choices")
                          .arg(supportedHfModelTypes().join(QStringLiteral(", "))),
                      QStringLiteral("file")});
    parser.addOption({kScenario,
                      Text::tr("Start from the inputs of a scenario file; --preset and explicit "
                               "options override them"),
                      QStringLiteral("file")});
    parser.addOption({kDeepSpeed,
                      Text::tr("Read the ZeRO stage and offload, bf16/fp16, the batch sizes, the "
                               "optimizer and activation checkpointing from a DeepSpeed config "
                               "JSON; \"auto\" keeps the value; explicit options override it"),
                      QStringLiteral("file")});
    parser.addOption(
        {kLang,
         Text::tr("Language of the output: %1 (default: the system's)").arg(languageChoices()),
         QStringLiteral("language")});
}

Expected<ModelSource, CommandLineError> baseSource(const QCommandLineParser& parser) {
    ModelSource out;
    for (const QString& option : {kScenario, kHfConfig}) {
        if (parser.isSet(option) && parser.value(option).isEmpty()) {
            return *missingSourceValue(option);
        }
    }
    if (parser.isSet(kScenario)) {
        const auto scenario = loadScenario(parser.value(kScenario));
        if (!scenario) {
            return CommandLineError{scenario.error().message};
        }
        out.scenario = scenario.value();
    }
    if (parser.isSet(kPreset) && parser.isSet(kHfConfig)) {
        return CommandLineError{
            Text::tr("--preset and --hf-config both describe the model; give only one")};
    }
    if (parser.isSet(kPreset)) {
        const QString name = parser.value(kPreset);
        const auto preset = findModelPreset(name.toStdString());
        if (!preset) {
            return CommandLineError{
                Text::tr("--preset must be one of %1 (see \"llm-gpu-memory presets\"), not \"%2\"")
                    .arg(presetNames(), printable(name))};
        }
        out.scenario = applyPreset(out.scenario, *preset);
    }
    if (parser.isSet(kHfConfig)) {
        const auto hf = readHfConfig(parser.value(kHfConfig));
        if (!hf) {
            return hf.error();
        }
        // The model only: s, b and precision are the scenario's (or the defaults).
        out.scenario.model = hf->model;
        out.maxPositions = hf->maxPositions;
        out.modelName = hf->modelType;
    }
    return out;
}

Expected<Scenario, CommandLineError> baseScenario(const QCommandLineParser& parser) {
    const auto source = baseSource(parser);
    if (!source) {
        return source.error();
    }
    return source->scenario;
}

std::optional<QString> sequenceWarning(const ModelSource& source, const Scenario& scenario) {
    if (source.maxPositions <= 0 || scenario.training.seqLen <= source.maxPositions) {
        return std::nullopt;
    }
    return Text::tr("warning: --seq %1 is above the model's max_position_embeddings (%2)")
        .arg(scenario.training.seqLen)
        .arg(source.maxPositions);
}

bool hasDeepSpeedConfig(const QCommandLineParser& parser) {
    return parser.isSet(kDeepSpeed);
}

std::optional<CommandLineError> readDeepSpeedSource(const QCommandLineParser& parser,
                                                    Scenario& scenario, std::int64_t dataParallel,
                                                    QStringList& notices) {
    const QString path = parser.value(kDeepSpeed);
    if (path.isEmpty()) {
        return *missingSourceValue(kDeepSpeed);
    }
    const QString shownPath = shownValue(path, 240);
    const auto bytes = readBoundedFile(path);
    if (!bytes) {
        return CommandLineError{Text::tr("Cannot use the DeepSpeed config %1: %2")
                                    .arg(shownPath, bytes.error().reason)};
    }
    const auto settings = parseDeepSpeedConfig(bytes.value());
    if (!settings) {
        return CommandLineError{Text::tr("Cannot use the DeepSpeed config %1: %2")
                                    .arg(shownPath, oneLine(settings.error().message))};
    }
    auto applied = applyDeepSpeedSettings(settings.value(), scenario, dataParallel);
    if (!applied) {
        return CommandLineError{Text::tr("Cannot use the DeepSpeed config %1: %2")
                                    .arg(shownPath, oneLine(applied.error().message))};
    }
    scenario = std::move(applied.value().scenario);
    if (!settings->ignored.isEmpty()) {
        QStringList shown;
        for (const QString& key : settings->ignored) {
            shown << shownValue(key, 80);
        }
        notices << Text::tr("DeepSpeed config %1: ignored %2")
                       .arg(shownPath, shown.join(QStringLiteral(", ")));
    }
    return std::nullopt;
}

Expected<Config, CommandLineError> baseConfig(const QCommandLineParser& parser) {
    const auto scenario = baseScenario(parser);
    if (!scenario) {
        return scenario.error();
    }
    return toConfig(*scenario);
}

std::optional<CommandLineError> checkLanguageOption(const QCommandLineParser& parser) {
    if (parser.isSet(kLang) && TranslationLoader::canonicalName(parser.value(kLang)).isEmpty()) {
        return unknownLanguage(parser.value(kLang));
    }
    return std::nullopt;
}

std::optional<CommandLineError> missingSourceValue(const QString& option) {
    if (option == kPreset) {
        return CommandLineError{Text::tr("--preset needs a value: one of %1").arg(presetNames())};
    }
    if (option == kScenario) {
        return CommandLineError{Text::tr("--scenario needs a value: a scenario file (.json)")};
    }
    if (option == kDeepSpeed) {
        return CommandLineError{
            Text::tr("--deepspeed-config needs a value: a DeepSpeed config file (.json)")};
    }
    if (option == kHfConfig) {
        return CommandLineError{
            Text::tr("--hf-config needs a value: a Hugging Face config.json file")};
    }
    if (option == kLang) {
        return CommandLineError{Text::tr("--lang needs a value: one of %1").arg(languageChoices())};
    }
    return std::nullopt;
}

std::optional<QString> languageArgument(const QStringList& arguments) {
    std::optional<QString> language;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString& argument = arguments.at(i);
        if (argument == QLatin1String("--")) {
            break;
        }
        if ((argument == QLatin1String("--lang") || argument == QLatin1String("-lang")) &&
            i + 1 < arguments.size()) {
            language = arguments.at(++i);
        } else if (argument.startsWith(QLatin1String("--lang="))) {
            language = argument.mid(7);
        } else if (argument.startsWith(QLatin1String("-lang="))) {
            language = argument.mid(6);
        }
    }
    return language;
}

std::optional<CommandLineError> installLanguage(TranslationLoader& loader,
                                                const QStringList& arguments) {
    const std::optional<QString> asked = languageArgument(arguments);
    if (!asked) {
        loader.setLanguage(TranslationLoader::systemLanguage());
        return std::nullopt;
    }
    if (!loader.setLanguage(*asked)) {
        return unknownLanguage(*asked);
    }
    return std::nullopt;
}

} // namespace lgm::cli
