#include "gui_module_loader.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLibrary>
#include <QStringList>
#include <QTextStream>

namespace {

struct Text {
    Q_DECLARE_TR_FUNCTIONS(GuiModuleLoader)
};

using GuiMain = int (*)(int, char**);

const QString kModuleName = QStringLiteral("llm-gpu-memory-gui");

// No QCoreApplication exists yet (the module creates the QApplication), so the executable's
// directory comes from /proc rather than from applicationDirPath().
QString executableDir(const char* argv0) {
    const QString self = QFile::symLinkTarget(QStringLiteral("/proc/self/exe"));
    const QString path = self.isEmpty() ? QString::fromLocal8Bit(argv0) : self;
    return QFileInfo(path).absolutePath();
}

QStringList moduleDirs(const char* argv0) {
    // Next to the executable first, so a build tree never picks up an installed module; then
    // the install layout, relative to the executable wherever the package put the prefix.
    const QString dir = executableDir(argv0);
    return {dir, QDir::cleanPath(dir + QLatin1Char('/') + QStringLiteral(LGM_MODULE_FROM_BIN))};
}

} // namespace

int runGuiModule(int argc, char** argv) {
    const QStringList dirs = moduleDirs(argv[0]);
    QStringList errors;
    for (const QString& dir : dirs) {
        QLibrary module(QDir(dir).filePath(kModuleName));
        if (!module.load()) {
            errors << module.errorString();
            continue;
        }
        if (auto guiMain = reinterpret_cast<GuiMain>(module.resolve("lgmGuiMain"))) {
            return guiMain(argc, argv);
        }
        errors << module.errorString();
    }
    QTextStream(stderr) << Text::tr("llm-gpu-memory: the desktop app module %1 is not in %2 (%3); "
                                    "the command line still works, see \"llm-gpu-memory --help\"")
                               .arg(kModuleName, dirs.join(QStringLiteral(" or ")), errors.value(0))
                        << '\n';
    return 1;
}
