#include "export_chart_command.h"

#include "config_adapter.h"
#include "estimate.h"
#include "estimate_chart.h"
#include "message_text.h"
#include "strict_number.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cmath>
#include <memory>

namespace lgm::app {

namespace {

struct Text {
    Q_DECLARE_TR_FUNCTIONS(ExportChartCommand)
};

const QString kChart = QStringLiteral("chart");
const QString kOut = QStringLiteral("out");
const QString kWidth = QStringLiteral("width");
const QString kHeight = QStringLiteral("height");
const QString kScale = QStringLiteral("scale");
const QString kUnits = QStringLiteral("units");
const QString kBreakdownView = QStringLiteral("breakdown-view");
// The values are the settings' own for the same choice (ui/breakdown_view).
const QString kPrecisionView = QStringLiteral("precision");
const QString kMethodView = QStringLiteral("method");
const QString kHelp = QStringLiteral("help");

constexpr int kMinSide = 100;
constexpr int kMaxSide = 10000;
constexpr double kMinScale = 0.25;
constexpr double kMaxScale = 8;
// PNG pixels per side; beyond this the image would need gigabytes of memory.
constexpr double kMaxPixels = 20000;

cli::CommandLineError error(const QString& message) {
    return {message, 2};
}

void addExportOptions(QCommandLineParser& parser) {
    parser.addOption(
        {kChart, Text::tr("Chart to draw: %1").arg(ui::chartNames().join(QStringLiteral(", "))),
         QStringLiteral("name")});
    parser.addOption({kOut,
                      Text::tr("Output file; .png, .svg or .pdf chooses the format; - writes PNG "
                               "to standard output"),
                      QStringLiteral("file")});
    parser.addOption({kWidth,
                      Text::tr("Layout width, %1 to %2 (default 1920)").arg(kMinSide).arg(kMaxSide),
                      QStringLiteral("W")});
    parser.addOption(
        {kHeight, Text::tr("Layout height, %1 to %2 (default 1080)").arg(kMinSide).arg(kMaxSide),
         QStringLiteral("H")});
    parser.addOption(
        {kScale,
         Text::tr("PNG pixels per layout unit, %1 to %2 (default 2)").arg(kMinScale).arg(kMaxScale),
         QStringLiteral("K")});
    parser.addOption({kUnits, Text::tr("Memory unit of the axes: GiB|GB (default GiB)"),
                      QStringLiteral("unit")});
    parser.addOption({kBreakdownView,
                      Text::tr("What the breakdown chart compares: precision (fp32 against mixed "
                               "precision) or method (full fine-tuning, LoRA and QLoRA); default "
                               "precision"),
                      QStringLiteral("view")});
    parser.addOption({{QStringLiteral("h"), kHelp}, Text::tr("Show this help and exit")});
}

std::optional<cli::CommandLineError> readBreakdownView(const QCommandLineParser& parser,
                                                       ExportChartRequest& request) {
    if (!parser.isSet(kBreakdownView)) {
        return std::nullopt;
    }
    const QString view = parser.value(kBreakdownView);
    if (view != kPrecisionView && view != kMethodView) {
        return error(Text::tr("--breakdown-view must be precision or method, not \"%1\"")
                         .arg(shownValue(view)));
    }
    if (request.chart != ui::ChartKind::Breakdown) {
        return error(Text::tr("--breakdown-view applies only to --chart breakdown"));
    }
    request.breakdownView = view == kMethodView ? ui::BreakdownChart::View::Method
                                                : ui::BreakdownChart::View::Precision;
    return std::nullopt;
}

std::optional<cli::CommandLineError> readSide(const QCommandLineParser& parser,
                                              const QString& option, int& side) {
    if (!parser.isSet(option)) {
        return std::nullopt;
    }
    const auto value = parseWholeNumber(parser.value(option));
    if (!value || *value < kMinSide || *value > kMaxSide) {
        return error(Text::tr("--%1 must be a whole number from %2 to %3, not \"%4\"")
                         .arg(option)
                         .arg(kMinSide)
                         .arg(kMaxSide)
                         .arg(shownValue(parser.value(option))));
    }
    side = int(*value);
    return std::nullopt;
}

std::optional<cli::CommandLineError> readSize(const QCommandLineParser& parser,
                                              ui::ExportSize& size) {
    if (auto e = readSide(parser, kWidth, size.width)) {
        return e;
    }
    if (auto e = readSide(parser, kHeight, size.height)) {
        return e;
    }
    if (parser.isSet(kScale)) {
        const auto scale = parseDecimal(parser.value(kScale));
        if (!scale || *scale < kMinScale || *scale > kMaxScale) {
            return error(Text::tr("--scale must be a number from %1 to %2, not \"%3\"")
                             .arg(kMinScale)
                             .arg(kMaxScale)
                             .arg(shownValue(parser.value(kScale))));
        }
        size.scale = *scale;
    }
    if (std::max(size.width, size.height) * size.scale > kMaxPixels) {
        return error(Text::tr("--width, --height and --scale give an image over %1 pixels wide; "
                              "lower one of them")
                         .arg(kMaxPixels));
    }
    return std::nullopt;
}

QString helpText(const QCommandLineParser& parser) {
    QString text = parser.helpText();
    const qsizetype endOfUsage = text.indexOf(QLatin1Char('\n'));
    text.replace(0, endOfUsage,
                 Text::tr("Usage: llm-gpu-memory export-chart --chart NAME --out FILE [options]"));
    return text;
}

} // namespace

Expected<ExportChartRequest, cli::CommandLineError>
parseExportChartArguments(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    cli::addModelOptions(parser);
    addExportOptions(parser);
    const QStringList normalized = cli::withSwitchValues(arguments);
    if (!parser.parse(normalized)) {
        cli::CommandLineError e = cli::parseFailure(parser, normalized);
        e.message.replace(QStringLiteral("estimate --help"), QStringLiteral("export-chart --help"));
        return e;
    }
    ExportChartRequest request;
    if (parser.isSet(kHelp)) {
        request.help = true;
        request.helpText = helpText(parser);
        return request;
    }
    if (parser.positionalArguments().size() > 1) {
        return error(Text::tr("unexpected argument \"%1\"; run \"llm-gpu-memory export-chart "
                              "--help\" for the valid options")
                         .arg(shownValue(parser.positionalArguments().at(1))));
    }
    const auto kind = ui::chartKindFromName(parser.value(kChart));
    if (!kind) {
        return error(Text::tr("--chart must be one of %1, not \"%2\"")
                         .arg(ui::chartNames().join(QStringLiteral(", ")),
                              shownValue(parser.value(kChart))));
    }
    request.chart = *kind;
    if (auto e = readBreakdownView(parser, request)) {
        return *e;
    }
    request.path = parser.value(kOut);
    if (!ui::imageFormatForPath(request.path)) {
        return error(
            Text::tr("--out must name a .png, .svg or .pdf file, or be - for PNG on standard "
                     "output; not \"%1\"")
                .arg(shownValue(request.path)));
    }
    if (auto e = readSize(parser, request.size)) {
        return *e;
    }
    if (parser.isSet(kUnits)) {
        const QString unit = parser.value(kUnits);
        if (unit != QLatin1String("GiB") && unit != QLatin1String("GB")) {
            return error(Text::tr("--units must be GiB or GB, not \"%1\"").arg(shownValue(unit)));
        }
        request.units = unit == QLatin1String("GB") ? UnitSystem::Decimal : UnitSystem::Binary;
    }
    const auto scenario = cli::readModelScenario(parser, &request.warnings);
    if (!scenario) {
        return scenario.error();
    }
    request.scenario = scenario.value();
    request.config = toConfig(request.scenario);
    return request;
}

int runExportChart(const QStringList& arguments, QTextStream& out, QTextStream& err) {
    const auto request = parseExportChartArguments(arguments);
    if (!request) {
        err << "llm-gpu-memory export-chart: " << oneLine(request.error().message) << '\n';
        return request.error().exitCode;
    }
    if (request->help) {
        out << request->helpText;
        return 0;
    }
    for (const QString& warning : request->warnings) {
        err << "llm-gpu-memory export-chart: " << oneLine(warning) << '\n';
    }
    const EstimateResult result = estimate(request->scenario);
    if (!result) {
        err << "llm-gpu-memory export-chart: "
            << cli::errorFor(result.error(), request->scenario).message << '\n';
        return 2;
    }
    std::unique_ptr<ui::EstimateChart> chart(ui::makeChart(request->chart));
    chart->resize(request->size.width, request->size.height);
    chart->setFontScale(ui::EstimateChart::fontScaleFor(request->size.width, request->size.height));
    if (auto* breakdown = dynamic_cast<ui::BreakdownChart*>(chart.get())) {
        breakdown->setView(request->breakdownView);
    }
    chart->showEstimate(result.value(), request->units);
    const QString failure = ui::exportChart(*chart, request->path, request->size);
    if (!failure.isEmpty()) {
        err << "llm-gpu-memory export-chart: " << oneLine(failure) << '\n';
        return 1;
    }
    return 0;
}

} // namespace lgm::app
