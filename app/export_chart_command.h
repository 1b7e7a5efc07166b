#pragma once

#include "breakdown_chart.h"
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
    // --breakdown-view: what the breakdown chart's columns compare, as in View → Breakdown chart.
    ui::BreakdownChart::View breakdownView = ui::BreakdownChart::View::Precision;
    Config config;
    Scenario scenario;    // the whole model (--hf-config, model presets); config is its seed view
    QStringList warnings; // lines for standard error
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
