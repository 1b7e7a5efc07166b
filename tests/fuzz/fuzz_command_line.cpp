// Arbitrary argument vectors -> the `estimate` command line. Arguments are the input's
// NUL-separated pieces, read as UTF-8 (invalid sequences become U+FFFD, as from a shell).
#include "command_line.h"
#include "fuzz_checks.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QTextStream>

namespace {

QStringList argumentsFrom(const std::uint8_t* bytes, std::size_t size) {
    QStringList arguments{QStringLiteral("llm-gpu-memory"), QStringLiteral("estimate")};
    const QByteArray input(reinterpret_cast<const char*>(bytes), qsizetype(size));
    for (const QByteArray& piece : input.split('\0')) {
        arguments << QString::fromUtf8(piece);
    }
    return arguments;
}

// The command line's contract: exit 0 prints to stdout only; a refusal prints one line to
// stderr, nothing to stdout, and exits 2.
void checkRun(const QStringList& arguments, int expectedCode) {
    QString out;
    QString err;
    QTextStream outStream(&out);
    QTextStream errStream(&err);
    const int code = lgm::cli::runEstimate(arguments, outStream, errStream);
    outStream.flush();
    errStream.flush();
    using lgm::fuzz::require;
    require(code == expectedCode, "runEstimate() and parseEstimateArguments() disagree");
    if (code == 0) {
        require(err.isEmpty() && !out.isEmpty(), "a success without output, or with an error");
        static const QRegularExpression notFinite(QStringLiteral("\\b(nan|inf)\\b"),
                                                  QRegularExpression::CaseInsensitiveOption);
        require(!out.contains(notFinite), "output shows nan or inf");
    } else {
        require(code == 2, "a refusal with an exit code other than 2");
        require(out.isEmpty(), "a refusal that prints to stdout");
        require(err.endsWith(QLatin1Char('\n')) && err.count(QLatin1Char('\n')) == 1,
                "a refusal that is not exactly one line");
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
    // The real program has a QCoreApplication; help and version texts ask it for the name.
    static QCoreApplication app(*argc, *argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
    if (size > 4096) {
        return -1; // a longer command line only repeats what shorter ones test
    }
    const QStringList arguments = argumentsFrom(bytes, size);
    const auto request = lgm::cli::parseEstimateArguments(arguments);
    if (request && !request->saveScenario.isEmpty()) {
        return -1; // --save-scenario writes a file wherever the input says: not fuzzed
    }
    int expectedCode = 0;
    if (request) {
        if (request->action == lgm::cli::EstimateAction::Report) {
            lgm::fuzz::require(!lgm::validate(request->config),
                               "the parser returns an invalid config");
            lgm::fuzz::checkEstimate(request->config);
            if (!lgm::estimate(request->config)) {
                expectedCode = 2;
            }
        }
    } else {
        lgm::fuzz::require(!request.error().message.isEmpty(), "a refusal without a message");
        expectedCode = request.error().exitCode;
    }
    checkRun(arguments, expectedCode);
    return 0;
}
