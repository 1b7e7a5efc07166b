#include "fit_command.h"

#include "fit_problem.h"
#include "fit_text.h"
#include "gpu_catalogue.h"
#include "message_text.h"
#include "strict_number.h"
#include "units.h"

#include <QCoreApplication>
#include <QTextStream>

namespace lgm::cli {

namespace {

struct Text {
    Q_DECLARE_TR_FUNCTIONS(FitCommand)
};

const QString kGpu = QStringLiteral("gpu");
const QString kCapacity = QStringLiteral("capacity");
const QString kFormat = QStringLiteral("format");
const QString kHelp = QStringLiteral("help");

// A capacity beyond a pebibyte is a typo, not a GPU.
constexpr std::int64_t kMaxCapacity = std::int64_t{1} << 50;

struct FitRequest {
    Scenario scenario;
    std::int64_t capacity = 0;
    QString gpuId;   // empty for a bare --capacity
    QString gpuName; // the catalogue's display name
    QString format = QStringLiteral("text");
};

QString q(std::string_view text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

QString catalogueIds() {
    QStringList ids;
    for (const GpuCard& card : gpuCatalogue()) {
        ids << q(card.id);
    }
    return ids.join(QStringLiteral(", "));
}

CommandLineError fail(const QString& message) {
    return {message, 2};
}

std::optional<CommandLineError> readCapacity(const QCommandLineParser& parser, FitRequest& r) {
    const bool gpu = parser.isSet(kGpu);
    const bool capacity = parser.isSet(kCapacity);
    if (gpu == capacity) {
        return fail(Text::tr("fit needs exactly one of --gpu NAME (%1) or --capacity BYTES")
                        .arg(catalogueIds()));
    }
    if (gpu) {
        const QString id = parser.value(kGpu).trimmed().toLower();
        const QByteArray utf8 = id.toUtf8();
        const auto card = findGpu(std::string_view(utf8.constData(), std::size_t(utf8.size())));
        if (!card) {
            return fail(Text::tr("--gpu must be one of %1, not \"%2\"")
                            .arg(catalogueIds(), printable(parser.value(kGpu))));
        }
        r.capacity = card->bytes;
        r.gpuId = q(card->id);
        r.gpuName = q(card->name);
        return std::nullopt;
    }
    const auto bytes = parseWholeNumber(parser.value(kCapacity));
    if (!bytes || *bytes < 1 || *bytes > kMaxCapacity) {
        return fail(Text::tr("--capacity must be a whole number of bytes from 1 to %1, not \"%2\"")
                        .arg(kMaxCapacity)
                        .arg(printable(parser.value(kCapacity))));
    }
    r.capacity = *bytes;
    return std::nullopt;
}

QString helpText(const QCommandLineParser& parser) {
    QString text = parser.helpText();
    const qsizetype endOfUsage = text.indexOf(u'\n');
    text.replace(0, endOfUsage,
                 Text::tr("Usage: llm-gpu-memory fit --gpu NAME|--capacity BYTES [options]"));
    return text + u'\n' + fitRankingRule() + u'\n';
}

void addFitOptions(QCommandLineParser& parser) {
    parser.addOption({kGpu, Text::tr("The GPU of the catalogue: %1").arg(catalogueIds()),
                      QStringLiteral("name")});
    parser.addOption({kCapacity, Text::tr("Memory of one GPU in bytes, instead of --gpu"),
                      QStringLiteral("bytes")});
    parser.addOption({kFormat, Text::tr("Output format: text, json, csv (default text)"),
                      QStringLiteral("format")});
    parser.addOption({{QStringLiteral("h"), kHelp}, Text::tr("Show this help and exit")});
}

std::string utf8(const QString& text) {
    return text.toStdString();
}

QString gib(std::int64_t bytes) {
    return q(formatBytes(static_cast<double>(bytes), UnitSystem::Binary));
}

QString setupText(const FitSetup& s) {
    const Parallelism& p = s.scenario.parallel;
    const QString layout = layoutText(s);
    const QString varied = layout.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(layout);
    if (p.gpus == 1) {
        return Text::tr("%1 on one GPU%5, micro-batch %2 × %3 accumulation steps: %4 per GPU")
            .arg(q(toString(p.data)))
            .arg(s.microBatch)
            .arg(s.accumulation)
            .arg(gib(s.peak), varied);
    }
    return Text::tr("%1 on %2 GPUs%6, micro-batch %3 × %4 accumulation steps: %5 per GPU")
        .arg(q(toString(p.data)))
        .arg(p.gpus)
        .arg(s.microBatch)
        .arg(s.accumulation)
        .arg(gib(s.peak), varied);
}

QString setupLine(int rank, const FitSetup& s) {
    return Text::tr("%1. %2, %3 left; binds: %4")
        .arg(rank)
        .arg(setupText(s), gib(s.headroom), bindingText(s));
}

// The text lists the cheapest set-ups; JSON and CSV list them all.
constexpr std::size_t kTextSetups = 12;

void printText(const FitRequest& r, const FitAnswers& a, QTextStream& out) {
    const QString gpu = r.gpuName.isEmpty()
                            ? Text::tr("a GPU of %1 bytes").arg(r.capacity)
                            : Text::tr("%1 (%2 bytes)").arg(r.gpuName).arg(r.capacity);
    out << Text::tr("Fit on %1, %2 available:").arg(gpu, gib(r.capacity)) << '\n';
    out << Text::tr("  largest micro-batch b with the given settings: %1").arg(a.maxMicroBatch)
        << '\n';
    out << Text::tr("  longest context s with the given settings: %1").arg(a.maxSeq) << '\n';
    out << Text::tr("Fewest GPUs per strategy (0: none fits):") << '\n';
    for (const MinGpus& m : a.minGpus) {
        out << "  " << q(toString(m.strategy)) << ": " << m.gpus << '\n';
    }
    if (a.setups.empty()) {
        out << (r.scenario.parallel.gpus == 1
                    ? Text::tr("Nothing fits on one GPU.")
                    : Text::tr("Nothing fits on %1 GPUs.").arg(r.scenario.parallel.gpus))
            << '\n';
        if (a.closest) {
            out << Text::tr("Closest: %1, over by %2; binds: %3")
                       .arg(setupText(*a.closest), gib(-a.closest->headroom),
                            bindingText(*a.closest))
                << '\n';
        }
        return;
    }
    out << (r.scenario.parallel.gpus == 1 ? Text::tr("Set-ups that fit on one GPU, cheapest first:")
                                          : Text::tr("Set-ups that fit on %1 GPUs, cheapest first:")
                                                .arg(r.scenario.parallel.gpus))
        << '\n';
    for (std::size_t i = 0; i < a.setups.size() && i < kTextSetups; ++i) {
        out << "  " << setupLine(int(i + 1), a.setups[i]) << '\n';
    }
    if (a.setups.size() > kTextSetups) {
        out << Text::tr("  … and %1 more (--format json lists them all)")
                   .arg(a.setups.size() - kTextSetups)
            << '\n';
    }
}

Expected<FitRequest, CommandLineError> parseFit(const QStringList& arguments, QString& help) {
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.setApplicationDescription(
        Text::tr("Solves what fits on a GPU: the largest micro-batch and context, the fewest "
                 "GPUs per strategy and the set-ups that fit."));
    addModelOptions(parser);
    addFitOptions(parser);
    const QStringList normalized = withSwitchValues(arguments);
    if (!parser.parse(normalized)) {
        return parseFailure(parser, normalized);
    }
    if (parser.isSet(kHelp)) {
        help = helpText(parser);
        return FitRequest{};
    }
    if (parser.positionalArguments().size() > 1) {
        return fail(Text::tr("unexpected argument \"%1\"; run \"llm-gpu-memory fit --help\" for "
                             "the valid options")
                        .arg(printable(parser.positionalArguments().at(1))));
    }
    FitRequest r;
    if (parser.isSet(kFormat)) {
        r.format = parser.value(kFormat);
        if (r.format != QLatin1String("text") && r.format != QLatin1String("json") &&
            r.format != QLatin1String("csv")) {
            return fail(Text::tr("--format must be one of text, json, csv, not \"%1\"")
                            .arg(printable(r.format)));
        }
    }
    if (auto error = readCapacity(parser, r)) {
        return *error;
    }
    const auto scenario = readModelScenario(parser);
    if (!scenario) {
        return scenario.error();
    }
    r.scenario = *scenario;
    return r;
}

} // namespace

QString fitRankingRule() {
    return Text::tr("Set-ups are ranked by a stated cost, compared in this order: less recompute "
                    "(none, selective, full), smaller t·p, smaller t, no offload, a larger "
                    "micro-batch, then the strategy order ddp, zero1, zero2, zero3, fsdp-full, "
                    "fsdp-grad-op, fsdp-hybrid. Each keeps the global batch b · accumulation · "
                    "data-parallel size of the given settings.");
}

int runFit(const QStringList& arguments, QTextStream& out, QTextStream& err) {
    QString help;
    const auto request = parseFit(arguments, help);
    if (!request) {
        err << "llm-gpu-memory: " << oneLine(request.error().message) << '\n';
        return request.error().exitCode;
    }
    if (!help.isEmpty()) {
        out << help;
        return 0;
    }
    const FitAnswers answers = solveFit(fitProblem(request->scenario, request->capacity));
    if (request->format == QLatin1String("json")) {
        out << q(fitJson(answers, request->capacity, utf8(request->gpuId)));
    } else if (request->format == QLatin1String("csv")) {
        out << q(fitCsv(answers, request->capacity, utf8(request->gpuId)));
    } else {
        printText(*request, answers, out);
    }
    return 0;
}

} // namespace lgm::cli
