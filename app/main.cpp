#include "core_commands.h"
#include "gui_module_loader.h"

#include <QCoreApplication>
#include <QTextStream>

// `estimate`, help and version run on QtCore alone; everything else is the desktop app, which
// lives in a separately loaded module so that the command line starts without the GUI stack.
int main(int argc, char* argv[]) {
    if (argc > 1 && lgm::cli::runsWithoutGui(QString::fromLocal8Bit(argv[1]))) {
        QCoreApplication app(argc, argv);
        QTextStream out(stdout);
        QTextStream err(stderr);
        return lgm::cli::runCoreCommand(QCoreApplication::arguments(), out, err);
    }
    return runGuiModule(argc, argv);
}
