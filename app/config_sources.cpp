#include "config_sources.h"

#include "presets.h"
#include "scenario.h"
#include "translation_loader.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace lgm::cli {

namespace {

struct Text {
    Q_DECLARE_TR_FUNCTIONS(CommandLine)
};

const QString kPreset = QStringLiteral("preset");
const QString kScenario = QStringLiteral("scenario");
const QString kLang = QStringLiteral("lang");

QString languageChoices() {
    return TranslationLoader::languages().join(QStringLiteral(", "));
}

CommandLineError unknownLanguage(const QString& value) {
    return {
        Text::tr("--lang must be one of %1, not \"%2\"").arg(languageChoices(), printable(value))};
}

} // namespace

QString presetNames() {
    QStringList names;
    for (const Preset& p : builtinPresets()) {
        names << QString::fromStdString(p.name);
    }
    return names.join(QStringLiteral(", "));
}

void addConfigSourceOptions(QCommandLineParser& parser) {
    parser.addOption({kPreset,
                      Text::tr("Start from a published model's shape (v, d, L, h, f, s, P); "
                               "\"llm-gpu-memory presets\" lists them"),
                      QStringLiteral("name")});
    parser.addOption({kScenario,
                      Text::tr("Start from the inputs of a scenario file; --preset and explicit "
                               "options override them"),
                      QStringLiteral("file")});
    parser.addOption(
        {kLang,
         Text::tr("Language of the output: %1 (default: the system's)").arg(languageChoices()),
         QStringLiteral("language")});
}

Expected<Config, CommandLineError> baseConfig(const QCommandLineParser& parser) {
    Config config;
    if (parser.isSet(kScenario) && parser.value(kScenario).isEmpty()) {
        return *missingSourceValue(kScenario);
    }
    if (parser.isSet(kScenario)) {
        const auto scenario = readScenario(parser.value(kScenario));
        if (!scenario) {
            return CommandLineError{scenario.error().message};
        }
        config = scenario.value();
    }
    if (parser.isSet(kPreset)) {
        const QString name = parser.value(kPreset);
        const auto preset = findPreset(name.toStdString());
        if (!preset) {
            return CommandLineError{
                Text::tr("--preset must be one of %1 (see \"llm-gpu-memory presets\"), not \"%2\"")
                    .arg(presetNames(), printable(name))};
        }
        config = applyPreset(config, *preset);
    }
    return config;
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
