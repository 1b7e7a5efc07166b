#pragma once

#include "config.h"
#include "expected.h"

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

class QTextStream;

namespace lgm::cli {

enum class OutputFormat { Text, Json, Csv };

// A rejected command line: the message names the option and its valid range.
struct CommandLineError {
    QString message;
    int exitCode = 2;
};

struct EstimateRequest {
    Config config;
    OutputFormat format = OutputFormat::Text;
};

// The model, precision and distribution options that `estimate` and `export-chart` share.
void addModelOptions(QCommandLineParser& parser);

// Reads those options from a parser that has parsed the arguments; f defaults to 4d and the
// position table to s. The config is validated by the core before it is returned.
Expected<Config, CommandLineError> readModelOptions(const QCommandLineParser& parser);

// `arguments` starts with the program name, then "estimate".
Expected<EstimateRequest, CommandLineError> parseEstimateArguments(const QStringList& arguments);

// Runs `estimate`: prints the report to out, or one line to err; returns the exit code.
int runEstimate(const QStringList& arguments, QTextStream& out, QTextStream& err);

} // namespace lgm::cli
