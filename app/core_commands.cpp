#include "core_commands.h"

#include "command_line.h"
#include "config_sources.h"
#include "fit_command.h"
#include "presets_command.h"
#include "translation_loader.h"

#include <QCoreApplication>
#include <QTextStream>

namespace lgm::cli {

namespace {

struct Text {
    Q_DECLARE_TR_FUNCTIONS(CoreCommands)
};

const QString kEstimate = QStringLiteral("estimate");
const QString kPresets = QStringLiteral("presets");
const QString kFit = QStringLiteral("fit");

bool isHelp(const QString& argument) {
    return argument == QLatin1String("--help") || argument == QLatin1String("-h") ||
           argument == QLatin1String("help");
}

bool isVersion(const QString& argument) {
    return argument == QLatin1String("--version") || argument == QLatin1String("-v");
}

} // namespace

bool runsWithoutGui(const QString& firstArgument) {
    return firstArgument == kEstimate || firstArgument == kPresets || firstArgument == kFit ||
           isHelp(firstArgument) || isVersion(firstArgument);
}

int runCoreCommand(const QStringList& arguments, QTextStream& out, QTextStream& err) {
    // Installed before any text is built, so that help texts and errors are translated too.
    TranslationLoader translations;
    if (const auto error = installLanguage(translations, arguments)) {
        err << "llm-gpu-memory: " << error->message << '\n';
        return error->exitCode;
    }
    const QString command = arguments.value(1);
    if (command == kEstimate) {
        return runEstimate(arguments, out, err);
    }
    if (command == kFit) {
        return runFit(arguments, out, err);
    }
    if (command == kPresets) {
        return runPresets(arguments, out, err);
    }
    if (isVersion(command)) {
        out << versionText() << '\n';
        return 0;
    }
    out << topLevelHelp();
    return 0;
}

QString topLevelHelp() {
    return Text::tr("Usage: llm-gpu-memory [command] [options]\n"
                    "\n"
                    "How much GPU memory training a GPT-style model takes, and why.\n"
                    "\n"
                    "Commands:\n"
                    "  (none)         start the desktop app\n"
                    "  estimate       print the memory estimate as text, JSON or CSV\n"
                    "  fit            solve what fits on a GPU: largest b and s, fewest GPUs,\n"
                    "                 the set-ups that fit\n"
                    "  presets        list the built-in models and their shapes\n"
                    "  export-chart   write a chart to PNG, SVG or PDF without a window\n"
                    "  help           show this help (also --help, -h)\n"
                    "\n"
                    "Options:\n"
                    "  -h, --help     show this help\n"
                    "  -v, --version  show the version\n"
                    "  --lang LANG    language of the output and the app: en, zh_CN\n"
                    "\n"
                    "Run \"llm-gpu-memory estimate --help\", \"llm-gpu-memory fit --help\" or "
                    "\"llm-gpu-memory export-chart "
                    "--help\" for the options of a command.\n");
}

QString versionText() {
    return QStringLiteral("llm-gpu-memory " LGM_VERSION);
}

} // namespace lgm::cli
