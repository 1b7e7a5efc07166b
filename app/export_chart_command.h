#pragma once

#include "chart_catalog.h"
#include "chart_exporter.h"
#include "command_line.h"
#include "config.h"
#include "units.h"

#include <QStringList>

class QTextStream;

namespace lgm::app {

// `llm-gpu-memory export-chart`: draw one chart of a configuration to a file, headless.
struct ExportChartRequest {
    ui::ChartKind chart = ui::ChartKind::MemoryVsSeq;
    QString path;
    ui::ExportSize size;
    UnitSystem units = UnitSystem::Binary;
    Config config;       // the seed's view of the scenario
    Scenario scenario;   // every input, fine-tuning included
    QStringList notices; // lines for standard error (a DeepSpeed config's ignored keys)
    bool help = false;
    QString helpText;
};

// `arguments` starts with the program name, then "export-chart". Bad options give exit code 2
// and one line naming the option and its valid values.
Expected<ExportChartRequest, cli::CommandLineError>
parseExportChartArguments(const QStringList& arguments);

// Needs a QApplication. Returns 0 when the file is written, 2 for bad options and 1 when the
// file cannot be written (nothing is left behind).
int runExportChart(const QStringList& arguments, QTextStream& out, QTextStream& err);

} // namespace lgm::app
