// The desktop-app module's entry point: the executable loads this library only when it needs
// the GUI stack, so that `estimate` starts without it.
#include "command_arguments.h"
#include "config_sources.h"
#include "export_chart_command.h"
#include "language_menu.h"
#include "main_window.h"
#include "message_text.h"
#include "preset_selector.h"
#include "quiet_messages.h"
#include "scenario_actions.h"
#include "settings_file.h"
#include "start_options.h"
#include "translation_loader.h"

#include <QApplication>
#include <QSettings>
#include <QStatusBar>
#include <QTextStream>

#include <cstdlib>
#include <cstring>

namespace {

// A bad start option is reported before the window exists, so the language of --lang is
// installed just for the parse. It is removed again afterwards: from then on the window's
// language menu owns the language, and a second translator would outlive a switch to English.
lgm::Expected<lgm::ui::StartOptions, QString> parseInAskedLanguage(const QStringList& arguments) {
    lgm::TranslationLoader translations;
    if (const auto asked = lgm::cli::languageArgument(arguments)) {
        translations.setLanguage(*asked); // an unknown language is the parse's error to report
    }
    return lgm::ui::parseStartOptions(arguments);
}

int runExportChart(int argc, char** argv) {
    const QStringList arguments = lgm::cli::commandArguments(argc, argv);
    // Installed before the chart is built: its titles, axes and legends are set in its
    // constructor. It outlives the export.
    lgm::TranslationLoader translations;
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (const auto error = lgm::cli::installLanguage(translations, arguments)) {
        err << "llm-gpu-memory export-chart: " << error->message << '\n';
        return error->exitCode;
    }
    return lgm::app::runExportChart(arguments, out, err);
}

int showWindow(QApplication& app, lgm::ui::MainWindow& window,
               const lgm::ui::StartOptions& options);

int runWindow(QApplication& app) {
    const auto options = parseInAskedLanguage(QApplication::arguments());
    if (!options) {
        QTextStream(stderr) << "llm-gpu-memory: " << lgm::oneLine(options.error()) << '\n';
        return 2;
    }
    qInstallMessageHandler(nullptr);
    // Checked and read before QSettings sees it: a FIFO or a device there must not hang or
    // be replaced.
    lgm::SettingsFile settingsFile(lgm::SettingsFile::defaultPath());
    if (!settingsFile.notice().isEmpty()) {
        QTextStream(stderr) << "llm-gpu-memory: " << settingsFile.notice() << '\n';
    }
    int status = 0;
    {
        lgm::ui::MainWindow window(&settingsFile.settings());
        if (!settingsFile.notice().isEmpty()) {
            window.statusBar()->showMessage(settingsFile.notice());
        }
        status = showWindow(app, window, *options);
    }
    if (const auto error = settingsFile.save()) {
        QTextStream(stderr) << "llm-gpu-memory: " << error->message << '\n';
    }
    return status;
}

int showWindow(QApplication& app, lgm::ui::MainWindow& window,
               const lgm::ui::StartOptions& options) {
    if (!options.language.isEmpty()) {
        // For this run only: the saved choice stays what the user picked in the menu.
        window.languageMenu()->choose(options.language, false);
    }
    if (!options.scenarioPath.isEmpty()) {
        window.scenarioActions()->open(options.scenarioPath);
    }
    if (!options.preset.isEmpty()) {
        window.presetSelector()->apply(options.preset);
    }
    if (!options.hfConfigPath.isEmpty()) {
        window.scenarioActions()->importHfConfig(options.hfConfigPath);
    }
    window.show();
    return app.exec();
}

} // namespace

extern "C" Q_DECL_EXPORT int lgmGuiMain(int argc, char** argv) {
    const bool exportChart = argc > 1 && std::strcmp(argv[1], "export-chart") == 0;
    if (argc > 1 && !exportChart && argv[1][0] != '-') {
        QTextStream(stderr) << QObject::tr("llm-gpu-memory: unknown command \"%1\"; run "
                                           "\"llm-gpu-memory --help\" for the commands")
                                   .arg(lgm::shownValue(QString::fromLocal8Bit(argv[1])))
                            << '\n';
        return 2;
    }
    if (exportChart && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        // Headless: no display is needed to draw a chart into a file.
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    // Before QApplication, which warns too (XDG_RUNTIME_DIR): export-chart and a refused start
    // option print their own line only. The window gets Qt's handler back once it starts.
    lgm::cli::installQuietMessageHandler();
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("llm-gpu-memory"));
    QApplication::setApplicationName(QStringLiteral("llm-gpu-memory"));
    QApplication::setApplicationDisplayName(QObject::tr("LLM GPU Memory"));
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.llm_gpu_memory.LlmGpuMemory"));
    if (exportChart) {
        return runExportChart(argc, argv); // QApplication has removed its own options
    }
    return runWindow(app);
}
