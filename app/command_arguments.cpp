#include "command_arguments.h"

#include <QStringDecoder>

namespace lgm::cli {

QStringList commandArguments(int argc, const char* const* argv) {
    QStringList arguments;
    arguments.reserve(argc);
    for (int i = 0; i < argc; ++i) {
        QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::ConvertInitialBom);
        arguments << decoder(QByteArrayView(argv[i]));
    }
    return arguments;
}

} // namespace lgm::cli
