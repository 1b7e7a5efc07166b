// The desktop-app module's entry point: the executable loads this library only when it needs
// the GUI stack, so that `estimate` starts without it.
#include "config_sources.h"
#include "export_chart_command.h"
#include "language_menu.h"
#include "main_window.h"
#include "preset_selector.h"
#include "scenario_actions.h"
#include "start_options.h"
#include "translation_loader.h"

#include <QApplication>
#include <QSettings>
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

int runExportChart() {
    // Installed before the chart is built: its titles, axes and legends are set in its
    // constructor. It outlives the export.
    lgm::TranslationLoader translations;
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (const auto error = lgm::cli::installLanguage(translations, QApplication::arguments())) {
        err << "llm-gpu-memory export-chart: " << error->message << '\n';
        return error->exitCode;
    }
    return lgm::app::runExportChart(QApplication::arguments(), out, err);
}

int runWindow(QApplication& app) {
    const auto options = parseInAskedLanguage(QApplication::arguments());
    if (!options) {
        QTextStream(stderr) << "llm-gpu-memory: " << options.error() << '\n';
        return 2;
    }
    QSettings settings;
    lgm::ui::MainWindow window(&settings);
    if (!options->language.isEmpty()) {
        // For this run only: the saved choice stays what the user picked in the menu.
        window.languageMenu()->choose(options->language, false);
    }
    if (!options->scenarioPath.isEmpty()) {
        window.scenarioActions()->open(options->scenarioPath);
    }
    if (!options->preset.isEmpty()) {
        window.presetSelector()->apply(options->preset);
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
                                   .arg(QString::fromLocal8Bit(argv[1]))
                            << '\n';
        return 2;
    }
    if (exportChart && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        // Headless: no display is needed to draw a chart into a file.
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("llm-gpu-memory"));
    QApplication::setApplicationName(QStringLiteral("llm-gpu-memory"));
    QApplication::setApplicationDisplayName(QObject::tr("LLM GPU Memory"));
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.llm_gpu_memory.LlmGpuMemory"));
    if (exportChart) {
        return runExportChart();
    }
    return runWindow(app);
}
