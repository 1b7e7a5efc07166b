#pragma once

#include "estimate_chart.h"
#include "gpu_capacities.h"

#include <array>

namespace lgm::ui {

// Per-GPU memory against the GPU count N (log₂ axis): one curve per strategy, the current one
// highlighted and marked at the current N, and a horizontal line per GPU capacity.
class PerGpuChart : public EstimateChart {
    Q_OBJECT

public:
    explicit PerGpuChart(QWidget* parent = nullptr);

    void showEstimate(const Estimate& estimate, UnitSystem units) override;
    void setCapacities(const QList<GpuCapacity>& capacities);

    QCPGraph* strategyGraph(Strategy strategy) const;

protected:
    void retranslate() override;

private:
    std::array<QCPGraph*, std::size(kAllStrategies)> m_graphs{};
    QList<QCPItemStraightLine*> m_capacityLines;
    QList<QCPItemText*> m_capacityLabels;
    QList<GpuCapacity> m_capacities;
    QCPItemTracer* m_currentDot;
    QCPItemText* m_currentLabel;
    QCPGraph* m_ghost;
    QVector<double> m_ghostKeys, m_ghostValues;
    QVector<double> m_keys, m_values;
};

} // namespace lgm::ui
