#include "chart_catalog.h"

#include "breakdown_chart.h"
#include "memory_vs_batch_chart.h"
#include "memory_vs_seq_chart.h"
#include "per_gpu_chart.h"
#include "ratio_chart.h"
#include "strategy_breakdown_chart.h"
#include "timeline_chart.h"

namespace lgm::ui {

QString chartName(ChartKind kind) {
    switch (kind) {
    case ChartKind::MemoryVsSeq:
        return QStringLiteral("memory-vs-seq");
    case ChartKind::Ratio:
        return QStringLiteral("ratio");
    case ChartKind::MemoryVsBatch:
        return QStringLiteral("memory-vs-batch");
    case ChartKind::Breakdown:
        return QStringLiteral("breakdown");
    case ChartKind::PerGpuVsGpus:
        return QStringLiteral("per-gpu-vs-gpus");
    case ChartKind::PerGpuBreakdown:
        return QStringLiteral("per-gpu-breakdown");
    case ChartKind::Timeline:
        return QStringLiteral("timeline");
    }
    return {};
}

std::optional<ChartKind> chartKindFromName(const QString& name) {
    for (ChartKind kind : kAllCharts) {
        if (chartName(kind) == name) {
            return kind;
        }
    }
    return std::nullopt;
}

QStringList chartNames() {
    QStringList names;
    for (ChartKind kind : kAllCharts) {
        names << chartName(kind);
    }
    return names;
}

EstimateChart* makeChart(ChartKind kind, QWidget* parent) {
    switch (kind) {
    case ChartKind::MemoryVsSeq:
        return new MemoryVsSeqChart(parent);
    case ChartKind::Ratio:
        return new RatioChart(parent);
    case ChartKind::MemoryVsBatch:
        return new MemoryVsBatchChart(parent);
    case ChartKind::Breakdown:
        return new BreakdownChart(parent);
    case ChartKind::PerGpuVsGpus:
        return new PerGpuChart(parent);
    case ChartKind::PerGpuBreakdown:
        return new StrategyBreakdownChart(parent);
    case ChartKind::Timeline:
        return new TimelineChart(parent);
    }
    return nullptr;
}

} // namespace lgm::ui
