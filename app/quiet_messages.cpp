#include "quiet_messages.h"

#include <QString>
#include <QtGlobal>

#include <cstdio>
#include <cstdlib>

namespace lgm::cli {

namespace {

void quietHandler(QtMsgType type, const QMessageLogContext&, const QString& message) {
    if (type == QtFatalMsg) {
        std::fprintf(stderr, "llm-gpu-memory: %s\n", qUtf8Printable(message));
        std::abort();
    }
}

} // namespace

void installQuietMessageHandler() {
    qInstallMessageHandler(quietHandler);
}

} // namespace lgm::cli
