#include "start_options.h"

#include "hf_config_file.h"
#include "message_text.h"
#include "presets.h"
#include "scenario.h"
#include "translation_loader.h"

#include <QCoreApplication>

namespace lgm::ui {

namespace {

// A class context, so that lupdate files the messages under the name they are looked up by.
struct Text {
    Q_DECLARE_TR_FUNCTIONS(StartOptions)
};

QString presetList() {
    QStringList names;
    for (const Preset& p : modelPresets()) {
        names << QString::fromStdString(p.name);
    }
    return names.join(QStringLiteral(", "));
}

std::optional<QString> applyOption(StartOptions& options, const QString& name,
                                   const QString& value) {
    if (name == QLatin1String("lang")) {
        options.language = TranslationLoader::canonicalName(value);
        if (options.language.isEmpty()) {
            return Text::tr("--lang: unknown language \"%1\"; valid: %2")
                .arg(shownValue(value), TranslationLoader::languages().join(QStringLiteral(", ")));
        }
    } else if (name == QLatin1String("preset")) {
        const auto preset = findModelPreset(value.toStdString());
        if (!preset) {
            return Text::tr("--preset: unknown preset \"%1\"; valid: %2")
                .arg(shownValue(value), presetList());
        }
        options.preset = QString::fromStdString(preset->name);
    } else if (name == QLatin1String("hf-config")) {
        const auto model = loadHfConfig(value);
        if (!model) {
            return Text::tr("--hf-config: %1").arg(oneLine(model.error().message));
        }
        options.hfConfigPath = value;
    } else {
        auto config = readScenario(value);
        if (!config) {
            return Text::tr("--scenario: %1").arg(oneLine(config.error().message));
        }
        options.scenarioPath = value;
        options.scenario = config.value();
    }
    return std::nullopt;
}

} // namespace

Expected<StartOptions, QString> parseStartOptions(const QStringList& arguments) {
    StartOptions options;
    const QStringList known{QStringLiteral("lang"), QStringLiteral("scenario"),
                            QStringLiteral("preset"), QStringLiteral("hf-config")};
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString& arg = arguments[i];
        QString name = arg.startsWith(QLatin1String("--")) ? arg.mid(2) : QString();
        QString value;
        const qsizetype equals = name.indexOf(u'=');
        const bool inlineValue = equals >= 0;
        if (inlineValue) {
            value = name.mid(equals + 1);
            name.truncate(equals);
        }
        if (!known.contains(name)) {
            return QString(Text::tr("unknown option \"%1\"; the desktop app takes --lang, "
                                    "--scenario, --preset and --hf-config")
                               .arg(shownValue(arg)));
        }
        if (!inlineValue) {
            if (i + 1 >= arguments.size()) {
                return QString(Text::tr("--%1: missing value").arg(shownValue(name)));
            }
            value = arguments[++i];
        }
        if (value.isEmpty()) {
            return QString(Text::tr("--%1: missing value").arg(shownValue(name)));
        }
        if (const auto error = applyOption(options, name, value)) {
            return QString(*error);
        }
    }
    return options;
}

} // namespace lgm::ui
