#include "command_line.h"

#include "config_adapter.h"
#include "config_sources.h"
#include "core_commands.h"
#include "estimate.h"
#include "estimate_text.h"
#include "input_error.h"
#include "input_table.h"
#include "message_text.h"
#include "report_fields.h"
#include "scenario.h"
#include "step_timeline.h"
#include "strict_number.h"

#include <QCoreApplication>
#include <QTextStream>

#include <array>
#include <bit>

namespace lgm::cli {

namespace {

// Translation context of every command-line message.
struct Text {
    Q_DECLARE_TR_FUNCTIONS(CommandLine)
};

const QString kFormat = QStringLiteral("format");
const QString kSaveScenario = QStringLiteral("save-scenario");
const QString kHelp = QStringLiteral("help");
const QString kVersion = QStringLiteral("version");

constexpr std::array<std::pair<OutputFormat, const char*>, 3> kFormats{{
    {OutputFormat::Text, "text"},
    {OutputFormat::Json, "json"},
    {OutputFormat::Csv, "csv"},
}};

QString dashed(const QString& name) {
    return (name.size() > 1 ? QStringLiteral("--") : QStringLiteral("-")) + name;
}

QString q(std::string_view text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

QString choices(const InputSpec& row) {
    QStringList names;
    for (std::string_view name : row.choices) {
        names << q(name);
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

QString rangeText(const InputSpec& r) {
    return Text::tr("a whole number from %1 to %2").arg(r.min).arg(r.max);
}

QString fractionRange() {
    return Text::tr("a probability P with 0 ≤ P < 1, at most 3 decimals");
}

QString expected(const InputSpec& r) {
    switch (r.kind) {
    case InputKind::Integer:
        return rangeText(r);
    case InputKind::Fraction:
        return fractionRange();
    case InputKind::Choice:
        return Text::tr("one of %1").arg(choices(r));
    case InputKind::Switch:
        return Text::tr("true or false");
    case InputKind::Flags: {
        // The names of the bits, then the one name of them all, when the row has one.
        const auto bits = static_cast<std::size_t>(std::bit_width(std::uint64_t(r.max)));
        QStringList names;
        for (std::size_t i = 0; i < bits && i < r.choices.size(); ++i) {
            names << q(r.choices[i]);
        }
        const QString list = names.join(QStringLiteral(", "));
        return r.choices.size() > bits
                   ? Text::tr("a comma-separated list of %1, or %2").arg(list, q(r.choices[bits]))
                   : Text::tr("a comma-separated list of %1").arg(list);
    }
    }
    return {};
}

QString ruleText(DefaultRule rule) {
    switch (rule) {
    case DefaultRule::None:
        return {};
    case DefaultRule::FourD:
        return Text::tr("4 × d-model");
    case DefaultRule::SeqOrZero:
        return Text::tr("= --seq, 0 with rotary positions");
    case DefaultRule::Heads:
        return Text::tr("= --heads");
    case DefaultRule::DOverH:
        return Text::tr("d-model / heads");
    case DefaultRule::Ffn:
        return Text::tr("= --ffn");
    case DefaultRule::ExpertFfn:
        return Text::tr("= --expert-ffn");
    }
    return {};
}

QString defaultText(const InputSpec& r) {
    if (r.rule != DefaultRule::None) {
        return ruleText(r.rule);
    }
    const std::int64_t value = r.get(Scenario{});
    switch (r.kind) {
    case InputKind::Choice:
        return q(choiceName(r, value));
    case InputKind::Switch:
        return value != 0 ? QStringLiteral("true") : QStringLiteral("false");
    case InputKind::Flags:
        return QString::fromStdString(flagsText(r, value));
    case InputKind::Fraction:
        return QString::fromStdString(fractionText(value));
    case InputKind::Integer:
        break;
    }
    return QString::number(value);
}

// "--x", "--no-x" and "--x=true|false" for every switch: QCommandLineParser takes an option
// either with or without a value, so the bare forms are rewritten to the valued one.
QString switchValue(const QString& argument) {
    QString name = argument;
    while (name.startsWith(u'-')) {
        name.remove(0, 1);
    }
    const bool negated = name.startsWith(QLatin1String("no-"));
    const QByteArray option = (negated ? name.mid(3) : name).toUtf8();
    const InputSpec* row =
        inputByOption(std::string_view(option.constData(), std::size_t(option.size())));
    if (!row || row->kind != InputKind::Switch || !argument.startsWith(u'-')) {
        return {};
    }
    return QStringLiteral("--") + q(row->option) +
           (negated ? QStringLiteral("=false") : QStringLiteral("=true"));
}

CommandLineError badValue(const QString& option, const QString& expected, const QString& value) {
    if (value.isEmpty()) {
        return {Text::tr("%1 needs a value: %2").arg(dashed(option), expected)};
    }
    return {Text::tr("%1 must be %2, not \"%3\"").arg(dashed(option), expected, printable(value))};
}

// Digits only: signs, fractions, exponents, spaces and overlong numbers all fail here.
Expected<std::int64_t, CommandLineError> readNumber(const QString& option, const QString& text,
                                                    const InputSpec& r) {
    const auto value = parseWholeNumber(text);
    if (!value || *value < r.min || *value > r.max) {
        return badValue(option, rangeText(r), text);
    }
    return *value;
}

Expected<std::int64_t, CommandLineError> readInput(const QCommandLineParser& parser,
                                                   const InputSpec& r) {
    const QString option = q(r.option);
    const QString text = parser.value(option);
    switch (r.kind) {
    case InputKind::Integer:
        return readNumber(option, text, r);
    case InputKind::Fraction: {
        const QByteArray digits = text.toUtf8();
        if (auto value = parseFraction(
                std::string_view(digits.constData(), std::size_t(digits.size())), r)) {
            return *value;
        }
        return badValue(option, fractionRange(), text);
    }
    case InputKind::Choice: {
        const QByteArray name = text.toUtf8();
        if (auto index =
                choiceIndex(r, std::string_view(name.constData(), std::size_t(name.size())))) {
            return *index;
        }
        return badValue(option, expected(r), text);
    }
    case InputKind::Switch:
        if (text == QLatin1String("true") || text == QLatin1String("false")) {
            return std::int64_t{text == QLatin1String("true") ? 1 : 0};
        }
        return badValue(option, expected(r), text);
    case InputKind::Flags: {
        const QByteArray list = text.toUtf8();
        if (auto value =
                flagsValue(r, std::string_view(list.constData(), std::size_t(list.size())))) {
            return *value;
        }
        return badValue(option, expected(r), text);
    }
    }
    return std::int64_t{0};
}

// The explicit options over the base scenario. An explicit --architecture sets its family's
// layout first; explicit structural options then override it; default rules (f = 4d, P = s,
// g = h, ...) follow explicit inputs, so the base's values stand for the rest.
std::optional<CommandLineError> readInputs(const QCommandLineParser& parser, Scenario& scenario) {
    InputSet given;
    for (const InputSpec& r : inputs()) {
        if (!parser.isSet(q(r.option))) {
            continue;
        }
        const auto value = readInput(parser, r);
        if (!value) {
            return value.error();
        }
        if (r.id == InputId::Architecture) {
            applyArchitecture(scenario.model, static_cast<Architecture>(*value));
            given |= architectureInputs();
            given.reset(static_cast<std::size_t>(InputId::Positions));
        }
        given.set(static_cast<std::size_t>(r.id));
    }
    for (const InputSpec& r : inputs()) {
        if (parser.isSet(q(r.option))) {
            r.set(scenario, readInput(parser, r).value());
        }
    }
    applyDefaultRules(scenario, given);
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
    for (const QString& flag : {kHelp, kVersion}) {
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

QStringList withSwitchValues(const QStringList& arguments) {
    QStringList out;
    out.reserve(arguments.size());
    bool optionsEnded = false;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString& argument = arguments.at(i);
        optionsEnded = optionsEnded || argument == QLatin1String("--");
        const QString rewritten = optionsEnded || i == 0 ? QString() : switchValue(argument);
        out << (rewritten.isEmpty() ? argument : rewritten);
    }
    return out;
}

namespace {

QString optionDescription(const InputSpec& r) {
    const QString label = QCoreApplication::translate("Inputs", r.label);
    if (r.kind == InputKind::Switch) {
        return Text::tr("%1: %2; --%3, --no-%3 or --%3=true|false (default %4)")
            .arg(label, QCoreApplication::translate("Inputs", r.help), q(r.option), defaultText(r));
    }
    return Text::tr("%1; %2 (default %3)").arg(label, expected(r), defaultText(r));
}

} // namespace

void addModelOptions(QCommandLineParser& parser, OptionText text) {
    for (const InputSpec& r : inputs()) {
        const QString valueName = r.kind == InputKind::Switch  ? QStringLiteral("true|false")
                                  : r.kind == InputKind::Flags ? QStringLiteral("list")
                                  : r.symbol.empty()           ? q(r.option)
                                                               : q(r.symbol);
        parser.addOption({q(r.option),
                          text == OptionText::Described ? optionDescription(r) : QString(),
                          valueName});
    }
    addConfigSourceOptions(parser);
}

Expected<Scenario, CommandLineError> readModelScenario(const QCommandLineParser& parser) {
    return readModelScenario(parser, nullptr);
}

Expected<Scenario, CommandLineError> readModelScenario(const QCommandLineParser& parser,
                                                       QStringList* warnings) {
    if (auto error = checkLanguageOption(parser)) {
        return *error;
    }
    const auto base = baseSource(parser);
    if (!base) {
        return CommandLineError{oneLine(base.error().message)};
    }
    Scenario scenario = base->scenario;
    if (auto error = readInputs(parser, scenario)) {
        return *error;
    }
    if (hasDeepSpeedConfig(parser)) {
        // The file sits under the explicit options, and its batch rule reads the data-parallel
        // size they give: the options are read once for that size, then again over the file.
        QStringList ignored;
        const std::int64_t dataParallel = scenario.parallel.dataParallel();
        scenario = base->scenario;
        if (auto error = readDeepSpeedSource(parser, scenario, dataParallel, ignored)) {
            return *error;
        }
        readInputs(parser, scenario);
        if (warnings) {
            *warnings << ignored;
        }
    }
    if (const auto warning = sequenceWarning(*base, scenario); warning && warnings) {
        *warnings << *warning;
    }
    // estimate() validates and also catches results too large for 64-bit bytes.
    const EstimateResult result = estimate(scenario);
    if (!result) {
        return errorFor(result.error(), scenario);
    }
    return scenario;
}

Expected<Config, CommandLineError> readModelOptions(const QCommandLineParser& parser) {
    const auto scenario = readModelScenario(parser, nullptr);
    if (!scenario) {
        return scenario.error();
    }
    return toConfig(*scenario);
}

CommandLineError errorFor(const InputError& error, const Scenario& scenario) {
    return {errorMessage(error, NameStyle::Option, scenario)};
}

CommandLineError errorFor(const InputError& error) {
    return errorFor(error, Scenario{});
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
    const QByteArray lastName = last.toUtf8();
    if (const InputSpec* r =
            inputByOption(std::string_view(lastName.constData(), std::size_t(lastName.size())))) {
        return badValue(last, expected(*r), {});
    }
    if (last == kFormat) {
        return badValue(kFormat, Text::tr("one of %1").arg(formatChoices()), {});
    }
    return {oneLine(parser.errorText())};
}

namespace {

void addAllEstimateOptions(QCommandLineParser& parser, OptionText text) {
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.setApplicationDescription(
        Text::tr("Prints how much GPU memory training a GPT-style model takes."));
    addModelOptions(parser, text);
    addEstimateOptions(parser);
}

QString describedHelpText() {
    QCommandLineParser described;
    addAllEstimateOptions(described, OptionText::Described);
    return helpText(described);
}

} // namespace

Expected<EstimateRequest, CommandLineError> parseEstimateArguments(const QStringList& arguments) {
    QCommandLineParser parser;
    addAllEstimateOptions(parser, OptionText::NamesOnly);
    const QStringList normalized = withSwitchValues(arguments);
    if (!parser.parse(normalized)) {
        return parseFailure(parser, normalized);
    }
    EstimateRequest request;
    if (parser.isSet(kHelp)) {
        request.action = EstimateAction::Help;
        request.helpText = describedHelpText();
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
    const auto scenario = readModelScenario(parser, &request.warnings);
    if (!scenario) {
        return scenario.error();
    }
    request.scenario = scenario.value();
    request.config = toConfig(request.scenario);
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
    for (const QString& warning : request->warnings) {
        err << "llm-gpu-memory: " << oneLine(warning) << '\n';
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
    const EstimateResult result = estimate(request->scenario);
    if (!result) {
        err << "llm-gpu-memory: " << errorFor(result.error(), request->scenario).message << '\n';
        return 2;
    }
    if (!request->saveScenario.isEmpty()) {
        if (const auto error = writeScenario(request->saveScenario, request->scenario)) {
            err << "llm-gpu-memory: " << oneLine(error->message) << '\n';
            return 1;
        }
    }
    switch (request->format) {
    case OutputFormat::Json:
        out << QString::fromStdString(
            withTimeline(toJson(reportFields(*result)), stepTimeline(*result)));
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
