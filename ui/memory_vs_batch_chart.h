#pragma once

#include "estimate_chart.h"

namespace lgm::ui {

// Memory against the batch size b on linear axes: activations grow in a straight line, model
// states stay flat; the current b is marked.
class MemoryVsBatchChart : public EstimateChart {
    Q_OBJECT

public:
    explicit MemoryVsBatchChart(QWidget* parent = nullptr);

    void showEstimate(const Estimate& estimate, UnitSystem units) override;

    QCPGraph* activationsGraph() const { return m_activations; }

protected:
    void retranslate() override;

private:
    QCPGraph* m_states;
    QCPGraph* m_activations;
    QCPGraph* m_total;
    QCPItemStraightLine* m_currentLine;
    QCPItemTracer* m_currentDot;
    QCPItemText* m_currentLabel;
    QVector<double> m_keys, m_statesData, m_activationsData, m_totalData;
};

} // namespace lgm::ui
