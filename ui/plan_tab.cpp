#include "plan_tab.h"

#include "chart_grid.h"
#include "fit_panel.h"
#include "memory_vs_batch_chart.h"
#include "memory_vs_seq_chart.h"
#include "timeline_chart.h"

#include <cmath>

namespace lgm::ui {

PlanTab::PlanTab(TimelineChart* timeline, MemoryVsBatchChart* batch, MemoryVsSeqChart* seq,
                 QWidget* parent)
    : QSplitter(Qt::Vertical, parent), m_fit(new FitPanel), m_grid(new ChartGrid({timeline}, 1)),
      m_batch(batch), m_seq(seq) {
    setObjectName(QStringLiteral("plan"));
    m_fit->setObjectName(QStringLiteral("fitPanel"));
    addWidget(m_fit);
    addWidget(m_grid);
    // The answers above the timeline: side by side they would widen the window past a
    // 1280-pixel projector.
    setStretchFactor(0, 2);
    setStretchFactor(1, 3);
    setChildrenCollapsible(false);
    connect(m_fit, &FitPanel::setupChosen, this, &PlanTab::setupChosen);
}

std::int64_t PlanTab::capacityBytes(const GpuCapacity& gpu) {
    const double bytes = gpu.gigabytes * 1e9;
    return std::isfinite(bytes) && bytes >= 1 && bytes < 9e18 ? std::llround(bytes) : 0;
}

void PlanTab::solve(const Scenario& scenario, const std::optional<GpuCapacity>& gpu) {
    const std::int64_t capacity = gpu ? capacityBytes(*gpu) : 0;
    const QString name = gpu ? gpu->name : QString();
    m_fit->solve(scenario, capacity, name);
    m_batch->setFitLimit(m_fit->answers().maxMicroBatch, name);
    m_seq->setFitLimit(m_fit->answers().maxSeq, name);
}

} // namespace lgm::ui
