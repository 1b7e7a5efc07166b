#include "command_arguments.h"
#include "core_commands.h"
#include "gui_module_loader.h"
#include "quiet_messages.h"

#include <QCoreApplication>
#include <QTextStream>

// `estimate`, help and version run on QtCore alone; everything else is the desktop app, which
// lives in a separately loaded module so that the command line starts without the GUI stack.
int main(int argc, char* argv[]) {
    if (argc > 1 && lgm::cli::runsWithoutGui(QString::fromLocal8Bit(argv[1]))) {
        lgm::cli::installQuietMessageHandler();
        QCoreApplication app(argc, argv);
        QTextStream out(stdout);
        QTextStream err(stderr);
        return lgm::cli::runCoreCommand(lgm::cli::commandArguments(argc, argv), out, err);
    }
    return runGuiModule(argc, argv);
}
