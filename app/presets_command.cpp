#include "presets_command.h"

#include "command_line.h"
#include "config_sources.h"
#include "estimate.h"
#include "presets.h"
#include "units.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QTextStream>

#include <vector>

namespace lgm::cli {

namespace {

struct Text {
    Q_DECLARE_TR_FUNCTIONS(PresetsCommand)
};

const QString kFormat = QStringLiteral("format");
const QString kHelp = QStringLiteral("help");
const QString kLang = QStringLiteral("lang");

QString q(const std::string& text) {
    return QString::fromStdString(text);
}

// The exact count of the preset's architecture, as `estimate --preset` reports it.
std::int64_t exactCount(const Preset& p) {
    const EstimateResult e = estimate(applyPreset(Scenario{}, p));
    return e ? e->parameters.exact : 0;
}

std::int64_t activeCount(const Preset& p) {
    const EstimateResult e = estimate(applyPreset(Scenario{}, p));
    return e ? e->parameters.active : 0;
}

QString countText(std::int64_t count) {
    return QStringLiteral("%1 (%2)").arg(QString::fromStdString(formatCount(double(count))),
                                         QLocale(QLocale::English).toString(qlonglong{count}));
}

// The presets of today's families, which a (v, d, L, h, f, P) row cannot describe.
std::vector<Preset> familyPresets() {
    std::vector<Preset> out;
    for (const Preset& p : modelPresets()) {
        if (!p.gpt2Layout) {
            out.push_back(p);
        }
    }
    return out;
}

QString familiesText() {
    QString out =
        u'\n' + Text::tr("Today's families (exact and active parameters, source):") + u'\n';
    for (const Preset& p : familyPresets()) {
        const std::int64_t total = exactCount(p), active = activeCount(p);
        QString counts = countText(total);
        if (active != total) {
            counts += QStringLiteral("; ") + Text::tr("active %1").arg(countText(active));
        }
        out += QStringLiteral("%1  %2  %3  [%4]\n")
                   .arg(q(p.name).leftJustified(15), q(p.family).leftJustified(10), counts,
                        q(p.source));
    }
    return out;
}

QJsonArray familiesJson() {
    QJsonArray rows;
    for (const Preset& p : familyPresets()) {
        const ModelSpec& m = p.model;
        rows.append(QJsonObject{
            {QStringLiteral("name"), q(p.name)},
            {QStringLiteral("family"), q(p.family)},
            {QStringLiteral("source"), q(p.source)},
            {QStringLiteral("vocab"), qint64{m.vocab}},
            {QStringLiteral("d_model"), qint64{m.dModel}},
            {QStringLiteral("layers"), qint64{m.layers}},
            {QStringLiteral("heads"), qint64{m.heads}},
            {QStringLiteral("kv_heads"), qint64{m.kvHeads}},
            {QStringLiteral("head_dim"), qint64{m.headDim}},
            {QStringLiteral("ffn"), qint64{m.ffn}},
            {QStringLiteral("experts"), qint64{m.moe.experts}},
            {QStringLiteral("seq"), qint64{p.seqLen}},
            {QStringLiteral("parameters"), qint64{exactCount(p)}},
            {QStringLiteral("active_parameters"), qint64{activeCount(p)}},
            {QStringLiteral("published_parameters"), qint64{p.nominalParameters}},
        });
    }
    return rows;
}

QString grouped(std::int64_t value) {
    return QLocale(QLocale::English).toString(qlonglong{value});
}

QString csvField(const QString& text) {
    if (!text.contains(u',') && !text.contains(u'"') && !text.contains(u'\n')) {
        return text;
    }
    return u'"' + QString(text).replace(QStringLiteral("\""), QStringLiteral("\"\"")) + u'"';
}

QString helpText(const QCommandLineParser& parser) {
    QString text = parser.helpText();
    const qsizetype endOfUsage = text.indexOf(u'\n');
    text.replace(0, endOfUsage, Text::tr("Usage: llm-gpu-memory presets [options]"));
    return text.endsWith(u'\n') ? text : text + u'\n';
}

} // namespace

QString presetsText() {
    const QStringList heading{Text::tr("name"),      QStringLiteral("v"),
                              QStringLiteral("d"),   QStringLiteral("L"),
                              QStringLiteral("h"),   QStringLiteral("f"),
                              QStringLiteral("s/P"), Text::tr("parameters (exact)")};
    const QList<int> widths{13, 7, 7, 4, 4, 7, 11, 0};
    const auto line = [&widths](const QStringList& cells) {
        QString out;
        for (qsizetype i = 0; i < cells.size(); ++i) {
            out += i == 0 ? cells.at(i).leftJustified(widths.at(i))
                          : QStringLiteral("  ") + cells.at(i).rightJustified(widths.at(i));
        }
        return out + u'\n';
    };
    QString out = line(heading);
    QStringList notes;
    for (const Preset& p : builtinPresets()) {
        const std::int64_t count = exactCount(p);
        const QString name = q(p.name) + (p.note.empty() ? QString() : QStringLiteral(" *"));
        out += line({name, QString::number(p.vocab), QString::number(p.dModel),
                     QString::number(p.layers), QString::number(p.heads), QString::number(p.ffn),
                     QStringLiteral("%1/%2").arg(p.seqLen).arg(p.positions),
                     QStringLiteral("%1 (%2)").arg(
                         QString::fromStdString(formatCount(double(count))), grouped(count))});
        if (!p.note.empty()) {
            notes << QStringLiteral("* %1: %2").arg(q(p.name), translatedNote(p));
        }
    }
    out += u'\n' +
           Text::tr("Shapes from: GPT-2, Radford et al. 2019; GPT-3, Brown et al. 2020, "
                    "Table 2.1; OPT, Zhang et al. 2022, Table 1.") +
           u'\n';
    for (const QString& note : notes) {
        out += note + u'\n';
    }
    return out + familiesText();
}

QString presetsJson() {
    QJsonArray rows;
    for (const Preset& p : builtinPresets()) {
        const std::int64_t count = exactCount(p);
        rows.append(QJsonObject{
            {QStringLiteral("name"), q(p.name)},
            {QStringLiteral("family"), q(p.family)},
            {QStringLiteral("source"), q(p.source)},
            {QStringLiteral("vocab"), qint64{p.vocab}},
            {QStringLiteral("d_model"), qint64{p.dModel}},
            {QStringLiteral("layers"), qint64{p.layers}},
            {QStringLiteral("heads"), qint64{p.heads}},
            {QStringLiteral("ffn"), qint64{p.ffn}},
            {QStringLiteral("seq"), qint64{p.seqLen}},
            {QStringLiteral("positions"), qint64{p.positions}},
            {QStringLiteral("parameters"), qint64{count}},
            {QStringLiteral("parameters_human"),
             QString::fromStdString(formatCount(double(count)))},
            {QStringLiteral("nominal_parameters"), qint64{p.nominalParameters}},
            {QStringLiteral("note"), translatedNote(p)},
        });
    }
    return QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("presets"), rows},
                                                       {QStringLiteral("models"), familiesJson()}})
                                 .toJson());
}

QString presetsCsv() {
    QString out = QStringLiteral("name,family,vocab,d_model,layers,heads,ffn,seq,positions,"
                                 "parameters,nominal_parameters,note\n");
    for (const Preset& p : builtinPresets()) {
        const QStringList cells{q(p.name),
                                csvField(q(p.family)),
                                QString::number(p.vocab),
                                QString::number(p.dModel),
                                QString::number(p.layers),
                                QString::number(p.heads),
                                QString::number(p.ffn),
                                QString::number(p.seqLen),
                                QString::number(p.positions),
                                QString::number(exactCount(p)),
                                QString::number(p.nominalParameters),
                                csvField(translatedNote(p))};
        out += cells.join(u',') + u'\n';
    }
    return out;
}

int runPresets(const QStringList& arguments, QTextStream& out, QTextStream& err) {
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.setApplicationDescription(
        Text::tr("Lists the built-in presets of published models with their shapes."));
    parser.addOption({kFormat, Text::tr("Output format: text, json, csv (default text)"),
                      QStringLiteral("format")});
    parser.addOption({kLang, Text::tr("Language of the output: en, zh_CN (default: the system's)"),
                      QStringLiteral("language")});
    parser.addOption({{QStringLiteral("h"), kHelp}, Text::tr("Show this help and exit")});
    const auto fail = [&err](const QString& message) {
        err << "llm-gpu-memory: " << message << '\n';
        return 2;
    };
    if (!parser.parse(arguments)) {
        return fail(parseFailure(parser, arguments).message);
    }
    if (parser.isSet(kHelp)) {
        out << helpText(parser);
        return 0;
    }
    if (const auto error = checkLanguageOption(parser)) {
        return fail(error->message);
    }
    if (parser.positionalArguments().size() > 1) {
        return fail(Text::tr("unexpected argument \"%1\"; run \"llm-gpu-memory presets --help\" "
                             "for the valid options")
                        .arg(printable(parser.positionalArguments().at(1))));
    }
    const QString format = parser.isSet(kFormat) ? parser.value(kFormat) : QStringLiteral("text");
    if (format == QLatin1String("json")) {
        out << presetsJson();
    } else if (format == QLatin1String("csv")) {
        out << presetsCsv();
    } else if (format == QLatin1String("text")) {
        out << presetsText();
    } else {
        return fail(
            Text::tr("--format must be one of text, json, csv, not \"%1\"").arg(printable(format)));
    }
    return 0;
}

} // namespace lgm::cli
