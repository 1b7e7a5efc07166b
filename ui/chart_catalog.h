#pragma once

#include <QString>
#include <QStringList>

#include <optional>

class QWidget;

namespace lgm::ui {

class EstimateChart;

enum class ChartKind {
    MemoryVsSeq,
    Ratio,
    MemoryVsBatch,
    Breakdown,
    PerGpuVsGpus,
    PerGpuBreakdown,
    Timeline
};

inline constexpr ChartKind kAllCharts[] = {ChartKind::MemoryVsSeq,   ChartKind::Ratio,
                                           ChartKind::MemoryVsBatch, ChartKind::Breakdown,
                                           ChartKind::PerGpuVsGpus,  ChartKind::PerGpuBreakdown,
                                           ChartKind::Timeline};

// The name used on the command line and in file names: "memory-vs-seq", "ratio", …
QString chartName(ChartKind kind);
std::optional<ChartKind> chartKindFromName(const QString& name);
QStringList chartNames();

EstimateChart* makeChart(ChartKind kind, QWidget* parent = nullptr);

} // namespace lgm::ui
