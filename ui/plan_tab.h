#pragma once

#include "gpu_capacities.h"
#include "spec.h"

#include <QSplitter>

#include <optional>

class QScrollArea;

namespace lgm::ui {

class ChartGrid;
class FitPanel;
class MemoryVsBatchChart;
class MemoryVsSeqChart;
class TimelineChart;

// The "Plan" tab: the Fit panel above the step timeline. Each solve also marks the largest b
// and s that fit on the chosen GPU on the memory-vs-b and memory-vs-s charts.
class PlanTab : public QSplitter {
    Q_OBJECT

public:
    PlanTab(TimelineChart* timeline, MemoryVsBatchChart* batch, MemoryVsSeqChart* seq,
            QWidget* parent = nullptr);

    // Solves what fits for the scenario on the GPU (none: the panel shows nothing fits).
    void solve(const Scenario& scenario, const std::optional<GpuCapacity>& gpu);

    FitPanel* fitPanel() const { return m_fit; }
    ChartGrid* grid() const { return m_grid; }

    // The capacity of a GPU of the list in bytes (the list keeps them as 10⁹-byte doubles).
    static std::int64_t capacityBytes(const GpuCapacity& gpu);

signals:
    void setupChosen(const Scenario& scenario);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void share();

    FitPanel* m_fit;
    QScrollArea* m_fitArea;
    ChartGrid* m_grid;
    bool m_shared = true; // the answers' height follows what they need (the handle not moved)
    MemoryVsBatchChart* m_batch;
    MemoryVsSeqChart* m_seq;
};

} // namespace lgm::ui
