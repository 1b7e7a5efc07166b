#include "plan_tab.h"

#include "chart_grid.h"
#include "fit_panel.h"
#include "memory_vs_batch_chart.h"
#include "memory_vs_seq_chart.h"
#include "timeline_chart.h"

#include <QScrollArea>

#include <algorithm>
#include <cmath>

namespace lgm::ui {

PlanTab::PlanTab(TimelineChart* timeline, MemoryVsBatchChart* batch, MemoryVsSeqChart* seq,
                 QWidget* parent)
    : QSplitter(Qt::Vertical, parent), m_fit(new FitPanel), m_fitArea(new QScrollArea),
      m_grid(new ChartGrid({timeline}, 1)), m_batch(batch), m_seq(seq) {
    setObjectName(QStringLiteral("plan"));
    m_fit->setObjectName(QStringLiteral("fitPanel"));
    // The answers above the timeline: side by side they would widen the window past a
    // 1280-pixel projector. They scroll when the window is lower than they are, so their
    // height never makes the window taller than the screen.
    m_fitArea->setObjectName(QStringLiteral("fitArea"));
    m_fitArea->setFrameShape(QFrame::NoFrame);
    m_fitArea->setWidgetResizable(true);
    m_fitArea->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_fitArea->setWidget(m_fit);
    addWidget(m_fitArea);
    addWidget(m_grid);
    setStretchFactor(0, 0);
    setStretchFactor(1, 1);
    setChildrenCollapsible(false);
    connect(m_fit, &FitPanel::setupChosen, this, &PlanTab::setupChosen);
    connect(m_fit, &FitPanel::heightNeeded, this, &PlanTab::share);
    connect(this, &QSplitter::splitterMoved, this, [this] { m_shared = false; });
}

// Until the handle is moved, the answers get the height they need, up to half the tab; the
// timeline the rest.
void PlanTab::share() {
    if (!m_shared && !sizes().isEmpty() && sizes().front() > 0) {
        return;
    }
    const int total = height() - handleWidth();
    if (total <= 0) {
        return;
    }
    const int answers = std::min(m_fit->minimumHeight(), total / 2);
    setSizes({answers, total - answers});
    m_shared = true;
}

void PlanTab::resizeEvent(QResizeEvent* event) {
    QSplitter::resizeEvent(event);
    if (m_shared) {
        share();
    }
}

std::int64_t PlanTab::capacityBytes(const GpuCapacity& gpu) {
    const double bytes = gpu.gigabytes * 1e9;
    return std::isfinite(bytes) && bytes >= 1 && bytes < 9e18 ? std::llround(bytes) : 0;
}

void PlanTab::solve(const Scenario& scenario, const std::optional<GpuCapacity>& gpu) {
    const std::int64_t capacity = gpu ? capacityBytes(*gpu) : 0;
    const QString name = gpu ? gpu->name : QString();
    m_fit->solve(scenario, capacity, name);
    m_batch->setFitLimit(m_fit->largestMicroBatch(), name);
    m_seq->setFitLimit(m_fit->longestSeq(), name);
}

} // namespace lgm::ui
