// The desktop-app module's entry point: the executable loads this library only when it needs
// the GUI stack, so that `estimate` starts without it.
#include "export_chart_command.h"
#include "main_window.h"

#include <QApplication>
#include <QSettings>
#include <QTextStream>

#include <cstdlib>
#include <cstring>

namespace {

int runWindow(QApplication& app) {
    QSettings settings;
    lgm::ui::MainWindow window(&settings);
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
    QGuiApplication::setDesktopFileName(QStringLiteral("llm-gpu-memory"));
    if (exportChart) {
        QTextStream out(stdout);
        QTextStream err(stderr);
        return lgm::app::runExportChart(QApplication::arguments(), out, err);
    }
    return runWindow(app);
}
