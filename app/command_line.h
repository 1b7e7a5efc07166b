#pragma once

#include "config.h"
#include "expected.h"
#include "input_error.h"
#include "spec.h"

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

class QTextStream;

namespace lgm::cli {

enum class OutputFormat { Text, Json, Csv };

// What `estimate` was asked to do: print the report, or only its help or the version.
enum class EstimateAction { Report, Help, Version };

// A rejected command line: the message names the option and its valid range.
struct CommandLineError {
    QString message;
    int exitCode = 2;
};

struct EstimateRequest {
    Scenario scenario;
    Config config; // the seed's view of the scenario
    OutputFormat format = OutputFormat::Text;
    EstimateAction action = EstimateAction::Report;
    QString helpText;     // filled when action is Help
    QString saveScenario; // --save-scenario: where to write the inputs, empty for nowhere
    QStringList warnings; // lines for standard error (an s above the model's maximum, a
                          // DeepSpeed config's ignored keys)
};

// The model, precision and distribution options that `estimate` and `export-chart` share, with
// --preset, --scenario and --lang (see config_sources.h for their precedence).
// Names only leaves out the descriptions, which only --help prints: building them for every
// row of the input table is most of the parsing a plain `estimate` process does.
enum class OptionText { Described, NamesOnly };
void addModelOptions(QCommandLineParser& parser, OptionText text = OptionText::Described);

// Reads those options from a parser that has parsed the arguments, over the config of
// --scenario and --preset; an explicit d without f gives f = 4d, an explicit s without P gives
// P = s. The config is validated by the core before it is returned. --lang is only checked:
// the command installs the language before it parses (installLanguage).
Expected<Scenario, CommandLineError> readModelScenario(const QCommandLineParser& parser);
// The same, adding the lines the command prints on standard error (an s above an HF config's
// max_position_embeddings, a DeepSpeed config's ignored keys) to `warnings`.
Expected<Scenario, CommandLineError> readModelScenario(const QCommandLineParser& parser,
                                                       QStringList* warnings);
Expected<Config, CommandLineError> readModelOptions(const QCommandLineParser& parser);

// The arguments with every switch given its value: "--x" and "--no-x" become "--x=true" and
// "--x=false". Parse these, not the raw arguments.
QStringList withSwitchValues(const QStringList& arguments);

// Turns a failed QCommandLineParser::parse() into one line naming the option at fault.
CommandLineError parseFailure(const QCommandLineParser& parser, const QStringList& arguments);

// User text quoted in a message: a control character would break the message's single line (or
// drive the terminal), so it is shown escaped.
QString printable(const QString& text);

// The core's verdict on a config, as a command-line error naming the options to change.
CommandLineError errorFor(const InputError& error, const Scenario& scenario);
CommandLineError errorFor(const InputError& error);

// `arguments` starts with the program name, then "estimate".
Expected<EstimateRequest, CommandLineError> parseEstimateArguments(const QStringList& arguments);

// Runs `estimate`: prints the report to out, or one line to err; returns the exit code.
int runEstimate(const QStringList& arguments, QTextStream& out, QTextStream& err);

} // namespace lgm::cli
