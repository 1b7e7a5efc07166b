#pragma once

#include "config.h"
#include "expected.h"
#include "input_error.h"

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
    Config config;
    OutputFormat format = OutputFormat::Text;
    EstimateAction action = EstimateAction::Report;
    QString helpText; // filled when action is Help
};

// The model, precision and distribution options that `estimate` and `export-chart` share.
void addModelOptions(QCommandLineParser& parser);

// Reads those options from a parser that has parsed the arguments; f defaults to 4d and the
// position table to s. The config is validated by the core before it is returned.
Expected<Config, CommandLineError> readModelOptions(const QCommandLineParser& parser);

// Turns a failed QCommandLineParser::parse() into one line naming the option at fault.
CommandLineError parseFailure(const QCommandLineParser& parser, const QStringList& arguments);

// The core's verdict on a config, as a command-line error naming the options to change.
CommandLineError errorFor(const InputError& error);

// `arguments` starts with the program name, then "estimate".
Expected<EstimateRequest, CommandLineError> parseEstimateArguments(const QStringList& arguments);

// Runs `estimate`: prints the report to out, or one line to err; returns the exit code.
int runEstimate(const QStringList& arguments, QTextStream& out, QTextStream& err);

} // namespace lgm::cli
