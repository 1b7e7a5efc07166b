#pragma once

#include "estimate_chart.h"
#include "fit_mark.h"

namespace lgm::ui {

// Memory against the batch size b on linear axes: activations grow in a straight line, model
// states stay flat; the current b is marked.
class MemoryVsBatchChart : public EstimateChart {
    Q_OBJECT

public:
    explicit MemoryVsBatchChart(QWidget* parent = nullptr);

    void showEstimate(const Estimate& estimate, UnitSystem units) override;

    QCPGraph* activationsGraph() const { return m_activations; }
    QCPGraph* totalGraph() const { return m_total; }
    // The b where activations reach model states, when it lies on the chart.
    bool crossoverShown() const;
    // The largest b that fits on the chosen GPU (0: none), marked by the next showEstimate().
    void setFitLimit(std::int64_t largest, const QString& gpu);
    const FitMark& fitMark() const { return m_fit; }

protected:
    void retranslate() override;

private:
    static double batchRange(const Estimate& estimate);
    void setDetailedMode(bool detailed);
    void updateGhosts(double hi, UnitSystem units);
    void setGhosts(const QVector<double>& keys);

    bool m_detailed = false;       // the curves follow the detailed accounting's peak
    bool m_seedGhosts = false;     // the ghosts show the reference's lecture-note sweep
    bool m_detailedGhosts = false; // the ghosts show the reference's detailed sweep
    QCPGraph* m_states;
    QCPGraph* m_activations;
    QCPGraph* m_total;
    QCPItemStraightLine* m_currentLine;
    QCPItemTracer* m_currentDot;
    QCPItemText* m_currentLabel;
    QCPItemTracer* m_crossDot;
    QCPItemText* m_crossLabel;
    QCPGraph* m_ghostActivations;
    QCPGraph* m_ghostStates;
    QCPGraph* m_ghostTotal;
    FitMark m_fit{this};
    QVector<double> m_keys, m_statesData, m_activationsData, m_totalData;
    QVector<double> m_ghostKeys, m_ghostStatesData, m_ghostActivationsData, m_ghostTotalData;
};

} // namespace lgm::ui
