#include "command_line.h"

#include "config_sources.h"
#include "core_commands.h"
#include "estimate.h"
#include "estimate_text.h"
#include "input_ranges.h"
#include "message_text.h"
#include "report_fields.h"
#include "scenario.h"
#include "strict_number.h"

#include <QCoreApplication>
#include <QTextStream>

#include <array>

namespace lgm::cli {

namespace {

// Translation context of every command-line message.
struct Text {
    Q_DECLARE_TR_FUNCTIONS(CommandLine)
};

const QString kPrecision = QStringLiteral("precision");
const QString kFp32Grads = QStringLiteral("fp32-grads");
const QString kCount = QStringLiteral("count");
const QString kStrategy = QStringLiteral("strategy");
const QString kBucketCopy = QStringLiteral("ddp-bucket-copy");
const QString kFormat = QStringLiteral("format");
const QString kSaveScenario = QStringLiteral("save-scenario");
const QString kHelp = QStringLiteral("help");
const QString kVersion = QStringLiteral("version");

constexpr std::array kPrecisions{Precision::Fp32, Precision::Fp16Mixed, Precision::Bf16Mixed};
constexpr std::array kCounts{CountMode::Exact, CountMode::Approx};
constexpr std::array<std::pair<OutputFormat, const char*>, 3> kFormats{{
    {OutputFormat::Text, "text"},
    {OutputFormat::Json, "json"},
    {OutputFormat::Csv, "csv"},
}};

QString dashed(const QString& name) {
    return (name.size() > 1 ? QStringLiteral("--") : QStringLiteral("-")) + name;
}

QString optionOf(const FieldRange& r) {
    return QString::fromLatin1(r.option);
}

template <typename Range> QString choices(const Range& values) {
    QStringList names;
    for (const auto& value : values) {
        names << QString::fromLatin1(toString(value));
    }
    return names.join(QStringLiteral(", "));
}

QString formatChoices() {
    QStringList names;
    for (const auto& [format, name] : kFormats) {
        names << QString::fromLatin1(name);
    }
    return names.join(QStringLiteral(", "));
}

QString rangeText(const FieldRange& r) {
    return Text::tr("a whole number from %1 to %2").arg(r.min).arg(r.max);
}

QString fieldDescription(Field field) {
    switch (field) {
    case Field::Vocab:
        return Text::tr("Vocabulary size v");
    case Field::DModel:
        return Text::tr("Embedding dimension d");
    case Field::Layers:
        return Text::tr("Transformer layers L");
    case Field::Heads:
        return Text::tr("Attention heads h");
    case Field::Ffn:
        return Text::tr("Feed-forward dimension f");
    case Field::SeqLen:
        return Text::tr("Context length s");
    case Field::Batch:
        return Text::tr("Micro-batch size b, sequences per GPU");
    case Field::Positions:
        return Text::tr("Rows P of the learned position table, 0 = none");
    case Field::Gpus:
        return Text::tr("Number of GPUs N");
    case Field::GpusPerNode:
        return Text::tr("GPUs per node G, the shard group of fsdp-hybrid");
    }
    return {};
}

QString fieldDefault(Field field) {
    switch (field) {
    case Field::Ffn:
        return Text::tr("4 × d-model");
    case Field::Positions:
        return Text::tr("= --seq");
    default:
        return QString::number(valueOf(Config{}, field));
    }
}

CommandLineError badValue(const QString& option, const QString& expected, const QString& value) {
    if (value.isEmpty()) {
        return {Text::tr("%1 needs a value: %2").arg(dashed(option), expected)};
    }
    return {Text::tr("%1 must be %2, not \"%3\"").arg(dashed(option), expected, printable(value))};
}

// Digits only: signs, fractions, exponents, spaces and overlong numbers all fail here.
Expected<std::int64_t, CommandLineError> readNumber(const QCommandLineParser& parser,
                                                    const FieldRange& r) {
    const QString option = optionOf(r);
    const QString text = parser.value(option);
    const auto value = parseWholeNumber(text);
    if (!value || *value < r.min || *value > r.max) {
        return badValue(option, rangeText(r), text);
    }
    return *value;
}

template <typename Enum, typename Parse, typename Range>
Expected<Enum, CommandLineError> readChoice(const QCommandLineParser& parser, const QString& option,
                                            Enum fallback, Parse parse, const Range& values) {
    if (!parser.isSet(option)) {
        return fallback;
    }
    const QString text = parser.value(option);
    if (const auto value = parse(text.toStdString())) {
        return *value;
    }
    return badValue(option, Text::tr("one of %1").arg(choices(values)), text);
}

std::optional<CommandLineError> readNumbers(const QCommandLineParser& parser, Config& config) {
    for (const FieldRange& r : fieldRanges()) {
        if (!parser.isSet(optionOf(r))) {
            continue;
        }
        const auto value = readNumber(parser, r);
        if (!value) {
            return value.error();
        }
        setValue(config, r.field, value.value());
    }
    // f and P follow an explicit d and s; otherwise the preset's or scenario's values stand.
    const auto given = [&parser](Field field) { return parser.isSet(optionOf(rangeOf(field))); };
    if (given(Field::DModel) && !given(Field::Ffn)) {
        config.ffn = 4 * config.dModel;
    }
    if (given(Field::SeqLen) && !given(Field::Positions)) {
        config.positions = config.seqLen;
    }
    return std::nullopt;
}

std::optional<CommandLineError> readChoices(const QCommandLineParser& parser, Config& config) {
    const auto precision =
        readChoice(parser, kPrecision, config.precision, precisionFromString, kPrecisions);
    if (!precision) {
        return precision.error();
    }
    const auto count = readChoice(parser, kCount, config.count, countModeFromString, kCounts);
    if (!count) {
        return count.error();
    }
    const auto strategy =
        readChoice(parser, kStrategy, config.strategy, strategyFromString, kAllStrategies);
    if (!strategy) {
        return strategy.error();
    }
    config.precision = precision.value();
    config.count = count.value();
    config.strategy = strategy.value();
    // A switch can only turn its setting on; absent, the scenario's value stands.
    config.fp32Gradients = config.fp32Gradients || parser.isSet(kFp32Grads);
    config.ddpBucketCopy = config.ddpBucketCopy || parser.isSet(kBucketCopy);
    return std::nullopt;
}

Expected<OutputFormat, CommandLineError> readFormat(const QCommandLineParser& parser) {
    if (!parser.isSet(kFormat)) {
        return OutputFormat::Text;
    }
    const QString text = parser.value(kFormat);
    for (const auto& [format, name] : kFormats) {
        if (text == QLatin1String(name)) {
            return format;
        }
    }
    return badValue(kFormat, Text::tr("one of %1").arg(formatChoices()), text);
}

// QCommandLineParser reports a missing value only as text; it is always the last argument.
QString lastOptionName(const QStringList& arguments) {
    QString last = arguments.size() > 1 ? arguments.last() : QString();
    if (!last.startsWith(u'-')) {
        return {};
    }
    while (last.startsWith(u'-')) {
        last.remove(0, 1);
    }
    return last;
}

// QCommandLineParser's usage line names the binary's path and hides the sub-command.
QString helpText(const QCommandLineParser& parser) {
    QString text = parser.helpText();
    const qsizetype endOfUsage = text.indexOf(u'\n');
    text.replace(0, endOfUsage, Text::tr("Usage: llm-gpu-memory estimate [options]"));
    return text.endsWith(u'\n') ? text : text + u'\n';
}

// A value given to a switch ("--fp32-grads=yes"), which QCommandLineParser reports only as text.
QString flagWithValue(const QStringList& arguments) {
    for (const QString& flag : {kFp32Grads, kBucketCopy, kHelp, kVersion}) {
        for (const QString& argument : arguments) {
            if (argument.startsWith(QStringLiteral("--") + flag + u'=')) {
                return flag;
            }
        }
    }
    return {};
}

void addEstimateOptions(QCommandLineParser& parser) {
    parser.addOption({kFormat, Text::tr("Output format: %1 (default text)").arg(formatChoices()),
                      QStringLiteral("format")});
    parser.addOption(
        {kSaveScenario,
         Text::tr("Also write the inputs to a scenario file (JSON, replaced atomically)"),
         QStringLiteral("file")});
    parser.addOption({{QStringLiteral("h"), kHelp}, Text::tr("Show this help and exit")});
    parser.addOption({{QStringLiteral("v"), kVersion}, Text::tr("Show the version and exit")});
}

} // namespace

QString printable(const QString& text) {
    return shownValue(text);
}

void addModelOptions(QCommandLineParser& parser) {
    for (const FieldRange& r : fieldRanges()) {
        const QString description =
            Text::tr("%1; %2 (default %3)")
                .arg(fieldDescription(r.field), rangeText(r), fieldDefault(r.field));
        parser.addOption({optionOf(r), description, QString::fromLatin1(r.symbol)});
    }
    parser.addOption({kPrecision,
                      Text::tr("Numeric format: %1 (default fp32)").arg(choices(kPrecisions)),
                      QStringLiteral("precision")});
    parser.addOption(
        {kFp32Grads, Text::tr("Keep gradients in fp32 under mixed precision (4 bytes, not 2)")});
    parser.addOption({kCount, Text::tr("Parameter count: %1 (default exact)").arg(choices(kCounts)),
                      QStringLiteral("count")});
    parser.addOption(
        {kStrategy,
         Text::tr("Distribution over GPUs: %1 (default ddp)").arg(choices(kAllStrategies)),
         QStringLiteral("strategy")});
    parser.addOption({kBucketCopy, Text::tr("Count PyTorch DDP's gradient-bucket copy (off: "
                                            "gradient_as_bucket_view=True)")});
    addConfigSourceOptions(parser);
}

Expected<Config, CommandLineError> readModelOptions(const QCommandLineParser& parser) {
    if (auto error = checkLanguageOption(parser)) {
        return *error;
    }
    const auto base = baseConfig(parser);
    if (!base) {
        return CommandLineError{oneLine(base.error().message)};
    }
    Config config = base.value();
    if (auto error = readNumbers(parser, config)) {
        return *error;
    }
    if (auto error = readChoices(parser, config)) {
        return *error;
    }
    // estimate() validates and also catches results too large for 64-bit bytes.
    const EstimateResult result = estimate(config);
    if (!result) {
        return errorFor(result.error());
    }
    return config;
}

CommandLineError errorFor(const InputError& error) {
    const FieldRange& r = rangeOf(error.field);
    switch (error.kind) {
    case ErrorKind::OutOfRange:
        return {Text::tr("%1 must be %2").arg(dashed(optionOf(r)), rangeText(r))};
    case ErrorKind::NotDivisible:
        return {Text::tr("--strategy fsdp-hybrid needs --gpus to be a multiple of --gpus-per-node "
                         "(%1 to %2, default %3) and at least as large")
                    .arg(r.min)
                    .arg(r.max)
                    .arg(Config{}.gpusPerNode)};
    case ErrorKind::Unrepresentable:
        return {QString::fromStdString(describe(error, NameStyle::Option))};
    }
    return {QString::fromStdString(describe(error, NameStyle::Option))};
}

CommandLineError parseFailure(const QCommandLineParser& parser, const QStringList& arguments) {
    const QStringList unknown = parser.unknownOptionNames();
    if (!unknown.isEmpty()) {
        const QString command =
            arguments.value(1).startsWith(u'-') ? QStringLiteral("estimate") : arguments.value(1);
        return {Text::tr("unknown option %1; run \"llm-gpu-memory %2 --help\" for the valid "
                         "options")
                    .arg(dashed(printable(unknown.first())), printable(command))};
    }
    if (const QString flag = flagWithValue(arguments); !flag.isEmpty()) {
        return {Text::tr("%1 is a switch and takes no value").arg(dashed(flag))};
    }
    const QString last = lastOptionName(arguments);
    if (auto error = missingSourceValue(last)) {
        return *error;
    }
    if (last == kSaveScenario) {
        return {Text::tr("--save-scenario needs a value: the scenario file to write (.json)")};
    }
    for (const FieldRange& r : fieldRanges()) {
        if (last == optionOf(r)) {
            return badValue(last, rangeText(r), {});
        }
    }
    const std::array<std::pair<QString, QString>, 4> choiceOptions{{
        {kPrecision, choices(kPrecisions)},
        {kCount, choices(kCounts)},
        {kStrategy, choices(kAllStrategies)},
        {kFormat, formatChoices()},
    }};
    for (const auto& [option, names] : choiceOptions) {
        if (last == option) {
            return badValue(option, Text::tr("one of %1").arg(names), {});
        }
    }
    return {oneLine(parser.errorText())};
}

Expected<EstimateRequest, CommandLineError> parseEstimateArguments(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.setApplicationDescription(
        Text::tr("Prints how much GPU memory training a GPT-style model takes."));
    addModelOptions(parser);
    addEstimateOptions(parser);
    if (!parser.parse(arguments)) {
        return parseFailure(parser, arguments);
    }
    EstimateRequest request;
    if (parser.isSet(kHelp)) {
        request.action = EstimateAction::Help;
        request.helpText = helpText(parser);
        return request;
    }
    if (parser.isSet(kVersion)) {
        request.action = EstimateAction::Version;
        return request;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1) {
        return CommandLineError{Text::tr("unexpected argument \"%1\"; run \"llm-gpu-memory "
                                         "estimate --help\" for the valid options")
                                    .arg(printable(positional.at(1)))};
    }
    const auto format = readFormat(parser);
    if (!format) {
        return format.error();
    }
    const auto config = readModelOptions(parser);
    if (!config) {
        return config.error();
    }
    request.config = config.value();
    request.format = format.value();
    request.saveScenario = parser.value(kSaveScenario);
    if (parser.isSet(kSaveScenario) && request.saveScenario.isEmpty()) {
        return CommandLineError{
            Text::tr("--save-scenario needs a value: the scenario file to write (.json)")};
    }
    return request;
}

int runEstimate(const QStringList& arguments, QTextStream& out, QTextStream& err) {
    const auto request = parseEstimateArguments(arguments);
    if (!request) {
        err << "llm-gpu-memory: " << oneLine(request.error().message) << '\n';
        return request.error().exitCode;
    }
    switch (request->action) {
    case EstimateAction::Help:
        out << request->helpText;
        return 0;
    case EstimateAction::Version:
        out << versionText() << '\n';
        return 0;
    case EstimateAction::Report:
        break;
    }
    const EstimateResult result = estimate(request->config);
    if (!result) {
        err << "llm-gpu-memory: " << errorFor(result.error()).message << '\n';
        return 2;
    }
    if (!request->saveScenario.isEmpty()) {
        if (const auto error = writeScenario(request->saveScenario, request->config)) {
            err << "llm-gpu-memory: " << oneLine(error->message) << '\n';
            return 1;
        }
    }
    switch (request->format) {
    case OutputFormat::Json:
        out << QString::fromStdString(toJson(reportFields(*result)));
        break;
    case OutputFormat::Csv:
        out << QString::fromStdString(toCsv(reportFields(*result)));
        break;
    case OutputFormat::Text:
        out << TextReport::render(*result);
        break;
    }
    return 0;
}

} // namespace lgm::cli
